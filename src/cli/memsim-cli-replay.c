/* memsim-cli-replay.c: `memsim-cli replay TRACE --policy P --total SIZE`
 *
 * Replays a trace (CS:APP .rep, Memsim's native recording or a glibc
 * mtrace() log, detected from the content: memsim-trace.h) straight into a
 * MemsimHeap: no session,
 * no history, no signal, so that five million events cost seconds and a few
 * hundred bytes per live block.  An event's name is its trace id written in
 * decimal, which the heap keeps inline without allocating.
 *
 *   a ID N   alloc (N = 0 is taken as 1)
 *   r ID N   realloc when ID is live, else alloc (realloc(NULL, N))
 *   f ID     free; `f -1` is free(NULL), skipped by the reader
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "memsim-cli.h"

#include "memsim-trace-replay.h"

static char *opt_format;
static char *opt_policy;
static char *opt_total;
static char *opt_align;
static char *opt_header;
static char *opt_min_block;
static gboolean opt_round_pow2;
static gboolean opt_auto_compact;
static gboolean opt_json;
static gboolean opt_strict;

static const GOptionEntry replay_entries[] = {
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Trace format: native, rep or mtrace (default: detected from the content)"),
    N_("FORMAT") },
  { "policy", 'p', 0, G_OPTION_ARG_STRING, &opt_policy,
    N_("Placement policy: first-fit (default), next-fit, best-fit, worst-fit or buddy"),
    N_("POLICY") },
  { "total", 't', 0, G_OPTION_ARG_STRING, &opt_total,
    N_("Size of the simulated heap (required), e.g. 16M or 4G"), N_("SIZE") },
  { "align", 0, 0, G_OPTION_ARG_STRING, &opt_align,
    N_("Alignment of every block, a power of two (default 16)"), N_("N") },
  { "header", 0, 0, G_OPTION_ARG_STRING, &opt_header,
    N_("Per-block overhead added to every request (default 0)"), N_("N") },
  { "min-block", 0, 0, G_OPTION_ARG_STRING, &opt_min_block,
    N_("Smallest buddy block, a power of two >= align (default 64)"), N_("N") },
  { "round-pow2", 0, 0, G_OPTION_ARG_NONE, &opt_round_pow2,
    N_("Round every request up to a power of two"), NULL },
  { "auto-compact", 0, 0, G_OPTION_ARG_NONE, &opt_auto_compact,
    N_("Compact once and retry when a request fails for fragmentation"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print the final state as JSON on stdout instead of the summary"), NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_("Stop at the first operation that fails, with exit status 1"), NULL },
  { NULL }
};

typedef struct {
  const char *path;
  guint64     n_events[3];    /* by MemsimTraceKind */
  guint64     n_failed;
  char       *first_failure;  /* "FILE:LINE: op: why", without --strict */
} ReplayResult;

/* "FILE:LINE: a ID SIZE: why" ("FILE: record N: …" in a native trace). */
static char *
describe_failure (MemsimTraceReader      *reader,
                  const MemsimTraceEvent *event,
                  const GError           *error)
{
  static const char kinds[] = "arf";
  const char *path = memsim_trace_reader_get_path (reader);
  g_autofree char *where = NULL;

  if (memsim_trace_reader_get_format (reader) == MEMSIM_TRACE_FORMAT_NATIVE)
    where = g_strdup_printf (_("%s: record %" PRIu64), path, event->line);
  else
    where = g_strdup_printf ("%s:%" G_GUINT64_FORMAT, path, event->line);

  if (event->kind == MEMSIM_TRACE_FREE)
    return g_strdup_printf ("%s: f %" G_GUINT64_FORMAT ": %s", where, event->id, error->message);
  return g_strdup_printf ("%s: %c %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT ": %s", where,
                          kinds[event->kind], event->id, event->size, error->message);
}

/* Replays the whole trace; returns an exit status. */
static int
replay_trace (MemsimHeap        *heap,
              MemsimTraceReader *reader,
              ReplayResult      *result)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MemsimTraceLookahead) lookahead = memsim_trace_lookahead_new (reader, heap);
  MemsimTraceEvent event;
  gboolean want_error = TRUE;

  while (memsim_trace_lookahead_next (lookahead, &event, &error))
    {
      result->n_events[event.kind]++;
      if (G_LIKELY (memsim_trace_apply (heap, &event, want_error ? &error : NULL)))
        continue;

      result->n_failed++;
      if (!want_error)
        continue;
      result->first_failure = describe_failure (reader, &event, error);
      if (opt_strict)
        {
          memsim_cli_error ("%s", result->first_failure);
          return MEMSIM_CLI_EXIT_FAILED;
        }
      g_clear_error (&error);
      want_error = FALSE;       /* later failures are only counted */
    }

  if (error != NULL)
    {
      memsim_cli_error ("%s", error->message);
      return MEMSIM_CLI_EXIT_USAGE;
    }
  return MEMSIM_CLI_EXIT_OK;
}

static gboolean
parse_setting_option (const char *option,
                      const char *text,
                      guint64    *out_value)
{
  return text == NULL || memsim_cli_parse_size (option, text, out_value);
}

static gboolean
build_config (MemsimHeapConfig *config)
{
  guint64 total;
  g_autoptr (GError) error = NULL;

  if (opt_total == NULL)
    {
      memsim_cli_usage_error (&memsim_cli_replay_command, _("--total SIZE is required"));
      return FALSE;
    }
  if (!memsim_cli_parse_size ("--total", opt_total, &total))
    return FALSE;

  memsim_heap_config_init (config, total);
  if (opt_policy != NULL && !memsim_policy_from_string (opt_policy, &config->policy))
    {
      memsim_cli_usage_error (&memsim_cli_replay_command, _("unknown policy \"%s\" "
                                                            "(expected first-fit, next-fit, best-fit, worst-fit or buddy)"),
                              opt_policy);
      return FALSE;
    }
  if (!parse_setting_option ("--align", opt_align, &config->align)
      || !parse_setting_option ("--header", opt_header, &config->header)
      || !parse_setting_option ("--min-block", opt_min_block, &config->min_block))
    return FALSE;
  config->round_pow2 = opt_round_pow2;
  config->auto_compact = opt_auto_compact;

  if (memsim_heap_config_check (config, &error))
    return TRUE;
  memsim_cli_error ("%s", error->message);
  return FALSE;
}

static void
print_rep_header (MemsimRepReader *reader)
{
  /* TRANSLATORS: a row of the summary table: the trace's header. */
  memsim_cli_print_row (stdout, C_("trace", "header"), _("%u lines, %" PRIu64 " ids, %"
                                                         PRIu64 " ops"),
                        memsim_rep_reader_get_n_header_lines (reader),
                        memsim_rep_reader_get_n_ids (reader),
                        memsim_rep_reader_get_n_ops (reader));
}

/* What a native or mtrace trace held that is not an event. */
static void
print_address_rows (MemsimTraceReader      *reader,
                    const MemsimTraceStats *stats)
{
  if (memsim_trace_reader_get_format (reader) == MEMSIM_TRACE_FORMAT_NATIVE)
    memsim_cli_print_row (stdout, _("threads"), "%u", stats->n_threads);
  memsim_cli_print_row (stdout, _("not replayed"),
                        _("%" PRIu64 " free(NULL), %" PRIu64 " frees of unknown pointers, %"
                          PRIu64 " calls that failed in the program"),
                        stats->n_null_frees, stats->n_unknown_frees, stats->n_failed_calls);
  if (stats->n_reused > 0)
    memsim_cli_print_row (stdout, _("missed frees"),
                          _("%" PRIu64 " addresses handed out again without a free"),
                          stats->n_reused);
}

static void
print_summary (const ReplayResult *result,
               MemsimTraceReader  *reader,
               const MemsimHeap   *heap)
{
  const guint64 *n = result->n_events;
  MemsimRepReader *rep = memsim_trace_reader_get_rep (reader);
  MemsimTraceStats stats;

  memsim_trace_reader_get_stats (reader, &stats);
  printf ("%s\n", _("trace"));
  memsim_cli_print_row (stdout, _("file"), "%s", result->path);
  if (rep != NULL)
    {
      print_rep_header (rep);
      memsim_cli_print_row (stdout, _("events"), _("%" PRIu64 " (%" PRIu64
                                                    " a, %" PRIu64 " r, %" PRIu64 " f, %"
                                                    PRIu64 " free(NULL) skipped)"),
                            n[0] + n[1] + n[2], n[0], n[1], n[2], stats.n_null_frees);
    }
  else
    {
      memsim_cli_print_row (stdout, _("format"), "%s",
                            memsim_trace_format_to_string (memsim_trace_reader_get_format (reader)));
      memsim_cli_print_row (stdout, _("events"), _("%" PRIu64 " (%" PRIu64 " allocations, %"
                                                    PRIu64 " reallocations, %" PRIu64 " frees)"),
                            n[0] + n[1] + n[2], n[0], n[1], n[2]);
      print_address_rows (reader, &stats);
    }
  memsim_cli_print_row (stdout, _("failed"), "%" G_GUINT64_FORMAT, result->n_failed);
  printf ("\n");
  memsim_cli_print_heap (stdout, heap);
}

gboolean
memsim_cli_parse_format (const char        *text,
                         MemsimTraceFormat *out_format)
{
  *out_format = MEMSIM_TRACE_FORMAT_AUTO;
  if (text == NULL || (memsim_trace_format_from_string (text, out_format)
                       && *out_format != MEMSIM_TRACE_FORMAT_AUTO))
    return TRUE;
  memsim_cli_error (_("--format: unknown trace format \"%s\" (expected native, rep or mtrace)"),
                    text);
  return FALSE;
}

static int
replay_file (const char             *path,
             MemsimTraceFormat       format,
             const MemsimHeapConfig *config)
{
  g_autoptr (MemsimTraceReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  MemsimHeap *heap;
  ReplayResult result = { .path = path };
  int status;

  heap = memsim_heap_new (config, &error);
  if (heap == NULL || !(reader = memsim_trace_reader_open (path, format, &error)))
    {
      memsim_cli_error ("%s", error->message);
      g_clear_pointer (&heap, memsim_heap_free);
      return MEMSIM_CLI_EXIT_USAGE;
    }

  /* Only the final state is read back: index the free blocks alone
   * (memsim_heap_set_live_indexed(); the JSON's walk indexes the rest). */
  memsim_heap_set_live_indexed (heap, FALSE);
  status = replay_trace (heap, reader, &result);
  if (status == MEMSIM_CLI_EXIT_OK && result.first_failure != NULL)
    memsim_cli_error (_("%" PRIu64 " operations failed; the first: %s"),
                      result.n_failed, result.first_failure);
  if (status == MEMSIM_CLI_EXIT_OK && opt_json)
    memsim_cli_print_json (heap);
  else if (status == MEMSIM_CLI_EXIT_OK)
    print_summary (&result, reader, heap);

  g_free (result.first_failure);
  memsim_heap_free (heap);
  return status;
}

static int
replay_main (int    argc,
             char **argv)
{
  MemsimHeapConfig config;
  MemsimTraceFormat format;
  int status = MEMSIM_CLI_EXIT_USAGE;

  if (memsim_cli_parse_args (&memsim_cli_replay_command, &argc, &argv, 1)
      && memsim_cli_parse_format (opt_format, &format)
      && build_config (&config))
    status = replay_file (argv[1], format, &config);

  g_clear_pointer (&opt_format, g_free);
  g_clear_pointer (&opt_policy, g_free);
  g_clear_pointer (&opt_total, g_free);
  g_clear_pointer (&opt_align, g_free);
  g_clear_pointer (&opt_header, g_free);
  g_clear_pointer (&opt_min_block, g_free);
  return status;
}

const MemsimCliCommand memsim_cli_replay_command = {
  .name = "replay",
  .parameter = N_("TRACE"),
  .summary = N_("Replay a trace (.rep, a recording or an mtrace() log) on a simulated heap"),
  .description =
    N_("Reads the trace as it goes (never the whole file) and applies each event\n"
    "to the heap directly, with the trace id as the block's name.  The format\n"
    "is detected from the content: Memsim's recording (memsim-cli record), a\n"
    "glibc mtrace() log (real addresses become ids 0, 1, 2...; a free of an\n"
    "unknown pointer is counted, not fatal) or a CS:APP .rep trace:\n"
    "  a ID BYTES   allocate (0 bytes is taken as 1)\n"
    "  r ID BYTES   reallocate; on an id that is not live, allocate\n"
    "  f ID         free; a negative id is free(NULL): nothing happens\n"
    "A trace that cannot be read (bad header, bad line, truncated) stops the\n"
    "replay with FILE:LINE and exit status 2.  Operations that fail are\n"
    "counted (the first is shown on stderr); --strict stops at the first.\n"
    "Use \"-\" as TRACE to read standard input (as .rep unless --format says).\n"
    "Example: memsim-cli replay bash.rep --policy best-fit --total 16M\n"),
  .entries = replay_entries,
  .main = replay_main,
};
