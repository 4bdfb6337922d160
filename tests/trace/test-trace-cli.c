/* test-trace-cli.c: memsim-cli record, replay of every format, convert,
 * compare and generate, end to end
 *
 * The recorded program is trace-victim (its allocations are known exactly:
 * see trace-victim.c); meson passes its path in MEMSIM_VICTIM.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "memsim-test-cli.h"
#include "memsim-trace.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
write_file (const char *name,
            const char *text,
            gssize      length)
{
  char *path = tmp_path (name);

  g_assert_true (g_file_set_contents (path, text, length, NULL));
  return path;
}

static const char *
victim (void)
{
  const char *path = g_getenv ("MEMSIM_VICTIM");

  g_assert_nonnull (path);
  return path;
}

static char *
malloclab (const char *name)
{
  return g_build_filename (g_getenv ("MEMSIM_TRACES"), "malloclab", name, NULL);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("\"%s\" not found in:\n%s", needle, haystack);
}

typedef struct {
  guint64     n_allocs;      /* ALLOC events of the size */
  guint64     n_frees;       /* FREE events of those blocks */
  GHashTable *threads;       /* threads that allocated them */
} SizeCount;

/* Counts the allocations of exactly @size bytes in a native trace. */
static void
count_size (const char *path,
            guint64     size,
            SizeCount  *count)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                   &error);
  g_autoptr (GHashTable) ids = g_hash_table_new (g_direct_hash, g_direct_equal);
  MemsimTraceEvent event;

  g_assert_no_error (error);
  g_assert_cmpint (memsim_trace_reader_get_format (reader), ==, MEMSIM_TRACE_FORMAT_NATIVE);
  count->n_allocs = count->n_frees = 0;
  count->threads = g_hash_table_new (g_direct_hash, g_direct_equal);
  while (memsim_trace_reader_next (reader, &event, &error))
    if (event.kind == MEMSIM_TRACE_ALLOC && event.size == size)
      {
        count->n_allocs++;
        g_hash_table_add (ids, GSIZE_TO_POINTER (event.id + 1));
        g_hash_table_add (count->threads, GUINT_TO_POINTER (event.thread));
      }
    else if (event.kind == MEMSIM_TRACE_FREE
             && g_hash_table_remove (ids, GSIZE_TO_POINTER (event.id + 1)))
      count->n_frees++;
  g_assert_no_error (error);
}

/* ---- record ---- */

static void
test_record_basic (void)
{
  g_autofree char *trace = tmp_path ("basic.trace");
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) replay = { 0 };
  g_auto (MemsimCliResult) small = { 0 };
  g_autofree char *where = NULL;

  memsim_test_run_cli (&r, "record", "-o", trace, "--", victim (), "basic", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  assert_contains (r.err, "exited with status 0");
  assert_contains (r.err, "allocations              27 (21 malloc, 1 calloc, 4 aligned, "
                   "1 realloc(NULL))\n");
  assert_contains (r.err, "reallocations            5\n");
  assert_contains (r.err, "frees                    27\n");
  assert_contains (r.err, "threads                  1\n");

  memsim_test_run_cli (&replay, "replay", trace, "--policy", "best-fit", "--total", "256M", NULL);
  g_assert_cmpint (replay.status, ==, 0);
  assert_contains (replay.out, "format                   native\n");
  assert_contains (replay.out, "events                   59 (27 allocations, 5 reallocations, "
                   "27 frees)\n");
  assert_contains (replay.out, "alloc_ok                 27\n");
  assert_contains (replay.out, "live_blocks              0\n");

  /* a heap too small: failures name the record */
  memsim_test_run_cli (&small, "replay", trace, "--total", "2K", NULL);
  g_assert_cmpint (small.status, ==, 0);
  where = g_strdup_printf ("operations failed; the first: %s: record ", trace);
  assert_contains (small.err, where);
}

static void
test_record_threads (void)
{
  g_autofree char *trace = tmp_path ("threads.trace");
  g_auto (MemsimCliResult) r = { 0 };
  SizeCount count;

  memsim_test_run_cli (&r, "record", "-o", trace, "--", victim (), "threads", NULL);
  g_assert_cmpint (r.status, ==, 0);
  count_size (trace, 777, &count);
  g_assert_cmpuint (count.n_allocs, ==, 4000);
  g_assert_cmpuint (count.n_frees, ==, 4000);
  g_assert_cmpuint (g_hash_table_size (count.threads), ==, 4);
  g_hash_table_unref (count.threads);
  assert_contains (r.err, "threads                  5\n");
}

static void
test_record_exit (void)
{
  g_autofree char *trace = tmp_path ("exit.trace");
  g_auto (MemsimCliResult) r = { 0 };
  SizeCount count;

  memsim_test_run_cli (&r, "record", "-o", trace, "--", victim (), "exit", NULL);
  g_assert_cmpint (r.status, ==, 3);
  assert_contains (r.err, "exited with status 3");
  count_size (trace, 4343, &count);
  g_assert_cmpuint (count.n_allocs, ==, 50);
  g_hash_table_unref (count.threads);
}

static void
test_record_sigterm (void)
{
  g_autofree char *trace = tmp_path ("term.trace");
  g_auto (MemsimCliResult) r = { 0 };
  SizeCount count;

  memsim_test_run_cli (&r, "record", "-o", trace, "--", victim (), "sigterm", NULL);
  g_assert_cmpint (r.status, ==, 128 + 15);
  assert_contains (r.err, "killed by signal 15");
  count_size (trace, 4242, &count);
  g_assert_cmpuint (count.n_allocs, ==, 50);
  g_hash_table_unref (count.threads);
}

/* The FILE.PID traces in the test dir. */
static GPtrArray *
child_traces (const char *base)
{
  g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (base, ".", NULL);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, prefix))
      g_ptr_array_add (found, tmp_path (name));
  return found;
}

static void
test_record_children (void)
{
  g_autofree char *alone = tmp_path ("alone.trace");
  g_autofree char *kids = tmp_path ("kids.trace");
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) rc = { 0 };
  g_autoptr (GPtrArray) none = NULL;
  g_autoptr (GPtrArray) some = NULL;
  SizeCount count;

  memsim_test_run_cli (&r, "record", "-o", alone, "--", victim (), "spawn", NULL);
  g_assert_cmpint (r.status, ==, 0);
  count_size (alone, 5050, &count);
  g_assert_cmpuint (count.n_allocs, ==, 10);
  g_hash_table_unref (count.threads);
  count_size (alone, 5151, &count);
  g_assert_cmpuint (count.n_allocs, ==, 0);      /* the child was not recorded */
  g_hash_table_unref (count.threads);
  none = child_traces ("alone.trace");
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpstr (r.out, ==, "leaf: clean\n");        /* not even loaded */

  memsim_test_run_cli (&rc, "record", "--children", "-o", kids, "--", victim (), "spawn", NULL);
  g_assert_cmpint (rc.status, ==, 0);
  some = child_traces ("kids.trace");
  g_assert_cmpuint (some->len, ==, 1);
  g_assert_cmpstr (rc.out, ==, "leaf: preloaded\n");
  count_size (some->pdata[0], 5151, &count);
  g_assert_cmpuint (count.n_allocs, ==, 10);
  g_hash_table_unref (count.threads);
  count_size (kids, 5151, &count);
  g_assert_cmpuint (count.n_allocs, ==, 0);
  g_hash_table_unref (count.threads);
}

/* A program that execs (a wrapper script) is still the recorded program. */
static void
test_record_exec (void)
{
  g_autofree char *trace = tmp_path ("exec.trace");
  g_auto (MemsimCliResult) r = { 0 };
  SizeCount before, after;

  memsim_test_run_cli (&r, "record", "-o", trace, "--", victim (), "exec", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "leaf: preloaded\n");
  count_size (trace, 6060, &before);
  count_size (trace, 5151, &after);
  g_assert_cmpuint (before.n_allocs, ==, 10);
  g_assert_cmpuint (after.n_allocs, ==, 10);
  g_hash_table_unref (before.threads);
  g_hash_table_unref (after.threads);
}

static void
test_record_usage (void)
{
  g_autofree char *trace = tmp_path ("u.trace");
  g_auto (MemsimCliResult) no_output = { 0 };
  g_auto (MemsimCliResult) no_program = { 0 };
  g_auto (MemsimCliResult) bad_program = { 0 };

  memsim_test_run_cli (&no_output, "record", "--", "true", NULL);
  g_assert_cmpint (no_output.status, ==, 2);
  assert_contains (no_output.err, "memsim-cli: record: -o FILE is required");

  memsim_test_run_cli (&no_program, "record", "-o", trace, NULL);
  g_assert_cmpint (no_program.status, ==, 2);
  assert_contains (no_program.err, "memsim-cli: record: missing PROGRAM");

  memsim_test_run_cli (&bad_program, "record", "-o", trace, "--", "/nonexistent/prog", NULL);
  g_assert_cmpint (bad_program.status, ==, 2);
  assert_contains (bad_program.err, "memsim-cli: ");
  assert_contains (bad_program.err, "/nonexistent/prog");
}

/* ---- a real mtrace() log ---- */

static void
test_mtrace_log (void)
{
  g_autofree char *log = tmp_path ("victim.mtrace");
  g_autofree char *trace_env = g_strconcat ("MALLOC_TRACE=", log, NULL);
  const char *argv[] = { victim (), "mtrace", NULL };
  const char *envp[] = { trace_env, "LD_PRELOAD=libc_malloc_debug.so.0", NULL };
  g_auto (MemsimCliResult) r = { 0 };
  g_autoptr (GError) error = NULL;
  int wait_status;

  g_spawn_sync (NULL, (char **) argv, (char **) envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                NULL, NULL, &wait_status, &error);
  g_assert_no_error (error);
  if (!g_file_test (log, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("libc_malloc_debug.so.0 wrote no mtrace log (glibc < 2.34?)");
      return;
    }

  memsim_test_run_cli (&r, "replay", log, "--total", "1M", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "format                   mtrace\n");
  /* trace-victim.c: 21 malloc + calloc + realloc (NULL); 5 realloc;
   * 22 free + realloc (p, 0) */
  assert_contains (r.out, "events                   51 (23 allocations, 5 reallocations, "
                   "23 frees)\n");
  assert_contains (r.out, "not replayed             0 free(NULL), 0 frees of unknown pointers, "
                   "0 calls that failed in the program\n");
  assert_contains (r.out, "alloc_ok                 23\n");
  assert_contains (r.out, "free_ok                  23\n");
  assert_contains (r.out, "realloc_ok               5\n");
}

/* ---- replay: formats and hostile input ---- */

static void
test_replay_hostile (void)
{
  static const char native_head[32] = "MSIMTRC\n\x01\0\0\0\x28\0\0\0";
  g_autofree char *bad_native = NULL;
  g_autofree char *bad_mtrace = write_file ("bad.mtrace", "= Start\n@ x + 0x10 0x1\n@ x ? 0x10\n", -1);
  g_autofree char *rep = write_file ("ok.rep", "2\n1\na 0 10\n", -1);
  g_autofree char *native_where = NULL;
  g_autofree char *mtrace_where = NULL;
  g_autofree char *forced_where = NULL;
  g_auto (MemsimCliResult) n = { 0 };
  g_auto (MemsimCliResult) m = { 0 };
  g_auto (MemsimCliResult) forced = { 0 };
  g_auto (MemsimCliResult) bad_format = { 0 };
  char data[32 + 40 + 17] = { 0 };

  memcpy (data, native_head, sizeof native_head);
  data[32] = 1;                           /* a malloc … */
  memset (data + 72, 0xff, 17);           /* … and a cut record */
  bad_native = write_file ("bad.trace", data, sizeof data);
  native_where = g_strdup_printf ("memsim-cli: %s: record 2: truncated trace: the last record "
                                  "has 17 of 40 bytes\n", bad_native);
  mtrace_where = g_strdup_printf ("memsim-cli: %s:3: expected an mtrace() line such as \"@ CALLER "
                                  "+ 0xADDRESS 0xSIZE\" or \"@ CALLER - 0xADDRESS\"\n", bad_mtrace);
  forced_where = g_strdup_printf ("memsim-cli: %s:1: expected an mtrace() line such as \"@ CALLER "
                                  "+ 0xADDRESS 0xSIZE\" or \"@ CALLER - 0xADDRESS\"\n", rep);

  memsim_test_run_cli (&n, "replay", bad_native, "--total", "1M", NULL);
  g_assert_cmpint (n.status, ==, 2);
  g_assert_cmpstr (n.out, ==, "");
  g_assert_cmpstr (n.err, ==, native_where);

  memsim_test_run_cli (&m, "replay", bad_mtrace, "--total", "1M", NULL);
  g_assert_cmpint (m.status, ==, 2);
  g_assert_cmpstr (m.err, ==, mtrace_where);

  memsim_test_run_cli (&forced, "replay", rep, "--total", "1M", "--format", "mtrace", NULL);
  g_assert_cmpint (forced.status, ==, 2);
  g_assert_cmpstr (forced.err, ==, forced_where);

  memsim_test_run_cli (&bad_format, "replay", rep, "--total", "1M", "--format", "csv", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  assert_contains (bad_format.err, "unknown trace format \"csv\"");
}

/* ---- convert ---- */

static char *
read_text (const char *path)
{
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static void
test_convert_round_trip (void)
{
  /* ids in the order of allocation, header = the peak of live bytes */
  static const char rep_text[] = "350\n3\n7\n1\na 0 100\na 1 50\nr 0 300\nf 1\na 2 20\nf 0\nf 2\n";
  g_autofree char *rep = write_file ("rt.rep", rep_text, -1);
  g_autofree char *native = tmp_path ("rt.trace");
  g_autofree char *back = tmp_path ("rt-back.rep");
  g_autofree char *back_text = NULL;
  g_auto (MemsimCliResult) to_native = { 0 };
  g_auto (MemsimCliResult) to_rep = { 0 };
  g_auto (MemsimCliResult) replay = { 0 };

  memsim_test_run_cli (&to_native, "convert", rep, native, NULL);
  g_assert_cmpint (to_native.status, ==, 0);
  memsim_test_run_cli (&replay, "replay", native, "--total", "1K", NULL);
  assert_contains (replay.out, "events                   7 (3 allocations, 1 reallocations, "
                   "3 frees)\n");

  memsim_test_run_cli (&to_rep, "convert", native, back, NULL);
  g_assert_cmpint (to_rep.status, ==, 0);
  back_text = read_text (back);
  g_assert_cmpstr (back_text, ==, rep_text);
}

static void
test_convert_mtrace_and_usage (void)
{
  g_autofree char *log = write_file ("c.mtrace", "= Start\n@ a + 0x10 0x20\n@ a < 0x10\n"
                                     "@ a > 0x30 0x40\n@ a + 0x50 0x8\n@ a - 0x30\n= End\n", -1);
  g_autofree char *rep = tmp_path ("c.rep");
  g_autofree char *out = tmp_path ("c.out");
  g_autofree char *text = NULL;
  g_auto (MemsimCliResult) ok = { 0 };
  g_auto (MemsimCliResult) bad_to = { 0 };
  g_auto (MemsimCliResult) missing = { 0 };

  memsim_test_run_cli (&ok, "convert", log, rep, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  text = read_text (rep);
  g_assert_cmpstr (text, ==, "72\n2\n4\n1\na 0 32\nr 0 64\na 1 8\nf 0\n");

  memsim_test_run_cli (&bad_to, "convert", log, out, "--to", "csv", NULL);
  g_assert_cmpint (bad_to.status, ==, 2);
  assert_contains (bad_to.err, "--to: cannot write \"csv\" (expected rep or native)");

  memsim_test_run_cli (&missing, "convert", "/nonexistent.rep", out, NULL);
  g_assert_cmpint (missing.status, ==, 2);
  assert_contains (missing.err, "memsim-cli: /nonexistent.rep: ");
}

/* ---- compare ---- */

static void
test_compare_csv_rows (void)
{
  g_autofree char *trace = malloclab ("short1.rep");
  g_autofree char *csv = tmp_path ("short1.csv");
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  g_auto (MemsimCliResult) r = { 0 };
  static const char * const policies[] = {
    "first-fit", "next-fit", "best-fit", "worst-fit", "buddy",
  };

  memsim_test_run_cli (&r, "compare", trace, "--total", "16K", "--csv", csv, NULL);
  g_assert_cmpint (r.status, ==, 0);
  text = read_text (csv);
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  lines = g_strsplit (text, "\r\n", -1);

  /* a header, then 12 events + the empty heap = 13 rows per policy */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 5 * 13 + 1);
  g_assert_true (g_str_has_prefix (lines[0], "policy,event,used_bytes,free_bytes,"));
  for (guint p = 0; p < 5; p++)
    for (guint e = 0; e < 13; e++)
      {
        g_autofree char *start = g_strdup_printf ("%s,%u,", policies[p], e);

        g_assert_true (g_str_has_prefix (lines[1 + p * 13 + e], start));
        g_assert_null (strchr (lines[1 + p * 13 + e], '\n'));
      }
  g_assert_cmpstr (lines[1], ==, "first-fit,0,0,16384,0,16384,1,0.000000,0,0,0,0,0,0,0,0,0");
}

static void
test_compare_ranking (void)
{
  g_autofree char *trace = malloclab ("xterm.rep");
  g_autofree char *png = tmp_path ("xterm.png");
  g_autofree char *svg = tmp_path ("xterm.svg");
  g_autofree char *png_data = NULL;
  g_autofree char *svg_data = NULL;
  g_auto (MemsimCliResult) r = { 0 };
  g_auto (MemsimCliResult) s = { 0 };
  const char *order[] = { "1    first-fit", "2    best-fit", "3    next-fit", "4    worst-fit",
                          "5    buddy" };
  const char *last = NULL;
  gsize length;

  memsim_test_run_cli (&r, "compare", trace, "--total", "1M", "--plot", png, NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "11913 events replayed under 5 policies");
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *at = strstr (r.out, order[i]);

      g_assert_nonnull (at);
      g_assert_true (last == NULL || at > last);
      last = at;
    }
  assert_contains (r.out, "5    buddy               0        1048576         0.9499");

  g_assert_true (g_file_get_contents (png, &png_data, &length, NULL));
  g_assert_cmpmem (png_data, 8, "\x89PNG\r\n\x1a\n", 8);

  memsim_test_run_cli (&s, "compare", trace, "--total", "1M", "--policies", "buddy,best-fit",
                       "--plot", svg, NULL);
  g_assert_cmpint (s.status, ==, 0);
  assert_contains (s.out, "1    best-fit");
  assert_contains (s.out, "2    buddy");
  g_assert_true (g_file_get_contents (svg, &svg_data, NULL, NULL));
  g_assert_true (g_str_has_prefix (svg_data, "<?xml"));
}

/* Fewer failures rank first, whatever the peak. */
static void
test_compare_failures_first (void)
{
  /* 3 blocks of 40 KiB and 24 KiB: buddy rounds 40K to 64K and fails */
  g_autofree char *rep = write_file ("fail.rep", "3\n3\na 0 40960\na 1 24576\nf 0\n", -1);
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "compare", rep, "--total", "64K", "--policies", "buddy,worst-fit", NULL);
  g_assert_cmpint (r.status, ==, 0);
  assert_contains (r.out, "1    worst-fit           0          65536");
  assert_contains (r.out, "2    buddy               1          65536");
}

static void
test_compare_usage (void)
{
  g_autofree char *trace = malloclab ("short1.rep");
  g_auto (MemsimCliResult) twice = { 0 };
  g_auto (MemsimCliResult) unknown = { 0 };
  g_auto (MemsimCliResult) plot = { 0 };
  g_auto (MemsimCliResult) total = { 0 };
  g_auto (MemsimCliResult) stdin_trace = { 0 };

  memsim_test_run_cli (&stdin_trace, "compare", "-", "--total", "1M", NULL);
  g_assert_cmpint (stdin_trace.status, ==, 2);
  assert_contains (stdin_trace.err, "TRACE is read once per policy: give a file, not \"-\"");
  memsim_test_run_cli (&twice, "compare", trace, "--total", "1M", "--policies", "buddy,buddy", NULL);
  g_assert_cmpint (twice.status, ==, 2);
  assert_contains (twice.err, "--policies: \"buddy\" is given twice");
  memsim_test_run_cli (&unknown, "compare", trace, "--total", "1M", "--policies", "fast", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  assert_contains (unknown.err, "--policies: unknown policy \"fast\"");
  memsim_test_run_cli (&plot, "compare", trace, "--total", "1M", "--plot", "x.pdf", NULL);
  g_assert_cmpint (plot.status, ==, 2);
  assert_contains (plot.err, "--plot: \"x.pdf\" must end in .png or .svg");
  memsim_test_run_cli (&total, "compare", trace, NULL);
  g_assert_cmpint (total.status, ==, 2);
  assert_contains (total.err, "--total SIZE is required");
}

/* ---- generate ---- */

static void
test_generate (void)
{
  g_autofree char *a = tmp_path ("a.msim");
  g_autofree char *b = tmp_path ("b.msim");
  g_autofree char *c = tmp_path ("c.msim");
  g_autofree char *rep = tmp_path ("q.rep");
  g_autofree char *ta = NULL, *tb = NULL, *tc = NULL, *trep = NULL;
  g_auto (MemsimCliResult) ra = { 0 };
  g_auto (MemsimCliResult) rb = { 0 };
  g_auto (MemsimCliResult) rc = { 0 };
  g_auto (MemsimCliResult) rr = { 0 };
  g_auto (MemsimCliResult) run = { 0 };
  g_auto (MemsimCliResult) replay = { 0 };

  memsim_test_run_cli (&ra, "generate", "classic", "-o", a, NULL);
  memsim_test_run_cli (&rb, "generate", "classic", "-o", b, "--seed", "42", NULL);
  memsim_test_run_cli (&rc, "generate", "classic", "-o", c, "--seed", "43", NULL);
  g_assert_cmpint (ra.status, ==, 0);
  assert_contains (ra.out, "operations               1000 (612 alloc, 292 free, 96 compact)\n");
  ta = read_text (a);
  tb = read_text (b);
  tc = read_text (c);
  g_assert_cmpstr (ta, ==, tb);
  g_assert_cmpstr (ta, !=, tc);
  g_assert_true (g_str_has_prefix (ta, "# Memsim workload \"classic\""));

  memsim_test_run_cli (&run, "run", a, NULL);
  g_assert_cmpint (run.status, ==, 0);

  memsim_test_run_cli (&rr, "generate", "queue", "-o", rep, "--ops", "300", "--total", "1M", NULL);
  g_assert_cmpint (rr.status, ==, 0);
  trep = read_text (rep);
  g_assert_true (g_str_has_prefix (trep, "1048576\n"));
  memsim_test_run_cli (&replay, "replay", rep, "--total", "1M", NULL);
  g_assert_cmpint (replay.status, ==, 0);
  assert_contains (replay.out, "events                   300 (");
}

static void
test_generate_usage (void)
{
  g_autofree char *out = tmp_path ("x.txt");
  g_auto (MemsimCliResult) bad_template = { 0 };
  g_auto (MemsimCliResult) bad_ext = { 0 };
  g_auto (MemsimCliResult) bad_seed = { 0 };

  memsim_test_run_cli (&bad_template, "generate", "chaos", "-o", "x.msim", NULL);
  g_assert_cmpint (bad_template.status, ==, 2);
  assert_contains (bad_template.err, "unknown template \"chaos\"");
  memsim_test_run_cli (&bad_ext, "generate", "classic", "-o", out, NULL);
  g_assert_cmpint (bad_ext.status, ==, 2);
  assert_contains (bad_ext.err, "must end in .msim (a script) or .rep (a trace)");
  memsim_test_run_cli (&bad_seed, "generate", "classic", "-o", "x.msim", "--seed", "-1", NULL);
  g_assert_cmpint (bad_seed.status, ==, 2);
  assert_contains (bad_seed.err, "--seed: ");
}

static void
test_help (void)
{
  static const char * const words[] = {
    "record", "convert", "compare", "generate", "--policies", "--csv", "--plot", "--children",
    "--format", "--to", "--seed", "--ops",
  };
  g_auto (MemsimCliResult) help = { 0 };

  memsim_test_run_cli (&help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    assert_contains (help.out, words[i]);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("memsim-trace-cli-XXXXXX", NULL);

  g_test_add_func ("/trace/cli/record/basic", test_record_basic);
  g_test_add_func ("/trace/cli/record/threads", test_record_threads);
  g_test_add_func ("/trace/cli/record/exit", test_record_exit);
  g_test_add_func ("/trace/cli/record/sigterm", test_record_sigterm);
  g_test_add_func ("/trace/cli/record/children", test_record_children);
  g_test_add_func ("/trace/cli/record/exec", test_record_exec);
  g_test_add_func ("/trace/cli/record/usage", test_record_usage);
  g_test_add_func ("/trace/cli/mtrace-log", test_mtrace_log);
  g_test_add_func ("/trace/cli/replay/hostile", test_replay_hostile);
  g_test_add_func ("/trace/cli/convert/round-trip", test_convert_round_trip);
  g_test_add_func ("/trace/cli/convert/mtrace-and-usage", test_convert_mtrace_and_usage);
  g_test_add_func ("/trace/cli/compare/csv-rows", test_compare_csv_rows);
  g_test_add_func ("/trace/cli/compare/ranking", test_compare_ranking);
  g_test_add_func ("/trace/cli/compare/failures-first", test_compare_failures_first);
  g_test_add_func ("/trace/cli/compare/usage", test_compare_usage);
  g_test_add_func ("/trace/cli/generate", test_generate);
  g_test_add_func ("/trace/cli/generate/usage", test_generate_usage);
  g_test_add_func ("/trace/cli/help", test_help);

  status = g_test_run ();
  memsim_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
