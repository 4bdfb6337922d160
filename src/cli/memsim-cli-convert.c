/* memsim-cli-convert.c: `memsim-cli convert IN OUT [--to rep|native]`
 *
 * Reads any trace (memsim-trace.h) and writes it as a CS:APP .rep trace or
 * in Memsim's native format.  Both stream:
 *
 *   - to .rep: the header announces the number of ids and operations, so IN
 *     is read twice — once to count (and to find the peak of live requested
 *     bytes, the header's suggested heap size), once to write;
 *   - to native: one pass.  A .rep trace has no addresses, so block ID gets
 *     the synthetic address ID + 1; times are the event's index (ns) unless
 *     IN had times, threads are 0 unless IN had threads.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "memsim-cli.h"

static char *opt_to;
static char *opt_format;

static const GOptionEntry convert_entries[] = {
  { "to", 0, 0, G_OPTION_ARG_STRING, &opt_to,
    N_("Output format: rep or native (default: rep when OUT ends in .rep, else native)"),
    N_("FORMAT") },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Input format: native, rep or mtrace (default: detected from the content)"),
    N_("FORMAT") },
  { NULL }
};

typedef struct {
  guint64 n_ops;
  guint64 n_ids;          /* highest id + 1 */
  guint64 live_bytes;
  guint64 peak_bytes;
} RepCounts;

/* Live requested bytes, for the header's heap size. */
static void
count_event (RepCounts              *counts,
             GHashTable             *live,
             const MemsimTraceEvent *event)
{
  gpointer key = GSIZE_TO_POINTER (event->id + 1);
  guint64 old = GPOINTER_TO_SIZE (g_hash_table_lookup (live, key));
  guint64 size = MAX (event->size, 1);

  counts->n_ops++;
  counts->n_ids = MAX (counts->n_ids, event->id + 1);
  counts->live_bytes -= old;
  if (event->kind == MEMSIM_TRACE_FREE)
    {
      g_hash_table_remove (live, key);
      return;
    }
  if (event->kind == MEMSIM_TRACE_ALLOC && old != 0)
    counts->live_bytes += old;      /* a .rep "a" on a live id fails */
  else
    {
      g_hash_table_insert (live, key, GSIZE_TO_POINTER (size));
      counts->live_bytes += size;
    }
  counts->peak_bytes = MAX (counts->peak_bytes, counts->live_bytes);
}

static gboolean
count_rep (const char        *in,
           MemsimTraceFormat  format,
           RepCounts         *counts,
           GError           **error)
{
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (in, format, error);
  g_autoptr (GHashTable) live = g_hash_table_new (g_direct_hash, g_direct_equal);
  MemsimTraceEvent event;

  if (reader == NULL)
    return FALSE;
  while (memsim_trace_reader_next (reader, &event, error))
    count_event (counts, live, &event);
  return *error == NULL;
}

static void
write_rep_event (FILE                   *out,
                 const MemsimTraceEvent *event)
{
  if (event->kind == MEMSIM_TRACE_FREE)
    fprintf (out, "f %" PRIu64 "\n", event->id);
  else
    fprintf (out, "%c %" PRIu64 " %" PRIu64 "\n", event->kind == MEMSIM_TRACE_ALLOC ? 'a' : 'r',
             event->id, event->size);
}

static gboolean
close_output (FILE       *out,
              const char *path,
              GError    **error)
{
  gboolean ok = fflush (out) == 0 && !ferror (out);
  int saved = errno;

  ok = fclose (out) == 0 && ok;
  if (!ok)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: cannot write: %s"), path,
                 g_strerror (saved != 0 ? saved : errno));
  return ok;
}

static gboolean
convert_to_rep (const char        *in,
                const char        *out_path,
                MemsimTraceFormat  format,
                GError           **error)
{
  g_autoptr (MemsimTraceReader) reader = NULL;
  RepCounts counts = { 0 };
  MemsimTraceEvent event;
  FILE *out;

  if (strcmp (in, "-") == 0)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO,
                   _("converting to .rep reads the input twice: give a file, not \"-\""));
      return FALSE;
    }
  if (!count_rep (in, format, &counts, error)
      || !(reader = memsim_trace_reader_open (in, format, error)))
    return FALSE;
  if ((out = fopen (out_path, "we")) == NULL)
    {
      int saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", out_path, g_strerror (saved));
      return FALSE;
    }

  fprintf (out, "%" PRIu64 "\n%" PRIu64 "\n%" PRIu64 "\n1\n", MAX (counts.peak_bytes, 1),
           counts.n_ids, counts.n_ops);
  while (memsim_trace_reader_next (reader, &event, error))
    write_rep_event (out, &event);
  if (*error != NULL)
    {
      fclose (out);
      return FALSE;
    }
  return close_output (out, out_path, error);
}

static void
write_native_event (MemsimTraceWriter      *writer,
                    GHashTable             *live,
                    const MemsimTraceEvent *event,
                    guint64                 index)
{
  gpointer key = GSIZE_TO_POINTER (event->id + 1);
  guint64 address = event->id + 1;
  guint64 time_ns = event->time_ns != 0 ? event->time_ns : index;

  switch (event->kind)
    {
    case MEMSIM_TRACE_FREE:
      g_hash_table_remove (live, key);
      memsim_trace_writer_add (writer, MEMSIM_TRACE_CALL_FREE, event->thread, time_ns, 0, 0,
                               address);
      break;
    case MEMSIM_TRACE_REALLOC:
      /* .rep: "r" on an id that is not live is realloc (NULL, n) */
      memsim_trace_writer_add (writer, MEMSIM_TRACE_CALL_REALLOC, event->thread, time_ns,
                               address, event->size,
                               g_hash_table_contains (live, key) ? address : 0);
      g_hash_table_add (live, key);
      break;
    case MEMSIM_TRACE_ALLOC:
    default:
      g_hash_table_add (live, key);
      memsim_trace_writer_add (writer, event->call == MEMSIM_TRACE_CALL_REALLOC
                               ? MEMSIM_TRACE_CALL_MALLOC : event->call,
                               event->thread, time_ns, address, event->size, 0);
      break;
    }
}

static gboolean
convert_to_native (const char        *in,
                   const char        *out_path,
                   MemsimTraceFormat  format,
                   GError           **error)
{
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (in, format, error);
  g_autoptr (GHashTable) live = g_hash_table_new (g_direct_hash, g_direct_equal);
  MemsimTraceWriter *writer;
  MemsimTraceEvent event;
  guint64 index = 0;

  if (reader == NULL || !(writer = memsim_trace_writer_open (out_path, error)))
    return FALSE;
  while (memsim_trace_reader_next (reader, &event, error))
    write_native_event (writer, live, &event, ++index);
  if (*error != NULL)
    {
      memsim_trace_writer_close (writer, NULL);
      return FALSE;
    }
  return memsim_trace_writer_close (writer, error);
}

static gboolean
output_format (const char        *out,
               MemsimTraceFormat *out_format)
{
  if (opt_to == NULL)
    {
      *out_format = g_str_has_suffix (out, ".rep") ? MEMSIM_TRACE_FORMAT_REP
                                                   : MEMSIM_TRACE_FORMAT_NATIVE;
      return TRUE;
    }
  if (memsim_trace_format_from_string (opt_to, out_format)
      && (*out_format == MEMSIM_TRACE_FORMAT_REP || *out_format == MEMSIM_TRACE_FORMAT_NATIVE))
    return TRUE;
  memsim_cli_usage_error (&memsim_cli_convert_command,
                          _("--to: cannot write \"%s\" (expected rep or native)"), opt_to);
  return FALSE;
}

static int
convert_main (int    argc,
              char **argv)
{
  g_autoptr (GError) error = NULL;
  MemsimTraceFormat in_format, out_format;
  int status = MEMSIM_CLI_EXIT_USAGE;
  gboolean ok;

  if (memsim_cli_parse_args (&memsim_cli_convert_command, &argc, &argv, 2)
      && memsim_cli_parse_format (opt_format, &in_format)
      && output_format (argv[2], &out_format))
    {
      ok = out_format == MEMSIM_TRACE_FORMAT_REP
           ? convert_to_rep (argv[1], argv[2], in_format, &error)
           : convert_to_native (argv[1], argv[2], in_format, &error);
      if (ok)
        status = MEMSIM_CLI_EXIT_OK;
      else
        memsim_cli_error ("%s", error->message);
    }

  g_clear_pointer (&opt_to, g_free);
  g_clear_pointer (&opt_format, g_free);
  return status;
}

const MemsimCliCommand memsim_cli_convert_command = {
  .name = "convert",
  .parameter = N_("IN OUT"),
  .summary = N_("Convert a trace between .rep and Memsim's native format"),
  .description =
    N_("Reads IN in any format replay reads (native, rep or an mtrace() log) and\n"
    "writes OUT as a CS:APP .rep trace (4-line header: the peak of live\n"
    "requested bytes, ids, operations, weight 1) or in the native format\n"
    "(a .rep id N gets the synthetic address N + 1).  Real addresses become\n"
    "ids 0, 1, 2... in the order the blocks appear.\n"
    "Example: memsim-cli convert ls.trace ls.rep\n"),
  .entries = convert_entries,
  .main = convert_main,
};
