/* memsim-trace.c: the common trace reader — format detection and the
 * address map (the formats themselves: memsim-rep.c, memsim-trace-native.c,
 * memsim-mtrace.c)
 *
 * Real addresses become ids through one hash table of the live blocks
 * (address → id + 1), so the memory it takes follows the program's live
 * blocks, not the length of the trace.  The rules, for a program's view of
 * its own heap:
 *
 *   alloc at A        A live already: the trace missed its free (memory
 *                     freed behind the interposer's back); the old id is
 *                     freed first (counted in n_reused), then A gets a new id
 *   free A            A not live: counted in n_unknown_frees, no event
 *   realloc A → B     A's id moves to B; realloc(NULL) is an alloc;
 *                     realloc(A, 0) that returned NULL is a free (glibc)
 *   a NULL result     the call failed in the program: counted, no event
 */
#include "config.h"

#include "memsim-trace-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

static const char * const format_names[] = { "auto", "native", "rep", "mtrace" };

const char *
memsim_trace_format_to_string (MemsimTraceFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);
  return format_names[format];
}

gboolean
memsim_trace_format_from_string (const char        *text,
                                 MemsimTraceFormat *out_format)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (text, format_names[i]) == 0)
      {
        *out_format = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
memsim_trace_reader_fail (MemsimTraceReader *reader,
                          GError           **error,
                          int                code,
                          const char        *format,
                          ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  reader->failed = TRUE;
  if (reader->position == 0)
    g_set_error (error, MEMSIM_ERROR, code, "%s: %s", reader->path, what);
  else if (reader->format == MEMSIM_TRACE_FORMAT_NATIVE)
    g_set_error (error, MEMSIM_ERROR, code, _("%s: record %" PRIu64 ": %s"),
                 reader->path, reader->position, what);
  else
    g_set_error (error, MEMSIM_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s",
                 reader->path, reader->position, what);
  return FALSE;
}

/* ---- the address map ---- */

static guint64
map_insert (MemsimTraceReader *reader,
            guint64            address,
            guint64            id)
{
  g_hash_table_insert (reader->live, GSIZE_TO_POINTER (address), GSIZE_TO_POINTER (id + 1));
  return id;
}

/* The id of a live @address, removed from the map; FALSE when not live. */
static gboolean
map_take (MemsimTraceReader *reader,
          guint64            address,
          guint64           *out_id)
{
  gpointer value;

  if (!g_hash_table_steal_extended (reader->live, GSIZE_TO_POINTER (address), NULL, &value))
    return FALSE;
  *out_id = GPOINTER_TO_SIZE (value) - 1;
  return TRUE;
}

/* @address is handed out again: free its old id first, as a pending event
 * before @event; returns TRUE when it did. */
static void
map_evict (MemsimTraceReader *reader,
           guint64            address,
           MemsimTraceEvent  *event)
{
  guint64 stale;

  if (!map_take (reader, address, &stale))
    return;
  reader->stats.n_reused++;
  reader->pending = *event;
  reader->has_pending = TRUE;
  event->kind = MEMSIM_TRACE_FREE;
  event->call = MEMSIM_TRACE_CALL_FREE;
  event->id = stale;
  event->size = 0;
}

gboolean
memsim_trace_map_alloc (MemsimTraceReader *reader,
                        guint64            address,
                        guint64            size,
                        MemsimTraceEvent  *event)
{
  if (address == 0)
    {
      reader->stats.n_failed_calls++;
      return FALSE;
    }
  event->kind = MEMSIM_TRACE_ALLOC;
  event->size = size;
  event->address = address;
  event->id = reader->stats.n_ids++;
  map_evict (reader, address, event);
  map_insert (reader, address, reader->has_pending ? reader->pending.id : event->id);
  return TRUE;
}

gboolean
memsim_trace_map_free (MemsimTraceReader *reader,
                       guint64            address,
                       MemsimTraceEvent  *event)
{
  if (address == 0)
    {
      reader->stats.n_null_frees++;
      return FALSE;
    }
  if (!map_take (reader, address, &event->id))
    {
      reader->stats.n_unknown_frees++;
      return FALSE;
    }
  event->kind = MEMSIM_TRACE_FREE;
  event->size = 0;
  event->address = address;
  return TRUE;
}

gboolean
memsim_trace_map_realloc (MemsimTraceReader *reader,
                          guint64            old_address,
                          guint64            new_address,
                          guint64            size,
                          MemsimTraceEvent  *event)
{
  guint64 id;

  if (old_address == 0)
    return memsim_trace_map_alloc (reader, new_address, size, event);
  if (new_address == 0 && size == 0)
    return memsim_trace_map_free (reader, old_address, event);
  if (new_address == 0)
    {
      reader->stats.n_failed_calls++;     /* the old block stays */
      return FALSE;
    }
  if (!map_take (reader, old_address, &id))
    {
      reader->stats.n_unknown_frees++;    /* the program has a block now */
      return memsim_trace_map_alloc (reader, new_address, size, event);
    }

  event->kind = MEMSIM_TRACE_REALLOC;
  event->id = id;
  event->size = size;
  event->address = new_address;
  map_evict (reader, new_address, event);
  map_insert (reader, new_address, id);
  return TRUE;
}

/* ---- opening and detection ---- */

static MemsimTraceFormat
detect_format (FILE *file)
{
  char head[512];
  size_t n = fread (head, 1, sizeof head - 1, file);
  char *line = head, *nl;

  rewind (file);
  if (n >= MEMSIM_TRACE_MAGIC_SIZE
      && memcmp (head, MEMSIM_TRACE_MAGIC, MEMSIM_TRACE_MAGIC_SIZE) == 0)
    return MEMSIM_TRACE_FORMAT_NATIVE;

  head[n] = '\0';
  while (*line == '\n' || *line == '\r' || *line == ' ' || *line == '\t')
    line++;
  if ((nl = strchr (line, '\n')) != NULL)
    *nl = '\0';
  return memsim_trace_mtrace_sniff (line) ? MEMSIM_TRACE_FORMAT_MTRACE : MEMSIM_TRACE_FORMAT_REP;
}

static FILE *
open_file (const char *path,
           GError    **error)
{
  FILE *file = strcmp (path, "-") == 0 ? fdopen (dup (0), "rb") : fopen (path, "rbe");

  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  setvbuf (file, NULL, _IOFBF, 256 * 1024);
  return file;
}

static gboolean
open_format (MemsimTraceReader *r,
             GError           **error)
{
  if (r->format == MEMSIM_TRACE_FORMAT_REP)
    {
      g_clear_pointer (&r->file, fclose);
      r->rep = memsim_rep_reader_open (r->path, error);
      return r->rep != NULL;
    }

  r->live = g_hash_table_new (g_direct_hash, g_direct_equal);
  r->threads = g_hash_table_new (g_direct_hash, g_direct_equal);
  if (r->format == MEMSIM_TRACE_FORMAT_NATIVE)
    return memsim_trace_native_check_header (r, error);
  return TRUE;
}

MemsimTraceReader *
memsim_trace_reader_open (const char         *path,
                          MemsimTraceFormat   format,
                          GError            **error)
{
  g_autoptr (MemsimTraceReader) r = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r = g_new0 (MemsimTraceReader, 1);
  r->path = g_strdup (path);
  r->format = format;
  if (format == MEMSIM_TRACE_FORMAT_AUTO && strcmp (path, "-") == 0)
    r->format = MEMSIM_TRACE_FORMAT_REP;

  if (r->format != MEMSIM_TRACE_FORMAT_REP)
    {
      r->file = open_file (path, error);
      if (r->file == NULL)
        return NULL;
      if (r->format == MEMSIM_TRACE_FORMAT_AUTO)
        r->format = detect_format (r->file);
    }

  if (!open_format (r, error))
    return NULL;
  return g_steal_pointer (&r);
}

void
memsim_trace_reader_free (MemsimTraceReader *reader)
{
  if (reader == NULL)
    return;
  g_clear_pointer (&reader->rep, memsim_rep_reader_free);
  g_clear_pointer (&reader->file, fclose);
  g_clear_pointer (&reader->live, g_hash_table_unref);
  g_clear_pointer (&reader->threads, g_hash_table_unref);
  free (reader->line);
  g_free (reader->path);
  g_free (reader);
}

/* ---- reading ---- */

static gboolean
rep_next (MemsimTraceReader *reader,
          MemsimTraceEvent  *event,
          GError           **error)
{
  static const MemsimTraceCall calls[] = {
    MEMSIM_TRACE_CALL_MALLOC, MEMSIM_TRACE_CALL_REALLOC, MEMSIM_TRACE_CALL_FREE,
  };
  MemsimRepEvent rep;

  if (!memsim_rep_reader_next (reader->rep, &rep, error))
    return FALSE;
  memset (event, 0, sizeof *event);
  event->kind = (MemsimTraceKind) rep.kind;
  event->call = calls[rep.kind];
  event->id = rep.id;
  event->size = rep.size;
  event->line = rep.line;
  return TRUE;
}

gboolean
memsim_trace_reader_next (MemsimTraceReader *reader,
                          MemsimTraceEvent  *event,
                          GError           **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (reader->has_pending)
    {
      *event = reader->pending;
      reader->has_pending = FALSE;
      return TRUE;
    }
  if (reader->failed)
    return FALSE;

  switch (reader->format)
    {
    case MEMSIM_TRACE_FORMAT_REP:
      return rep_next (reader, event, error);
    case MEMSIM_TRACE_FORMAT_NATIVE:
      return memsim_trace_native_next (reader, event, error);
    case MEMSIM_TRACE_FORMAT_MTRACE:
    case MEMSIM_TRACE_FORMAT_AUTO:
    default:
      return memsim_trace_mtrace_next (reader, event, error);
    }
}

const char *
memsim_trace_reader_get_path (MemsimTraceReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->path;
}

MemsimTraceFormat
memsim_trace_reader_get_format (MemsimTraceReader *reader)
{
  g_return_val_if_fail (reader != NULL, MEMSIM_TRACE_FORMAT_AUTO);
  return reader->format;
}

void
memsim_trace_reader_get_stats (MemsimTraceReader *reader,
                               MemsimTraceStats  *out_stats)
{
  g_return_if_fail (reader != NULL);
  *out_stats = reader->stats;
  if (reader->rep != NULL)
    out_stats->n_null_frees = memsim_rep_reader_get_n_null_frees (reader->rep);
  if (reader->threads != NULL)
    out_stats->n_threads = g_hash_table_size (reader->threads);
}

MemsimRepReader *
memsim_trace_reader_get_rep (MemsimTraceReader *reader)
{
  g_return_val_if_fail (reader != NULL, NULL);
  return reader->rep;
}
