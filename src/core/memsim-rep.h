/* memsim-rep.h: a streaming reader of CS:APP malloc-lab traces (SEMANTICS.md §9)
 *
 * A .rep trace is a numeric header (4 lines: heap size, ids, ops, weight;
 * or 2 lines: ids, ops) followed by one operation a line:
 *
 *   a ID BYTES    allocate
 *   r ID BYTES    reallocate (realloc(NULL, BYTES) when ID is not live)
 *   f ID          free; a negative ID is free(NULL)
 *
 * The reader holds one buffer of the file at a time, never the whole file,
 * and allocates nothing per line.  Errors say "FILE:LINE: what is wrong".
 */
#pragma once

#include "memsim-types.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_REP_ALLOC,
  MEMSIM_REP_REALLOC,
  MEMSIM_REP_FREE,
} MemsimRepKind;

typedef struct {
  MemsimRepKind kind;
  guint64       id;      /* 0 … 2^63 - 1 */
  guint64       size;    /* bytes as written (0 on a free; may be 0) */
  guint64       line;    /* 1-based line in the file */
} MemsimRepEvent;

typedef struct _MemsimRepReader MemsimRepReader;

/* Opens @path ("-" reads standard input) and reads its header. */
MemsimRepReader *memsim_rep_reader_open   (const char       *path,
                                           GError          **error);
void             memsim_rep_reader_free   (MemsimRepReader  *reader);

/* Reads the next event into @event.  Returns FALSE at the end of the trace
 * (@error unset) or on an error (@error set; every later call returns FALSE
 * too).  free(NULL) lines (`f -1`) are skipped: see get_n_null_frees(). */
gboolean         memsim_rep_reader_next   (MemsimRepReader  *reader,
                                           MemsimRepEvent   *event,
                                           GError          **error);

/* The header: 4 or 2 lines (heap size and weight are 0 with 2). */
guint            memsim_rep_reader_get_n_header_lines (MemsimRepReader *reader);
guint64          memsim_rep_reader_get_heap_size      (MemsimRepReader *reader);
guint64          memsim_rep_reader_get_n_ids          (MemsimRepReader *reader);
guint64          memsim_rep_reader_get_n_ops          (MemsimRepReader *reader);
guint64          memsim_rep_reader_get_weight         (MemsimRepReader *reader);
/* free(NULL) lines read so far. */
guint64          memsim_rep_reader_get_n_null_frees   (MemsimRepReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimRepReader, memsim_rep_reader_free)

G_END_DECLS
