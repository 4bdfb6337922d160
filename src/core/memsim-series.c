/* memsim-series.c: the metric series of a session (see memsim-series.h) */
#include "config.h"

#include "memsim-series.h"

struct _MemsimSeries {
  GArray *samples;   /* MemsimSample */
};

double
memsim_sample_external_fragmentation (const MemsimSample *sample)
{
  return memsim_fraction_external (sample->free, sample->largest_free);
}

double
memsim_sample_internal_fragmentation (const MemsimSample *sample)
{
  return memsim_fraction_internal (sample->used, sample->requested);
}

double
memsim_sample_success_rate (const MemsimSample *sample)
{
  guint64 attempts = sample->alloc_ok + sample->alloc_failed;

  return attempts == 0 ? 1.0 : (double) sample->alloc_ok / (double) attempts;
}

static guint32
saturate (guint64 value)
{
  return (guint32) MIN (value, G_MAXUINT32);
}

void
memsim_sample_take (MemsimSample            *out,
                    const MemsimHeap        *heap,
                    const MemsimObjectStore *store)
{
  MemsimMetrics metrics;
  guint64 arenas = 0, pools = 0;

  g_return_if_fail (out != NULL);
  g_return_if_fail (heap != NULL);

  memsim_heap_get_metrics (heap, &metrics);
  if (store != NULL)
    memsim_object_store_get_counts (store, &arenas, &pools, NULL);
  out->used = metrics.used;
  out->requested = metrics.requested;
  out->free = metrics.free;
  out->largest_free = metrics.largest_free;
  out->alloc_ok = metrics.alloc_ok;
  out->alloc_failed = metrics.alloc_failed;
  out->free_blocks = saturate (metrics.free_blocks);
  out->live_blocks = saturate (metrics.live_blocks);
  out->arenas = saturate (arenas);
  out->pools = saturate (pools);
}

MemsimSeries *
memsim_series_new (void)
{
  MemsimSeries *series = g_new0 (MemsimSeries, 1);

  series->samples = g_array_new (FALSE, FALSE, sizeof (MemsimSample));
  return series;
}

void
memsim_series_free (MemsimSeries *series)
{
  if (series == NULL)
    return;
  g_array_unref (series->samples);
  g_free (series);
}

guint
memsim_series_get_length (const MemsimSeries *series)
{
  g_return_val_if_fail (series != NULL, 0);
  return series->samples->len;
}

const MemsimSample *
memsim_series_get (const MemsimSeries *series,
                   guint               index)
{
  g_return_val_if_fail (series != NULL, NULL);
  g_return_val_if_fail (index < series->samples->len, NULL);
  return &g_array_index (series->samples, MemsimSample, index);
}

const MemsimSample *
memsim_series_peek (const MemsimSeries *series,
                    guint              *out_length)
{
  g_return_val_if_fail (series != NULL, NULL);
  if (out_length != NULL)
    *out_length = series->samples->len;
  return (const MemsimSample *) (gpointer) series->samples->data;
}

void
memsim_series_append (MemsimSeries       *series,
                      const MemsimSample *sample)
{
  g_return_if_fail (series != NULL);
  g_return_if_fail (sample != NULL);
  g_array_append_vals (series->samples, sample, 1);
}

void
memsim_series_truncate (MemsimSeries *series,
                        guint         length)
{
  g_return_if_fail (series != NULL);
  if (length < series->samples->len)
    g_array_set_size (series->samples, length);
}
