/* test-limits.c: the documented limits (docs/reliability.md) and hostile
 * input, end to end through memsim-cli
 *
 * Every limit is tested on both sides: the largest legal value works, one
 * more is refused with its exact message and exit status 2.  Hostile files
 * (binary garbage, NUL bytes, a 1 MB line, huge numbers, truncation) must
 * each give status 2 and a message, never a signal: memsim_test_run_cli()
 * fails the test when the program does not exit normally.
 */
#include <glib/gstdio.h>
#include <string.h>

#include "memsim-test-cli.h"

static char *tmp_dir;

static char *
write_bytes (const char *name,
             const char *data,
             gssize      length)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

/* "memsim-cli: PATH" + @rest + "\n" on stderr, nothing on stdout, @status. */
static void
assert_refused (const MemsimCliResult *r,
                int                    status,
                const char            *path,
                const char            *rest)
{
  g_autofree char *expected = g_strdup_printf ("memsim-cli: %s%s\n", path, rest);

  g_assert_cmpint (r->status, ==, status);
  g_assert_cmpstr (r->err, ==, expected);
  g_assert_cmpstr (r->out, ==, "");
}

static void
run_script (MemsimCliResult *r,
            const char      *path)
{
  memsim_test_run_cli (r, "run", "--strict", path, NULL);
}

static void
replay (MemsimCliResult *r,
        const char      *path)
{
  memsim_test_run_cli (r, "replay", "--strict", "--total", "1M", path, NULL);
}

static void
test_heap_size (void)
{
  g_autofree char *trace = write_bytes ("one.rep", "2\n2\na 0 1\nf 0\n", -1);
  g_autofree char *script = write_bytes ("big.msim", "init 262144G\nalloc a 1\n"
                                         "init 262145G\n", -1);
  g_auto (MemsimCliResult) largest = { 0 };
  g_auto (MemsimCliResult) too_large = { 0 };
  g_auto (MemsimCliResult) in_script = { 0 };

  memsim_test_run_cli (&largest, "replay", "--total", "262144G", "--policy", "buddy",
                       trace, NULL);
  g_assert_cmpint (largest.status, ==, 0);
  g_assert_nonnull (strstr (largest.out, "281474976710656 B (256.0 TiB)"));

  memsim_test_run_cli (&too_large, "replay", "--total", "262145G", trace, NULL);
  assert_refused (&too_large, 2, "The heap size must be between 1 byte and 256 TiB", "");

  /* In a script, init is a command that fails: status 1 under --strict. */
  run_script (&in_script, script);
  assert_refused (&in_script, 1, script, ":3: init 281476050452480: The heap size "
                  "must be between 1 byte and 256 TiB");
}

static char *
script_with_name (const char *file,
                  gsize       length)
{
  g_autofree char *name = g_strnfill (length, 'n');
  g_autofree char *text = g_strdup_printf ("init 1M\nalloc %s 16\nfree %s\n", name, name);

  return write_bytes (file, text, -1);
}

static void
test_name_length (void)
{
  g_autofree char *longest = script_with_name ("name256.msim", 256);
  g_autofree char *too_long = script_with_name ("name257.msim", 257);
  g_auto (MemsimCliResult) ok = { 0 };
  g_auto (MemsimCliResult) refused = { 0 };

  run_script (&ok, longest);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.err, ==, "");

  run_script (&refused, too_long);
  assert_refused (&refused, 2, too_long, ":2:7: name is longer than 256 bytes");
}

/* A comment line of @length bytes in a script, then a command. */
static char *
script_with_line (const char *file,
                  gsize       length)
{
  g_autofree char *line = g_strnfill (length, '#');
  g_autofree char *text = g_strdup_printf ("init 1M\n%s\r\nalloc a 1\n", line);

  return write_bytes (file, text, -1);
}

static void
test_script_line_length (void)
{
  g_autofree char *longest = script_with_line ("line65536.msim", 65536);
  g_autofree char *too_long = script_with_line ("line65537.msim", 65537);
  g_auto (MemsimCliResult) ok = { 0 };
  g_auto (MemsimCliResult) refused = { 0 };

  run_script (&ok, longest);
  g_assert_cmpint (ok.status, ==, 0);

  run_script (&refused, too_long);
  assert_refused (&refused, 2, too_long, ":2:1: line is longer than 65536 bytes");
}

/* An allocation line of @length bytes (blanks before the size), after
 * @padding bytes of blank lines, so that the line straddles the reader's
 * buffer or not. */
static char *
trace_with_line (const char *file,
                 gsize       padding,
                 gsize       length)
{
  g_autofree char *blanks = g_strnfill (padding, '\n');
  g_autofree char *spaces = g_strnfill (length - 5, ' ');
  g_autofree char *text = g_strdup_printf ("2\n1\n%sa 0%s16\r\n", blanks, spaces);

  return write_bytes (file, text, -1);
}

static void
test_trace_line_length (void)
{
  const gsize paddings[] = { 0, 256 * 1024 - 1000 };

  for (guint i = 0; i < G_N_ELEMENTS (paddings); i++)
    {
      g_autofree char *longest = trace_with_line ("line4096.rep", paddings[i], 4096);
      g_autofree char *too_long = trace_with_line ("line4097.rep", paddings[i], 4097);
      g_autofree char *where = g_strdup_printf (":%" G_GSIZE_FORMAT ": line is longer than "
                                                "4096 bytes (is this a .rep trace?)",
                                                paddings[i] + 3);
      g_auto (MemsimCliResult) ok = { 0 };
      g_auto (MemsimCliResult) refused = { 0 };

      replay (&ok, longest);
      g_assert_cmpint (ok.status, ==, 0);
      g_assert_cmpstr (ok.err, ==, "");

      replay (&refused, too_long);
      assert_refused (&refused, 2, too_long, where);
    }
}

static void
test_trace_numbers (void)
{
  g_autofree char *largest = write_bytes ("largest.rep", "2\n3\na 9223372036854775807 1\n"
                                          "r 9223372036854775807 18446744073709551615\n"
                                          "f 9223372036854775807\n", -1);
  g_autofree char *big_id = write_bytes ("id.rep", "2\n2\na 1 1\na 9223372036854775808 1\n", -1);
  g_autofree char *big_size = write_bytes ("size.rep", "2\n1\n\na 1 18446744073709551616\n", -1);
  g_autofree char *big_header = write_bytes ("header.rep", "18446744073709551616\n1\n", -1);
  g_auto (MemsimCliResult) ok = { 0 };
  g_auto (MemsimCliResult) id = { 0 };
  g_auto (MemsimCliResult) size = { 0 };
  g_auto (MemsimCliResult) header = { 0 };

  /* The largest id and size read; a request of 2^64 - 1 bytes fails as a
   * real malloc() would, and the block it would have replaced stays. */
  memsim_test_run_cli (&ok, "replay", "--total", "1M", largest, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.err, ":4: r 9223372036854775807 18446744073709551615: "));
  g_assert_nonnull (strstr (ok.out, "  realloc_failed           1\n"));
  g_assert_nonnull (strstr (ok.out, "  free_ok                  1\n"));

  replay (&id, big_id);
  assert_refused (&id, 2, big_id, ":4: id is beyond 2^63 - 1 = 9223372036854775807");
  replay (&size, big_size);
  assert_refused (&size, 2, big_size, ":4: size is beyond 2^64 - 1 bytes");
  replay (&header, big_header);
  assert_refused (&header, 2, big_header, ":1: header number is beyond 2^64 - 1");
}

static void
test_script_numbers (void)
{
  g_autofree char *big = write_bytes ("size.msim", "init 1M\nalloc a 18446744073709551615\n"
                                      "alloc b 18446744073709551616\n", -1);
  g_autofree char *big_unit = write_bytes ("unit.msim", "init 17179869184G\n", -1);
  g_auto (MemsimCliResult) size = { 0 };
  g_auto (MemsimCliResult) unit = { 0 };

  run_script (&size, big);
  assert_refused (&size, 2, big, ":3:9: size \"18446744073709551616\" is too large");
  run_script (&unit, big_unit);
  assert_refused (&unit, 2, big_unit, ":1:6: size \"17179869184G\" is too large");
}

/* A CR that does not end a line would stay in a store VALUE and vanish
 * when the line is saved and read back (a fuzzing finding). */
static void
test_lone_carriage_return (void)
{
  g_autofree char *path = write_bytes ("cr.msim", "init 1M\r\nstore n int 42 \r # x\n", -1);
  g_auto (MemsimCliResult) r = { 0 };

  run_script (&r, path);
  assert_refused (&r, 2, path, ":2:16: carriage return inside a line (only \\r\\n ends a line)");
}

/* ---- hostile files ---------------------------------------------------- */

typedef struct {
  const char *name;
  char       *data;
  gsize       length;
} Hostile;

static Hostile
text_file (const char *name,
           const char *text)
{
  return (Hostile) { name, g_strdup (text), strlen (text) };
}

static Hostile *
make_hostile_files (guint *out_n)
{
  static Hostile files[6];
  GRand *rand = g_rand_new_with_seed (7);
  char *garbage = g_malloc (64 * 1024);
  char *long_line = g_malloc (1024 * 1024 + 1);

  for (gsize i = 0; i < 64 * 1024; i++)
    garbage[i] = (char) g_rand_int_range (rand, 0, 256);
  memset (long_line, 'a', 1024 * 1024);
  long_line[1024 * 1024] = '\n';
  g_rand_free (rand);

  files[0] = (Hostile) { "garbage", garbage, 64 * 1024 };
  files[1] = (Hostile) { "nul", g_memdup2 ("2\n1\na 0\0 16\n", 13), 13 };
  files[2] = (Hostile) { "long-line", long_line, 1024 * 1024 + 1 };
  files[3] = text_file ("huge", "99999999999999999999999\n1\n");
  files[4] = text_file ("truncated", "20000\n2\n4\n1\na 0 16\na 1 3");
  files[5] = text_file ("empty", "");
  *out_n = G_N_ELEMENTS (files);
  return files;
}

static void
test_hostile_files (void)
{
  guint n;
  Hostile *files = make_hostile_files (&n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = write_bytes (files[i].name, files[i].data,
                                           (gssize) files[i].length);
      g_autofree char *prefix = g_strdup_printf ("memsim-cli: %s:", path);
      g_auto (MemsimCliResult) as_script = { 0 };
      g_auto (MemsimCliResult) as_trace = { 0 };

      g_test_message ("%s", files[i].name);
      run_script (&as_script, path);
      replay (&as_trace, path);
      /* An empty script is an empty run; everything else is refused. */
      if (files[i].length > 0)
        {
          g_assert_cmpint (as_script.status, ==, 2);
          g_assert_true (g_str_has_prefix (as_script.err, prefix));
        }
      g_assert_cmpint (as_trace.status, ==, 2);
      g_assert_true (g_str_has_prefix (as_trace.err, prefix));
      g_assert_cmpstr (as_trace.out, ==, "");
      g_free (files[i].data);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("MEMSIM_CLI") == NULL)
    g_error ("MEMSIM_CLI must name the memsim-cli binary (meson sets it)");
  tmp_dir = g_dir_make_tmp ("memsim-limits-XXXXXX", NULL);

  g_test_add_func ("/cli/limits/heap-size", test_heap_size);
  g_test_add_func ("/cli/limits/name-length", test_name_length);
  g_test_add_func ("/cli/limits/script-line-length", test_script_line_length);
  g_test_add_func ("/cli/limits/trace-line-length", test_trace_line_length);
  g_test_add_func ("/cli/limits/trace-numbers", test_trace_numbers);
  g_test_add_func ("/cli/limits/script-numbers", test_script_numbers);
  g_test_add_func ("/cli/limits/lone-carriage-return", test_lone_carriage_return);
  g_test_add_func ("/cli/limits/hostile-files", test_hostile_files);

  status = g_test_run ();
  memsim_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
