/* memsim-cli-record.c: `memsim-cli record -o FILE -- PROGRAM ARGS…`
 *
 * Runs PROGRAM with libmemsim-preload.so in LD_PRELOAD and MEMSIM_TRACE_FILE
 * set, waits for it, then reads the trace it left and prints a summary on
 * stderr (stdout is the program's).  memsim-cli exits with the program's
 * status, as time(1) and strace(1) do: 128 + N when signal N killed it.
 *
 * The recorder is looked for, in order: $MEMSIM_PRELOAD, beside memsim-cli
 * in the build tree (../preload/), beside memsim-cli, then in the installed
 * library directory ($libdir/memsim/).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memsim-cli.h"

#define PRELOAD_NAME "libmemsim-preload.so"

static char *opt_output;
static gboolean opt_children;

static const GOptionEntry record_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write the trace to FILE (required)"), N_("FILE") },
  { "children", 0, 0, G_OPTION_ARG_NONE, &opt_children,
    N_("Record the programs it starts too, each into FILE.PID"), NULL },
  { NULL }
};

typedef struct {
  guint64 n_calls[5];     /* allocations by MemsimTraceCall */
  guint64 n_kinds[3];     /* events by MemsimTraceKind */
  guint64 n_events;
  MemsimTraceStats stats;
} RecordCounts;

static char *
find_preload (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : g_strdup (".");
  const char *env = g_getenv ("MEMSIM_PRELOAD");
  char *candidates[] = {
    g_build_filename (dir, "..", "preload", PRELOAD_NAME, NULL),
    g_build_filename (dir, PRELOAD_NAME, NULL),
    g_build_filename (MEMSIM_PRELOAD_DIR, PRELOAD_NAME, NULL),
  };
  char *found = NULL;

  if (env != NULL && *env != '\0')
    found = g_strdup (env);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (found == NULL && g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
        found = g_canonicalize_filename (candidates[i], NULL);
      g_free (candidates[i]);
    }
  return found;
}

static char **
child_environment (const char *preload,
                   const char *trace)
{
  char **envp = g_get_environ ();
  const char *existing = g_environ_getenv (envp, "LD_PRELOAD");
  g_autofree char *ld_preload = existing != NULL && *existing != '\0'
                                ? g_strconcat (preload, ":", existing, NULL)
                                : g_strdup (preload);

  envp = g_environ_setenv (envp, "LD_PRELOAD", ld_preload, TRUE);
  envp = g_environ_setenv (envp, "MEMSIM_TRACE_FILE", trace, TRUE);
  envp = g_environ_unsetenv (envp, "MEMSIM_TRACE_OWNER");
  if (opt_children)
    envp = g_environ_setenv (envp, "MEMSIM_RECORD_CHILDREN", "1", TRUE);
  else
    envp = g_environ_unsetenv (envp, "MEMSIM_RECORD_CHILDREN");
  return envp;
}

/* In the child: memsim-cli ignores SIGINT and SIGQUIT while it waits (as
 * system() does), the program must not inherit that. */
static void
restore_signals (gpointer user_data)
{
  signal (SIGINT, SIG_DFL);
  signal (SIGQUIT, SIG_DFL);
}

/* Runs the program; returns its wait status, or -1 (printed) when it
 * could not start. */
static int
run_program (char **argv,
             char **envp)
{
  g_autoptr (GError) error = NULL;
  void (*old_int) (int) = signal (SIGINT, SIG_IGN);
  void (*old_quit) (int) = signal (SIGQUIT, SIG_IGN);
  int wait_status = -1;
  gboolean ok;

  ok = g_spawn_sync (NULL, argv, envp,
                     G_SPAWN_SEARCH_PATH_FROM_ENVP | G_SPAWN_CHILD_INHERITS_STDIN,
                     restore_signals, NULL, NULL, NULL, &wait_status, &error);
  signal (SIGINT, old_int);
  signal (SIGQUIT, old_quit);
  if (!ok)
    {
      memsim_cli_error ("%s", error->message);
      return -1;
    }
  return wait_status;
}

static gboolean
count_trace (const char   *path,
             RecordCounts *counts,
             GError      **error)
{
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_NATIVE,
                                                                   error);
  MemsimTraceEvent event;

  if (reader == NULL)
    return FALSE;
  while (memsim_trace_reader_next (reader, &event, error))
    {
      counts->n_events++;
      counts->n_kinds[event.kind]++;
      if (event.kind == MEMSIM_TRACE_ALLOC)
        counts->n_calls[event.call]++;
    }
  memsim_trace_reader_get_stats (reader, &counts->stats);
  return error == NULL || *error == NULL;
}

static char *
describe_status (int wait_status)
{
  if (WIFSIGNALED (wait_status))
    return g_strdup_printf (_("killed by signal %d (%s)"), WTERMSIG (wait_status),
                            g_strsignal (WTERMSIG (wait_status)));
  return g_strdup_printf (_("exited with status %d"), WEXITSTATUS (wait_status));
}

static void
print_counts (const char         *trace,
              const RecordCounts *c)
{
  const guint64 *n = c->n_calls;
  guint64 n_alloc = c->n_kinds[MEMSIM_TRACE_ALLOC];
  GStatBuf st;

  fprintf (stderr, "%s\n", _("trace"));
  memsim_cli_print_row (stderr, _("file"), "%s", trace);
  if (g_stat (trace, &st) == 0)
    memsim_cli_print_bytes (stderr, _("size"), (guint64) st.st_size);
  memsim_cli_print_row (stderr, _("events"), "%" PRIu64, c->n_events);
  memsim_cli_print_row (stderr, _("allocations"),
                        _("%" PRIu64 " (%" PRIu64 " malloc, %" PRIu64 " calloc, %" PRIu64
                          " aligned, %" PRIu64 " realloc(NULL))"), n_alloc,
                        n[MEMSIM_TRACE_CALL_MALLOC], n[MEMSIM_TRACE_CALL_CALLOC],
                        n[MEMSIM_TRACE_CALL_MEMALIGN],
                        n_alloc - n[MEMSIM_TRACE_CALL_MALLOC] - n[MEMSIM_TRACE_CALL_CALLOC]
                        - n[MEMSIM_TRACE_CALL_MEMALIGN]);
  memsim_cli_print_row (stderr, _("reallocations"), "%" PRIu64, c->n_kinds[MEMSIM_TRACE_REALLOC]);
  memsim_cli_print_row (stderr, _("frees"), "%" PRIu64, c->n_kinds[MEMSIM_TRACE_FREE]);
  memsim_cli_print_row (stderr, _("threads"), "%u", c->stats.n_threads);
  memsim_cli_print_row (stderr, _("not replayable"),
                        _("%" PRIu64 " frees of unknown pointers, %" PRIu64 " failed calls"),
                        c->stats.n_unknown_frees, c->stats.n_failed_calls);
  if (c->stats.n_reused > 0)
    memsim_cli_print_row (stderr, _("missed frees"),
                          _("%" PRIu64 " addresses handed out again without a free"),
                          c->stats.n_reused);
}

/* An empty FILE now: a path that cannot be written is found before the
 * program runs, and a program that never loaded the recorder leaves it
 * empty. */
static gboolean
create_empty (const char *trace)
{
  int fd = g_open (trace, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      int saved = errno;
      memsim_cli_error ("%s: %s", trace, g_strerror (saved));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

static int
record_program (char **argv)
{
  g_autofree char *preload = find_preload ();
  g_autofree char *trace = g_canonicalize_filename (opt_output, NULL);
  g_autofree char *status_text = NULL;
  g_auto (GStrv) envp = NULL;
  g_autoptr (GError) error = NULL;
  RecordCounts counts = { { 0 } };
  GStatBuf st;
  int wait_status;

  if (preload == NULL)
    {
      memsim_cli_error (_("cannot find %s beside memsim-cli or in %s; set MEMSIM_PRELOAD "
                          "to its path"), PRELOAD_NAME, MEMSIM_PRELOAD_DIR);
      return MEMSIM_CLI_EXIT_USAGE;
    }
  if (!create_empty (trace))
    return MEMSIM_CLI_EXIT_USAGE;

  envp = child_environment (preload, trace);
  wait_status = run_program (argv, envp);
  if (wait_status == -1)
    return MEMSIM_CLI_EXIT_USAGE;

  status_text = describe_status (wait_status);
  fprintf (stderr, "\n%s\n", _("program"));
  memsim_cli_print_row (stderr, _("command"), "%s", argv[0]);
  memsim_cli_print_row (stderr, _("status"), "%s", status_text);
  if (g_stat (trace, &st) != 0 || st.st_size == 0)
    {
      memsim_cli_error (_("%s wrote no trace: it did not load the recorder (a static or "
                          "setuid program?)"), argv[0]);
      return MEMSIM_CLI_EXIT_USAGE;
    }
  if (!count_trace (trace, &counts, &error))
    {
      memsim_cli_error ("%s", error->message);
      return MEMSIM_CLI_EXIT_USAGE;
    }
  print_counts (trace, &counts);
  return WIFSIGNALED (wait_status) ? 128 + WTERMSIG (wait_status) : WEXITSTATUS (wait_status);
}

static int
record_main (int    argc,
             char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("-- PROGRAM [ARGUMENT...]"));
  g_autoptr (GError) error = NULL;
  int status = MEMSIM_CLI_EXIT_USAGE;

  /* Options stop at PROGRAM: its own options are its own. */
  g_option_context_set_strict_posix (context, TRUE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, record_entries, NULL);
  g_option_context_set_summary (context, _(memsim_cli_record_command.summary));
  g_option_context_set_description (context, _(memsim_cli_record_command.description));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      memsim_cli_usage_error (&memsim_cli_record_command, "%s", error->message);
      g_clear_pointer (&opt_output, g_free);
      return status;
    }
  if (argc > 1 && strcmp (argv[1], "--") == 0)
    {
      argc--;
      argv++;
    }

  if (opt_output == NULL)
    memsim_cli_usage_error (&memsim_cli_record_command, _("-o FILE is required"));
  else if (argc < 2)
    memsim_cli_usage_error (&memsim_cli_record_command, _("missing PROGRAM"));
  else
    status = record_program (argv + 1);

  g_clear_pointer (&opt_output, g_free);
  return status;
}

const MemsimCliCommand memsim_cli_record_command = {
  .name = "record",
  .parameter = N_("-- PROGRAM [ARGUMENT...]"),
  .summary = N_("Run a program and record its malloc, free and realloc calls"),
  .description =
    N_("Runs PROGRAM with libmemsim-preload.so preloaded, which writes each\n"
    "malloc, calloc, realloc, free, posix_memalign, aligned_alloc, memalign,\n"
    "valloc and pvalloc call (with its thread and time) into FILE, in Memsim's\n"
    "native format (docs/trace-formats.md).  The programs PROGRAM starts are\n"
    "not recorded unless --children is given.  A summary of the trace goes\n"
    "to stderr; the exit status is PROGRAM's (128 + N when signal N killed\n"
    "it), or 2 when nothing could be recorded.  Static and setuid programs\n"
    "cannot be recorded (they ignore LD_PRELOAD).\n"
    "Example: memsim-cli record -o ls.trace -- ls -R /usr/share/doc\n"
    "         memsim-cli replay ls.trace --policy best-fit --total 256M\n"),
  .entries = record_entries,
  .main = record_main,
};
