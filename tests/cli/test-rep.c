/* test-rep.c: the streaming .rep reader (memsim-rep.c) */
#include <glib/gstdio.h>
#include <string.h>

#include "memsim-rep.h"

static char *tmp_dir;

/* Writes @length bytes of @text (-1: a string) to a file of the test dir. */
static char *
write_trace (const char *text,
             gssize      length)
{
  char *path = g_build_filename (tmp_dir, "t.rep", NULL);

  g_assert_true (g_file_set_contents (path, text, length, NULL));
  return path;
}

/* Reads the whole trace at @path into "kind id size @line;" items. */
static char *
read_all (const char *path,
          GError    **error)
{
  g_autoptr (MemsimRepReader) reader = memsim_rep_reader_open (path, error);
  GString *out = g_string_new (NULL);
  MemsimRepEvent event;

  if (reader == NULL)
    return g_string_free (out, TRUE);

  while (memsim_rep_reader_next (reader, &event, error))
    g_string_append_printf (out, "%c %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                            " @%" G_GUINT64_FORMAT ";", "arf"[event.kind],
                            event.id, event.size, event.line);
  return g_string_free (out, FALSE);
}

static void
assert_events (const char *text,
               const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_trace (text, -1);
  g_autofree char *events = read_all (path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (events, ==, expected);
}

static void
assert_fails (const char *text,
              gssize      length,
              int         code,
              const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_trace (text, length);
  g_autofree char *events = read_all (path, &error);
  g_autofree char *expected = g_strdup_printf ("%s%s", path, message);

  g_assert_error (error, MEMSIM_ERROR, code);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_four_line_header (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_trace ("20000\n3\n4\n1\na 0 10\nr 0 20\nf 0\na 2 0\n", -1);
  g_autoptr (MemsimRepReader) reader = memsim_rep_reader_open (path, &error);
  MemsimRepEvent event;

  g_assert_no_error (error);
  g_assert_cmpuint (memsim_rep_reader_get_n_header_lines (reader), ==, 4);
  g_assert_cmpuint (memsim_rep_reader_get_heap_size (reader), ==, 20000);
  g_assert_cmpuint (memsim_rep_reader_get_n_ids (reader), ==, 3);
  g_assert_cmpuint (memsim_rep_reader_get_n_ops (reader), ==, 4);
  g_assert_cmpuint (memsim_rep_reader_get_weight (reader), ==, 1);

  g_assert_true (memsim_rep_reader_next (reader, &event, &error));
  g_assert_cmpint (event.kind, ==, MEMSIM_REP_ALLOC);
  g_assert_cmpuint (event.id, ==, 0);
  g_assert_cmpuint (event.size, ==, 10);
  g_assert_cmpuint (event.line, ==, 5);
  assert_events ("20000\n3\n4\n1\na 0 10\nr 0 20\nf 0\na 2 0\n",
                 "a 0 10 @5;r 0 20 @6;f 0 0 @7;a 2 0 @8;");
}

static void
test_two_line_header (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_trace ("2\n3\na 0 10\na 1 7\nf 1\n", -1);
  g_autoptr (MemsimRepReader) reader = memsim_rep_reader_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (memsim_rep_reader_get_n_header_lines (reader), ==, 2);
  g_assert_cmpuint (memsim_rep_reader_get_heap_size (reader), ==, 0);
  g_assert_cmpuint (memsim_rep_reader_get_n_ids (reader), ==, 2);
  g_assert_cmpuint (memsim_rep_reader_get_n_ops (reader), ==, 3);
  assert_events ("2\n3\na 0 10\na 1 7\nf 1\n", "a 0 10 @3;a 1 7 @4;f 1 0 @5;");
  assert_events ("0\n0\n", "");
  assert_events ("0\n0\n0\n0\n", "");
}

static void
test_crlf_blanks_and_spacing (void)
{
  assert_events ("1\r\n2\r\n2\r\n0\r\na 0 5\r\nf 0\r\n", "a 0 5 @5;f 0 0 @6;");
  assert_events ("1\n2\n\n  a\t0   5  \n\n f 0\t\r\n\n", "a 0 5 @4;f 0 0 @6;");
  assert_events ("1\n2\na 0 5\nf 0", "a 0 5 @3;f 0 0 @4;");
}

static void
test_null_free (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_trace ("1\n4\na 0 5\nf -1\nf -9223372036854775808\nf 0\n", -1);
  g_autoptr (MemsimRepReader) reader = memsim_rep_reader_open (path, &error);
  MemsimRepEvent event;
  guint n = 0;

  while (memsim_rep_reader_next (reader, &event, &error))
    n++;
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (memsim_rep_reader_get_n_null_frees (reader), ==, 2);
  g_assert_cmpuint (event.line, ==, 6);
}

static void
test_limits (void)
{
  assert_events ("1\n1\na 9223372036854775807 18446744073709551615\n",
                 "a 9223372036854775807 18446744073709551615 @3;");
  assert_fails ("1\n1\na 9223372036854775808 1\n", -1, MEMSIM_ERROR_SYNTAX,
                ":3: id is beyond 2^63 - 1 = 9223372036854775807");
  assert_fails ("1\n1\na 99999999999999999999999999 1\n", -1, MEMSIM_ERROR_SYNTAX,
                ":3: id is beyond 2^63 - 1 = 9223372036854775807");
  assert_fails ("1\n1\nf -9223372036854775809\n", -1, MEMSIM_ERROR_SYNTAX,
                ":3: id is beyond 2^63 - 1 = 9223372036854775807");
  assert_fails ("1\n1\na 1 18446744073709551616\n", -1, MEMSIM_ERROR_SYNTAX,
                ":3: size is beyond 2^64 - 1 bytes");
  assert_fails ("1\n18446744073709551616\n", -1, MEMSIM_ERROR_SYNTAX,
                ":2: header number is beyond 2^64 - 1");
}

static void
test_bad_lines (void)
{
  static const struct { const char *text, *message; } cases[] = {
    { "1\n1\na -1 5\n", ":3: negative id on an allocation (only 'f' takes one)" },
    { "1\n1\na 1 -5\n", ":3: expected a size (not a negative one), found '-'" },
    { "1\n1\na 1\n", ":3: expected a size in bytes, found the end of the line" },
    { "1\n1\na 1x 5\n", ":3: expected a blank after the id, found 'x'" },
    { "1\n1\nx 1\n", ":3: expected an operation ('a', 'r' or 'f'), found 'x'" },
    { "1\n1\na1 1\n", ":3: expected a blank after the operation, found '1'" },
    { "1\n1\nf\n", ":3: expected a blank after the operation, found the end of the line" },
    { "1\n1\nf x\n", ":3: expected an id, found 'x'" },
    { "1\n1\na 1 2 3\n", ":3: expected the end of the line, found '3'" },
    { "1\n1\nf 1 2\n", ":3: expected the end of the line, found '2'" },
    { "1\n2\n3\n4\n5\na 1 1\n", ":5: expected an operation ('a', 'r' or 'f'), found '5'" },
    { "-1\n2\n", ":1: negative number in the header" },
    { "1\n2x\n", ":2: expected the end of the header line, found 'x'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_fails (cases[i].text, -1, MEMSIM_ERROR_SYNTAX, cases[i].message);
}

static void
test_header_shapes (void)
{
  assert_fails ("", -1, MEMSIM_ERROR_SYNTAX, ": empty file, not a .rep trace");
  assert_fails ("\n\n", -1, MEMSIM_ERROR_SYNTAX,
                ":2: not a .rep trace: only blank lines, no header");
  assert_fails ("hello world\n", -1, MEMSIM_ERROR_SYNTAX,
                ":1: not a .rep trace: it does not start with a numeric header");
  assert_fails ("1\n2\n3\na 0 1\n", -1, MEMSIM_ERROR_SYNTAX,
                ":3: the header has 3 numbers; a .rep header has 4 (heap size, ids, "
                "ops, weight) or 2 (ids, ops)");
  assert_fails ("7\na 0 1\n", -1, MEMSIM_ERROR_SYNTAX,
                ":1: the header has 1 number; a .rep header has 4 (heap size, ids, "
                "ops, weight) or 2 (ids, ops)");
}

static void
test_truncated (void)
{
  assert_fails ("1\n2\n3\n1\na 0 10\nf 0\n", -1, MEMSIM_ERROR_SYNTAX,
                ":6: truncated trace: the header announces 3 operations, the file "
                "ends after 2");
  assert_fails ("2\n3\n", -1, MEMSIM_ERROR_SYNTAX,
                ":2: truncated trace: the header announces 3 operations, the file "
                "ends after 0");
  assert_fails ("2\n1\na 0 10\nf 0\n", -1, MEMSIM_ERROR_SYNTAX,
                ":4: more operations than the 1 the header announces");
}

static void
test_binary (void)
{
  static const char garbage[] = "1\n2\n\x7f" "ELF\x02\x01\x01\0\0\0\n";
  g_autofree char *zeros = g_malloc0 (10000);
  g_autofree char *noise = g_malloc (100000);

  assert_fails (garbage, sizeof garbage - 1, MEMSIM_ERROR_SYNTAX,
                ":3: expected an operation ('a', 'r' or 'f'), found byte 0x7f "
                "(is this a .rep trace?)");
  assert_fails ("1\n1\na 0\0 1\n", 10, MEMSIM_ERROR_SYNTAX,
                ":3: expected a blank after the id, found byte 0x00 (is this a .rep trace?)");
  assert_fails (zeros, 10000, MEMSIM_ERROR_LIMIT,
                ":1: line is longer than 4096 bytes (is this a .rep trace?)");

  for (guint i = 0; i < 100000; i++)
    noise[i] = 'a' + i % 7;
  assert_fails (noise, 100000, MEMSIM_ERROR_LIMIT,
                ":1: line is longer than 4096 bytes (is this a .rep trace?)");
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "none.rep", NULL);

  g_assert_null (memsim_rep_reader_open (path, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, path));
}

/* Lines across many buffer refills, checked against what was written. */
static void
test_long_trace (void)
{
  GString *text = g_string_new ("0\n200000\n400000\n1\n");
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (MemsimRepReader) reader = NULL;
  MemsimRepEvent event;
  guint64 n = 0, sum = 0;

  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (text, "a %u %u\r\nf %u\n", i, i * 7 + 1, i);
  path = write_trace (text->str, text->len);
  g_string_free (text, TRUE);

  reader = memsim_rep_reader_open (path, &error);
  while (memsim_rep_reader_next (reader, &event, &error))
    {
      g_assert_cmpint (event.kind, ==, n % 2 == 0 ? MEMSIM_REP_ALLOC : MEMSIM_REP_FREE);
      g_assert_cmpuint (event.id, ==, n / 2);
      g_assert_cmpuint (event.line, ==, n + 5);
      sum += event.size;
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 400000);
  g_assert_cmpuint (sum, ==, 7 * (199999ull * 200000 / 2) + 200000);
}

/* Every trace in shared/traces/malloclab reads to the end, with the event
 * counts of its header. */
static void
test_real_traces (void)
{
  const char *traces = g_getenv ("MEMSIM_TRACES");
  g_autofree char *dir_path = NULL;
  g_autoptr (GDir) dir = NULL;
  const char *name;
  guint n_files = 0;

  if (traces == NULL)
    {
      g_test_skip ("MEMSIM_TRACES is not set");
      return;
    }

  dir_path = g_build_filename (traces, "malloclab", NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr (GError) error = NULL;
      g_autoptr (MemsimRepReader) reader = memsim_rep_reader_open (path, &error);
      MemsimRepEvent event;
      guint64 n = 0;

      g_assert_no_error (error);
      while (memsim_rep_reader_next (reader, &event, &error))
        n++;
      g_assert_no_error (error);
      g_assert_cmpuint (n + memsim_rep_reader_get_n_null_frees (reader), ==,
                        memsim_rep_reader_get_n_ops (reader));
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 19);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("memsim-rep-XXXXXX", NULL);

  g_test_add_func ("/cli/rep/four-line-header", test_four_line_header);
  g_test_add_func ("/cli/rep/two-line-header", test_two_line_header);
  g_test_add_func ("/cli/rep/crlf-blanks-and-spacing", test_crlf_blanks_and_spacing);
  g_test_add_func ("/cli/rep/null-free", test_null_free);
  g_test_add_func ("/cli/rep/limits", test_limits);
  g_test_add_func ("/cli/rep/bad-lines", test_bad_lines);
  g_test_add_func ("/cli/rep/header-shapes", test_header_shapes);
  g_test_add_func ("/cli/rep/truncated", test_truncated);
  g_test_add_func ("/cli/rep/binary", test_binary);
  g_test_add_func ("/cli/rep/missing-file", test_missing_file);
  g_test_add_func ("/cli/rep/long-trace", test_long_trace);
  g_test_add_func ("/cli/rep/real-traces", test_real_traces);

  status = g_test_run ();
  {
    g_autofree char *path = g_build_filename (tmp_dir, "t.rep", NULL);
    g_unlink (path);
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }
  return status;
}
