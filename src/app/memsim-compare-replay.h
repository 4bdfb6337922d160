/* memsim-compare-replay.h: one trace replayed under several policies, for the app
 *
 * Nothing here touches GTK: the comparison window runs both functions in a
 * GTask thread.  One streaming reader feeds every policy's heap, so that
 * the trace is read once and never held whole (docs/compare.md, "In the
 * app").
 *
 * Besides the sampled metrics (a MemsimTraceSampler per policy, sampled at
 * the same events), the replay keeps checkpoints: copies of every heap at
 * the same events, at most MEMSIM_COMPARE_MAX_CHECKPOINTS of them, spaced
 * by a stride that doubles like the sampler's.  Seeking to event E copies
 * the last checkpoint at or before E and replays the events after it.
 */
#pragma once

#include <gio/gio.h>

#include "memsim-trace-replay.h"

G_BEGIN_DECLS

#define MEMSIM_COMPARE_MAX_POLICIES    5
#define MEMSIM_COMPARE_MAX_SAMPLES     1024
#define MEMSIM_COMPARE_MAX_CHECKPOINTS 64

typedef struct {
  MemsimPolicy        policy;
  MemsimTraceSampler *sampler;
  MemsimMetrics       final;
  GPtrArray          *checkpoints;   /* MemsimHeap, at checkpoint_events[i] */
} MemsimCompareRun;

typedef struct {
  char             *path;
  MemsimTraceFormat format;          /* as detected */
  guint64           total;
  guint64           n_events;
  guint             n_runs;
  MemsimCompareRun  runs[MEMSIM_COMPARE_MAX_POLICIES];
  GArray           *checkpoint_events;  /* guint64, ascending, the first 0 */
} MemsimCompareResult;

/* Reference-counted: a seek in a thread keeps the result it seeks in. */
MemsimCompareResult *memsim_compare_result_ref   (MemsimCompareResult *result);
void                 memsim_compare_result_unref (MemsimCompareResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimCompareResult, memsim_compare_result_unref)

/* Replays @path under @n_policies (1 … MAX_POLICIES) policies on heaps of
 * @total bytes with the default settings.  @progress (may be NULL) is
 * updated with the events replayed so far, atomically, for the main loop
 * to poll.  NULL with @error when the trace cannot be read, a heap cannot
 * be made or @cancellable was cancelled. */
MemsimCompareResult *memsim_compare_replay      (const char          *path,
                                                 const MemsimPolicy  *policies,
                                                 guint                n_policies,
                                                 guint64              total,
                                                 gint                *progress,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* Every run's heap after @event events (clamped to n_events): a new
 * array of new heaps, in run order, or NULL with @error. */
GPtrArray           *memsim_compare_heaps_at    (const MemsimCompareResult *result,
                                                 guint64              event,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* How many of a run's samples lie at or before @event: the charts' cursor. */
guint                memsim_compare_samples_until (const MemsimCompareRun *run,
                                                   guint64                 event);

G_END_DECLS
