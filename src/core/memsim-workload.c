/* memsim-workload.c: the workload templates (memsim-workload.h)
 *
 * Each template is one step function that draws from a GRand seeded with
 * the workload's seed, and keeps its live ids in arrays (a random victim is
 * swapped with the last one and popped: O(1)) or, for the queue, in FIFO
 * order.  The "about N live" templates free with probability n / (n + N),
 * which settles the population near N without a hard cap.
 */
#include "config.h"

#include "memsim-workload.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define KiB G_GUINT64_CONSTANT (1024)
#define MiB (1024 * KiB)

typedef struct {
  const char *name;
  const char *description;
  guint64     total;
  guint64     n_ops;
} TemplateInfo;

static const TemplateInfo templates[] = {
  { "classic", N_("60 % allocate, 30 % free, 10 % compact; sizes 32-512 KiB"), 64 * MiB, 1000 },
  { "churn", N_("many small short-lived objects and a few long-lived large ones"), 8 * MiB, 5000 },
  { "phases", N_("four phases whose object sizes change (small, medium, large, small)"),
    64 * MiB, 5000 },
  { "queue", N_("a producer-consumer queue of messages, production in waves"), 4 * MiB, 5000 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (templates) == MEMSIM_N_WORKLOADS);

struct _MemsimWorkload {
  MemsimWorkloadParams params;
  GRand  *rand;
  guint64 step;
  guint64 next_id;
  GArray *live;         /* ids (classic, phases; churn: the small ones) */
  GArray *large;        /* churn: the long-lived large ids */
  GQueue  queue;        /* queue: ids, oldest first */
};

const char *
memsim_workload_template_to_string (MemsimWorkloadTemplate template_)
{
  g_return_val_if_fail ((guint) template_ < MEMSIM_N_WORKLOADS, NULL);
  return templates[template_].name;
}

gboolean
memsim_workload_template_from_string (const char             *text,
                                      MemsimWorkloadTemplate *out_template)
{
  for (guint i = 0; i < MEMSIM_N_WORKLOADS; i++)
    if (g_ascii_strcasecmp (text, templates[i].name) == 0)
      {
        *out_template = i;
        return TRUE;
      }
  return FALSE;
}

const char *
memsim_workload_template_describe (MemsimWorkloadTemplate template_)
{
  g_return_val_if_fail ((guint) template_ < MEMSIM_N_WORKLOADS, NULL);
  return _(templates[template_].description);
}

void
memsim_workload_params_init (MemsimWorkloadParams   *params,
                             MemsimWorkloadTemplate  template_)
{
  g_return_if_fail ((guint) template_ < MEMSIM_N_WORKLOADS);
  params->template_ = template_;
  params->seed = MEMSIM_WORKLOAD_DEFAULT_SEED;
  params->n_ops = templates[template_].n_ops;
  params->total = templates[template_].total;
}

MemsimWorkload *
memsim_workload_new (const MemsimWorkloadParams *params)
{
  MemsimWorkload *w;

  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail ((guint) params->template_ < MEMSIM_N_WORKLOADS, NULL);

  w = g_new0 (MemsimWorkload, 1);
  w->params = *params;
  w->rand = g_rand_new_with_seed (params->seed);
  w->live = g_array_new (FALSE, FALSE, sizeof (guint64));
  w->large = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_queue_init (&w->queue);
  return w;
}

void
memsim_workload_free (MemsimWorkload *workload)
{
  if (workload == NULL)
    return;
  g_rand_free (workload->rand);
  g_array_unref (workload->live);
  g_array_unref (workload->large);
  g_queue_clear (&workload->queue);
  g_free (workload);
}

/* ---- drawing ---- */

static guint64
uniform (MemsimWorkload *w,
         guint64         low,
         guint64         high)
{
  return low + (guint64) (g_rand_double (w->rand) * (double) (high - low + 1));
}

/* Sizes spread evenly over the orders of magnitude between low and high. */
static guint64
log_uniform (MemsimWorkload *w,
             guint64         low,
             guint64         high)
{
  double x = log ((double) low) + g_rand_double (w->rand) * (log ((double) high) - log ((double) low));

  return CLAMP ((guint64) exp (x), low, high);
}

static void
make_alloc (MemsimWorkload   *w,
            GArray           *into,
            guint64           size,
            MemsimWorkloadOp *op)
{
  op->kind = MEMSIM_WORKLOAD_OP_ALLOC;
  op->id = w->next_id++;
  op->size = size;
  if (into != NULL)
    g_array_append_val (into, op->id);
}

/* Frees a random id of @from (which is not empty). */
static void
make_free (MemsimWorkload   *w,
           GArray           *from,
           MemsimWorkloadOp *op)
{
  guint i = g_rand_int_range (w->rand, 0, from->len);

  op->kind = MEMSIM_WORKLOAD_OP_FREE;
  op->id = g_array_index (from, guint64, i);
  op->size = 0;
  g_array_index (from, guint64, i) = g_array_index (from, guint64, from->len - 1);
  g_array_set_size (from, from->len - 1);
}

/* TRUE with probability n / (n + target): keeps about @target live. */
static gboolean
should_free (MemsimWorkload *w,
             guint           n,
             double          target)
{
  return n > 0 && g_rand_double (w->rand) < n / (n + target);
}

/* ---- the templates ---- */

static void
step_classic (MemsimWorkload   *w,
              MemsimWorkloadOp *op)
{
  double r = g_rand_double (w->rand);

  if (r < 0.9 && r >= 0.6 && w->live->len > 0)
    make_free (w, w->live, op);
  else if (r < 0.9)
    make_alloc (w, w->live, uniform (w, 32 * KiB, 512 * KiB), op);
  else
    {
      op->kind = MEMSIM_WORKLOAD_OP_COMPACT;
      op->id = op->size = 0;
    }
}

static void
step_churn (MemsimWorkload   *w,
            MemsimWorkloadOp *op)
{
  if (g_rand_double (w->rand) < 0.01)
    {
      if (w->large->len >= 4)
        make_free (w, w->large, op);
      else
        make_alloc (w, w->large, log_uniform (w, 64 * KiB, MiB), op);
    }
  else if (should_free (w, w->live->len, 64.0))
    make_free (w, w->live, op);
  else
    make_alloc (w, w->live, uniform (w, 16, 256), op);
}

static void
step_phases (MemsimWorkload   *w,
             MemsimWorkloadOp *op)
{
  static const guint64 ranges[4][2] = {
    { 16, 128 }, { KiB, 8 * KiB }, { 64 * KiB, 256 * KiB }, { 16, 128 },
  };
  guint phase = MIN (w->step * 4 / MAX (w->params.n_ops, 1), 3);

  if (should_free (w, w->live->len, 200.0))
    make_free (w, w->live, op);
  else
    make_alloc (w, w->live, uniform (w, ranges[phase][0], ranges[phase][1]), op);
}

static void
step_queue (MemsimWorkload   *w,
            MemsimWorkloadOp *op)
{
  double produce = 0.5 + 0.4 * sin (2.0 * G_PI * (double) w->step / 500.0);

  if (g_queue_is_empty (&w->queue) || g_rand_double (w->rand) < produce)
    {
      make_alloc (w, NULL, log_uniform (w, 64, 16 * KiB), op);
      g_queue_push_tail (&w->queue, GSIZE_TO_POINTER (op->id + 1));
    }
  else
    {
      op->kind = MEMSIM_WORKLOAD_OP_FREE;
      op->id = GPOINTER_TO_SIZE (g_queue_pop_head (&w->queue)) - 1;
      op->size = 0;
    }
}

gboolean
memsim_workload_next (MemsimWorkload   *workload,
                      MemsimWorkloadOp *out_op)
{
  static void (* const steps[]) (MemsimWorkload *, MemsimWorkloadOp *) = {
    step_classic, step_churn, step_phases, step_queue,
  };

  g_return_val_if_fail (workload != NULL, FALSE);
  g_return_val_if_fail (out_op != NULL, FALSE);

  if (workload->step >= workload->params.n_ops)
    return FALSE;
  steps[workload->params.template_] (workload, out_op);
  workload->step++;
  return TRUE;
}

/* ---- writing ---- */

static void
count_ops (const MemsimWorkloadParams *params,
           MemsimWorkloadCounts       *counts,
           guint64                    *out_n_ids)
{
  g_autoptr (MemsimWorkload) w = memsim_workload_new (params);
  MemsimWorkloadOp op;

  memset (counts, 0, sizeof *counts);
  while (memsim_workload_next (w, &op))
    counts->n_ops[op.kind]++;
  *out_n_ids = w->next_id;
}

static void
write_header (FILE                       *out,
              const MemsimWorkloadParams *params,
              MemsimWorkloadFile          file,
              const MemsimWorkloadCounts *counts,
              guint64                     n_ids)
{
  if (file == MEMSIM_WORKLOAD_FILE_REP)
    {
      fprintf (out, "%" PRIu64 "\n%" PRIu64 "\n%" PRIu64 "\n1\n", params->total, n_ids,
               counts->n_ops[MEMSIM_WORKLOAD_OP_ALLOC] + counts->n_ops[MEMSIM_WORKLOAD_OP_FREE]);
      return;
    }
  fprintf (out, "# Memsim workload \"%s\": %s\n# seed %" PRIu32 ", %" PRIu64 " operations "
           "(memsim-cli generate)\ninit %" PRIu64 "\n",
           templates[params->template_].name, templates[params->template_].description,
           params->seed, params->n_ops, params->total);
}

static gboolean
write_op (FILE                   *out,
          MemsimWorkloadFile      file,
          const MemsimWorkloadOp *op)
{
  gboolean rep = file == MEMSIM_WORKLOAD_FILE_REP;

  switch (op->kind)
    {
    case MEMSIM_WORKLOAD_OP_ALLOC:
      fprintf (out, rep ? "a %" PRIu64 " %" PRIu64 "\n" : "alloc p%" PRIu64 " %" PRIu64 "\n",
               op->id, op->size);
      return TRUE;
    case MEMSIM_WORKLOAD_OP_FREE:
      fprintf (out, rep ? "f %" PRIu64 "\n" : "free p%" PRIu64 "\n", op->id);
      return TRUE;
    case MEMSIM_WORKLOAD_OP_COMPACT:
    default:
      if (rep)
        return FALSE;           /* .rep has no compaction */
      fputs ("compact\n", out);
      return TRUE;
    }
}

gboolean
memsim_workload_write (const MemsimWorkloadParams *params,
                       MemsimWorkloadFile          file,
                       const char                 *path,
                       MemsimWorkloadCounts       *out_counts,
                       GError                    **error)
{
  g_autoptr (MemsimWorkload) w = NULL;
  MemsimWorkloadCounts counts;
  MemsimWorkloadOp op;
  guint64 n_ids;
  gboolean ok;
  FILE *out;
  int saved;

  g_return_val_if_fail (params != NULL && path != NULL, FALSE);

  count_ops (params, &counts, &n_ids);
  if ((out = fopen (path, "we")) == NULL)
    {
      saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  write_header (out, params, file, &counts, n_ids);
  w = memsim_workload_new (params);
  while (memsim_workload_next (w, &op))
    counts.n_written += write_op (out, file, &op);

  ok = fflush (out) == 0 && !ferror (out);
  saved = errno;
  ok = fclose (out) == 0 && ok;
  if (!ok)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: cannot write: %s"), path,
                 g_strerror (saved != 0 ? saved : errno));
  if (out_counts != NULL)
    *out_counts = counts;
  return ok;
}
