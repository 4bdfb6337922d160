/* memsim-cli.c: the entry point of memsim-cli and the subcommand dispatch
 *
 *   memsim-cli COMMAND [OPTION…] ARGUMENTS
 *
 * Each command (run, replay, bench, record, convert, compare, generate,
 * open, info, export) lives in its own file and describes itself with a
 * MemsimCliCommand: its GOptionEntry table, a summary and a description.
 * `memsim-cli --help` prints the help of every command from
 * those same tables, so the full help cannot drift from the options.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "memsim-cli.h"

static const MemsimCliCommand *commands[] = {
  &memsim_cli_run_command,
  &memsim_cli_replay_command,
  &memsim_cli_bench_command,
  &memsim_cli_record_command,
  &memsim_cli_convert_command,
  &memsim_cli_compare_command,
  &memsim_cli_generate_command,
  &memsim_cli_open_command,
  &memsim_cli_info_command,
  &memsim_cli_export_command,
};

static const char exit_statuses[] =
  N_("Exit status:\n"
     "  0  success (operations that failed without --strict are counted, not fatal)\n"
     "  1  an operation failed under --strict (the message names FILE:LINE)\n"
     "  2  bad input or usage: a syntax error, an unreadable file, a bad option\n");

void
memsim_cli_error (const char *format,
                  ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "memsim-cli: %s\n", message);
}

int
memsim_cli_usage_error (const MemsimCliCommand *command,
                        const char             *format,
                        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "memsim-cli: COMMAND: MESSAGE", then how to get help;
   * the second and fifth %s are ": " and " " after a command. */
  fprintf (stderr, _("memsim-cli: %s%s%s\nTry 'memsim-cli %s%s--help'.\n"),
           command != NULL ? command->name : "", command != NULL ? ": " : "",
           message, command != NULL ? command->name : "", command != NULL ? " " : "");
  return MEMSIM_CLI_EXIT_USAGE;
}

gboolean
memsim_cli_parse_size (const char *option,
                       const char *text,
                       guint64    *out_size)
{
  g_autoptr (GError) error = NULL;

  if (memsim_parse_size (text, out_size, &error))
    return TRUE;

  memsim_cli_error ("%s: %s", option, error->message);
  return FALSE;
}

static GOptionContext *
command_context (const MemsimCliCommand *command)
{
  GOptionContext *context = g_option_context_new (command->parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, command->summary);
  g_option_context_set_description (context, command->description);
  g_option_context_add_main_entries (context, command->entries, NULL);
  return context;
}

gboolean
memsim_cli_parse_args (const MemsimCliCommand *command,
                       int                    *argc,
                       char                 ***argv,
                       int                     n_args)
{
  g_autoptr (GOptionContext) context = command_context (command);
  g_autoptr (GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      memsim_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  if (*argc - 1 < n_args)
    {
      memsim_cli_usage_error (command, _("missing %s"), _(command->parameter));
      return FALSE;
    }
  if (*argc - 1 > n_args)
    {
      memsim_cli_usage_error (command, _("unexpected argument \"%s\""),
                              (*argv)[n_args + 1]);
      return FALSE;
    }
  return TRUE;
}

static void
print_full_help (void)
{
  printf ("%s", _("Usage:\n"
                  "  memsim-cli COMMAND [OPTION...] ARGUMENTS\n"
                  "  memsim-cli help COMMAND\n\n"
                  "Memsim's command line: run .msim scripts on the simulated heap and\n"
                  "its CPython object store (run --mallocstats prints the store's report\n"
                  "as sys._debugmallocstats() does), record real programs, replay and\n"
                  "convert traces (.rep, recordings, mtrace() logs), compare policies,\n"
                  "generate workloads, benchmark the allocation engine, save sessions to\n"
                  ".memsim files, open them again and export their tables as CSV or JSON.\n\n"
                  "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    printf ("  %-8s %s\n", commands[i]->name, _(commands[i]->summary));
  printf ("  %-8s %s\n\n", "help", _("Show the help of one command"));
  printf ("%s", _("Options:\n"
                  "  -h, --help   Show this help: every command and its options\n"
                  "  --version    Print the version and exit\n\n"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr (GOptionContext) context = command_context (commands[i]);
      g_autofree char *prgname = g_strdup_printf ("memsim-cli %s", commands[i]->name);
      g_autofree char *help = NULL;

      g_set_prgname (prgname);
      help = g_option_context_get_help (context, TRUE, NULL);
      printf ("== memsim-cli %s ==\n\n%s\n", commands[i]->name, help);
    }
  g_set_prgname ("memsim-cli");
  printf ("%s", _(exit_statuses));
}

static const MemsimCliCommand *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i]->name, name) == 0)
      return commands[i];
  return NULL;
}

static int
print_command_help (const char *name)
{
  const MemsimCliCommand *command = name != NULL ? find_command (name) : NULL;
  g_autoptr (GOptionContext) context = NULL;
  g_autofree char *prgname = NULL;
  g_autofree char *help = NULL;

  if (name == NULL)
    {
      print_full_help ();
      return MEMSIM_CLI_EXIT_OK;
    }
  if (command == NULL)
    return memsim_cli_usage_error (NULL, _("unknown command \"%s\""), name);

  prgname = g_strdup_printf ("memsim-cli %s", command->name);
  g_set_prgname (prgname);
  context = command_context (command);
  help = g_option_context_get_help (context, TRUE, NULL);
  printf ("%s%s", help, _(exit_statuses));
  return MEMSIM_CLI_EXIT_OK;
}

int
main (int    argc,
      char **argv)
{
  const MemsimCliCommand *command;
  g_autofree char *prgname = NULL;

  /* GOption prints its help in the locale's charset; numbers stay "1.5". */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("memsim-cli");

  if (argc < 2)
    return memsim_cli_usage_error (NULL, _("missing command (memsim-cli --help lists the commands)"));
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "-?") == 0)
    return print_command_help (NULL);
  if (strcmp (argv[1], "help") == 0)
    return print_command_help (argc > 2 ? argv[2] : NULL);
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("memsim-cli %s\n", PACKAGE_VERSION);
      return MEMSIM_CLI_EXIT_OK;
    }

  command = find_command (argv[1]);
  if (command == NULL)
    return memsim_cli_usage_error (NULL, _("unknown command \"%s\" (memsim-cli --help lists "
                                           "the commands)"), argv[1]);

  /* "memsim-cli run" in the usage line of `memsim-cli run --help` */
  prgname = g_strdup_printf ("memsim-cli %s", command->name);
  g_set_prgname (prgname);
  return command->main (argc - 1, argv + 1);
}
