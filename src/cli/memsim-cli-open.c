/* memsim-cli-open.c: `memsim-cli open S.memsim` and `memsim-cli info S.memsim`
 *
 * open rebuilds the saved session (replaying its log and checking the
 * replay against the file, memsim-session-file-load.c) and prints what
 * `run` printed at the end of the original script: the summary, or with
 * --json the final state of SEMANTICS §10 — byte for byte the same as
 * `run --json` when the session was saved at the end of its log.
 *
 * info reads the file's meta data without replaying it.
 *
 * A file that cannot be used (missing, empty, not SQLite, damaged, from a
 * newer Memsim, not replaying to what it recorded) is one sentence on
 * stderr that names the file, and exit status 2.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-cli.h"

#include "memsim-json.h"
#include "memsim-script.h"
#include "memsim-session-file.h"

static gboolean opt_json;

static const GOptionEntry open_entries[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json,
    N_("Print the final state as JSON on stdout instead of the summary"), NULL },
  { NULL }
};

static const GOptionEntry info_entries[] = {
  { NULL }
};

/* Runs every command; the failed ones stay in the log as failed, as in the
 * app (the ops table has their reasons). */
static MemsimSession *
run_script (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = memsim_script_parse_file (path, &error);
  MemsimSession *session;

  if (ops == NULL)
    {
      memsim_cli_error ("%s", error->message);
      return NULL;
    }
  session = memsim_session_new ();
  memsim_session_begin_batch (session);
  for (guint i = 0; i < ops->len; i++)
    memsim_session_apply (session, g_ptr_array_index (ops, i), NULL);
  memsim_session_end_batch (session);
  return session;
}

MemsimSession *
memsim_cli_load_session (const char *path)
{
  g_autoptr (GError) error = NULL;
  MemsimSession *session;

  if (g_str_has_suffix (path, ".msim"))
    return run_script (path);
  session = memsim_session_file_load (path, NULL, &error);
  if (session == NULL)
    memsim_cli_error ("%s", error->message);
  return session;
}

/* ---- open ---------------------------------------------------------------- */

static void
print_open_summary (const char    *path,
                    MemsimSession *session)
{
  printf ("%s\n", _("session"));
  memsim_cli_print_row (stdout, _("file"), "%s", path);
  memsim_cli_print_row (stdout, _("operations"), _("%u (position %u)"),
                        memsim_session_get_n_ops (session),
                        memsim_session_get_position (session));
  printf ("\n");
  memsim_cli_print_heap (stdout, memsim_session_get_heap (session));
  memsim_cli_print_store_summary (memsim_session_get_object_store (session));
}

static int
open_main (int    argc,
           char **argv)
{
  g_autoptr (MemsimSession) session = NULL;
  g_autofree char *json = NULL;

  if (!memsim_cli_parse_args (&memsim_cli_open_command, &argc, &argv, 1))
    return MEMSIM_CLI_EXIT_USAGE;
  session = memsim_cli_load_session (argv[1]);
  if (session == NULL)
    return MEMSIM_CLI_EXIT_USAGE;
  if (!opt_json)
    {
      print_open_summary (argv[1], session);
      return MEMSIM_CLI_EXIT_OK;
    }
  json = memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                             memsim_session_get_object_store (session));
  fputs (json, stdout);
  return MEMSIM_CLI_EXIT_OK;
}

const MemsimCliCommand memsim_cli_open_command = {
  .name = "open",
  .parameter = N_("S.memsim"),
  .summary = N_("Open a saved session and print its state"),
  .description =
    N_("Rebuilds the session saved in S.memsim by `run --save` (or the app):\n"
    "replays its operations and checks the result against the file.  Prints\n"
    "the summary at the saved position, or with --json the final state as\n"
    "JSON, the same bytes `run --json` printed for the same script.\n"
    "A missing, empty, damaged or non-SQLite file, one from a newer Memsim,\n"
    "or one that does not replay to what it recorded is refused with a\n"
    "message that names the file (exit status 2).  A FILE ending in .msim is\n"
    "run as a script instead.  docs/session-format.md describes the file.\n"),
  .entries = open_entries,
  .main = open_main,
};

/* ---- info ---------------------------------------------------------------- */

static void
print_info (const char                  *path,
            const MemsimSessionFileInfo *info)
{
  if (info->format < MEMSIM_SESSION_FILE_FORMAT)
    memsim_cli_print_row (stdout, "format", _("%u (older: upgraded in memory when opened)"),
                          info->format);
  else
    memsim_cli_print_row (stdout, "format", "%u", info->format);
  memsim_cli_print_row (stdout, "app_version", "%s", info->app_version);
  memsim_cli_print_row (stdout, "saved_at", "%s", info->saved_at);
  memsim_cli_print_row (stdout, "operations", "%u", info->n_ops);
  memsim_cli_print_row (stdout, "position", "%u", info->position);
  memsim_cli_print_row (stdout, "policy", "%s", memsim_policy_to_string (info->policy));
  memsim_cli_print_bytes (stdout, "total", info->total);
  memsim_cli_print_row (stdout, "object_profile", "%s",
                        memsim_object_profile_to_string (info->profile));
  memsim_cli_print_bytes (stdout, "file_size", info->file_size);
}

static int
info_main (int    argc,
           char **argv)
{
  g_autoptr (GError) error = NULL;
  MemsimSessionFileInfo info;

  if (!memsim_cli_parse_args (&memsim_cli_info_command, &argc, &argv, 1))
    return MEMSIM_CLI_EXIT_USAGE;
  if (!memsim_session_file_read_info (argv[1], &info, &error))
    {
      memsim_cli_error ("%s", error->message);
      return MEMSIM_CLI_EXIT_USAGE;
    }
  printf ("%s\n", _("session"));
  memsim_cli_print_row (stdout, _("file"), "%s", argv[1]);
  print_info (argv[1], &info);
  memsim_session_file_info_clear (&info);
  return MEMSIM_CLI_EXIT_OK;
}

const MemsimCliCommand memsim_cli_info_command = {
  .name = "info",
  .parameter = N_("S.memsim"),
  .summary = N_("Describe a saved session without opening it"),
  .description =
    N_("Prints what S.memsim holds, read from its meta data without replaying\n"
    "it: the file format, the Memsim version that saved it, when (UTC), the\n"
    "number of operations, the undo position, the policy and total of the\n"
    "heap at that position, the object store's profile and the file's size.\n"
    "The file is checked as by open (exit status 2 if it cannot be used).\n"),
  .entries = info_entries,
  .main = info_main,
};
