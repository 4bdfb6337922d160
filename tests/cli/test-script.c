/* test-script.c: the .msim parser (memsim-script.c) and MemsimOp */
#include <glib/gstdio.h>
#include <string.h>

#include "memsim-script.h"

/* Parses @text and returns its ops written back, one a line. */
static char *
reparse (const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = memsim_script_parse (text, -1, "t.msim", &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (ops);
  for (guint i = 0; i < ops->len; i++)
    {
      g_autofree char *line = memsim_op_to_script (g_ptr_array_index (ops, i));
      g_string_append_printf (out, "%s\n", line);
    }
  return g_string_free (out, FALSE);
}

static void
assert_syntax_error (const char *text,
                     const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = memsim_script_parse (text, -1, "t.msim", &error);

  g_assert_null (ops);
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_every_command (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "init 1M", "init 1048576" },
    { "init 64", "init 64" },
    { "policy first-fit", "policy first-fit" },
    { "policy next-fit", "policy next-fit" },
    { "policy best-fit", "policy best-fit" },
    { "policy worst-fit", "policy worst-fit" },
    { "policy buddy", "policy buddy" },
    { "set align 8", "set align 8" },
    { "set header 16", "set header 16" },
    { "set min-block 1K", "set min-block 1024" },
    { "set auto-compact on", "set auto-compact on" },
    { "set auto-compact off", "set auto-compact off" },
    { "set round pow2 on", "set round pow2 on" },
    { "set round pow2 off", "set round pow2 off" },
    { "alloc a 100", "alloc a 100" },
    { "alloc a 4k pow2", "alloc a 4096 pow2" },
    { "alloc a 2KiB exact", "alloc a 2048 exact" },
    { "alloc a 1g", "alloc a 1073741824" },
    { "free a", "free a" },
    { "realloc a 3M", "realloc a 3145728" },
    { "compact", "compact" },
    { "reset", "reset" },
    { "reset 2M", "reset 2097152" },
    { "store x int 42", "store x int 42" },
    { "store x float 1.5", "store x float 1.5" },
    { "store x str \"hi there\"", "store x str \"hi there\"" },
    { "store x bytes b\"abc\"", "store x bytes b\"abc\"" },
    { "store x tuple (1, 2)", "store x tuple (1, 2)" },
    { "store p record Point(x=1, y=2)", "store p record Point(x=1, y=2)" },
    { "release x", "release x" },
    { "collect", "collect" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = reparse (cases[i].in);
      g_autofree char *expected = g_strconcat (cases[i].out, "\n", NULL);

      g_assert_cmpstr (out, ==, expected);
    }
}

static void
test_fields (void)
{
  g_autoptr (GPtrArray) ops = memsim_script_parse (
    "init 4K\n\n# a comment\n  alloc \"a b\" 10 pow2  # trailing\n"
    "set round pow2 on\nstore s str 'x#y'  # c\npolicy buddy\n", -1, NULL, NULL);
  MemsimOp *op;

  g_assert_nonnull (ops);
  g_assert_cmpuint (ops->len, ==, 5);

  op = g_ptr_array_index (ops, 0);
  g_assert_cmpint (op->kind, ==, MEMSIM_OP_INIT);
  g_assert_cmpuint (op->size, ==, 4096);
  g_assert_cmpuint (op->line, ==, 1);

  op = g_ptr_array_index (ops, 1);
  g_assert_cmpint (op->kind, ==, MEMSIM_OP_ALLOC);
  g_assert_cmpstr (op->name, ==, "a b");
  g_assert_cmpuint (op->size, ==, 10);
  g_assert_cmpint (op->round, ==, MEMSIM_ROUND_POW2);
  g_assert_cmpuint (op->line, ==, 4);

  op = g_ptr_array_index (ops, 2);
  g_assert_cmpint (op->setting, ==, MEMSIM_SETTING_ROUND_POW2);
  g_assert_cmpuint (op->size, ==, 1);

  op = g_ptr_array_index (ops, 3);
  g_assert_cmpstr (op->type, ==, "str");
  g_assert_cmpstr (op->value, ==, "'x#y'");

  op = g_ptr_array_index (ops, 4);
  g_assert_cmpint (op->policy, ==, MEMSIM_POLICY_BUDDY);
  g_assert_cmpuint (op->line, ==, 7);
}

static void
test_comments_and_blanks (void)
{
  g_autofree char *out = reparse ("# header\n\n   \n\t# indented\nalloc a 1#c\n"
                                  "free a # bye\ncompact#\n# end");

  g_assert_cmpstr (out, ==, "alloc a 1\nfree a\ncompact\n");
}

static void
test_quoting (void)
{
  g_autofree char *out = reparse ("alloc \"with space\" 1\n"
                                  "alloc \"say \\\"hi\\\"\" 2\n"
                                  "alloc \"back\\\\slash\" 3\n"
                                  "alloc \"#hash\" 4\n"
                                  "alloc \"plain\" 5\n"
                                  "alloc é 6\n");

  g_assert_cmpstr (out, ==, "alloc \"with space\" 1\n"
                   "alloc \"say \\\"hi\\\"\" 2\n"
                   "alloc \"back\\\\slash\" 3\n"
                   "alloc \"#hash\" 4\n"
                   "alloc plain 5\n"
                   "alloc é 6\n");
}

/* Every op written back parses to the same line again. */
static void
test_round_trip (void)
{
  const char *text = "init 1M\npolicy worst-fit\nset align 32\nset auto-compact on\n"
                     "alloc \"a \\\"b\\\" \\\\ c\" 7 exact\nrealloc \"a \\\"b\\\" \\\\ c\" 9\n"
                     "reset 64K\nstore \"o#1\" tuple (1, \"x # y\")\nrelease \"o#1\"\n";
  g_autofree char *once = reparse (text);
  g_autofree char *twice = reparse (once);

  g_assert_cmpstr (once, ==, twice);
}

static void
test_zero_size_parses (void)
{
  g_autofree char *out = reparse ("alloc a 0\nalloc b 00\nalloc c 0K\ninit 0\n");

  g_assert_cmpstr (out, ==, "alloc a 0\nalloc b 0\nalloc c 0\ninit 0\n");
}

static void
test_crlf_and_bom (void)
{
  g_autofree char *out = reparse ("\xEF\xBB\xBFinit 4K\r\nalloc a 1\r\n\r\nfree a");

  g_assert_cmpstr (out, ==, "init 4096\nalloc a 1\nfree a\n");
  assert_syntax_error ("\xEF\xBB\xBF" "frob", "t.msim:1:1: unknown command \"frob\"");
  assert_syntax_error ("init 1\r\nfree\r\n", "t.msim:2:5: free needs a name");
}

static void
test_syntax_errors (void)
{
  static const struct { const char *text, *message; } cases[] = {
    { "frob x", "t.msim:1:1: unknown command \"frob\"" },
    { "init 1M\n\n  Alloc a 1", "t.msim:3:3: unknown command \"Alloc\"" },
    { "alloc", "t.msim:1:6: alloc needs a name" },
    { "alloc a", "t.msim:1:8: alloc needs a size" },
    { "alloc a   # no size", "t.msim:1:11: alloc needs a size" },
    { "alloc a 10 big", "t.msim:1:12: unknown rounding \"big\" (expected pow2 or exact)" },
    { "alloc a 10 pow2 x", "t.msim:1:17: unexpected argument \"x\" after alloc" },
    { "alloc a -5", "t.msim:1:9: invalid size \"-5\" (expected a number of bytes, "
      "optionally followed by K, M or G)" },
    { "alloc a 1.5M", "t.msim:1:9: invalid size \"1.5M\" (expected a number of bytes, "
      "optionally followed by K, M or G)" },
    { "alloc a 12Q", "t.msim:1:9: invalid size \"12Q\" (expected a number of bytes, "
      "optionally followed by K, M or G)" },
    { "alloc a 18446744073709551616", "t.msim:1:9: size \"18446744073709551616\" is too large" },
    { "alloc a 99999999999G", "t.msim:1:9: size \"99999999999G\" is too large" },
    { "alloc a \"10\"", "t.msim:1:9: only names may be quoted" },
    { "\"alloc\" a 1", "t.msim:1:1: only names may be quoted" },
    { "alloc \"a 1", "t.msim:1:7: unterminated quote" },
    { "alloc \"a\"b 1", "t.msim:1:10: expected a blank after the closing quote" },
    { "alloc a\"b 1", "t.msim:1:8: unexpected quote inside a word (quote the whole name: \"…\")" },
    { "alloc \"a\\n\" 1", "t.msim:1:9: unknown escape sequence in a quoted name "
      "(only \\\" and \\\\ are allowed)" },
    { "alloc \"\" 1", "t.msim:1:7: empty name" },
    { "alloc \"a\tb\" 1", "t.msim:1:7: name contains a control character (U+0009)" },
    { "alloc a\x01 1", "t.msim:1:7: name contains a control character (U+0001)" },
    { "free", "t.msim:1:5: free needs a name" },
    { "free a b", "t.msim:1:8: unexpected argument \"b\" after free" },
    { "realloc a", "t.msim:1:10: realloc needs a size" },
    { "realloc é 1 2", "t.msim:1:13: unexpected argument \"2\" after realloc" },
    { "init", "t.msim:1:5: init needs a size" },
    { "init 0x10", "t.msim:1:6: invalid size \"0x10\" (expected a number of bytes, "
      "optionally followed by K, M or G)" },
    { "policy", "t.msim:1:7: policy needs a policy" },
    { "policy fastest", "t.msim:1:8: unknown policy \"fastest\" (expected first-fit, "
      "next-fit, best-fit, worst-fit or buddy)" },
    { "set", "t.msim:1:4: set needs a setting" },
    { "set speed 4", "t.msim:1:5: unknown setting \"speed\" (expected align, header, "
      "min-block, auto-compact or round pow2)" },
    { "set align", "t.msim:1:10: set align needs a size" },
    { "set auto-compact yes", "t.msim:1:18: unknown switch \"yes\" (expected on or off)" },
    { "set round", "t.msim:1:10: set round needs a word" },
    { "set round pow3 on", "t.msim:1:11: unknown word \"pow3\" (expected pow2)" },
    { "set round pow2", "t.msim:1:15: set round pow2 needs a switch" },
    { "compact now", "t.msim:1:9: unexpected argument \"now\" after compact" },
    { "collect 1", "t.msim:1:9: unexpected argument \"1\" after collect" },
    { "reset 0", "t.msim:1:7: reset needs a size above 0 (or none, to keep the total)" },
    { "reset 1M 2M", "t.msim:1:10: unexpected argument \"2M\" after reset" },
    { "store", "t.msim:1:6: store needs a name" },
    { "store x", "t.msim:1:8: store needs a type" },
    { "store x blob 1", "t.msim:1:9: unknown type \"blob\" (expected int, float, str, "
      "bytes, tuple or record)" },
    { "store x int", "t.msim:1:12: store needs a value" },
    { "store x int   # none", "t.msim:1:15: store needs a value" },
    { "store x str \"abc", "t.msim:1:13: unterminated quote in the value" },
    { "release", "t.msim:1:8: release needs a name" },
    { "alloc a 1\nalloc b 2\nfree", "t.msim:3:5: free needs a name" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_syntax_error (cases[i].text, cases[i].message);
}

static void
test_long_token_shortened (void)
{
  g_autofree char *text = g_strdup_printf ("frob%s", "ééééééééééééééééééééééééééééééééééééééééééé");

  assert_syntax_error (text, "t.msim:1:1: unknown command \"frobéééééééééééééééééééééééééé"
                       "éééééééééé…\"");
}

static void
test_name_limits (void)
{
  g_autofree char *longest = g_strnfill (256, 'x');
  g_autofree char *ok = g_strdup_printf ("free %s\n", longest);
  g_autofree char *name = g_strnfill (257, 'x');
  g_autofree char *too_long = g_strdup_printf ("free %s", name);
  g_autofree char *quoted = g_strdup_printf ("free \"%s\"", name);
  g_autofree char *out = reparse (ok);

  g_assert_cmpstr (out, ==, ok);
  assert_syntax_error (too_long, "t.msim:1:6: name is longer than 256 bytes");
  assert_syntax_error (quoted, "t.msim:1:6: name is longer than 256 bytes");
}

static void
test_bad_bytes (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autofree char *long_line = NULL;
  g_autofree char *filler = g_strnfill (65535, 'x');

  ops = memsim_script_parse ("init 1\nfree x\0y\n", 16, "t.msim", &error);
  g_assert_null (ops);
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "t.msim:2:7: NUL byte (is this a text file?)");

  assert_syntax_error ("init 1\n\nfree \xc3\x28", "t.msim:3:6: invalid UTF-8 (is this a text file?)");
  assert_syntax_error ("alloc \xff 1", "t.msim:1:7: invalid UTF-8 (is this a text file?)");

  long_line = g_strdup_printf ("init 1\n# %s\n", filler);
  assert_syntax_error (long_line, "t.msim:2:1: line is longer than 65536 bytes");
}

static void
test_parse_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;
  g_autofree char *dir = g_dir_make_tmp ("memsim-script-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "s.msim", NULL);
  g_autofree char *missing = g_build_filename (dir, "none.msim", NULL);
  g_autofree char *expected = NULL;

  g_assert_true (g_file_set_contents (path, "init 4K\nalloc a 0 exact\nbad", -1, NULL));
  ops = memsim_script_parse_file (path, &error);
  g_assert_null (ops);
  expected = g_strdup_printf ("%s:3:1: unknown command \"bad\"", path);
  g_assert_cmpstr (error->message, ==, expected);
  g_clear_error (&error);

  g_assert_null (memsim_script_parse_file (missing, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  g_assert_null (memsim_script_parse_file (dir, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "", -1, NULL));
  g_clear_pointer (&ops, g_ptr_array_unref);
  ops = memsim_script_parse_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops->len, ==, 0);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_op_basics (void)
{
  g_autoptr (MemsimOp) op = memsim_op_new (MEMSIM_OP_STORE);
  g_autoptr (MemsimOp) copy = NULL;
  g_autofree char *line = NULL;

  op->name = g_strdup ("o");
  op->type = g_strdup ("int");
  op->value = g_strdup ("7");
  op->line = 3;
  copy = memsim_op_copy (op);
  g_assert_true (copy->name != op->name);
  g_assert_cmpstr (copy->value, ==, "7");
  g_assert_cmpuint (copy->line, ==, 3);
  line = memsim_op_to_script (copy);
  g_assert_cmpstr (line, ==, "store o int 7");

  g_assert_cmpstr (memsim_op_kind_to_string (MEMSIM_OP_INIT), ==, "init");
  g_assert_cmpstr (memsim_op_kind_to_string (MEMSIM_OP_COLLECT), ==, "collect");
  g_assert_true (memsim_op_is_allocation (op));
  op->kind = MEMSIM_OP_COMPACT;
  g_assert_true (memsim_op_is_allocation (op));
  op->kind = MEMSIM_OP_SET;
  g_assert_false (memsim_op_is_allocation (op));
  op->kind = MEMSIM_OP_RESET;
  g_assert_false (memsim_op_is_allocation (op));
  memsim_op_free (NULL);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/script/every-command", test_every_command);
  g_test_add_func ("/cli/script/fields", test_fields);
  g_test_add_func ("/cli/script/comments-and-blanks", test_comments_and_blanks);
  g_test_add_func ("/cli/script/quoting", test_quoting);
  g_test_add_func ("/cli/script/round-trip", test_round_trip);
  g_test_add_func ("/cli/script/zero-size-parses", test_zero_size_parses);
  g_test_add_func ("/cli/script/crlf-and-bom", test_crlf_and_bom);
  g_test_add_func ("/cli/script/syntax-errors", test_syntax_errors);
  g_test_add_func ("/cli/script/long-token-shortened", test_long_token_shortened);
  g_test_add_func ("/cli/script/name-limits", test_name_limits);
  g_test_add_func ("/cli/script/bad-bytes", test_bad_bytes);
  g_test_add_func ("/cli/script/parse-file", test_parse_file);
  g_test_add_func ("/cli/script/op-basics", test_op_basics);

  return g_test_run ();
}
