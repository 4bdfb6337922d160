/* memsim-trace.h: one streaming reader for every trace format (docs/trace-formats.md)
 *
 *   format   what it is                                   detected by
 *   native   Memsim's recorder (libmemsim-preload.so)     the magic "MSIMTRC\n"
 *   mtrace   glibc's mtrace() log                         "= Start", "@ …", "+ 0x…"
 *   rep      CS:APP malloc-lab trace                      anything else
 *
 * Every format becomes the same events: ALLOC, REALLOC and FREE of an id.
 * The .rep format names its blocks by id already; native and mtrace traces
 * name them by real address, which the reader maps to ids in the order the
 * blocks appear (0, 1, 2, …).  A free of an address the trace never handed
 * out, a call that failed in the program and an address handed out twice
 * are counted (MemsimTraceStats), never fatal.
 *
 * The reader holds one buffer and the map of live addresses, never the
 * whole trace.  Errors say "FILE:LINE: what" (native: "FILE: record N: …").
 */
#pragma once

#include "memsim-rep.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_TRACE_FORMAT_AUTO,
  MEMSIM_TRACE_FORMAT_NATIVE,
  MEMSIM_TRACE_FORMAT_REP,
  MEMSIM_TRACE_FORMAT_MTRACE,
} MemsimTraceFormat;

const char *memsim_trace_format_to_string   (MemsimTraceFormat  format);
gboolean    memsim_trace_format_from_string (const char        *text,
                                             MemsimTraceFormat *out_format);

/* The same values as MemsimRepKind. */
typedef enum {
  MEMSIM_TRACE_ALLOC = MEMSIM_REP_ALLOC,
  MEMSIM_TRACE_REALLOC = MEMSIM_REP_REALLOC,
  MEMSIM_TRACE_FREE = MEMSIM_REP_FREE,
} MemsimTraceKind;

/* What the program called (rep: malloc, realloc or free). */
typedef enum {
  MEMSIM_TRACE_CALL_MALLOC,
  MEMSIM_TRACE_CALL_CALLOC,
  MEMSIM_TRACE_CALL_REALLOC,
  MEMSIM_TRACE_CALL_FREE,
  MEMSIM_TRACE_CALL_MEMALIGN,
} MemsimTraceCall;

typedef struct {
  MemsimTraceKind kind;
  MemsimTraceCall call;
  guint64         id;
  guint64         size;       /* bytes as the program asked (0 on a free; may be 0) */
  guint64         line;       /* 1-based line (rep, mtrace) or record (native) */
  guint32         thread;     /* native only; else 0 */
  guint64         time_ns;    /* native only: since the start of the recording */
  guint64         address;    /* native, mtrace: the block's real address */
} MemsimTraceEvent;

typedef struct {
  guint64 n_null_frees;       /* free(NULL) (rep: `f -1`) */
  guint64 n_unknown_frees;    /* free or realloc of an address never handed out */
  guint64 n_failed_calls;     /* calls that returned NULL in the program */
  guint64 n_reused;           /* an address handed out again without a free */
  guint64 n_ids;              /* ids given to addresses (native, mtrace) */
  guint   n_threads;          /* distinct thread ids (native) */
} MemsimTraceStats;

typedef struct _MemsimTraceReader MemsimTraceReader;

/* Opens @path ("-": standard input, read as .rep unless @format says
 * otherwise) and detects its format when @format is AUTO. */
MemsimTraceReader *memsim_trace_reader_open   (const char         *path,
                                               MemsimTraceFormat   format,
                                               GError            **error);
void               memsim_trace_reader_free   (MemsimTraceReader  *reader);

/* As memsim_rep_reader_next(): FALSE at the end (@error unset) or on an
 * error (@error set; later calls return FALSE too). */
gboolean           memsim_trace_reader_next   (MemsimTraceReader  *reader,
                                               MemsimTraceEvent   *event,
                                               GError            **error);

const char        *memsim_trace_reader_get_path   (MemsimTraceReader *reader);
MemsimTraceFormat  memsim_trace_reader_get_format (MemsimTraceReader *reader);
void               memsim_trace_reader_get_stats  (MemsimTraceReader *reader,
                                                   MemsimTraceStats  *out_stats);
/* The .rep reader underneath (for its header), or NULL. */
MemsimRepReader   *memsim_trace_reader_get_rep    (MemsimTraceReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimTraceReader, memsim_trace_reader_free)

/* Writes Memsim's native format (for convert): a header, then one record an
 * event.  Addresses are what the caller says they are. */
typedef struct _MemsimTraceWriter MemsimTraceWriter;

MemsimTraceWriter *memsim_trace_writer_open  (const char         *path,
                                              GError            **error);
void               memsim_trace_writer_add   (MemsimTraceWriter  *writer,
                                              MemsimTraceCall     call,
                                              guint32             thread,
                                              guint64             time_ns,
                                              guint64             result,
                                              guint64             size,
                                              guint64             arg);
/* Flushes and closes; FALSE with @error when anything failed to write. */
gboolean           memsim_trace_writer_close (MemsimTraceWriter  *writer,
                                              GError            **error);

G_END_DECLS
