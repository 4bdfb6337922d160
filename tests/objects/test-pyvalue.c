/* test-pyvalue.c: parsing store values and their sizes on CPython 3.11
 *
 * The size table is asserted exactly, then cross-checked against the
 * machine's python3 when it is a 3.11 (skipped with a message otherwise):
 * one python3 process evaluates every value and prints sys.getsizeof().
 */
#include "config.h"

#include <string.h>

#include "memsim-pyvalue.h"
#include "memsim-types.h"

typedef struct {
  const char *type;
  const char *text;
  guint64     size;        /* of the value; for a record, of the instance */
  guint64     dict_size;   /* records: their __dict__ */
} SizeCase;

static const SizeCase size_cases[] = {
  { "int", "0", 28 },
  { "int", "1", 28 },
  { "int", "-5", 28 },
  { "int", "256", 28 },
  { "int", "257", 28 },
  { "int", "-1", 28 },
  { "int", "1073741823", 28 },                        /* 2**30 - 1 */
  { "int", "1073741824", 32 },                        /* 2**30 */
  { "int", "-1073741824", 32 },
  { "int", "1152921504606846975", 32 },               /* 2**60 - 1 */
  { "int", "1152921504606846976", 36 },               /* 2**60 */
  { "int", "18446744073709551616", 36 },              /* 2**64 */
  { "int", "1237940039285380274899124224", 40 },      /* 2**90 */
  { "int", "10000000000000000000000000000000000000000000000000000000000000000000000000000"
           "000000000000000000000000", 72 },          /* 10**100 */
  { "int", "1_000_000", 28 },
  { "int", "+42", 28 },
  { "int", "000", 28 },
  { "float", "1.5", 24 },
  { "float", "-0.0", 24 },
  { "float", "1e300", 24 },
  { "float", ".5", 24 },
  { "float", "3", 24 },
  { "float", "inf", 24 },
  { "float", "-nan", 24 },
  { "str", "\"\"", 49 },
  { "str", "\"a\"", 50 },
  { "str", "'hello'", 54 },
  { "str", "\"hello world\"", 60 },
  { "str", "\"\\n\"", 50 },
  { "str", "\"\\x41\\x42\"", 51 },
  { "str", "\"é\"", 74 },
  { "str", "\"éa\"", 75 },
  { "str", "\"\\xff\"", 74 },
  { "str", "\"π\"", 76 },
  { "str", "\"ππ\"", 78 },
  { "str", "\"\\u0100\"", 76 },
  { "str", "\"\\ud800\"", 76 },
  { "str", "\"😀\"", 80 },
  { "str", "\"😀a\"", 84 },
  { "str", "\"\\U0001F600\"", 80 },
  { "str", "\"\\q\"", 51 },                           /* unknown escape: 2 characters */
  { "str", "\"it's\"", 53 },
  { "str", "'say \"hi\"'", 57 },
  { "bytes", "b\"\"", 33 },
  { "bytes", "b\"a\"", 34 },
  { "bytes", "b\"abc\"", 36 },
  { "bytes", "B'\\x00\\xff'", 35 },
  { "bytes", "b\"\\101\\n\"", 35 },
  { "tuple", "()", 40 },
  { "tuple", "(1,)", 48 },
  { "tuple", "(1, 2)", 56 },
  { "tuple", "(1, 2, 3,)", 64 },
  { "tuple", "((), (1,), \"a\", b\"b\", 1.5)", 80 },
  { "tuple", "(Point(x=1), 2)", 56 },
  { "record", "Point()", 56, 296 },
  { "record", "Point(x=1, y=2)", 56, 296 },
  { "record", "Node(value=1.5, next=(1, 2), label=\"n\")", 56, 296 },
};

static MemsimPyValue *
parse (const char *type_name,
       const char *text)
{
  g_autoptr (GError) error = NULL;
  MemsimPyType type;
  MemsimPyValue *value;

  g_assert_true (memsim_py_type_from_string (type_name, &type));
  value = memsim_pyvalue_parse (type, text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (value);
  return value;
}

static void
test_size_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    {
      const SizeCase *c = &size_cases[i];
      g_autoptr (MemsimPyValue) value = parse (c->type, c->text);

      if (value->size != c->size)
        g_error ("%s %s: size %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT,
                 c->type, c->text, value->size, c->size);
      if (value->type == MEMSIM_PY_RECORD)
        {
          g_assert_cmpuint (value->n_children, ==, 1);
          g_assert_cmpint (value->children[0]->type, ==, MEMSIM_PY_DICT);
          g_assert_cmpuint (value->children[0]->size, ==, c->dict_size);
        }
    }
}

/* The int sizes at every digit boundary: 24 + 4 per 30-bit digit. */
static void
test_int_sizes (void)
{
  g_assert_cmpuint (memsim_py_int_size (0), ==, 28);
  g_assert_cmpuint (memsim_py_int_size (1), ==, 28);
  g_assert_cmpuint (memsim_py_int_size (30), ==, 28);
  g_assert_cmpuint (memsim_py_int_size (31), ==, 32);
  g_assert_cmpuint (memsim_py_int_size (60), ==, 32);
  g_assert_cmpuint (memsim_py_int_size (61), ==, 36);
  g_assert_cmpuint (memsim_py_int_size (300), ==, 64);
  g_assert_cmpuint (memsim_py_int_size (301), ==, 68);
}

/* The dict of a record: split while the class's shared keys hold the
 * fields (29), then combined and growing as dictresize() grows it. */
static void
test_dict_sizes (void)
{
  static const guint64 expected[][2] = {
    { 0, 296 }, { 29, 296 }, { 30, 1584 }, { 85, 1584 }, { 86, 3328 }, { 170, 3328 },
    { 171, 6576 }, { 342, 13056 }, { 683, 26032 }, { 1366, 51968 }, { 2731, 103856 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpuint (memsim_py_dict_size (expected[i][0]), ==, expected[i][1]);
}

static void
test_sharing_keys (void)
{
  g_autoptr (MemsimPyValue) small = parse ("int", "-5");
  g_autoptr (MemsimPyValue) big = parse ("int", "257");
  g_autoptr (MemsimPyValue) ident = parse ("str", "'hello_1'");
  g_autoptr (MemsimPyValue) escaped = parse ("str", "\"\\x68ello_1\"");
  g_autoptr (MemsimPyValue) spaced = parse ("str", "'hello world'");
  g_autoptr (MemsimPyValue) latin = parse ("str", "'é'");
  g_autoptr (MemsimPyValue) empty_tuple = parse ("tuple", "()");
  g_autoptr (MemsimPyValue) one_byte = parse ("bytes", "b'a'");
  g_autoptr (MemsimPyValue) floaty = parse ("float", "1.0");

  g_assert_cmpuint (small->small_int, ==, 1);
  g_assert_cmpuint (big->small_int, ==, 0);
  g_assert_null (big->key);
  g_assert_cmpstr (ident->key, ==, "s:hello_1");
  g_assert_cmpstr (escaped->key, ==, ident->key);
  g_assert_null (spaced->key);
  g_assert_cmpstr (latin->key, ==, "c:e9");
  g_assert_cmpstr (empty_tuple->key, ==, "t:");
  g_assert_cmpstr (one_byte->key, ==, "b:61");
  g_assert_null (floaty->key);
  g_assert_cmpuint (floaty->small_int, ==, 0);
}

static void
test_tree (void)
{
  g_autoptr (MemsimPyValue) value = parse ("tuple", "(1, (2.5, 'x'), P(a=b'', b=()))");

  g_assert_cmpuint (value->n_children, ==, 3);
  g_assert_cmpint (value->children[1]->type, ==, MEMSIM_PY_TUPLE);
  g_assert_cmpint (value->children[2]->type, ==, MEMSIM_PY_RECORD);
  g_assert_cmpstr (value->children[2]->label, ==, "P");
  g_assert_cmpstr (value->children[2]->children[0]->fields[1], ==, "b");
  /* tuple, 1, (2.5, 'x') + 2, P + dict + b'' + () */
  g_assert_cmpuint (memsim_pyvalue_count (value), ==, 9);
}

typedef struct {
  const char *type;
  const char *text;
  const char *message;   /* a part of the error */
} BadCase;

static const BadCase bad_cases[] = {
  { "int", "abc", "expected a number at character 1" },
  { "int", "1.5", "“1.5” is a float, not an int" },
  { "int", "1 2", "unexpected text after the value at character 3" },
  { "int", "1__0", "unexpected text" },
  { "int", "007", "leading zeros" },
  { "int", "", "expected a number" },
  { "float", "1e", "exponent" },
  { "float", "'1.5'", "expected a number" },
  { "str", "hello", "expected a str in quotes" },
  { "str", "\"abc", "unterminated string" },
  { "str", "\"\\x4\"", "truncated \\x escape" },
  { "str", "\"\\U00110000\"", "illegal Unicode character" },
  { "str", "\"\\N{DASH}\"", "not supported" },
  { "bytes", "\"abc\"", "expected bytes" },
  { "bytes", "b\"é\"", "ASCII literal characters" },
  { "tuple", "1, 2", "expected a tuple in parentheses" },
  { "tuple", "(1)", "write (x,) for a tuple of one item" },
  { "tuple", "(1, 2", "expected “,” or “)”" },
  { "tuple", "(1,, 2)", "expected a value" },
  { "tuple", "(None,)", "expected a value" },
  { "record", "Point", "expected a value" },
  { "record", "Point(x)", "expected “=”" },
  { "record", "Point(x=1, x=2)", "field “x” is repeated" },
  { "record", "Point(1)", "expected a field name" },
  { "record", "\"s\"", "expected a record" },
};

static void
test_bad_values (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const BadCase *c = &bad_cases[i];
      g_autoptr (GError) error = NULL;
      g_autoptr (MemsimPyValue) value = NULL;
      MemsimPyType type;

      g_assert_true (memsim_py_type_from_string (c->type, &type));
      value = memsim_pyvalue_parse (type, c->text, &error);
      g_assert_null (value);
      g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
      if (strstr (error->message, c->message) == NULL)
        g_error ("%s %s: “%s” lacks “%s”", c->type, c->text, error->message, c->message);
    }
}

static void
test_limits (void)
{
  g_autofree char *ok = g_strnfill (MEMSIM_PY_INT_DIGITS_MAX, '9');
  g_autofree char *too_long = g_strnfill (MEMSIM_PY_INT_DIGITS_MAX + 1, '9');
  GString *deep = g_string_new (NULL);
  g_autoptr (MemsimPyValue) value = parse ("int", ok);
  g_autoptr (GError) error = NULL;
  MemsimPyType type;

  /* 10**4300 - 1 has 14284 bits: 477 digits of 30 bits */
  g_assert_cmpuint (value->size, ==, 24 + 4 * 477);
  g_assert_null (memsim_pyvalue_parse (MEMSIM_PY_INT, too_long, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_clear_error (&error);

  /* ((…(1,),…),): the outer tuple and MEMSIM_PY_DEPTH_MAX nested ones */
  for (guint i = 0; i < MEMSIM_PY_DEPTH_MAX + 1; i++)
    g_string_append_c (deep, '(');
  g_string_append (deep, "1");
  for (guint i = 0; i < MEMSIM_PY_DEPTH_MAX + 1; i++)
    g_string_append (deep, ",)");
  g_assert_null (memsim_pyvalue_parse (MEMSIM_PY_TUPLE, deep->str, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "nest more than"));
  g_clear_error (&error);
  /* one level less parses */
  g_string_erase (deep, 0, 1);
  g_string_truncate (deep, deep->len - 2);
  g_clear_pointer (&value, memsim_pyvalue_free);
  value = memsim_pyvalue_parse (MEMSIM_PY_TUPLE, deep->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (memsim_pyvalue_count (value), ==, MEMSIM_PY_DEPTH_MAX + 1);
  g_string_free (deep, TRUE);

  g_assert_false (memsim_py_type_from_string ("dict", &type));
  g_assert_false (memsim_py_type_from_string ("list", &type));
}

/* A fuzzing finding: the error quoted text that was not UTF-8. */
static void
test_invalid_utf8 (void)
{
  g_autoptr (GError) error = NULL;

  g_assert_null (memsim_pyvalue_parse (MEMSIM_PY_STR, "\"\xc3\xc3t\xa9\"", &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "The value is not valid UTF-8 text");
}

/* ---- the cross-check with python3 --------------------------------------- */

static gboolean
python_is_311 (char **out_why)
{
  g_autofree char *out = NULL, *err = NULL;
  const char *argv[] = { "python3", "--version", NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     &err, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      *out_why = g_strdup ("python3 is not available: the sizes are not cross-checked");
      return FALSE;
    }
  if (!g_str_has_prefix (out, "Python 3.11."))
    {
      *out_why = g_strdup_printf ("python3 is %s, not 3.11: the sizes are not cross-checked",
                                  g_strstrip (out));
      return FALSE;
    }
  return TRUE;
}

static const char python_prelude[] =
  "import sys\n"
  "class _Records(dict):\n"
  "    def __missing__(self, name):\n"
  "        def make(**fields):\n"
  "            obj = type(name, (), {})()\n"
  "            for key, value in fields.items():\n"
  "                setattr(obj, key, value)\n"
  "            return obj\n"
  "        return make\n"
  "def show(text, kind):\n"
  "    if kind == 'float':\n"
  "        v = float(text)\n"
  "    else:\n"
  "        v = eval(text, {'__builtins__': {}}, _Records())\n"
  "    if kind == 'record':\n"
  "        print(sys.getsizeof(v), sys.getsizeof(v.__dict__))\n"
  "    else:\n"
  "        print(sys.getsizeof(v))\n";

static void
append_python_case (GString    *script,
                    const char *type,
                    const char *text)
{
  g_string_append (script, "show('");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' || *p == '\'')
        g_string_append_c (script, '\\');
      g_string_append_c (script, *p);
    }
  g_string_append_printf (script, "', '%s')\n", type);
}

/* Records of 0 to 3000 fields, to check the dict's growth. */
static char *
record_text (guint n_fields)
{
  GString *text = g_string_new ("R(");

  for (guint i = 0; i < n_fields; i++)
    g_string_append_printf (text, "%sf%u=%u", i > 0 ? ", " : "", i, i);
  g_string_append_c (text, ')');
  return g_string_free (text, FALSE);
}

static const guint record_fields[] = { 0, 1, 28, 29, 30, 31, 85, 86, 170, 171, 400, 1366, 3000 };

static char **
run_python (GString *script)
{
  const char *argv[] = { "python3", "-c", script->str, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python3 failed: %s", err);
  return g_strsplit (out, "\n", -1);
}

static void
expect_line (const char *line,
             const char *type,
             const char *text,
             guint64     size,
             guint64     dict_size)
{
  g_autofree char *mine = dict_size != 0
    ? g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, size, dict_size)
    : g_strdup_printf ("%" G_GUINT64_FORMAT, size);

  if (g_strcmp0 (line, mine) != 0)
    g_error ("%s %.60s: memsim says %s, python3 says %s", type, text, mine, line);
}

static void
test_python_cross_check (void)
{
  g_autofree char *why = NULL;
  g_autoptr (GString) script = NULL;
  g_auto (GStrv) lines = NULL;
  guint line = 0;

  if (!python_is_311 (&why))
    {
      g_test_skip (why);
      return;
    }
  script = g_string_new (python_prelude);
  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    append_python_case (script, size_cases[i].type, size_cases[i].text);
  for (guint i = 0; i < G_N_ELEMENTS (record_fields); i++)
    {
      g_autofree char *text = record_text (record_fields[i]);

      append_python_case (script, "record", text);
    }
  lines = run_python (script);

  for (guint i = 0; i < G_N_ELEMENTS (size_cases); i++)
    {
      const SizeCase *c = &size_cases[i];
      g_autoptr (MemsimPyValue) value = parse (c->type, c->text);

      expect_line (lines[line++], c->type, c->text, value->size,
                   value->type == MEMSIM_PY_RECORD ? value->children[0]->size : 0);
    }
  for (guint i = 0; i < G_N_ELEMENTS (record_fields); i++)
    {
      g_autofree char *text = record_text (record_fields[i]);
      g_autoptr (MemsimPyValue) value = parse ("record", text);

      expect_line (lines[line++], "record", text, value->size, value->children[0]->size);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/objects/pyvalue/sizes/table", test_size_table);
  g_test_add_func ("/objects/pyvalue/sizes/int", test_int_sizes);
  g_test_add_func ("/objects/pyvalue/sizes/dict", test_dict_sizes);
  g_test_add_func ("/objects/pyvalue/sizes/python3", test_python_cross_check);
  g_test_add_func ("/objects/pyvalue/sharing-keys", test_sharing_keys);
  g_test_add_func ("/objects/pyvalue/tree", test_tree);
  g_test_add_func ("/objects/pyvalue/bad-values", test_bad_values);
  g_test_add_func ("/objects/pyvalue/limits", test_limits);
  g_test_add_func ("/objects/pyvalue/invalid-utf8", test_invalid_utf8);

  return g_test_run ();
}
