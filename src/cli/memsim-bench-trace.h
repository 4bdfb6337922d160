/* memsim-bench-trace.h: the synthetic .rep trace of `memsim-cli bench` */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MEMSIM_BENCH_SIZE_MIN  16
#define MEMSIM_BENCH_SIZE_MAX  8192

typedef struct {
  guint64 n_live;            /* blocks allocated first */
  guint64 n_pairs;           /* then this many free + alloc pairs */
  guint64 seed;
} MemsimBenchTraceSpec;

typedef struct {
  guint64 n_ops;             /* lines after the header: n_live + 2 n_pairs */
  guint64 peak_live_bytes;   /* the most bytes live at once */
  guint64 file_size;
} MemsimBenchTraceInfo;

/* Writes the trace to @path: n_live allocations, then n_pairs times a free
 * of a random live block and a new allocation; sizes log-uniform in
 * [MEMSIM_BENCH_SIZE_MIN, MEMSIM_BENCH_SIZE_MAX].  The same spec gives the
 * same file. */
gboolean memsim_bench_trace_write (const char                 *path,
                                   const MemsimBenchTraceSpec *spec,
                                   MemsimBenchTraceInfo       *out_info,
                                   GError                    **error);

G_END_DECLS
