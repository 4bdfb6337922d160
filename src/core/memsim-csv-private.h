/* memsim-csv-private.h: what the CSV tables share (memsim-csv*.c only) */
#pragma once

#include "memsim-csv.h"

G_BEGIN_DECLS

/* Rows are collected in a buffer and written out once it holds this much. */
#define MEMSIM_CSV_CHUNK (64 * 1024)

/* Writes @buffer to @out and empties it, if it holds at least @threshold
 * bytes (0: always). */
gboolean memsim_csv_flush            (GString                 *buffer,
                                      GOutputStream           *out,
                                      gsize                    threshold,
                                      GCancellable            *cancellable,
                                      GError                 **error);

/* The columns of every metric of SEMANTICS §6 and of the object store's
 * counts, shared by the ops and the stats tables. */
void     memsim_csv_append_metrics_header (GString        *out);
void     memsim_csv_append_metrics   (GString                 *out,
                                      const MemsimHeap        *heap,
                                      const MemsimObjectStore *store);

gboolean memsim_csv_write_ops        (MemsimSession           *session,
                                      GString                 *buffer,
                                      GOutputStream           *out,
                                      GCancellable            *cancellable,
                                      GError                 **error);

G_END_DECLS
