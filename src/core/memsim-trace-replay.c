/* memsim-trace-replay.c: a trace replayed onto a heap (memsim-trace-replay.h)
 *
 * The replay sits on the hot path of million-event traces: a block's name
 * is its id, which the heap keeps inline as a number (no text, no
 * allocation; an id of 19 digits or more goes through its text), and the
 * sampler costs one modulo per event.
 */
#include "config.h"

#include "memsim-trace-replay.h"

#include "memsim-heap-private.h"

/* Events read before the one handed out.  Each applied event advances
 * the prefetching of every pending one by a step (memsim_heap_prefetch_step():
 * slot, record, then one level of the address index a step), so the
 * distance must cover a million-block tree's depth of five plus three. */
#define LOOKAHEAD 8

typedef struct {
  MemsimTraceEvent   event;
  MemsimName         name;        /* unset when the id is not kept inline */
  gboolean           prefetching;
  MemsimHeapPrefetch prefetch;
} PendingEvent;

struct _MemsimTraceLookahead {
  MemsimTraceReader *reader;
  const MemsimHeap  *heap;
  PendingEvent       ring[LOOKAHEAD];
  guint              head;      /* the next event to hand out */
  guint              n_pending;
  gboolean           ended;
  GError            *error;     /* the reader's, handed out after the events before it */
};

struct _MemsimTraceSampler {
  GArray *samples;      /* MemsimTraceSample, by event */
  guint   max_samples;
  guint64 stride;
};

/* Writes @id in decimal into @buf (at least 21 bytes). */
static inline const char *
format_id (guint64 id,
           char   *buf)
{
  char *p = buf + 20;

  *p = '\0';
  do
    {
      *--p = '0' + id % 10;
      id /= 10;
    }
  while (id != 0);
  return p;
}

gboolean
memsim_trace_apply (MemsimHeap             *heap,
                    const MemsimTraceEvent *event,
                    GError                **error)
{
  char buf[24];
  const char *name;
  MemsimName inline_name;
  guint64 size = MAX (event->size, 1);
  MemsimBlockInfo info;

  /* the common case, without the id's text; a realloc and an id too long
   * to keep inline go through the text */
  if (event->kind != MEMSIM_TRACE_REALLOC && memsim_name_for_number (event->id, &inline_name))
    return event->kind == MEMSIM_TRACE_FREE ? heap_free_inline (heap, inline_name, error)
                                            : heap_alloc_inline (heap, inline_name, size, error);

  name = format_id (event->id, buf);
  switch (event->kind)
    {
    case MEMSIM_TRACE_FREE:
      return memsim_heap_free_block (heap, name, error);
    case MEMSIM_TRACE_REALLOC:
      if (memsim_heap_lookup_name (heap, name, &info))
        return memsim_heap_realloc (heap, name, size, NULL, error);
      G_GNUC_FALLTHROUGH;
    case MEMSIM_TRACE_ALLOC:
    default:
      return memsim_heap_alloc (heap, name, size, MEMSIM_ROUND_DEFAULT, NULL, error);
    }
}

MemsimTraceLookahead *
memsim_trace_lookahead_new (MemsimTraceReader *reader,
                            const MemsimHeap  *heap)
{
  MemsimTraceLookahead *lookahead;

  g_return_val_if_fail (reader != NULL && heap != NULL, NULL);

  lookahead = g_new0 (MemsimTraceLookahead, 1);
  lookahead->reader = reader;
  lookahead->heap = heap;
  return lookahead;
}

void
memsim_trace_lookahead_free (MemsimTraceLookahead *lookahead)
{
  if (lookahead == NULL)
    return;
  g_clear_error (&lookahead->error);
  g_free (lookahead);
}

static void
lookahead_fill (MemsimTraceLookahead *lookahead)
{
  while (!lookahead->ended && lookahead->n_pending < LOOKAHEAD)
    {
      PendingEvent *pending = &lookahead->ring[(lookahead->head + lookahead->n_pending) % LOOKAHEAD];

      if (!memsim_trace_reader_next (lookahead->reader, &pending->event, &lookahead->error))
        {
          lookahead->ended = TRUE;
          return;
        }
      pending->prefetch = (MemsimHeapPrefetch) { 0 };
      /* an id too long to be kept inline is not prefetched */
      pending->prefetching = memsim_name_for_number (pending->event.id, &pending->name)
                             && memsim_heap_prefetch_step (lookahead->heap, pending->name,
                                                           pending->event.size,
                                                           &pending->prefetch);
      lookahead->n_pending++;
    }
}

gboolean
memsim_trace_lookahead_next (MemsimTraceLookahead *lookahead,
                             MemsimTraceEvent     *event,
                             GError              **error)
{
  g_return_val_if_fail (lookahead != NULL && event != NULL, FALSE);

  if (lookahead->n_pending == 0)
    lookahead_fill (lookahead);
  if (lookahead->n_pending == 0)
    {
      if (lookahead->error != NULL)
        g_propagate_error (error, g_steal_pointer (&lookahead->error));
      return FALSE;
    }
  *event = lookahead->ring[lookahead->head].event;
  lookahead->head = (lookahead->head + 1) % LOOKAHEAD;
  lookahead->n_pending--;
  for (guint i = 0; i < lookahead->n_pending; i++)
    {
      PendingEvent *pending = &lookahead->ring[(lookahead->head + i) % LOOKAHEAD];

      if (pending->prefetching)
        pending->prefetching = memsim_heap_prefetch_step (lookahead->heap, pending->name,
                                                          pending->event.size, &pending->prefetch);
    }
  /* After the steps, so that the event read now takes its second step
   * (reading the slot its first one asked the cache for) only after the
   * next event has run, not at once. */
  lookahead_fill (lookahead);
  return TRUE;
}

MemsimTraceSampler *
memsim_trace_sampler_new (guint max_samples)
{
  MemsimTraceSampler *sampler;

  g_return_val_if_fail (max_samples >= 2 && max_samples % 2 == 0, NULL);

  sampler = g_new0 (MemsimTraceSampler, 1);
  sampler->samples = g_array_new (FALSE, FALSE, sizeof (MemsimTraceSample));
  sampler->max_samples = max_samples;
  sampler->stride = 1;
  return sampler;
}

void
memsim_trace_sampler_free (MemsimTraceSampler *sampler)
{
  if (sampler == NULL)
    return;
  g_array_unref (sampler->samples);
  g_free (sampler);
}

static void
take_sample (MemsimTraceSampler *sampler,
             guint64             n_events,
             const MemsimHeap   *heap)
{
  MemsimTraceSample sample = { .event = n_events };
  GArray *samples = sampler->samples;
  guint kept = 0;

  memsim_heap_get_metrics (heap, &sample.metrics);
  g_array_append_val (samples, sample);
  if (samples->len < sampler->max_samples)
    return;

  /* keep the samples at multiples of the doubled stride */
  sampler->stride *= 2;
  for (guint i = 0; i < samples->len; i++)
    if (g_array_index (samples, MemsimTraceSample, i).event % sampler->stride == 0)
      g_array_index (samples, MemsimTraceSample, kept++) = g_array_index (samples,
                                                                          MemsimTraceSample, i);
  g_array_set_size (samples, kept);
}

void
memsim_trace_sampler_add (MemsimTraceSampler *sampler,
                          guint64             n_events,
                          const MemsimHeap   *heap)
{
  g_return_if_fail (sampler != NULL);

  if (n_events % sampler->stride == 0)
    take_sample (sampler, n_events, heap);
}

void
memsim_trace_sampler_finish (MemsimTraceSampler *sampler,
                             guint64             n_events,
                             const MemsimHeap   *heap)
{
  GArray *samples;

  g_return_if_fail (sampler != NULL);

  samples = sampler->samples;
  if (samples->len == 0
      || g_array_index (samples, MemsimTraceSample, samples->len - 1).event != n_events)
    {
      MemsimTraceSample sample = { .event = n_events };

      memsim_heap_get_metrics (heap, &sample.metrics);
      g_array_append_val (samples, sample);
    }
}

const MemsimTraceSample *
memsim_trace_sampler_get_samples (MemsimTraceSampler *sampler,
                                  guint              *out_n_samples)
{
  g_return_val_if_fail (sampler != NULL, NULL);

  *out_n_samples = sampler->samples->len;
  return (const MemsimTraceSample *) (gpointer) sampler->samples->data;
}

gboolean
memsim_trace_replay (MemsimTraceReader  *reader,
                     MemsimHeap         *heap,
                     MemsimTraceSampler *sampler,
                     GCancellable       *cancellable,
                     guint64            *out_n_events,
                     GError            **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (MemsimTraceLookahead) lookahead = NULL;
  MemsimTraceEvent event;
  guint64 n = 0;

  g_return_val_if_fail (reader != NULL && heap != NULL, FALSE);

  lookahead = memsim_trace_lookahead_new (reader, heap);
  if (sampler != NULL)
    memsim_trace_sampler_add (sampler, 0, heap);
  while (memsim_trace_lookahead_next (lookahead, &event, &local_error))
    {
      memsim_trace_apply (heap, &event, NULL);
      n++;
      if (sampler != NULL)
        memsim_trace_sampler_add (sampler, n, heap);
      if (G_UNLIKELY (n % 65536 == 0) && g_cancellable_is_cancelled (cancellable))
        break;
    }
  if (sampler != NULL)
    memsim_trace_sampler_finish (sampler, n, heap);
  if (out_n_events != NULL)
    *out_n_events = n;
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}
