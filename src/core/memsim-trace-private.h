/* memsim-trace-private.h: what the format readers of memsim-trace.c share */
#pragma once

#include <stdio.h>

#include "memsim-trace.h"
#include "memsim-trace-format.h"

G_BEGIN_DECLS

struct _MemsimTraceReader {
  char              *path;
  MemsimTraceFormat  format;
  MemsimRepReader   *rep;
  FILE              *file;         /* native, mtrace */
  char              *line;         /* mtrace: getline()'s buffer */
  size_t             line_size;
  guint64            position;     /* lines (mtrace) or records (native) read */
  gboolean           failed;
  GHashTable        *live;         /* real address → id + 1 */
  GHashTable        *threads;      /* thread ids seen */
  gboolean           mtrace_has_old; /* mtrace: a '<' line awaits its '>' */
  guint64            mtrace_old;
  gboolean           has_pending;  /* a second event from one record */
  MemsimTraceEvent   pending;
  MemsimTraceStats   stats;
};

/* Fails the reader with "PATH:LINE: what" (or "PATH: what" at line 0). */
gboolean memsim_trace_reader_fail (MemsimTraceReader *reader,
                                   GError           **error,
                                   int                code,
                                   const char        *format,
                                   ...) G_GNUC_PRINTF (4, 5);

/* The address map.  Each fills @event (kind, id, size, address) and returns
 * TRUE when the call makes an event, FALSE when it is only counted. */
gboolean memsim_trace_map_alloc   (MemsimTraceReader *reader,
                                   guint64            address,
                                   guint64            size,
                                   MemsimTraceEvent  *event);
gboolean memsim_trace_map_free    (MemsimTraceReader *reader,
                                   guint64            address,
                                   MemsimTraceEvent  *event);
gboolean memsim_trace_map_realloc (MemsimTraceReader *reader,
                                   guint64            old_address,
                                   guint64            new_address,
                                   guint64            size,
                                   MemsimTraceEvent  *event);

gboolean memsim_trace_native_check_header (MemsimTraceReader *reader,
                                           GError           **error);
gboolean memsim_trace_native_next (MemsimTraceReader *reader,
                                   MemsimTraceEvent  *event,
                                   GError           **error);
gboolean memsim_trace_mtrace_next (MemsimTraceReader *reader,
                                   MemsimTraceEvent  *event,
                                   GError           **error);
/* TRUE when @line (without its newline) looks like a line of mtrace(). */
gboolean memsim_trace_mtrace_sniff (const char *line);

G_END_DECLS
