/* memsim-cli-bench-history.c: `memsim-cli bench`'s history cases
 *
 * MemsimSession seeks by restoring the nearest snapshot at or before the
 * target and replaying from there (docs/engine.md, "History"); snapshots
 * are spaced by the number of blocks, so a seek costs more in a larger
 * heap.  These cases show by how much, at a million operations.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <time.h>

#include "memsim-cli-bench-history.h"

#include "memsim-session.h"

#define N_SEEKS 20

static double
cpu_ms (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return (double) t.tv_sec * 1e3 + (double) t.tv_nsec / 1e6;
}

static void
apply (MemsimSession *session,
       MemsimOpKind   kind,
       guint64        id,
       guint64        size)
{
  MemsimOp *op = memsim_op_new (kind);

  op->name = g_strdup_printf ("p%" PRIu64, id);
  op->size = size;
  memsim_session_apply (session, op, NULL);
  memsim_op_free (op);
}

/* init, @n_live allocations, then free+alloc pairs of random live blocks
 * up to @n_ops operations in all. */
static MemsimSession *
build_history (guint64  n_ops,
               guint64  n_live,
               GRand   *rand)
{
  MemsimSession *session = memsim_session_new ();
  g_autofree guint64 *live = g_new (guint64, n_live);
  MemsimOp *init = memsim_op_new (MEMSIM_OP_INIT);
  guint64 next = 0, done = 1;

  init->size = G_GUINT64_CONSTANT (1) << 34;
  memsim_session_begin_batch (session);
  memsim_session_apply (session, init, NULL);
  memsim_op_free (init);
  for (; next < n_live && done < n_ops; next++, done++)
    {
      live[next] = next;
      apply (session, MEMSIM_OP_ALLOC, next, (guint64) g_rand_int_range (rand, 16, 4097));
    }
  for (; done < n_ops; done += 2)
    {
      guint64 victim = (guint64) g_rand_int_range (rand, 0, (gint32) n_live);

      apply (session, MEMSIM_OP_FREE, live[victim], 0);
      if (done + 1 == n_ops)
        break;      /* an odd count ends on the free */
      live[victim] = next++;
      apply (session, MEMSIM_OP_ALLOC, live[victim], (guint64) g_rand_int_range (rand, 16, 4097));
    }
  memsim_session_end_batch (session);
  return session;
}

static void
run_case (guint64 n_ops,
          guint64 n_live,
          GRand  *rand)
{
  double start = cpu_ms (), built, undo, sum = 0, worst = 0;
  g_autoptr (MemsimSession) session = build_history (n_ops, n_live, rand);
  guint n = memsim_session_get_n_ops (session);

  built = cpu_ms () - start;
  start = cpu_ms ();
  memsim_session_undo (session);
  undo = cpu_ms () - start;
  for (guint i = 0; i < N_SEEKS; i++)
    {
      guint target = (guint) g_rand_int_range (rand, 0, (gint32) n + 1);
      double seek;

      start = cpu_ms ();
      memsim_session_seek (session, target);
      seek = cpu_ms () - start;
      sum += seek;
      worst = MAX (worst, seek);
    }
  /* a history too short for the live set holds fewer live blocks */
  printf ("%-12" PRIu64 " %10u %10.0f %10u %10.1f %12.1f %12.1f\n", MIN (n_live, n_ops - 1), n,
          built, memsim_session_get_n_snapshots (session), undo, sum / N_SEEKS, worst);
}

void
memsim_cli_bench_history (guint64 n_ops,
                          guint64 seed)
{
  static const guint64 live_sets[] = { 1000, 10000, 100000 };
  g_autoptr (GRand) rand = g_rand_new_with_seed ((guint32) seed);

  printf (_("history: %" PRIu64 " operations (first fit; free+alloc of random blocks), "
            "then an undo at the end and %d seeks to random operations; CPU ms\n"),
          n_ops, N_SEEKS);
  /* TRANSLATORS: column heads of the history table; keep the widths. */
  printf ("%-12s %10s %10s %10s %10s %12s %12s\n", _("live blocks"), _("operations"),
          _("build ms"), _("snapshots"), _("undo ms"), _("seek ms mean"), _("seek ms worst"));
  for (guint i = 0; i < G_N_ELEMENTS (live_sets); i++)
    run_case (n_ops, live_sets[i], rand);
}
