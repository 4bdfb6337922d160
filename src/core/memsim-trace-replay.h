/* memsim-trace-replay.h: a trace replayed onto a heap, with sampled metrics
 *
 * What `memsim-cli replay` and `compare` do, for the app to do it too (in a
 * GTask thread: nothing here touches GTK or a main loop).
 *
 * An event's block is named by its trace id in decimal.  An allocation of
 * 0 bytes is taken as 1; a reallocation of an id that is not live
 * allocates (SEMANTICS.md §9).
 *
 * The sampler keeps the heap's metrics every `stride` events, from event 0
 * (the empty heap).  The stride starts at 1 and doubles whenever
 * max_samples are kept (every other one is dropped), so a trace of any
 * length ends with max_samples / 2 … max_samples samples, plus the last
 * event; since the stride depends on the event count only, replays of one
 * trace under different policies are sampled at the same events.
 */
#pragma once

#include <gio/gio.h>

#include "memsim-heap.h"
#include "memsim-trace.h"

G_BEGIN_DECLS

/* One event on @heap; FALSE (and @error) when the heap refused it. */
gboolean memsim_trace_apply (MemsimHeap             *heap,
                             const MemsimTraceEvent *event,
                             GError                **error);

/* Reads a trace a few events ahead of the one it hands out, and asks
 * @heap to start loading what each coming event will touch: replaying a
 * million-block trace waits on cache misses more than it computes, and
 * this lets the misses of the next events overlap the current one.  The
 * events and errors come out exactly as memsim_trace_reader_next() gives
 * them: a read error comes after every event read before it. */
typedef struct _MemsimTraceLookahead MemsimTraceLookahead;

MemsimTraceLookahead *memsim_trace_lookahead_new  (MemsimTraceReader    *reader,
                                                   const MemsimHeap     *heap);
void                  memsim_trace_lookahead_free (MemsimTraceLookahead *lookahead);
gboolean              memsim_trace_lookahead_next (MemsimTraceLookahead *lookahead,
                                                   MemsimTraceEvent     *event,
                                                   GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimTraceLookahead, memsim_trace_lookahead_free)

typedef struct {
  guint64       event;      /* events replayed before the sample */
  MemsimMetrics metrics;
} MemsimTraceSample;

typedef struct _MemsimTraceSampler MemsimTraceSampler;

/* @max_samples: even, at least 2. */
MemsimTraceSampler      *memsim_trace_sampler_new         (guint                max_samples);
void                     memsim_trace_sampler_free        (MemsimTraceSampler  *sampler);
/* After event @n_events (1, 2, …; 0 for the empty heap): samples @heap when
 * the stride says so. */
void                     memsim_trace_sampler_add         (MemsimTraceSampler  *sampler,
                                                           guint64              n_events,
                                                           const MemsimHeap    *heap);
/* Samples the last event if it was not. */
void                     memsim_trace_sampler_finish      (MemsimTraceSampler  *sampler,
                                                           guint64              n_events,
                                                           const MemsimHeap    *heap);
const MemsimTraceSample *memsim_trace_sampler_get_samples (MemsimTraceSampler  *sampler,
                                                           guint               *out_n_samples);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimTraceSampler, memsim_trace_sampler_free)

/* Replays all of @reader onto @heap; operations the heap refuses are
 * counted in its metrics, not fatal.  @sampler may be NULL.  FALSE when
 * the trace cannot be read or @cancellable was cancelled (checked every
 * 65536 events). */
gboolean memsim_trace_replay (MemsimTraceReader  *reader,
                              MemsimHeap         *heap,
                              MemsimTraceSampler *sampler,
                              GCancellable       *cancellable,
                              guint64            *out_n_events,
                              GError            **error);

G_END_DECLS
