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
#define N_UNDOS 100

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

typedef struct {
  double mean;
  double worst;
} Timing;

static void
time_seek (MemsimSession *session,
           guint          target,
           Timing        *timing)
{
  double start = cpu_ms (), seek;

  memsim_session_seek (session, target);
  seek = cpu_ms () - start;
  timing->mean += seek;
  timing->worst = MAX (timing->worst, seek);
}

/* Random seeks anywhere, then steps of up to STEP operations either way
 * from where the last one landed, as a drag along the timeline makes. */
#define STEP 1000

static void
time_seeks (MemsimSession *session,
            GRand         *rand,
            Timing        *anywhere,
            Timing        *steps)
{
  guint n = memsim_session_get_n_ops (session);

  for (guint i = 0; i < N_SEEKS; i++)
    time_seek (session, (guint) g_rand_int_range (rand, 0, (gint32) n + 1), anywhere);
  for (guint i = 0; i < N_SEEKS; i++)
    {
      gint64 target = (gint64) memsim_session_get_position (session)
                      + g_rand_int_range (rand, -STEP, STEP + 1);

      time_seek (session, (guint) CLAMP (target, 0, (gint64) n), steps);
    }
  anywhere->mean /= N_SEEKS;
  steps->mean /= N_SEEKS;
}

static void
run_case (guint64 n_ops,
          guint64 n_live,
          GRand  *rand)
{
  double start = cpu_ms (), built, undo, undos;
  g_autoptr (MemsimSession) session = build_history (n_ops, n_live, rand);
  guint n = memsim_session_get_n_ops (session);
  Timing anywhere = { 0 }, steps = { 0 };

  built = cpu_ms () - start;
  start = cpu_ms ();
  memsim_session_undo (session);
  undo = cpu_ms () - start;
  start = cpu_ms ();
  for (guint i = 0; i < N_UNDOS; i++)
    memsim_session_undo (session);
  undos = (cpu_ms () - start) / N_UNDOS;
  time_seeks (session, rand, &anywhere, &steps);
  /* a history too short for the live set holds fewer live blocks */
  printf ("%-12" PRIu64 " %10u %10.0f %10u %10.2f %10.3f %10.1f %10.1f %10.2f\n",
          MIN (n_live, n_ops - 1), n, built, memsim_session_get_n_snapshots (session), undo, undos,
          anywhere.mean, anywhere.worst, steps.mean);
}

void
memsim_cli_bench_history (guint64 n_ops,
                          guint64 seed)
{
  static const guint64 live_sets[] = { 1000, 10000, 100000 };
  g_autoptr (GRand) rand = g_rand_new_with_seed ((guint32) seed);

  printf (_("history: %" PRIu64 " operations (first fit; free+alloc of random blocks), "
            "then an undo at the end, %d more undos, %d seeks to random operations and "
            "%d steps of up to %d operations either way; CPU ms\n"),
          n_ops, N_UNDOS, N_SEEKS, N_SEEKS, STEP);
  /* TRANSLATORS: column heads of the history table; keep the widths. */
  printf ("%-12s %10s %10s %10s %10s %10s %10s %10s %10s\n", _("live blocks"), _("operations"),
          _("build ms"), _("snapshots"), _("undo"), _("next undos"), _("seek mean"),
          _("seek worst"), _("step mean"));
  for (guint i = 0; i < G_N_ELEMENTS (live_sets); i++)
    run_case (n_ops, live_sets[i], rand);
}
