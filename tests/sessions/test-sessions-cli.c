/* test-sessions-cli.c: memsim-cli run --save/--csv, open, info and export,
 * end to end, on the classic analytics workload */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "classic-workload.h"
#include "memsim-test-cli.h"

static char *test_dir;
static char *classic_script;   /* classic.msim */
static char *classic_session;  /* classic.memsim, saved by run --save */

static char *
test_path (const char *name)
{
  return g_build_filename (test_dir, name, NULL);
}

/* The workload as a .msim script, one line per operation. */
static void
write_classic_script (void)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autoptr (GString) text = g_string_new ("# the classic analytics workload\n");

  classic_workload_run (session, 4000, 20260429);
  for (guint i = 0; i < memsim_session_get_n_ops (session); i++)
    {
      g_autofree char *line = memsim_op_to_script (memsim_session_get_op (session, i));

      g_string_append_printf (text, "%s\n", line);
    }
  classic_script = test_path ("classic.msim");
  g_assert_true (g_file_set_contents (classic_script, text->str, text->len, NULL));
  classic_session = test_path ("classic.memsim");
}

static void
assert_ok (MemsimCliResult *r)
{
  g_assert_cmpstr (r->err, ==, "");
  g_assert_cmpint (r->status, ==, 0);
}

/* run reports each failed command of the workload on stderr. */
static void
assert_run_ok (MemsimCliResult *r)
{
  g_assert_true (g_str_has_prefix (r->err, "memsim-cli: "));
  g_assert_nonnull (strstr (r->err, "classic.msim:"));
  g_assert_cmpint (r->status, ==, 0);
}

static void
test_open_json_equals_run_json (void)
{
  g_auto (MemsimCliResult) run = { 0 };
  g_auto (MemsimCliResult) save = { 0 };
  g_auto (MemsimCliResult) open = { 0 };

  memsim_test_run_cli (&run, "run", "--json", classic_script, NULL);
  assert_run_ok (&run);
  memsim_test_run_cli (&save, "run", "--json", "--save", classic_session, classic_script, NULL);
  assert_run_ok (&save);
  g_assert_cmpstr (save.out, ==, run.out);
  memsim_test_run_cli (&open, "open", "--json", classic_session, NULL);
  assert_ok (&open);
  g_assert_cmpstr (open.out, ==, run.out);
  g_assert_nonnull (strstr (open.out, "\"compactions\": "));
}

static void
test_open_summary (void)
{
  g_auto (MemsimCliResult) open = { 0 };
  g_autofree char *head = g_strdup_printf ("session\n  file                     %s\n"
                                           "  operations               4001 (position 4001)\n\n"
                                           "heap\n  policy                   first-fit\n"
                                           "  total                    67108864 B (64.0 MiB)\n",
                                           classic_session);

  memsim_test_run_cli (&open, "open", classic_session, NULL);
  assert_ok (&open);
  g_assert_true (g_str_has_prefix (open.out, head));
  g_assert_nonnull (strstr (open.out, "\nmetrics\n  used "));
}

static void
test_info (void)
{
  g_auto (MemsimCliResult) info = { 0 };
  g_autofree char *head = g_strdup_printf ("session\n  file                     %s\n"
                                           "  format                   2\n"
                                           "  app_version              %s\n"
                                           "  saved_at                 ",
                                           classic_session, PACKAGE_VERSION);
  const char *tail = "  operations               4001\n"
                     "  position                 4001\n"
                     "  policy                   first-fit\n"
                     "  total                    67108864 B (64.0 MiB)\n"
                     "  object_profile           cpython-3.11\n"
                     "  file_size                ";

  memsim_test_run_cli (&info, "info", classic_session, NULL);
  assert_ok (&info);
  g_assert_true (g_str_has_prefix (info.out, head));
  g_assert_nonnull (strstr (info.out, tail));
}

static char *
write_text_file (const char *name,
                 const char *text)
{
  char *path = test_path (name);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* Each command refuses @path with exactly "memsim-cli: @message". */
static void
assert_refused (const char *path,
                const char *message)
{
  const char *commands[][3] = {
    { "open", path, NULL }, { "open", "--json", path }, { "info", path, NULL },
  };
  g_autofree char *expected = g_strdup_printf ("memsim-cli: %s\n", message);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (MemsimCliResult) r = { 0 };

      memsim_test_run_cli (&r, commands[i][0], commands[i][1], commands[i][2], NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_cmpstr (r.err, ==, expected);
    }
}

static void
test_refused_files (void)
{
  g_autofree char *text = write_text_file ("notes.memsim", "not a database\n");
  g_autofree char *empty = write_text_file ("empty.memsim", "");
  g_autofree char *newer = test_path ("newer.memsim");
  g_autofree char *truncated = test_path ("truncated.memsim");
  g_autofree char *corrupted = test_path ("corrupted.memsim");
  g_autofree char *contents = NULL, *message = NULL;
  sqlite3 *db = NULL;
  gsize size;

  message = g_strdup_printf ("%s is not a Memsim session: it is not an SQLite database", text);
  assert_refused (text, message);
  g_free (message);
  message = g_strdup_printf ("%s is not a Memsim session: the file is empty", empty);
  assert_refused (empty, message);

  g_assert_true (g_file_get_contents (classic_session, &contents, &size, NULL));
  g_assert_true (g_file_set_contents (newer, contents, size, NULL));
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 7", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_free (message);
  message = g_strdup_printf ("%s was saved by a newer Memsim (format 7); this version reads up "
                             "to 2", newer);
  assert_refused (newer, message);

  g_assert_true (g_file_set_contents (truncated, contents, size * 2 / 3, NULL));
  g_free (message);
  message = g_strdup_printf ("%s is damaged: database disk image is malformed", truncated);
  assert_refused (truncated, message);

  /* overwritten: the b-tree header of page 2 (pages are 64 KiB) */
  memset (contents + 65536, 0xff, 8);
  g_assert_true (g_file_set_contents (corrupted, contents, size, NULL));
  g_free (message);
  message = g_strdup_printf ("%s is damaged: SQLite’s integrity check failed (Page 2: "
                             "btreeInitPage() returns error code 11)", corrupted);
  assert_refused (corrupted, message);
}

static void
test_save_failure (void)
{
  g_auto (MemsimCliResult) r = { 0 };
  g_autofree char *nowhere = test_path ("missing/s.memsim");
  g_autofree char *expected =
    g_strdup_printf ("memsim-cli: Could not save %s: No such file or directory\n", nowhere);

  memsim_test_run_cli (&r, "run", "--save", nowhere, classic_script, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  /* after the workload's failed commands */
  g_assert_true (g_str_has_suffix (r.err, expected));
}

static guint
count_rows (const char *csv)
{
  guint n = 0;

  for (const char *p = csv; (p = strstr (p, "\r\n")) != NULL; p += 2)
    n++;
  return n;
}

static void
test_run_csv (void)
{
  g_autofree char *path = test_path ("classic-ops.csv");
  g_autofree char *contents = NULL;
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) to_stdout = { 0 };

  memsim_test_run_cli (&r, "run", "--csv", path, classic_script, NULL);
  assert_run_ok (&r);
  g_assert_true (g_str_has_prefix (r.out, "script\n"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* the header and 4000 operations: init makes no row */
  g_assert_cmpuint (count_rows (contents), ==, 4001);
  g_assert_true (g_str_has_prefix (contents, "index,line,time_ns,operation,name,size_bytes,"
                                   "result,error,total_bytes,used_bytes,"));

  memsim_test_run_cli (&to_stdout, "run", "--csv", "-", classic_script, NULL);
  assert_run_ok (&to_stdout);
  g_assert_cmpuint (count_rows (to_stdout.out), ==, 4001);
  g_assert_true (g_str_has_prefix (to_stdout.out, "index,line,"));
}

static void
test_export (void)
{
  const char *tables[] = { "blocks", "objects", "stats" };
  g_auto (MemsimCliResult) json = { 0 };
  g_auto (MemsimCliResult) run = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_auto (MemsimCliResult) from_session = { 0 };
      g_auto (MemsimCliResult) from_script = { 0 };

      memsim_test_run_cli (&from_session, "export", "--what", tables[i], "--csv", "-",
                           classic_session, NULL);
      memsim_test_run_cli (&from_script, "export", "--what", tables[i], "--csv", "-",
                           classic_script, NULL);
      assert_ok (&from_session);
      assert_ok (&from_script);
      g_assert_cmpstr (from_session.out, ==, from_script.out);
    }
  memsim_test_run_cli (&json, "export", "--json", "-", classic_session, NULL);
  memsim_test_run_cli (&run, "run", "--json", classic_script, NULL);
  assert_ok (&json);
  assert_run_ok (&run);
  g_assert_cmpstr (json.out, ==, run.out);
}

static void
test_export_usage (void)
{
  g_auto (MemsimCliResult) nothing = { 0 };
  g_auto (MemsimCliResult) unknown = { 0 };
  g_auto (MemsimCliResult) both = { 0 };

  memsim_test_run_cli (&nothing, "export", classic_session, NULL);
  g_assert_cmpint (nothing.status, ==, 2);
  g_assert_cmpstr (nothing.err, ==, "memsim-cli: export: nothing to export: give --csv OUT or "
                   "--json OUT\nTry 'memsim-cli export --help'.\n");
  memsim_test_run_cli (&unknown, "export", "--what", "heap", "--csv", "-", classic_session, NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpstr (unknown.err, ==, "memsim-cli: export: unknown table \"heap\" (expected ops, "
                   "blocks, objects or stats)\nTry 'memsim-cli export --help'.\n");
  memsim_test_run_cli (&both, "export", "--csv", "-", "--json", "-", classic_session, NULL);
  g_assert_cmpint (both.status, ==, 2);
}

static void
test_help (void)
{
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "--help", NULL);
  assert_ok (&r);
  g_assert_nonnull (strstr (r.out, "\n  open     Open a saved session and print its state\n"));
  g_assert_nonnull (strstr (r.out, "\n  info     Describe a saved session without opening it\n"));
  g_assert_nonnull (strstr (r.out, "== memsim-cli export =="));
  g_assert_nonnull (strstr (r.out, "--save=S.memsim"));
  g_assert_nonnull (strstr (r.out, "--csv=OUT"));
}

static void
remove_test_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (test_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = test_path (name);

      g_unlink (path);
    }
  g_rmdir (test_dir);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_dir = g_dir_make_tmp ("memsim-sessions-cli-XXXXXX", NULL);
  write_classic_script ();

  /* the first test saves the session the others read */
  g_test_add_func ("/sessions/cli/open-json-equals-run-json", test_open_json_equals_run_json);
  g_test_add_func ("/sessions/cli/open-summary", test_open_summary);
  g_test_add_func ("/sessions/cli/info", test_info);
  g_test_add_func ("/sessions/cli/refused-files", test_refused_files);
  g_test_add_func ("/sessions/cli/save-failure", test_save_failure);
  g_test_add_func ("/sessions/cli/run-csv", test_run_csv);
  g_test_add_func ("/sessions/cli/export", test_export);
  g_test_add_func ("/sessions/cli/export-usage", test_export_usage);
  g_test_add_func ("/sessions/cli/help", test_help);
  status = g_test_run ();

  remove_test_dir ();
  g_free (classic_script);
  g_free (classic_session);
  g_free (test_dir);
  return status;
}
