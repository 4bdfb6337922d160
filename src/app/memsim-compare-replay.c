/* memsim-compare-replay.c: the comparison's replays and seeks (no GTK) */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-compare-replay.h"

/* How often the replay looks at its cancellable and its progress. */
#define CHECK_EVERY 4096

static void
memsim_compare_result_clear (MemsimCompareResult *result)
{
  for (guint i = 0; i < result->n_runs; i++)
    {
      g_clear_pointer (&result->runs[i].samples, g_array_unref);
      g_clear_pointer (&result->runs[i].checkpoints, g_ptr_array_unref);
    }
  g_clear_pointer (&result->checkpoint_events, g_array_unref);
  g_free (result->path);
}

MemsimCompareResult *
memsim_compare_result_ref (MemsimCompareResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
memsim_compare_result_unref (MemsimCompareResult *result)
{
  if (result != NULL)
    g_atomic_rc_box_release_full (result, (GDestroyNotify) memsim_compare_result_clear);
}

/* Keeps every other checkpoint (the first, at event 0, stays). */
static void
thin_checkpoints (MemsimCompareResult *result)
{
  guint kept = 0;

  for (guint i = 0; i < result->checkpoint_events->len; i += 2, kept++)
    {
      g_array_index (result->checkpoint_events, guint64, kept) =
        g_array_index (result->checkpoint_events, guint64, i);
      for (guint r = 0; r < result->n_runs; r++)
        {
          GPtrArray *heaps = result->runs[r].checkpoints;

          if (kept != i)
            {
              memsim_heap_free (heaps->pdata[kept]);
              heaps->pdata[kept] = g_steal_pointer (&heaps->pdata[i]);
            }
        }
    }
  for (guint r = 0; r < result->n_runs; r++)
    {
      GPtrArray *heaps = result->runs[r].checkpoints;

      /* Odd entries past @kept were moved or must go. */
      for (guint i = kept; i < heaps->len; i++)
        g_clear_pointer (&heaps->pdata[i], memsim_heap_free);
      g_ptr_array_set_size (heaps, kept);
    }
  g_array_set_size (result->checkpoint_events, kept);
}

static void
add_checkpoint (MemsimCompareResult *result,
                MemsimHeap         **heaps,
                guint64              event)
{
  g_array_append_val (result->checkpoint_events, event);
  for (guint r = 0; r < result->n_runs; r++)
    g_ptr_array_add (result->runs[r].checkpoints, memsim_heap_copy (heaps[r]));
}

static void
set_progress (gint    *field,
              guint64  n_events)
{
  if (field != NULL)
    g_atomic_int_set (field, (gint) MIN (n_events, (guint64) G_MAXINT));
}

/* The first pass: how many events the trace holds. */
static gboolean
count_events (MemsimTraceReader *reader,
              guint64           *out_n,
              GCancellable      *cancellable,
              GError           **error)
{
  MemsimTraceEvent event;
  GError *local_error = NULL;
  guint64 n = 0;

  while (memsim_trace_reader_next (reader, &event, &local_error))
    if (++n % (16 * CHECK_EVERY) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
      return FALSE;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  *out_n = n;
  return TRUE;
}

/* The smallest power of two that puts at most @max multiples of it in [0, @n]. */
static guint64
stride_for (guint64 n,
            guint   max)
{
  guint64 stride = 1;

  while (n / stride + 1 > max)
    stride *= 2;
  return stride;
}

static gboolean
make_heaps (MemsimCompareResult *result,
            const MemsimPolicy  *policies,
            MemsimHeap         **heaps,
            GError             **error)
{
  for (guint r = 0; r < result->n_runs; r++)
    {
      MemsimHeapConfig config;

      memsim_heap_config_init (&config, result->total);
      config.policy = policies[r];
      heaps[r] = memsim_heap_new (&config, error);
      if (heaps[r] == NULL)
        return FALSE;
      /* nothing reads these by address; memsim_compare_heaps_at()'s do */
      memsim_heap_set_live_indexed (heaps[r], FALSE);
      result->runs[r].policy = policies[r];
      result->runs[r].samples = g_array_new (FALSE, FALSE, sizeof (MemsimCompareSample));
      result->runs[r].checkpoints = g_ptr_array_new_with_free_func ((GDestroyNotify) memsim_heap_free);
    }
  return TRUE;
}

static void
add_sample (GArray           *samples,
            const MemsimHeap *heap)
{
  MemsimMetrics m;
  MemsimCompareSample sample;

  memsim_heap_get_metrics (heap, &m);
  sample.used = (float) m.used;
  sample.external_fragmentation = (float) m.external_fragmentation;
  sample.free_blocks = (float) m.free_blocks;
  sample.failed = (float) (m.alloc_failed + m.free_failed + m.realloc_failed);
  g_array_append_val (samples, sample);
}

/* Keeps samples 0, 2, 4, …: those at the doubled stride. */
static void
thin_samples (GArray *samples)
{
  guint kept = 0;

  for (guint i = 0; i < samples->len; i += 2, kept++)
    g_array_index (samples, MemsimCompareSample, kept) = g_array_index (samples, MemsimCompareSample, i);
  g_array_set_size (samples, kept);
}

static void
sample_runs (MemsimCompareResult *result,
             MemsimHeap         **heaps,
             guint64              n)
{
  if (n % result->sample_stride != 0)
    return;
  if (result->runs[0].samples->len == result->max_samples)
    {
      for (guint r = 0; r < result->n_runs; r++)
        thin_samples (result->runs[r].samples);
      result->sample_stride *= 2;
      if (n % result->sample_stride != 0)
        return;
    }
  for (guint r = 0; r < result->n_runs; r++)
    add_sample (result->runs[r].samples, heaps[r]);
}

/* The event loop of the replay: every policy sees every event. */
static gboolean
replay_events (MemsimCompareResult *result,
               MemsimTraceReader   *reader,
               MemsimHeap         **heaps,
               guint64              stride,     /* between checkpoints */
               gint                *progress,
               GCancellable        *cancellable,
               GError             **error)
{
  MemsimTraceEvent event;
  guint64 n = 0;
  GError *local_error = NULL;

  sample_runs (result, heaps, 0);
  add_checkpoint (result, heaps, 0);
  while (memsim_trace_reader_next (reader, &event, &local_error))
    {
      n++;
      for (guint r = 0; r < result->n_runs; r++)
        memsim_trace_apply (heaps[r], &event, NULL);   /* refusals are counted */
      sample_runs (result, heaps, n);
      if (n % stride == 0)
        {
          if (result->checkpoint_events->len == result->max_checkpoints)
            {
              thin_checkpoints (result);
              stride *= 2;
            }
          if (n % stride == 0)
            add_checkpoint (result, heaps, n);
        }
      if (n % CHECK_EVERY == 0)
        {
          set_progress (progress, n);
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
        }
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  result->n_events = n;
  set_progress (progress, n);
  return TRUE;
}

MemsimCompareResult *
memsim_compare_replay (const char          *path,
                       const MemsimPolicy  *policies,
                       guint                n_policies,
                       guint64              total,
                       MemsimCompareProgress *progress,
                       GCancellable        *cancellable,
                       GError             **error)
{
  return memsim_compare_replay_with_limits (path, policies, n_policies, total,
                                            MEMSIM_COMPARE_MAX_SAMPLES,
                                            MEMSIM_COMPARE_MAX_CHECKPOINTS, TRUE, progress,
                                            cancellable, error);
}

MemsimCompareResult *
memsim_compare_replay_with_limits (const char          *path,
                                   const MemsimPolicy  *policies,
                                   guint                n_policies,
                                   guint64              total,
                                   guint                max_samples,
                                   guint                max_checkpoints,
                                   gboolean             count_first,
                                   MemsimCompareProgress *progress,
                                   GCancellable        *cancellable,
                                   GError             **error)
{
  g_autoptr(MemsimCompareResult) result = g_atomic_rc_box_new0 (MemsimCompareResult);
  g_autoptr(MemsimTraceReader) reader = NULL;
  MemsimHeap *heaps[MEMSIM_COMPARE_MAX_POLICIES] = { NULL };
  guint64 checkpoint_stride = 1;
  gboolean ok;

  g_return_val_if_fail (n_policies >= 1 && n_policies <= MEMSIM_COMPARE_MAX_POLICIES, NULL);
  g_return_val_if_fail (max_samples >= 2 && max_samples % 2 == 0, NULL);
  g_return_val_if_fail (max_checkpoints >= 2 && max_checkpoints % 2 == 0, NULL);

  result->sample_stride = 1;
  reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO, error);
  if (reader == NULL)
    return NULL;
  if (count_first)
    {
      guint64 n;

      if (!count_events (reader, &n, cancellable, error))
        return NULL;
      set_progress (progress != NULL ? &progress->total : NULL, n);
      result->sample_stride = stride_for (n, max_samples);
      checkpoint_stride = stride_for (n, max_checkpoints);
      g_clear_pointer (&reader, memsim_trace_reader_free);
      reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO, error);
      if (reader == NULL)
        return NULL;
    }
  result->path = g_strdup (path);
  result->format = memsim_trace_reader_get_format (reader);
  result->total = total;
  result->n_runs = n_policies;
  result->max_samples = max_samples;
  result->max_checkpoints = max_checkpoints;
  result->checkpoint_events = g_array_new (FALSE, FALSE, sizeof (guint64));

  ok = make_heaps (result, policies, heaps, error)
       && replay_events (result, reader, heaps, checkpoint_stride,
                         progress != NULL ? &progress->events : NULL, cancellable, error);
  for (guint r = 0; r < n_policies; r++)
    if (heaps[r] != NULL)
      {
        if (ok)
          {
            /* The last event is drawn even off the stride. */
            if (result->n_events % result->sample_stride != 0)
              add_sample (result->runs[r].samples, heaps[r]);
            memsim_heap_get_metrics (heaps[r], &result->runs[r].final);
          }
        memsim_heap_free (heaps[r]);
      }
  return ok ? g_steal_pointer (&result) : NULL;
}

static guint
checkpoint_before (const MemsimCompareResult *result,
                   guint64                    event)
{
  guint lo = 0, hi = result->checkpoint_events->len;   /* the first is 0 <= event */

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (result->checkpoint_events, guint64, mid) <= event)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* The maps look the blocks up by address: the replay's heaps index only
 * their free blocks, and index the rest here, in this thread, rather than
 * at the map's first look-up in the main one. */
static GPtrArray *
index_for_maps (GPtrArray *heaps)
{
  for (guint r = 0; r < heaps->len; r++)
    memsim_heap_set_live_indexed (heaps->pdata[r], TRUE);
  return heaps;
}

GPtrArray *
memsim_compare_heaps_at (const MemsimCompareResult *result,
                         guint64                    event,
                         GCancellable              *cancellable,
                         GError                   **error)
{
  g_autoptr(GPtrArray) heaps = g_ptr_array_new_with_free_func ((GDestroyNotify) memsim_heap_free);
  g_autoptr(MemsimTraceReader) reader = NULL;
  guint c;
  guint64 from, n = 0;
  MemsimTraceEvent ev;

  event = MIN (event, result->n_events);
  c = checkpoint_before (result, event);
  from = g_array_index (result->checkpoint_events, guint64, c);
  for (guint r = 0; r < result->n_runs; r++)
    g_ptr_array_add (heaps, memsim_heap_copy (result->runs[r].checkpoints->pdata[c]));
  if (from == event)
    return index_for_maps (g_steal_pointer (&heaps));

  reader = memsim_trace_reader_open (result->path, result->format, error);
  if (reader == NULL)
    return NULL;
  while (n < event && memsim_trace_reader_next (reader, &ev, error))
    {
      n++;
      if (n > from)
        for (guint r = 0; r < result->n_runs; r++)
          memsim_trace_apply (heaps->pdata[r], &ev, NULL);
      if (n % CHECK_EVERY == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
    }
  if (n < event)
    {
      /* The file changed under us since the replay. */
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("%s: the trace is shorter than when it was replayed"), result->path);
      return NULL;
    }
  return index_for_maps (g_steal_pointer (&heaps));
}

guint
memsim_compare_samples_until (const MemsimCompareResult *result,
                              guint64                    event)
{
  guint n_samples = result->runs[0].samples->len;

  if (event >= result->n_events)
    return n_samples;
  return (guint) MIN (event / result->sample_stride + 1, (guint64) n_samples);
}
