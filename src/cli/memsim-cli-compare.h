/* memsim-cli-compare.h: one trace replayed under several policies (private)
 *
 * memsim-cli-compare.c replays and ranks; memsim-cli-compare-csv.c and
 * memsim-cli-compare-plot.c write what the replays sampled.
 */
#pragma once

#include "memsim-cli.h"
#include "memsim-trace-replay.h"

G_BEGIN_DECLS

#define COMPARE_MAX_SAMPLES  1024     /* per policy (memsim-trace-replay.h) */
#define COMPARE_MAP_COLUMNS  400      /* the final memory map, per policy */

typedef struct {
  MemsimPolicy      policy;
  /* input, shared */
  const char       *path;
  MemsimTraceFormat format;
  MemsimHeapConfig  config;
  /* output */
  MemsimTraceSampler *sampler;
  guint64           n_events;
  MemsimMetrics     final;
  MemsimColumn      map[COMPARE_MAP_COLUMNS];
  GError           *error;            /* the trace could not be read */
} CompareRun;

/* Requests the allocator refused (frees of names never placed follow them). */
static inline guint64
compare_run_failures (const CompareRun *run)
{
  return run->final.alloc_failed + run->final.realloc_failed;
}

static inline guint64
compare_metrics_ok (const MemsimMetrics *m)
{
  return m->alloc_ok + m->free_ok + m->realloc_ok;
}

static inline guint64
compare_metrics_failed (const MemsimMetrics *m)
{
  return m->alloc_failed + m->free_failed + m->realloc_failed;
}

gboolean compare_write_csv  (const char  *path,
                             CompareRun **runs,
                             guint        n_runs,
                             GError     **error);
gboolean compare_write_plot (const char  *path,
                             const char  *title,
                             CompareRun **runs,
                             guint        n_runs,
                             GError     **error);

G_END_DECLS
