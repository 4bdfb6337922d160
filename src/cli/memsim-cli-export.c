/* memsim-cli-export.c: `memsim-cli export FILE --what TABLE --csv OUT`
 *
 * Writes one of the session's tables as CSV (docs/csv.md) and/or its final
 * state as JSON (SEMANTICS §10), from a saved session or straight from a
 * script.  Files are replaced atomically; "-" is stdout.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-cli.h"

#include "memsim-csv.h"
#include "memsim-json.h"

static char *opt_what;
static char *opt_csv;
static char *opt_json;

static const GOptionEntry export_entries[] = {
  { "what", 0, 0, G_OPTION_ARG_STRING, &opt_what,
    N_("The table for --csv: ops (default), blocks, objects or stats"), N_("TABLE") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv,
    N_("Write the table as CSV to OUT (\"-\": stdout)"), N_("OUT") },
  { "json", 0, 0, G_OPTION_ARG_FILENAME, &opt_json,
    N_("Write the final state as JSON to OUT (\"-\": stdout)"), N_("OUT") },
  { NULL }
};

static void
clear_options (void)
{
  g_clear_pointer (&opt_what, g_free);
  g_clear_pointer (&opt_csv, g_free);
  g_clear_pointer (&opt_json, g_free);
}

static gboolean
check_options (MemsimCsvTable *out_table)
{
  *out_table = MEMSIM_CSV_OPS;
  if (opt_csv == NULL && opt_json == NULL)
    {
      memsim_cli_usage_error (&memsim_cli_export_command,
                              _("nothing to export: give --csv OUT or --json OUT"));
      return FALSE;
    }
  if (g_strcmp0 (opt_csv, "-") == 0 && g_strcmp0 (opt_json, "-") == 0)
    {
      memsim_cli_usage_error (&memsim_cli_export_command,
                              _("--csv and --json cannot both write on stdout"));
      return FALSE;
    }
  if (opt_what != NULL && !memsim_csv_table_from_string (opt_what, out_table))
    {
      memsim_cli_usage_error (&memsim_cli_export_command,
                              _("unknown table \"%s\" (expected ops, blocks, objects or "
                                "stats)"), opt_what);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_json (MemsimSession *session,
            const char    *path)
{
  g_autofree char *json =
    memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                        memsim_session_get_object_store (session));
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (path, "-") == 0)
    {
      fputs (json, stdout);
      return TRUE;
    }
  if (g_file_set_contents (path, json, -1, &error))
    return TRUE;
  memsim_cli_error (_("Could not write %s: %s"), path, error->message);
  return FALSE;
}

static gboolean
export (MemsimSession  *session,
        MemsimCsvTable  table)
{
  g_autoptr (GError) error = NULL;

  if (opt_csv != NULL && !memsim_csv_save (session, table, opt_csv, NULL, &error))
    {
      memsim_cli_error ("%s", error->message);
      return FALSE;
    }
  return opt_json == NULL || write_json (session, opt_json);
}

static int
export_main (int    argc,
             char **argv)
{
  g_autoptr (MemsimSession) session = NULL;
  MemsimCsvTable table;
  int status = MEMSIM_CLI_EXIT_USAGE;

  if (memsim_cli_parse_args (&memsim_cli_export_command, &argc, &argv, 1)
      && check_options (&table)
      && (session = memsim_cli_load_session (argv[1])) != NULL
      && export (session, table))
    status = MEMSIM_CLI_EXIT_OK;
  clear_options ();
  return status;
}

const MemsimCliCommand memsim_cli_export_command = {
  .name = "export",
  .parameter = N_("FILE"),
  .summary = N_("Export a session's tables as CSV or its final state as JSON"),
  .description =
    N_("FILE is a saved session (.memsim) or a script (.msim, which is run\n"
    "first).  --csv OUT writes the table chosen by --what as CSV (RFC 4180:\n"
    "CRLF, a header row, units in the column names, numbers with a dot in\n"
    "every locale; docs/csv.md lists every column):\n"
    "  ops      one row per operation: index, time, operation, name, size,\n"
    "           result, and every metric after it (not init, policy, set)\n"
    "  blocks   the live blocks, by address (the process table)\n"
    "  objects  the object store's live objects, by id (the ledger)\n"
    "  stats    one row: settings, every metric and counter\n"
    "blocks, objects and stats describe the saved position; ops covers the\n"
    "whole log.  --json OUT writes the final state as `run --json` prints it.\n"),
  .entries = export_entries,
  .main = export_main,
};
