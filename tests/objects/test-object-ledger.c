/* test-object-ledger.c: objects, names, sharing, bad input, the byte account
 */
#include "config.h"

#include "objects-common.h"
#include "memsim-types.h"

typedef struct {
  MemsimObjectStore *store;
  MemsimHeap        *heap;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = memsim_object_store_new (GPOINTER_TO_INT (data));
  f->heap = new_heap (64 << 20);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  assert_consistent (f->store, f->heap);
  memsim_object_store_free (f->store);
  memsim_heap_free (f->heap);
}

static guint64
store_ok (Fixture    *f,
          const char *name,
          const char *type,
          const char *text)
{
  g_autoptr (MemsimPyValue) value = py_value (type, text);
  g_autoptr (GError) error = NULL;
  guint64 id = 0;

  g_assert_true (memsim_object_store_store (f->store, f->heap, name, value, &id, &error));
  g_assert_no_error (error);
  return id;
}

static void
release_ok (Fixture    *f,
            const char *name)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (memsim_object_store_release (f->store, f->heap, name, &error));
  g_assert_no_error (error);
}

static MemsimObjectInfo
named (Fixture    *f,
       const char *name)
{
  MemsimObjectInfo info;

  g_assert_true (memsim_object_store_lookup_name (f->store, name, &info));
  return info;
}

/* ---- sharing -------------------------------------------------------------- */

static void
test_small_ints (Fixture       *f,
                 gconstpointer  data)
{
  guint64 a = store_ok (f, "a", "int", "5");
  guint64 b = store_ok (f, "b", "int", "5");
  guint64 c = store_ok (f, "c", "int", "257");
  guint64 d = store_ok (f, "d", "int", "257");

  g_assert_cmpuint (a, ==, b);
  g_assert_cmpuint (named (f, "a").refcount, ==, 2);
  g_assert_cmpuint (c, !=, d);
  g_assert_cmpuint (store_ok (f, "m", "int", "-5"), ==, store_ok (f, "n", "int", "-5"));
  g_assert_cmpuint (store_ok (f, "o", "int", "-6"), !=, store_ok (f, "p", "int", "-6"));
  g_assert_cmpuint (store_ok (f, "q", "int", "256"), ==, store_ok (f, "r", "int", "+256"));
  g_assert_cmpuint (memsim_object_store_get_n_objects (f->store), ==, 7);

  release_ok (f, "a");
  g_assert_cmpuint (named (f, "b").refcount, ==, 1);
  g_assert_cmpuint (named (f, "b").id, ==, a);
  release_ok (f, "b");
  g_assert_false (memsim_object_store_lookup_name (f->store, "b", NULL));
  /* gone: the next 5 is a new object */
  g_assert_cmpuint (store_ok (f, "a", "int", "5"), !=, a);
}

static void
test_interned_strings (Fixture       *f,
                       gconstpointer  data)
{
  g_assert_cmpuint (store_ok (f, "a", "str", "'hello'"), ==, store_ok (f, "b", "str", "\"hello\""));
  g_assert_cmpuint (store_ok (f, "c", "str", "'hello world'"), !=,
                    store_ok (f, "d", "str", "'hello world'"));
  g_assert_cmpuint (store_ok (f, "e", "str", "' '"), ==, store_ok (f, "f", "str", "'\\x20'"));
  g_assert_cmpuint (store_ok (f, "g", "str", "''"), ==, store_ok (f, "h", "str", "\"\""));
  g_assert_cmpuint (store_ok (f, "i", "tuple", "()"), ==, store_ok (f, "j", "tuple", "( )"));
  g_assert_cmpuint (store_ok (f, "k", "bytes", "b'z'"), ==, store_ok (f, "l", "bytes", "b'\\x7a'"));
  g_assert_cmpuint (store_ok (f, "m", "float", "1.0"), !=, store_ok (f, "n", "float", "1.0"));
  g_assert_cmpuint (named (f, "a").refcount, ==, 2);
}

/* A tuple's items are objects of their own; shared ones gain a reference
 * per container. */
static void
test_items (Fixture       *f,
            gconstpointer  data)
{
  MemsimObjectInfo t, one;

  store_ok (f, "one", "int", "1");
  store_ok (f, "t", "tuple", "(1, 1, (1, 'x'), 2.5)");
  t = named (f, "t");
  one = named (f, "one");
  g_assert_cmpuint (t.n_children, ==, 4);
  g_assert_cmpuint (one.refcount, ==, 4);
  /* 1, t, (1, 'x'), 'x', 2.5 */
  g_assert_cmpuint (memsim_object_store_get_n_objects (f->store), ==, 5);

  release_ok (f, "t");
  g_assert_cmpuint (named (f, "one").refcount, ==, 1);
  g_assert_cmpuint (memsim_object_store_get_n_objects (f->store), ==, 1);
}

static void
test_records (Fixture       *f,
              gconstpointer  data)
{
  MemsimObjectInfo p, dict;

  store_ok (f, "p", "record", "Point(x=1, y=2.5, name='p')");
  p = named (f, "p");
  g_assert_cmpint (p.type, ==, MEMSIM_PY_RECORD);
  g_assert_cmpstr (p.label, ==, "Point");
  g_assert_cmpuint (p.size, ==, 56);
  g_assert_cmpuint (p.n_children, ==, 1);
  g_assert_true (memsim_object_store_lookup_ref (f->store, p.children[0], &dict));
  g_assert_cmpint (dict.type, ==, MEMSIM_PY_DICT);
  g_assert_cmpuint (dict.size, ==, 296);
  g_assert_cmpuint (dict.n_children, ==, 3);
  g_assert_cmpuint (memsim_object_store_get_n_objects (f->store), ==, 5);
  release_ok (f, "p");
  g_assert_cmpuint (memsim_object_store_get_n_objects (f->store), ==, 0);
}

/* ---- bad input: a clear error and nothing changed ----------------------- */

static void
expect_unchanged_failure (Fixture    *f,
                          const char *op,
                          const char *name,
                          const char *type,
                          const char *text,
                          GQuark      domain,
                          int         code)
{
  g_autofree char *before = describe_state (f->heap, f->store);
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  gboolean ok;

  if (g_str_equal (op, "store"))
    ok = memsim_object_store_store_text (f->store, f->heap, name, type, text, &error);
  else
    ok = memsim_object_store_release (f->store, f->heap, name, &error);
  g_assert_false (ok);
  g_assert_error (error, domain, code);
  g_test_message ("%s %s: %s", op, name, error->message);
  after = describe_state (f->heap, f->store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  store_ok (f, "a", "tuple", "(1, 'x', 2.5)");
  release_ok (f, "a");
  store_ok (f, "a", "int", "7");

  expect_unchanged_failure (f, "store", "b", "list", "[1]", MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  expect_unchanged_failure (f, "store", "b", "int", "seven", MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  expect_unchanged_failure (f, "store", "b", "tuple", "(1, 2", MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  expect_unchanged_failure (f, "store", "a", "int", "8", MEMSIM_ERROR,
                            MEMSIM_ERROR_ALREADY_ALLOCATED);
  expect_unchanged_failure (f, "store", "", "int", "8", MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME);
  expect_unchanged_failure (f, "store", "bad\tname", "int", "8", MEMSIM_ERROR,
                            MEMSIM_ERROR_INVALID_NAME);
  expect_unchanged_failure (f, "release", "nobody", NULL, NULL, MEMSIM_ERROR,
                            MEMSIM_ERROR_NOT_LIVE);
  release_ok (f, "a");
  expect_unchanged_failure (f, "release", "a", NULL, NULL, MEMSIM_ERROR, MEMSIM_ERROR_NOT_LIVE);
}

/* No room for an arena: the heap's error, the store as it was. */
static void
test_no_space (void)
{
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_PROFILE_CPYTHON_3_9);
  MemsimHeap *heap = new_heap (300 * 1024);                 /* one 256 KiB arena */
  g_autoptr (MemsimPyValue) v512 = py_bytes_of_size (512);
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *big = NULL, *a = g_strnfill (20000, 'a'), *b = g_strnfill (30000, 'b');

  for (guint i = 0; i < 64 * 7; i++)
    new_ref (store, heap, v512);
  before = describe_state (heap, store);
  g_assert_false (memsim_object_store_store_text (store, heap, "x", "bytes",
                                                  "b'one more, 33 bytes and then some'", &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE);
  g_assert_true (g_str_has_prefix (error->message, "no room in the heap for a new arena, arena#2: "));
  g_clear_error (&error);
  assert_consistent (store, heap);

  /* a tuple whose last item does not fit: the items made are released */
  big = g_strdup_printf ("(b'%s', b'%s')", a, b);
  g_assert_false (memsim_object_store_store_text (store, heap, "t", "tuple", big, &error));
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE);
  g_assert_cmpuint (store_stats (store).large_objects, ==, 0);
  g_assert_cmpuint (memsim_object_store_get_n_objects (store), ==, 64 * 7);
  g_assert_false (memsim_object_store_lookup_name (store, "t", NULL));
  assert_consistent (store, heap);
  after = describe_state (heap, store);
  /* only the heap's counters moved */
  g_assert_cmpstr (strstr (before, "\"blocks\""), ==, strstr (after, "\"blocks\""));
  memsim_object_store_free (store);
  memsim_heap_free (heap);
}

/* ---- the byte account after random sequences ------------------------------ */

static char *
random_value (GRand  *rand,
              char  **out_type)
{
  g_autofree char *fill = g_strnfill (g_rand_int_range (rand, 0, 1200), 'k');

  switch (g_rand_int_range (rand, 0, 8))
    {
    case 0:
      *out_type = "int";
      return g_strdup_printf ("%d", g_rand_int_range (rand, -10, 300));
    case 1:
      *out_type = "int";
      return g_strdup_printf ("%u%u%u", g_rand_int (rand), g_rand_int (rand), g_rand_int (rand));
    case 2:
      *out_type = "float";
      return g_strdup_printf ("%d.5", g_rand_int_range (rand, 0, 1000));
    case 3:
      *out_type = "str";
      return g_strdup_printf ("'%.*s'", g_rand_int_range (rand, 0, 700), fill);
    case 4:
      *out_type = "bytes";
      return g_strdup_printf ("b'%s'", fill);
    case 5:
      *out_type = "tuple";
      return g_strdup_printf ("(%d, 'w%d', (%d.0,))", g_rand_int_range (rand, 0, 500),
                              g_rand_int_range (rand, 0, 50), g_rand_int_range (rand, 0, 9));
    case 6:
      *out_type = "record";
      return g_strdup_printf ("R(a=%d, b='x y', c=())", g_rand_int_range (rand, 0, 400));
    default:
      *out_type = "str";
      return g_strdup_printf ("'π%d'", g_rand_int_range (rand, 0, 100));
    }
}

/* The report's lines, parsed back: the six parts sum to Total, and Total
 * is arenas × arena size. */
static void
assert_report_sums (const MemsimObjectStore *store)
{
  g_autofree char *report = memsim_object_store_format_mallocstats (store);
  g_auto (GStrv) lines = g_strsplit (report, "\n", -1);
  guint64 sum = 0, total = 0, arenas_bytes = 0;
  guint n_parts = 0;
  gboolean in_account = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *eq = strchr (lines[i], '=');
      g_autofree char *digits = NULL;
      guint64 value;

      if (eq == NULL)
        continue;
      digits = g_strdup (eq + 1);
      g_strdelimit (digits, ",", ' ');
      value = 0;
      for (char *p = digits; *p != '\0'; p++)
        if (g_ascii_isdigit (*p))
          value = value * 10 + (guint64) (*p - '0');
      if (strstr (lines[i], "bytes/arena") != NULL)
        {
          arenas_bytes = value;
          in_account = TRUE;
        }
      else if (g_str_has_prefix (lines[i], "Total"))
        total = value;
      else if (in_account)
        {
          sum += value;
          n_parts++;
        }
    }
  g_assert_cmpuint (n_parts, ==, 6);
  g_assert_cmpuint (sum, ==, total);
  g_assert_cmpuint (total, ==, arenas_bytes);
  g_assert_cmpuint (total, ==, store_stats (store).arenas_current
                    * memsim_object_profile_get_geometry (memsim_object_store_get_profile (store))->arena_size);
}

static void
random_ops (Fixture *f,
            guint32  seed,
            guint    n_ops)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr (GPtrArray) live = g_ptr_array_new_with_free_func (g_free);
  guint serial = 0;

  /* a block first, so that arenas land anywhere, aligned or not */
  g_assert_true (memsim_heap_alloc (f->heap, "pad", 16 * g_rand_int_range (rand, 1, 300),
                                    MEMSIM_ROUND_DEFAULT, NULL, NULL));
  for (guint i = 0; i < n_ops; i++)
    {
      gboolean grow = live->len < 50 || g_rand_int_range (rand, 0, 100) < (i % 20000 < 10000 ? 60 : 40);

      if (grow)
        {
          char *type;
          g_autofree char *text = random_value (rand, &type);
          char *name = g_strdup_printf ("n%u", serial++);

          if (!memsim_object_store_store_text (f->store, f->heap, name, type, text, NULL))
            g_error ("store %s %s %.40s failed", name, type, text);
          g_ptr_array_add (live, name);
        }
      else
        {
          guint victim = g_rand_int_range (rand, 0, live->len);

          release_ok (f, g_ptr_array_index (live, victim));
          g_ptr_array_remove_index_fast (live, victim);
        }
      if (i % 5000 == 0)
        assert_consistent (f->store, f->heap);
      if (i % 997 == 0)
        assert_report_sums (f->store);
      if (i % 23 == 0 && g_rand_int_range (rand, 0, 200) == 0)
        memsim_object_store_collect (f->store, f->heap);
    }
  assert_report_sums (f->store);
  while (live->len > 0)
    {
      release_ok (f, g_ptr_array_index (live, live->len - 1));
      g_ptr_array_remove_index (live, live->len - 1);
    }
  g_assert_cmpuint (memsim_object_store_get_n_objects (f->store), ==, 0);
  g_assert_cmpuint (store_stats (f->store).arenas_current, <=, 1);
  assert_report_sums (f->store);
}

static void
test_byte_account_random (Fixture       *f,
                          gconstpointer  data)
{
  guint32 seed = g_test_rand_int ();

  g_test_message ("seed %u (run with --seed to repeat)", seed);
  random_ops (f, seed, 100000);
}

/* ---- copies, lookups ------------------------------------------------------- */

static void
test_copy (Fixture       *f,
           gconstpointer  data)
{
  MemsimObjectStore *copy;
  MemsimHeap *heap_copy;
  g_autofree char *original = NULL, *copied = NULL, *diverged = NULL;

  random_ops (f, 7, 3000);
  store_ok (f, "kept", "tuple", "(1, 'two', 3.0, b'4', R(x=5))");
  original = describe_state (f->heap, f->store);
  copy = memsim_object_store_copy (f->store);
  heap_copy = memsim_heap_copy (f->heap);
  copied = describe_state (heap_copy, copy);
  g_assert_cmpstr (original, ==, copied);
  assert_consistent (copy, heap_copy);

  /* the two go their own ways */
  g_assert_true (memsim_object_store_release (copy, heap_copy, "kept", NULL));
  diverged = describe_state (f->heap, f->store);
  g_assert_cmpstr (original, ==, diverged);
  assert_consistent (copy, heap_copy);
  memsim_object_store_free (copy);
  memsim_heap_free (heap_copy);
}

static void
test_lookups (Fixture       *f,
              gconstpointer  data)
{
  MemsimObjectInfo info, at;
  g_autoptr (GPtrArray) names = NULL;

  store_ok (f, "b", "str", "'shared'");
  store_ok (f, "a", "str", "'shared'");
  store_ok (f, "c", "float", "3.25");
  info = named (f, "c");
  g_assert_true (memsim_object_store_lookup_address (f->store, info.address, &at));
  g_assert_cmpuint (at.id, ==, info.id);
  g_assert_true (memsim_object_store_lookup_address (f->store, info.address + 31, &at));
  g_assert_cmpuint (at.id, ==, info.id);
  g_assert_false (memsim_object_store_lookup_address (f->store, info.address + 32, NULL));
  g_assert_false (memsim_object_store_lookup_address (f->store, 0, NULL));

  names = memsim_object_store_list_names (f->store);
  g_assert_cmpuint (names->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "a");
  g_assert_cmpstr (g_ptr_array_index (names, 2), ==, "c");
  g_assert_cmpuint (memsim_object_store_lookup_ref_by_name (f->store, "a"), ==,
                    memsim_object_store_lookup_ref_by_name (f->store, "b"));
  g_assert_cmpuint (memsim_object_store_lookup_ref_by_name (f->store, "zz"), ==,
                    MEMSIM_OBJECT_NONE);
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    const char         *name;
    MemsimObjectProfile profile;
  } profiles[] = {
    { "3.11", MEMSIM_PROFILE_CPYTHON_3_11 },
    { "3.9", MEMSIM_PROFILE_CPYTHON_3_9 },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (profiles); i++)
    {
      gconstpointer p = GINT_TO_POINTER (profiles[i].profile);
      g_autofree char *random = g_strdup_printf ("/objects/ledger/%s/byte-account-random",
                                                 profiles[i].name);

      g_test_add (random, Fixture, p, fixture_set_up, test_byte_account_random,
                  fixture_tear_down);
    }
#define ADD(path, func) \
  g_test_add ("/objects/ledger/" path, Fixture, GINT_TO_POINTER (MEMSIM_OBJECT_PROFILE_DEFAULT), \
              fixture_set_up, func, fixture_tear_down)
  ADD ("sharing/small-ints", test_small_ints);
  ADD ("sharing/interned-strings", test_interned_strings);
  ADD ("items", test_items);
  ADD ("records", test_records);
  ADD ("bad-input", test_bad_input);
  ADD ("copy", test_copy);
  ADD ("lookups", test_lookups);
#undef ADD
  g_test_add_func ("/objects/ledger/no-space", test_no_space);

  return g_test_run ();
}
