/* test-cli.c: memsim-cli end to end (exit statuses, stdout, stderr)
 *
 * Runs the built binary, whose path meson passes in MEMSIM_CLI.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "memsim-test-cli.h"

static char *tmp_dir;

static char *
write_file (const char *name,
            const char *text)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static char *
short1_path (void)
{
  const char *traces = g_getenv ("MEMSIM_TRACES");

  if (traces == NULL)
    return NULL;
  return g_build_filename (traces, "malloclab", "short1.rep", NULL);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("\"%s\" not found in:\n%s", needle, haystack);
}

static void
test_help_and_version (void)
{
  static const char * const options[] = {
    "run", "replay", "bench", "--json", "--strict", "--policy", "--total", "--align",
    "--header", "--min-block", "--round-pow2", "--auto-compact", "--live", "--pairs",
    "--seed", "--keep", "--version", "Exit status",
  };
  g_auto (MemsimCliResult) help = { 0 };
  g_auto (MemsimCliResult) version = { 0 };
  g_auto (MemsimCliResult) run_help = { 0 };
  g_auto (MemsimCliResult) help_replay = { 0 };

  memsim_test_run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    assert_contains (help.out, options[i]);

  memsim_test_run_cli (&version, "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "memsim-cli "));

  memsim_test_run_cli (&run_help, "run", "--help", NULL);
  g_assert_cmpint (run_help.status, ==, 0);
  assert_contains (run_help.out, "memsim-cli run [OPTION");
  assert_contains (run_help.out, "] FILE.msim");

  memsim_test_run_cli (&help_replay, "help", "replay", NULL);
  g_assert_cmpint (help_replay.status, ==, 0);
  assert_contains (help_replay.out, "--min-block");
}

static void
test_usage_errors (void)
{
  g_auto (MemsimCliResult) none = { 0 };
  g_auto (MemsimCliResult) unknown = { 0 };
  g_auto (MemsimCliResult) no_file = { 0 };
  g_auto (MemsimCliResult) two_files = { 0 };
  g_auto (MemsimCliResult) bad_option = { 0 };

  memsim_test_run_cli (&none, NULL);
  g_assert_cmpint (none.status, ==, 2);
  assert_contains (none.err, "memsim-cli: missing command (memsim-cli --help lists the commands)");

  memsim_test_run_cli (&unknown, "frob", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  assert_contains (unknown.err, "memsim-cli: unknown command \"frob\"");

  memsim_test_run_cli (&no_file, "run", NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  assert_contains (no_file.err, "memsim-cli: run: missing FILE.msim\n"
                   "Try 'memsim-cli run --help'.\n");

  memsim_test_run_cli (&two_files, "run", "a.msim", "b.msim", NULL);
  g_assert_cmpint (two_files.status, ==, 2);
  assert_contains (two_files.err, "unexpected argument \"b.msim\"");

  memsim_test_run_cli (&bad_option, "run", "--frob", "a.msim", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  assert_contains (bad_option.err, "--frob");
}

static void
test_run_ok (void)
{
  g_autofree char *path = write_file ("ok.msim", "# demo\ninit 4K\nalloc a 1K\n"
                                      "alloc b 100\nfree a\n");
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) json = { 0 };

  memsim_test_run_cli (&r, "run", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  assert_contains (r.out, "  commands                 4 (4 ok, 0 failed)\n");
  assert_contains (r.out, "  policy                   first-fit\n");
  assert_contains (r.out, "  total                    4096 B (4.0 KiB)\n");
  assert_contains (r.out, "  used                     112 B\n");
  assert_contains (r.out, "  free_blocks              2\n");
  assert_contains (r.out, "  alloc_ok                 2\n");

  memsim_test_run_cli (&json, "run", "--json", path, NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (g_str_has_prefix (json.out, "{\n  \"total\": 4096,\n"));
  assert_contains (json.out, "{\"start\": 1024, \"size\": 112, \"free\": false, "
                   "\"name\": \"b\", \"requested\": 100}");
}

static void
test_run_failures (void)
{
  g_autofree char *path = write_file ("fail.msim", "init 4K\nalloc a 1K\nalloc b 4K\n"
                                      "free nobody\nalloc c 1K\n");
  g_autofree char *first = g_strdup_printf ("memsim-cli: %s:3: alloc b 4096: ", path);
  g_autofree char *second = g_strdup_printf ("memsim-cli: %s:4: free nobody: ", path);
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) strict = { 0 };

  memsim_test_run_cli (&r, "run", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.err, first));
  assert_contains (r.err, second);
  assert_contains (r.out, "  commands                 5 (3 ok, 2 failed)\n");
  assert_contains (r.out, "  alloc_failed             1 (1 no space, 0 fragmented)\n");
  assert_contains (r.out, "  free_failed              1\n");

  memsim_test_run_cli (&strict, "run", "--strict", path, NULL);
  g_assert_cmpint (strict.status, ==, 1);
  g_assert_cmpstr (strict.out, ==, "");
  g_assert_true (g_str_has_prefix (strict.err, first));
  g_assert_null (strstr (strict.err, "nobody"));
}

static void
test_run_syntax_error (void)
{
  g_autofree char *path = write_file ("bad.msim", "init 4K\nalloc a\nfree a\n");
  g_autofree char *expected = g_strdup_printf ("memsim-cli: %s:2:8: alloc needs a size\n",
                                               path);
  g_autofree char *missing = g_build_filename (tmp_dir, "none.msim", NULL);
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) absent = { 0 };

  memsim_test_run_cli (&r, "run", path, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, expected);

  memsim_test_run_cli (&absent, "run", missing, NULL);
  g_assert_cmpint (absent.status, ==, 2);
  assert_contains (absent.err, "No such file or directory");
}

static char *
short1_json (const char *policy,
             guint64     high_water)
{
  char overhead[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_dtostr (overhead, sizeof overhead, (high_water - 8144.0) / 8144.0);
  return g_strdup_printf (
    "{\n  \"total\": 16384,\n  \"policy\": \"%s\",\n  \"align\": 16,\n  \"header\": 0,\n"
    "  \"min_block\": 64,\n  \"round_pow2\": false,\n  \"auto_compact\": false,\n"
    "  \"used\": 0,\n  \"requested\": 0,\n  \"free\": 16384,\n  \"largest_free\": 16384,\n"
    "  \"free_blocks\": 1,\n  \"live_blocks\": 0,\n  \"unusable\": 0,\n"
    "  \"external_fragmentation\": 0,\n  \"internal_fragmentation\": 0,\n"
    "  \"high_water\": %" G_GUINT64_FORMAT ",\n  \"peak_requested\": 8144,\n"
    "  \"heap_overhead\": %s,\n  \"ops\": {\n    \"alloc_ok\": 6,\n"
    "    \"alloc_failed\": 0,\n    \"failed_no_space\": 0,\n    \"failed_fragmented\": 0,\n"
    "    \"free_ok\": 6,\n    \"free_failed\": 0,\n    \"realloc_ok\": 0,\n"
    "    \"realloc_failed\": 0,\n    \"compactions\": 0,\n    \"bytes_moved\": 0\n  },\n"
    "  \"blocks\": [\n    {\"start\": 0, \"size\": 16384, \"free\": true}\n  ]\n}\n",
    policy, high_water, overhead);
}

/* short1.rep by hand (SEMANTICS §2): with 16 KiB, a 5 (4080 B) does not
 * fit the 2096 B hole left by a 0 and a 2, so every fit policy places it at
 * 6176: high water 10256; the requested bytes peak at 8144 (a 4 + a 5).
 * Under buddy everything stays below 8192. */
static void
test_replay_short1 (void)
{
  static const char * const fits[] = { "first-fit", "next-fit", "best-fit", "worst-fit" };
  g_autofree char *trace = short1_path ();

  if (trace == NULL)
    {
      g_test_skip ("MEMSIM_TRACES is not set");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (fits) + 1; i++)
    {
      const char *policy = i < G_N_ELEMENTS (fits) ? fits[i] : "buddy";
      g_autofree char *expected = short1_json (policy, i < G_N_ELEMENTS (fits) ? 10256 : 8192);
      g_auto (MemsimCliResult) r = { 0 };

      memsim_test_run_cli (&r, "replay", trace, "--policy", policy, "--total", "16K", "--json", NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpstr (r.out, ==, expected);
    }
}

static void
test_replay_summary (void)
{
  g_autofree char *trace = short1_path ();
  g_auto (MemsimCliResult) r = { 0 };

  if (trace == NULL)
    {
      g_test_skip ("MEMSIM_TRACES is not set");
      return;
    }

  memsim_test_run_cli (&r, "replay", trace, "--total", "16K", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "  header                   4 lines, 6 ids, 12 ops\n");
  assert_contains (r.out, "  events                   12 (6 a, 0 r, 6 f, 0 free(NULL) skipped)\n");
  assert_contains (r.out, "  failed                   0\n");
  assert_contains (r.out, "  high_water               10256 B (10.0 KiB)\n");
  assert_contains (r.out, "  peak_requested           8144 B (8.0 KiB)\n");
}

/* With 4 KiB, a 3 and a 4 find no space, so f 3 and f 4 free nothing. */
static void
test_replay_failures (void)
{
  g_autofree char *trace = short1_path ();
  g_autofree char *where = NULL;
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) strict = { 0 };

  if (trace == NULL)
    {
      g_test_skip ("MEMSIM_TRACES is not set");
      return;
    }

  where = g_strdup_printf ("memsim-cli: %s:9: a 3 4072: ", trace);
  memsim_test_run_cli (&r, "replay", trace, "--total", "4K", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.err, "memsim-cli: 4 operations failed; the first: ");
  assert_contains (r.err, ":9: a 3 4072: ");
  assert_contains (r.out, "    \"alloc_ok\": 4,\n    \"alloc_failed\": 2,\n"
                   "    \"failed_no_space\": 2,\n    \"failed_fragmented\": 0,\n"
                   "    \"free_ok\": 4,\n    \"free_failed\": 2,\n");
  assert_contains (r.out, "  \"high_water\": 4096,\n  \"peak_requested\": 4080,\n");

  memsim_test_run_cli (&strict, "replay", trace, "--total", "4K", "--strict", NULL);
  g_assert_cmpint (strict.status, ==, 1);
  g_assert_cmpstr (strict.out, ==, "");
  g_assert_true (g_str_has_prefix (strict.err, where));
}

static void
test_replay_usage (void)
{
  g_autofree char *bad = write_file ("bad.rep", "1\n2\n2\n1\na 0 10\nq 1\n");
  g_autofree char *short_trace = write_file ("short.rep", "1\n2\n3\n1\na 0 10\nf 0\n");
  g_autofree char *bad_where = g_strdup_printf ("memsim-cli: %s:6: expected an operation "
                                                "('a', 'r' or 'f'), found 'q'\n", bad);
  g_autofree char *short_where = g_strdup_printf ("memsim-cli: %s:6: truncated trace: the "
                                                  "header announces 3 operations, the file "
                                                  "ends after 2\n", short_trace);
  g_auto (MemsimCliResult) no_total = { 0 };
  g_auto (MemsimCliResult) bad_total = { 0 };
  g_auto (MemsimCliResult) bad_policy = { 0 };
  g_auto (MemsimCliResult) bad_trace = { 0 };
  g_auto (MemsimCliResult) truncated = { 0 };

  memsim_test_run_cli (&no_total, "replay", bad, NULL);
  g_assert_cmpint (no_total.status, ==, 2);
  assert_contains (no_total.err, "--total SIZE is required");

  memsim_test_run_cli (&bad_total, "replay", bad, "--total", "12Q", NULL);
  g_assert_cmpint (bad_total.status, ==, 2);
  assert_contains (bad_total.err, "memsim-cli: --total: ");
  assert_contains (bad_total.err, "12Q");

  memsim_test_run_cli (&bad_policy, "replay", bad, "--total", "1M", "--policy", "fast", NULL);
  g_assert_cmpint (bad_policy.status, ==, 2);
  assert_contains (bad_policy.err, "unknown policy \"fast\"");

  memsim_test_run_cli (&bad_trace, "replay", bad, "--total", "1M", NULL);
  g_assert_cmpint (bad_trace.status, ==, 2);
  g_assert_cmpstr (bad_trace.out, ==, "");
  g_assert_cmpstr (bad_trace.err, ==, bad_where);

  memsim_test_run_cli (&truncated, "replay", short_trace, "--total", "1M", NULL);
  g_assert_cmpint (truncated.status, ==, 2);
  g_assert_cmpstr (truncated.err, ==, short_where);
}

/* r on a live id is a realloc, on a dead one an alloc; 0 bytes is 1. */
static void
test_replay_realloc (void)
{
  g_autofree char *trace = write_file ("r.rep", "2\n5\nr 0 10\nr 0 40\na 1 0\nf -1\nf 1\n");
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "replay", trace, "--total", "1K", "--json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "    \"alloc_ok\": 2,\n");
  assert_contains (r.out, "    \"free_ok\": 1,\n");
  assert_contains (r.out, "    \"realloc_ok\": 1,\n");
  assert_contains (r.out, "{\"start\": 0, \"size\": 48, \"free\": false, \"name\": \"0\", "
                   "\"requested\": 40}");
}

static void
test_bench_small (void)
{
  g_autofree char *keep = g_build_filename (tmp_dir, "bench.rep", NULL);
  g_autofree char *keep_small = g_strconcat (keep, ".small", NULL);
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) bad = { 0 };
  g_auto (MemsimCliResult) bad_repeat = { 0 };
  g_auto (MemsimCliResult) bad_history = { 0 };

  memsim_test_run_cli (&r, "bench", "--live", "2000", "--pairs", "3000", "--seed", "7",
           "--keep", keep, "--history-ops", "20001", "--repeat", "2", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "each the fastest of 2 runs (in rounds)");
  assert_contains (r.out, "runner");
  assert_contains (r.out, "\nsystem malloc ");
  assert_contains (r.out, "\nfirst-fit ");
  assert_contains (r.out, "\nbuddy ");
  g_assert_null (strstr (r.out, "failed"));
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (keep_small, G_FILE_TEST_IS_REGULAR));
  g_unlink (keep);
  g_unlink (keep_small);

  /* the history cases: init, then allocations and pairs up to 20001
   * operations; the largest live set does not fit in that history */
  assert_contains (r.out, "\nhistory: 20001 operations");
  assert_contains (r.out, "\n1000              20001 ");
  assert_contains (r.out, "\n10000             20001 ");
  assert_contains (r.out, "\n20000             20001 ");

  memsim_test_run_cli (&bad, "bench", "--live", "5", NULL);
  g_assert_cmpint (bad.status, ==, 2);
  memsim_test_run_cli (&bad_repeat, "bench", "--repeat", "0", NULL);
  g_assert_cmpint (bad_repeat.status, ==, 2);
  assert_contains (bad_repeat.err, "--repeat must be between 1 and 100");
  memsim_test_run_cli (&bad_history, "bench", "--history-ops", "-1", NULL);
  g_assert_cmpint (bad_history.status, ==, 2);
  assert_contains (bad_history.err, "--history-ops must be between 0 and 2147483647");
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MEMSIM_CLI") == NULL)
    g_error ("MEMSIM_CLI must name the memsim-cli binary (meson sets it)");
  tmp_dir = g_dir_make_tmp ("memsim-cli-XXXXXX", NULL);

  g_test_add_func ("/cli/e2e/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/e2e/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/e2e/run-ok", test_run_ok);
  g_test_add_func ("/cli/e2e/run-failures", test_run_failures);
  g_test_add_func ("/cli/e2e/run-syntax-error", test_run_syntax_error);
  g_test_add_func ("/cli/e2e/replay-short1", test_replay_short1);
  g_test_add_func ("/cli/e2e/replay-summary", test_replay_summary);
  g_test_add_func ("/cli/e2e/replay-failures", test_replay_failures);
  g_test_add_func ("/cli/e2e/replay-usage", test_replay_usage);
  g_test_add_func ("/cli/e2e/replay-realloc", test_replay_realloc);
  g_test_add_func ("/cli/e2e/bench-small", test_bench_small);

  status = g_test_run ();
  memsim_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
