/* memsim-compare-replay.h: one trace replayed under several policies, for the app
 *
 * Nothing here touches GTK: the comparison window runs both functions in a
 * GTask thread.  One streaming reader feeds every policy's heap, so that
 * the trace is read once and never held whole (docs/compare.md, "In the
 * app").
 *
 * Besides the final metrics, the replay keeps what the charts draw: four
 * values a sample, one sample an event (sample i is the heap after event
 * i, sample 0 the empty heap) up to MEMSIM_COMPARE_MAX_SAMPLES samples;
 * a longer trace is sampled every 2^k events, so that a policy never holds
 * more than 16 MiB of them.  It also keeps checkpoints: copies of every
 * heap at the same events, at most MEMSIM_COMPARE_MAX_CHECKPOINTS of them,
 * every 2^k events too.  Seeking to event E copies
 * the last checkpoint at or before E and replays the events after it.
 */
#pragma once

#include <gio/gio.h>

#include "memsim-trace-replay.h"

G_BEGIN_DECLS

#define MEMSIM_COMPARE_MAX_POLICIES    5
#define MEMSIM_COMPARE_MAX_SAMPLES     (1u << 20)
#define MEMSIM_COMPARE_MAX_CHECKPOINTS 16

/* What the charts show; floats, as the charts keep them. */
typedef struct {
  float used;                     /* bytes */
  float external_fragmentation;   /* 0 … 1 */
  float free_blocks;
  float failed;                   /* failed operations so far */
} MemsimCompareSample;

typedef struct {
  MemsimPolicy        policy;
  GArray             *samples;       /* MemsimCompareSample, at i · sample_stride */
  MemsimMetrics       final;
  GPtrArray          *checkpoints;   /* MemsimHeap, at checkpoint_events[i] */
} MemsimCompareRun;

typedef struct {
  char             *path;
  MemsimTraceFormat format;          /* as detected */
  guint64           total;
  guint64           n_events;
  guint64           sample_stride;   /* events between two samples (a power of 2) */
  guint             max_samples;
  guint             max_checkpoints;
  guint             n_runs;
  MemsimCompareRun  runs[MEMSIM_COMPARE_MAX_POLICIES];
  GArray           *checkpoint_events;  /* guint64, ascending, the first 0 */
} MemsimCompareResult;

/* Reference-counted: a seek in a thread keeps the result it seeks in. */
MemsimCompareResult *memsim_compare_result_ref   (MemsimCompareResult *result);
void                 memsim_compare_result_unref (MemsimCompareResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimCompareResult, memsim_compare_result_unref)

/* What the replay has done, for the main loop to poll: both written
 * atomically by the replay's thread (events, clamped to G_MAXINT). */
typedef struct {
  gint events;       /* replayed so far */
  gint total;        /* in the trace (0 until counted) */
} MemsimCompareProgress;

/* Replays @path under @n_policies (1 … MAX_POLICIES) policies on heaps of
 * @total bytes with the default settings.  A first pass counts the events
 * (reading only: a small part of the cost), so that samples and
 * checkpoints are spaced evenly from the start and no heap is copied in
 * vain.  @progress may be NULL.  NULL with @error when the trace cannot be
 * read, a heap cannot be made or @cancellable was cancelled. */
MemsimCompareResult *memsim_compare_replay      (const char            *path,
                                                 const MemsimPolicy    *policies,
                                                 guint                  n_policies,
                                                 guint64                total,
                                                 MemsimCompareProgress *progress,
                                                 GCancellable          *cancellable,
                                                 GError               **error);

/* The same with other limits than MEMSIM_COMPARE_MAX_SAMPLES and
 * MEMSIM_COMPARE_MAX_CHECKPOINTS (both even, at least 2), and without the
 * counting pass when !@count_first: then samples and checkpoints start one
 * an event and are thinned (every other one dropped, the stride doubled)
 * whenever they reach their limit — what happens anyway when the trace
 * grows between the two passes.  The tests use it. */
MemsimCompareResult *memsim_compare_replay_with_limits (const char            *path,
                                                        const MemsimPolicy    *policies,
                                                        guint                  n_policies,
                                                        guint64                total,
                                                        guint                  max_samples,
                                                        guint                  max_checkpoints,
                                                        gboolean               count_first,
                                                        MemsimCompareProgress *progress,
                                                        GCancellable          *cancellable,
                                                        GError               **error);

/* Every run's heap after @event events (clamped to n_events): a new
 * array of new heaps, in run order, or NULL with @error. */
GPtrArray           *memsim_compare_heaps_at    (const MemsimCompareResult *result,
                                                 guint64              event,
                                                 GCancellable        *cancellable,
                                                 GError             **error);

/* How many of the samples lie at or before @event: the charts' cursor. */
guint                memsim_compare_samples_until (const MemsimCompareResult *result,
                                                   guint64                    event);

G_END_DECLS
