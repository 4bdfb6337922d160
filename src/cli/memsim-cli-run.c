/* memsim-cli-run.c: `memsim-cli run FILE.msim`
 *
 * The whole script is parsed first, so a syntax error anywhere runs
 * nothing (exit 2).  Then every command goes through a MemsimSession, as the
 * app would apply it: a command that fails is reported on stderr, counted,
 * and the run goes on — unless --strict, which stops there with exit 1.
 * At the end it prints the summary, the JSON (--json) or the object store's
 * report in the layout of CPython's sys._debugmallocstats() (--mallocstats).
 * --save writes the session to a .memsim file and --csv one row per
 * operation, after the run and before the report.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "memsim-cli.h"

#include "memsim-csv.h"
#include "memsim-json.h"
#include "memsim-script.h"
#include "memsim-session.h"
#include "memsim-session-file.h"

static gboolean opt_json;
static gboolean opt_strict;
static gboolean opt_mallocstats;
static char *opt_profile;
static char *opt_save;
static char *opt_csv;

static const GOptionEntry run_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print the final state as JSON on stdout instead of the summary"), NULL },
  { "strict", 0, 0, G_OPTION_ARG_NONE, &opt_strict,
    N_("Stop at the first command that fails, with exit status 1"), NULL },
  { "mallocstats", 0, 0, G_OPTION_ARG_NONE, &opt_mallocstats,
    N_("Print the object store's report (as sys._debugmallocstats()) instead of the summary"),
    NULL },
  { "profile", 0, 0, G_OPTION_ARG_STRING, &opt_profile,
    N_("The object store's CPython: cpython-3.11 (default) or cpython-3.9"), N_("P") },
  { "save", 0, 0, G_OPTION_ARG_FILENAME, &opt_save,
    N_("Save the session to S.memsim (docs/session-format.md)"), N_("S.memsim") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv,
    N_("Write one CSV row per operation to OUT (\"-\": stdout; docs/csv.md)"), N_("OUT") },
  { NULL }
};

typedef struct {
  const char *path;
  guint       n_ok;
  guint       n_failed;
} RunResult;

static void
report_failure (const char     *path,
                const MemsimOp *op,
                const GError   *error)
{
  g_autofree char *line = memsim_op_to_script (op);

  memsim_cli_error ("%s:%u: %s: %s", path, op->line, line, error->message);
}

/* Applies every op; FALSE when --strict stopped the run. */
static gboolean
run_ops (MemsimSession *session,
         GPtrArray     *ops,
         RunResult     *result)
{
  for (guint i = 0; i < ops->len; i++)
    {
      const MemsimOp *op = g_ptr_array_index (ops, i);
      g_autoptr (GError) error = NULL;

      if (memsim_session_apply (session, op, &error))
        {
          result->n_ok++;
          continue;
        }

      result->n_failed++;
      report_failure (result->path, op, error);
      if (opt_strict)
        return FALSE;
    }
  return TRUE;
}

/* After the heap, when the script used the object store. */
void
memsim_cli_print_store_summary (const MemsimObjectStore *store)
{
  MemsimObjectStats s;

  memsim_object_store_get_stats (store, &s);
  if (s.arenas_allocated_total == 0 && s.large_objects == 0)
    return;
  printf ("\n%s\n", _("object store"));
  memsim_cli_print_row (stdout, "profile", "%s",
                        memsim_object_profile_to_string (memsim_object_store_get_profile (store)));
  memsim_cli_print_row (stdout, "objects", _("%u (%u names)"),
                        memsim_object_store_get_n_objects (store),
                        memsim_object_store_get_n_names (store));
  memsim_cli_print_row (stdout, "arenas", _("%" PRIu64 " (%" PRIu64
                                              " allocated in total, %" PRIu64 " reclaimed)"),
                        s.arenas_current, s.arenas_allocated_total, s.arenas_reclaimed);
  memsim_cli_print_row (stdout, "pools", _("%" PRIu64 " in use, %" PRIu64
                                             " unused"), s.pools_in_use, s.unused_pools);
  memsim_cli_print_row (stdout, "blocks_in_use", "%" PRIu64, s.blocks_total);
  memsim_cli_print_bytes (stdout, "allocated_blocks", s.allocated_bytes);
  memsim_cli_print_row (stdout, "large_objects", "%" G_GUINT64_FORMAT, s.large_objects);
  memsim_cli_print_bytes (stdout, "large_bytes", s.large_bytes);
}

static void
print_summary (const RunResult *result,
               MemsimSession   *session)
{
  printf ("%s\n", _("script"));
  memsim_cli_print_row (stdout, _("file"), "%s", result->path);
  memsim_cli_print_row (stdout, _("commands"), _("%u (%u ok, %u failed)"),
                        result->n_ok + result->n_failed, result->n_ok,
                        result->n_failed);
  printf ("\n");
  memsim_cli_print_heap (stdout, memsim_session_get_heap (session));
  memsim_cli_print_store_summary (memsim_session_get_object_store (session));
}

static void
print_mallocstats (MemsimSession *session)
{
  g_autofree char *report =
    memsim_object_store_format_mallocstats (memsim_session_get_object_store (session));

  fputs (report, stdout);
}

static void
print_json (MemsimSession *session)
{
  g_autofree char *json =
    memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                        memsim_session_get_object_store (session));

  fputs (json, stdout);
}

/* --json, --mallocstats and --csv - each own stdout; --profile must name one. */
static gboolean
check_options (MemsimObjectProfile *out_profile)
{
  *out_profile = MEMSIM_OBJECT_PROFILE_DEFAULT;
  if (opt_json && opt_mallocstats)
    {
      memsim_cli_usage_error (&memsim_cli_run_command,
                              _("--json and --mallocstats cannot be used together"));
      return FALSE;
    }
  if ((opt_json || opt_mallocstats) && g_strcmp0 (opt_csv, "-") == 0)
    {
      memsim_cli_usage_error (&memsim_cli_run_command,
                              _("--csv - writes on stdout: it cannot be used with --json "
                                "or --mallocstats"));
      return FALSE;
    }
  if (opt_profile != NULL && !memsim_object_profile_from_string (opt_profile, out_profile))
    {
      memsim_cli_usage_error (&memsim_cli_run_command, _("unknown profile \"%s\" (expected "
                                                         "cpython-3.11 or cpython-3.9)"), opt_profile);
      return FALSE;
    }
  return TRUE;
}

/* --save and --csv; FALSE once one failed (it said why). */
static gboolean
write_outputs (MemsimSession *session)
{
  g_autoptr (GError) error = NULL;

  if (opt_save != NULL && !memsim_session_file_save (session, opt_save, NULL, &error))
    {
      memsim_cli_error ("%s", error->message);
      return FALSE;
    }
  if (opt_csv != NULL && !memsim_csv_save (session, MEMSIM_CSV_OPS, opt_csv, NULL, &error))
    {
      memsim_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static void
print_report (const RunResult *result,
              MemsimSession   *session)
{
  if (opt_json)
    print_json (session);
  else if (opt_mallocstats)
    print_mallocstats (session);
  else if (g_strcmp0 (opt_csv, "-") != 0)
    print_summary (result, session);
}

static void
clear_options (void)
{
  g_clear_pointer (&opt_profile, g_free);
  g_clear_pointer (&opt_save, g_free);
  g_clear_pointer (&opt_csv, g_free);
}

static int
run_main (int    argc,
          char **argv)
{
  g_autoptr (GPtrArray) ops = NULL;
  g_autoptr (MemsimSession) session = NULL;
  g_autoptr (GError) error = NULL;
  RunResult result = { 0 };
  MemsimObjectProfile profile;
  gboolean finished;

  if (!memsim_cli_parse_args (&memsim_cli_run_command, &argc, &argv, 1))
    return MEMSIM_CLI_EXIT_USAGE;
  finished = check_options (&profile);
  g_clear_pointer (&opt_profile, g_free);
  if (!finished)
    {
      clear_options ();
      return MEMSIM_CLI_EXIT_USAGE;
    }

  result.path = argv[1];
  ops = memsim_script_parse_file (result.path, &error);
  if (ops == NULL)
    {
      memsim_cli_error ("%s", error->message);
      clear_options ();
      return MEMSIM_CLI_EXIT_USAGE;
    }

  session = memsim_session_new ();
  memsim_session_set_object_profile (session, profile, NULL);
  memsim_session_begin_batch (session);
  finished = run_ops (session, ops, &result);
  memsim_session_end_batch (session);
  if (!finished)
    {
      clear_options ();
      return MEMSIM_CLI_EXIT_FAILED;
    }

  finished = write_outputs (session);
  clear_options ();
  if (!finished)
    return MEMSIM_CLI_EXIT_USAGE;
  print_report (&result, session);
  return MEMSIM_CLI_EXIT_OK;
}

const MemsimCliCommand memsim_cli_run_command = {
  .name = "run",
  .parameter = N_("FILE.msim"),
  .summary = N_("Run a .msim script and print the final state of the heap"),
  .description =
    N_("Parses the whole script first: a syntax error is reported as\n"
    "FILE:LINE:COLUMN and nothing runs (exit status 2).  Then each command\n"
    "is applied in order; a command that fails (unknown name, no space, bad\n"
    "size...) is reported on stderr as FILE:LINE, counted, and the run goes on.\n"
    "The summary gives the heap's settings, every metric and the operation\n"
    "counts, then the object store's counts if the script used it.  --json\n"
    "prints the same final state as JSON (docs/metrics.md), with the object\n"
    "store's arenas, pools and objects under \"object_store\".  --mallocstats\n"
    "prints instead the object store's report in the layout of CPython's\n"
    "sys._debugmallocstats(): the size classes in use, the arena counts and\n"
    "the byte account, whose Total is the arenas times the arena size.\n"
    "Scripts store Python values with store, release and collect; the store\n"
    "models obmalloc.c of --profile (1 MiB arenas for cpython-3.11: give the\n"
    "heap room, init 64M).  The language is described in\n"
    "docs/script-language.md, the object store in docs/object-store.md.\n"
    "--save S.memsim saves the whole session (settings, every operation,\n"
    "the metric series) for `memsim-cli open`; --csv OUT writes one row per\n"
    "operation (not init, policy or set) with its result and every metric\n"
    "(docs/csv.md); \"-\" writes the CSV on stdout instead of the summary.\n"
    "Under --strict, a run that stops writes neither.\n"),
  .entries = run_entries,
  .main = run_main,
};
