/* memsim-trace-native.c: reading and writing Memsim's own trace format
 *
 * The layout is in memsim-trace-format.h (a 32-byte header, then 40-byte
 * records) and explained in docs/trace-formats.md.  The reader checks every
 * field it can: the magic, the version, the record size, the zero bytes of
 * each record and its kind, so that a damaged or hostile file stops with
 * "FILE: record N: what", never with nonsense events.
 */
#include "config.h"

#include "memsim-trace-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

gboolean
memsim_trace_native_check_header (MemsimTraceReader *reader,
                                  GError           **error)
{
  MemsimTraceHeader header;
  size_t n = fread (&header, 1, sizeof header, reader->file);

  if (n < sizeof header)
    return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                     _("truncated trace: the native header has %" PRIu64
                                       " of 32 bytes"), (guint64) n);
  if (memcmp (header.magic, MEMSIM_TRACE_MAGIC, MEMSIM_TRACE_MAGIC_SIZE) != 0)
    return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                     _("not a Memsim trace (it does not start with "
                                       "\"MSIMTRC\")"));
  if (GUINT32_FROM_LE (header.version) != MEMSIM_TRACE_VERSION)
    return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                     _("trace format version %u; this Memsim reads version %d"),
                                     GUINT32_FROM_LE (header.version), MEMSIM_TRACE_VERSION);
  if (GUINT32_FROM_LE (header.record_size) != sizeof (MemsimTraceRecord))
    return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                     _("records of %u bytes; version 1 has 40"),
                                     GUINT32_FROM_LE (header.record_size));
  return TRUE;
}

static gboolean
check_record (MemsimTraceReader       *reader,
              const MemsimTraceRecord *record,
              size_t                   n,
              GError                 **error)
{
  if (n < sizeof *record)
    return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                     _("truncated trace: the last record has %" PRIu64
                                       " of 40 bytes"), (guint64) n);
  if (record->kind < MEMSIM_TRACE_RECORD_MALLOC || record->kind > MEMSIM_TRACE_RECORD_MEMALIGN
      || record->reserved[0] != 0 || record->reserved[1] != 0 || record->reserved[2] != 0)
    return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                     _("not a valid record (kind %u); is the file damaged?"),
                                     record->kind);
  return TRUE;
}

/* Turns one record into an event through the address map. */
static gboolean
map_record (MemsimTraceReader       *reader,
            const MemsimTraceRecord *record,
            MemsimTraceEvent        *event)
{
  guint64 result = GUINT64_FROM_LE (record->result);
  guint64 size = GUINT64_FROM_LE (record->size);
  guint64 arg = GUINT64_FROM_LE (record->arg);

  switch (record->kind)
    {
    case MEMSIM_TRACE_RECORD_REALLOC:
      event->call = MEMSIM_TRACE_CALL_REALLOC;
      return memsim_trace_map_realloc (reader, arg, result, size, event);
    case MEMSIM_TRACE_RECORD_FREE:
      event->call = MEMSIM_TRACE_CALL_FREE;
      return memsim_trace_map_free (reader, arg, event);
    case MEMSIM_TRACE_RECORD_CALLOC:
      event->call = MEMSIM_TRACE_CALL_CALLOC;
      return memsim_trace_map_alloc (reader, result, size, event);
    case MEMSIM_TRACE_RECORD_MEMALIGN:
      event->call = MEMSIM_TRACE_CALL_MEMALIGN;
      return memsim_trace_map_alloc (reader, result, size, event);
    case MEMSIM_TRACE_RECORD_MALLOC:
    default:
      event->call = MEMSIM_TRACE_CALL_MALLOC;
      return memsim_trace_map_alloc (reader, result, size, event);
    }
}

gboolean
memsim_trace_native_next (MemsimTraceReader *reader,
                          MemsimTraceEvent  *event,
                          GError           **error)
{
  MemsimTraceRecord record;

  for (;;)
    {
      size_t n = fread (&record, 1, sizeof record, reader->file);

      if (n == 0 && ferror (reader->file))
        return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_IO,
                                         _("cannot read: %s"), g_strerror (errno));
      if (n == 0)
        return FALSE;
      reader->position++;
      if (!check_record (reader, &record, n, error))
        return FALSE;

      memset (event, 0, sizeof *event);
      event->line = reader->position;
      event->thread = GUINT32_FROM_LE (record.thread);
      event->time_ns = GUINT64_FROM_LE (record.time_ns);
      g_hash_table_add (reader->threads, GUINT_TO_POINTER (event->thread));
      if (map_record (reader, &record, event))
        return TRUE;
    }
}

/* ---- the writer ---- */

struct _MemsimTraceWriter {
  char *path;
  FILE *file;
};

static const guint8 record_kinds[] = {
  [MEMSIM_TRACE_CALL_MALLOC] = MEMSIM_TRACE_RECORD_MALLOC,
  [MEMSIM_TRACE_CALL_CALLOC] = MEMSIM_TRACE_RECORD_CALLOC,
  [MEMSIM_TRACE_CALL_REALLOC] = MEMSIM_TRACE_RECORD_REALLOC,
  [MEMSIM_TRACE_CALL_FREE] = MEMSIM_TRACE_RECORD_FREE,
  [MEMSIM_TRACE_CALL_MEMALIGN] = MEMSIM_TRACE_RECORD_MEMALIGN,
};

MemsimTraceWriter *
memsim_trace_writer_open (const char *path,
                          GError    **error)
{
  MemsimTraceWriter *writer;
  MemsimTraceHeader header = { { 0 } };
  FILE *file = fopen (path, "wbe");

  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return NULL;
    }

  memcpy (header.magic, MEMSIM_TRACE_MAGIC, MEMSIM_TRACE_MAGIC_SIZE);
  header.version = GUINT32_TO_LE (MEMSIM_TRACE_VERSION);
  header.record_size = GUINT32_TO_LE (sizeof (MemsimTraceRecord));
  header.start_realtime_ns = GUINT64_TO_LE ((guint64) g_get_real_time () * 1000);
  header.pid = GUINT32_TO_LE ((guint32) getpid ());
  fwrite (&header, sizeof header, 1, file);

  writer = g_new0 (MemsimTraceWriter, 1);
  writer->path = g_strdup (path);
  writer->file = file;
  return writer;
}

void
memsim_trace_writer_add (MemsimTraceWriter *writer,
                         MemsimTraceCall    call,
                         guint32            thread,
                         guint64            time_ns,
                         guint64            result,
                         guint64            size,
                         guint64            arg)
{
  MemsimTraceRecord record = { 0 };

  g_return_if_fail (writer != NULL);
  g_return_if_fail ((guint) call < G_N_ELEMENTS (record_kinds));

  record.kind = record_kinds[call];
  record.thread = GUINT32_TO_LE (thread);
  record.time_ns = GUINT64_TO_LE (time_ns);
  record.result = GUINT64_TO_LE (result);
  record.size = GUINT64_TO_LE (size);
  record.arg = GUINT64_TO_LE (arg);
  fwrite (&record, sizeof record, 1, writer->file);
}

gboolean
memsim_trace_writer_close (MemsimTraceWriter *writer,
                           GError           **error)
{
  gboolean ok;
  int saved;

  g_return_val_if_fail (writer != NULL, FALSE);

  ok = fflush (writer->file) == 0 && !ferror (writer->file);
  saved = errno;
  ok = fclose (writer->file) == 0 && ok;
  if (!ok)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: cannot write: %s"),
                 writer->path, g_strerror (saved != 0 ? saved : errno));
  g_free (writer->path);
  g_free (writer);
  return ok;
}
