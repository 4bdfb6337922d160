/* test-structures.c: the treap and the name index, against simple models */
#include "config.h"

#include "memsim-names.h"
#include "memsim-tree.h"

typedef struct {
  guint64     key;
  guint64     sum;     /* aggregate: sum of keys in the subtree */
  MemsimLinks links;
} Node;

typedef struct {
  Node      *nodes;
  MemsimTree tree;
} Forest;

static gboolean
node_less (gconstpointer ctx, guint32 a, guint32 b)
{
  const Forest *f = ctx;

  return f->nodes[a].key < f->nodes[b].key || (f->nodes[a].key == f->nodes[b].key && a < b);
}

static gboolean
node_update (gpointer ctx, guint32 id)
{
  Forest *f = ctx;
  Node *n = &f->nodes[id];
  guint64 old = n->sum;

  n->sum = n->key;
  if (n->links.left != MEMSIM_TREE_NIL)
    n->sum += f->nodes[n->links.left].sum;
  if (n->links.right != MEMSIM_TREE_NIL)
    n->sum += f->nodes[n->links.right].sum;
  return n->sum != old;
}

static void
forest_init (Forest *f, guint n)
{
  f->nodes = g_new0 (Node, n);
  memsim_tree_init (&f->tree, (char **) &f->nodes, sizeof (Node), G_STRUCT_OFFSET (Node, links),
                    node_less, node_update, f);
}

static void
assert_sorted_like (Forest *f, const gboolean *present, guint n)
{
  g_autoptr(GError) error = NULL;
  guint64 expected_sum = 0;
  guint count = 0;

  g_assert_true (memsim_tree_check (&f->tree, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    if (present[i])
      {
        expected_sum += f->nodes[i].key;
        count++;
      }
  g_assert_cmpuint (f->tree.count, ==, count);
  if (count > 0)
    g_assert_cmpuint (f->nodes[f->tree.root].sum, ==, expected_sum);
}

static void
test_tree_random (void)
{
  const guint n = 2000;
  Forest f;
  g_autofree gboolean *present = g_new0 (gboolean, n);
  GRand *rand = g_rand_new_with_seed (42);

  forest_init (&f, n);
  for (guint step = 0; step < 20000; step++)
    {
      guint32 id = g_rand_int_range (rand, 0, n);

      if (present[id])
        memsim_tree_remove (&f.tree, id);
      else
        {
          f.nodes[id].key = g_rand_int_range (rand, 0, 500);
          memsim_tree_insert (&f.tree, id);
        }
      present[id] = !present[id];
      if (step % 97 == 0)
        assert_sorted_like (&f, present, n);
    }
  assert_sorted_like (&f, present, n);
  g_rand_free (rand);
  g_free (f.nodes);
}

static void
test_tree_build_and_walk (void)
{
  const guint n = 1000;
  Forest f;
  g_autofree guint32 *order = g_new (guint32, n);
  g_autofree gboolean *present = g_new0 (gboolean, n);
  guint32 id, i = 0;

  forest_init (&f, n);
  for (guint k = 0; k < n; k++)
    {
      order[k] = n - 1 - k;       /* ids descending, keys ascending */
      f.nodes[order[k]].key = k * 3;
      present[k] = TRUE;
    }
  memsim_tree_build (&f.tree, order, n);
  assert_sorted_like (&f, present, n);
  for (id = memsim_tree_first (&f.tree); id != MEMSIM_TREE_NIL; id = memsim_tree_next (&f.tree, id))
    g_assert_cmpuint (f.nodes[id].key, ==, 3 * i++);
  g_assert_cmpuint (i, ==, n);
  for (id = memsim_tree_last (&f.tree); id != MEMSIM_TREE_NIL; id = memsim_tree_prev (&f.tree, id))
    g_assert_cmpuint (f.nodes[id].key, ==, 3 * --i);
  memsim_tree_build (&f.tree, order, 0);
  g_assert_cmpuint (f.tree.root, ==, MEMSIM_TREE_NIL);
  g_free (f.nodes);
}

static void
test_names_inline_and_strings (void)
{
  char buf[24];
  MemsimName n = memsim_name_new ("12345");
  MemsimName s = memsim_name_new ("0123");   /* not canonical: a string */
  MemsimName z = memsim_name_new ("0");
  MemsimName big = memsim_name_new ("1234567890123456789");  /* 19 digits */

  g_assert_true ((n & 1) == 1);
  g_assert_true ((s & 1) == 0);
  g_assert_true ((z & 1) == 1);
  g_assert_true ((big & 1) == 0);
  g_assert_cmpstr (memsim_name_text (n, buf), ==, "12345");
  g_assert_cmpstr (memsim_name_text (s, buf), ==, "0123");
  g_assert_cmpstr (memsim_name_text (z, buf), ==, "0");
  g_assert_cmpstr (memsim_name_text (big, buf), ==, "1234567890123456789");
  memsim_name_free (n);
  memsim_name_free (s);
  memsim_name_free (z);
  memsim_name_free (big);
}

/* A name looked up from inside a larger buffer may sit at an odd address,
 * which must not be mistaken for an inline number. */
static void
test_names_lookup_at_odd_address (void)
{
  g_autofree MemsimName *names = g_new0 (MemsimName, 4);
  MemsimNames index;
  char buffer[16] = "xb\0yab";

  memsim_names_init (&index, &names);
  names[2] = memsim_name_new ("b");
  memsim_names_insert (&index, 2);
  names[3] = memsim_name_new ("ab");
  memsim_names_insert (&index, 3);
  g_assert_cmpuint (memsim_names_lookup (&index, buffer + 1), ==, 2);
  g_assert_cmpuint (memsim_names_lookup (&index, buffer + 4), ==, 3);
  g_assert_cmpuint (memsim_names_lookup (&index, buffer + 5), ==, 2);
  memsim_names_clear (&index);
  memsim_name_free (names[2]);
  memsim_name_free (names[3]);
}

static void
test_names_random (void)
{
  const guint n = 5000;
  g_autofree MemsimName *names = g_new0 (MemsimName, n);
  MemsimNames index;
  GHashTable *model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GRand *rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;

  memsim_names_init (&index, &names);
  for (guint step = 0; step < 100000; step++)
    {
      guint32 id = g_rand_int_range (rand, 0, n);
      char text[32];

      if (names[id] != 0)
        {
          char buf[24];

          g_assert_true (g_hash_table_remove (model, memsim_name_text (names[id], buf)));
          memsim_names_remove (&index, id);
          memsim_name_free (names[id]);
          names[id] = 0;
          continue;
        }
      if (g_rand_boolean (rand))
        g_snprintf (text, sizeof text, "%u", id);
      else
        g_snprintf (text, sizeof text, "p-%u", id);
      names[id] = memsim_name_new (text);
      memsim_names_insert (&index, id);
      g_hash_table_insert (model, g_strdup (text), GUINT_TO_POINTER (id));
      g_assert_cmpuint (memsim_names_lookup (&index, text), ==, id);
    }
  g_assert_true (memsim_names_check (&index, g_hash_table_size (model), &error));
  g_assert_no_error (error);
  for (guint32 id = 0; id < n; id++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "p-%u", id);
      g_assert_cmpuint (memsim_names_lookup (&index, text), ==,
                        g_hash_table_contains (model, text) ? id : MEMSIM_TREE_NIL);
    }
  memsim_names_clear (&index);
  for (guint32 id = 0; id < n; id++)
    memsim_name_free (names[id]);
  g_hash_table_unref (model);
  g_rand_free (rand);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/tree/random-insert-remove", test_tree_random);
  g_test_add_func ("/core/tree/build-and-walk", test_tree_build_and_walk);
  g_test_add_func ("/core/names/inline-and-strings", test_names_inline_and_strings);
  g_test_add_func ("/core/names/random", test_names_random);
  g_test_add_func ("/core/names/lookup-at-odd-address", test_names_lookup_at_odd_address);
  return g_test_run ();
}
