/* test-structures.c: the B+-tree and the name index, against simple models */
#include "config.h"

#include "memsim-bigmem.h"
#include "memsim-btree.h"
#include "memsim-keys.h"
#include "memsim-names.h"

/* The random tests run on each kind of tree: keys are numbered
 * 0 .. 29999, as (number / 100, number % 100) with two-word keys and as
 * (number, 0) with one-word keys; without sums every value is 0, and
 * with maxima alone every value but the maximum. */
static MemsimBKey
key_of_number (MemsimBTreeFlags flags,
               guint64          number)
{
  if (flags & MEMSIM_BTREE_WIDE_KEYS)
    return (MemsimBKey) { number / 100, number % 100 };
  return (MemsimBKey) { number, 0 };
}

static guint64
number_of_key (MemsimBTreeFlags flags,
               MemsimBKey       key)
{
  return (flags & MEMSIM_BTREE_WIDE_KEYS) ? key.hi * 100 + key.lo : key.hi;
}

static MemsimBSum
values_for (MemsimBTreeFlags flags,
            guint64          max,
            guint64          a,
            guint64          b)
{
  if (flags & MEMSIM_BTREE_SUMS)
    return (MemsimBSum) { max, a, b, 1 };
  if (flags & MEMSIM_BTREE_MAXIMA)
    return (MemsimBSum) { max, 0, 0, 1 };
  return (MemsimBSum) { 0, 0, 0, 1 };
}

/* The model: a sorted array of (key, ref, values). */
typedef struct {
  MemsimBKey key;
  guint32    ref;
  MemsimBSum v;
} Item;

static gint
item_cmp (gconstpointer x, gconstpointer y)
{
  const Item *a = x, *b = y;

  if (a->key.hi != b->key.hi)
    return a->key.hi < b->key.hi ? -1 : 1;
  if (a->key.lo != b->key.lo)
    return a->key.lo < b->key.lo ? -1 : 1;
  return 0;
}

static gboolean
key_less (MemsimBKey a, MemsimBKey b)
{
  return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
}

static guint
model_find (GArray *model, MemsimBKey key)
{
  Item probe = { key, 0, { 0 } };
  guint i;

  for (i = 0; i < model->len; i++)
    if (item_cmp (&g_array_index (model, Item, i), &probe) >= 0)
      break;
  return i;
}

/* The entries right before and after @key, which may or may not be in
 * the tree (a heap indexing only free blocks asks for those around a live
 * block's start). */
static void
assert_neighbours_of_any_key (MemsimBTree *tree, GArray *model, MemsimBKey key)
{
  guint at = model_find (model, key);
  gboolean present = at < model->len && !key_less (key, g_array_index (model, Item, at).key);
  guint after = present ? at + 1 : at;
  MemsimBEntry prev, next;

  memsim_btree_neighbours (tree, key, &prev, &next);
  g_assert_cmpuint (prev.ref, ==, at > 0 ? g_array_index (model, Item, at - 1).ref : MEMSIM_BTREE_NIL);
  g_assert_cmpuint (next.ref, ==, after < model->len ? g_array_index (model, Item, after).ref
                                                     : MEMSIM_BTREE_NIL);
}

static void
assert_like_model (MemsimBTree *tree, GArray *model)
{
  g_autoptr(GError) error = NULL;
  MemsimBIter iter;
  MemsimBKey key;
  MemsimBSum v, total = { 0 };
  guint32 ref;
  guint i = 0;

  g_assert_true (memsim_btree_check (tree, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (memsim_btree_count (tree), ==, model->len);
  memsim_btree_iter_first (tree, &iter);
  while (memsim_btree_iter_next (&iter, &key, &ref, &v))
    {
      const Item *it = &g_array_index (model, Item, i++);

      g_assert_cmpuint (key.hi, ==, it->key.hi);
      g_assert_cmpuint (key.lo, ==, it->key.lo);
      g_assert_cmpuint (ref, ==, it->ref);
      g_assert_cmpuint (v.max, ==, it->v.max);
      total.max = MAX (total.max, it->v.max);
      total.a += it->v.a;
      total.b += it->v.b;
    }
  g_assert_cmpuint (i, ==, model->len);
  if (tree->maxima)
    g_assert_cmpuint (tree->total.max, ==, total.max);
  g_assert_cmpuint (tree->total.a, ==, total.a);
  g_assert_cmpuint (tree->total.b, ==, total.b);
}

/* @e is the model's entry of the same key, with the same ref and values. */
static void
assert_entry_in_model (GArray             *model,
                       const MemsimBEntry *e)
{
  guint at = model_find (model, e->key);
  const Item *it;

  g_assert_cmpuint (at, <, model->len);
  it = &g_array_index (model, Item, at);
  g_assert_cmpuint (it->key.hi, ==, e->key.hi);
  g_assert_cmpuint (it->key.lo, ==, e->key.lo);
  g_assert_cmpuint (it->ref, ==, e->ref);
  g_assert_cmpuint (it->v.max, ==, e->max);
  g_assert_cmpuint (it->v.a, ==, e->a);
  g_assert_cmpuint (it->v.b, ==, e->b);
}

/* The first fits for @min, from the start and from @probe (the model's
 * item @at on), agree with the model. */
static void
assert_first_fits (MemsimBTree *tree, GArray *model, guint at, MemsimBKey probe, guint64 min)
{
  guint32 expect = MEMSIM_BTREE_NIL;
  MemsimBEntry found;

  for (guint i = 0; i < model->len && expect == MEMSIM_BTREE_NIL; i++)
    if (g_array_index (model, Item, i).v.max >= min)
      expect = g_array_index (model, Item, i).ref;
  g_assert_cmpuint (memsim_btree_first_fit (tree, min, &found), ==, expect);
  if (expect != MEMSIM_BTREE_NIL)
    assert_entry_in_model (model, &found);
  expect = MEMSIM_BTREE_NIL;
  for (guint i = at; i < model->len && expect == MEMSIM_BTREE_NIL; i++)
    if (g_array_index (model, Item, i).v.max >= min)
      expect = g_array_index (model, Item, i).ref;
  g_assert_cmpuint (memsim_btree_first_fit_from (tree, probe, min, &found), ==, expect);
  if (expect != MEMSIM_BTREE_NIL)
    assert_entry_in_model (model, &found);
}

/* Every query at @probe agrees with the model. */
static void
assert_queries (MemsimBTree *tree, GArray *model, MemsimBKey probe, guint64 min)
{
  guint at = model_find (model, probe);   /* first item >= probe */
  gboolean hit = at < model->len && !key_less (probe, g_array_index (model, Item, at).key);
  guint32 expect;
  MemsimBSum sum;
  guint32 last;

  /* lower bound */
  expect = at < model->len ? g_array_index (model, Item, at).ref : MEMSIM_BTREE_NIL;
  g_assert_cmpuint (memsim_btree_lower_bound (tree, probe, NULL), ==, expect);
  /* last <= probe */
  expect = hit ? g_array_index (model, Item, at).ref
           : at > 0 ? g_array_index (model, Item, at - 1).ref : MEMSIM_BTREE_NIL;
  g_assert_cmpuint (memsim_btree_lookup_le (tree, probe, NULL), ==, expect);
  /* first > probe, last < probe */
  expect = at + hit < model->len ? g_array_index (model, Item, at + hit).ref : MEMSIM_BTREE_NIL;
  g_assert_cmpuint (memsim_btree_next (tree, probe, NULL, NULL), ==, expect);
  expect = at > 0 ? g_array_index (model, Item, at - 1).ref : MEMSIM_BTREE_NIL;
  g_assert_cmpuint (memsim_btree_prev (tree, probe, NULL, NULL), ==, expect);
  if (tree->maxima)
    assert_first_fits (tree, model, at, probe, min);
  /* prefix sums below the probe */
  memsim_btree_prefix (tree, probe, &sum, &last, NULL);
  g_assert_cmpuint (sum.count, ==, at);
  {
    guint64 a = 0;

    for (guint i = 0; i < at; i++)
      a += g_array_index (model, Item, i).v.a;
    g_assert_cmpuint (sum.a, ==, a);
  }
  g_assert_cmpuint (last, ==, at > 0 ? g_array_index (model, Item, at - 1).ref : MEMSIM_BTREE_NIL);
}

/* Random inserts, removes (of a key, or of a lower bound) and updates,
 * enough to split and merge at three levels, checked against the model. */
static void
test_btree_random (gconstpointer data)
{
  MemsimBTreeFlags flags = GPOINTER_TO_UINT (data);
  MemsimBTree tree;
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (Item));
  GRand *rand = g_rand_new_with_seed (42);
  guint32 next_ref = 0;

  memsim_btree_init (&tree, flags);
  for (guint step = 0; step < 60000; step++)
    {
      /* Grow to a few thousand entries, shrink to nothing, grow again. */
      gboolean growing = (step / 15000) % 2 == 0;
      guint action = g_rand_int_range (rand, 0, 10);
      MemsimBKey key = key_of_number (flags, g_rand_int_range (rand, 0, 30000));
      guint at = model_find (model, key);
      gboolean present = at < model->len && !key_less (key, g_array_index (model, Item, at).key);

      if (!present && (growing ? action < 7 : action < 3))
        {
          Item it = { key, next_ref++, values_for (flags, g_rand_int_range (rand, 0, 1000), key.lo + key.hi, 1) };

          memsim_btree_insert (&tree, key, it.ref, it.v.max, it.v.a, it.v.b);
          g_array_insert_val (model, at, it);
        }
      else if (present && action < 8)
        {
          guint32 ref = g_array_index (model, Item, at).ref;
          MemsimBKey taken = { 0 };

          if (action % 2 == 0)
            g_assert_cmpuint (memsim_btree_remove (&tree, key), ==, ref);
          else
            {
              g_assert_cmpuint (memsim_btree_take_lower_bound (&tree, key, &taken), ==, ref);
              g_assert_true (!key_less (taken, key) && !key_less (key, taken));
            }
          g_array_remove_index (model, at);
        }
      else if (!present && action == 9)
        {
          /* the lower bound of a key not there: the next one, maybe in the
           * next leaf, or none */
          MemsimBKey taken = { 0 };
          guint32 ref = memsim_btree_take_lower_bound (&tree, key, &taken);

          if (at == model->len)
            g_assert_cmpuint (ref, ==, MEMSIM_BTREE_NIL);
          else
            {
              const Item *it = &g_array_index (model, Item, at);

              g_assert_cmpuint (ref, ==, it->ref);
              g_assert_true (!key_less (taken, it->key) && !key_less (it->key, taken));
              g_array_remove_index (model, at);
            }
        }
      else if (present)
        {
          Item *it = &g_array_index (model, Item, at);
          guint64 max = g_rand_int_range (rand, 0, 1000);

          memsim_btree_update (&tree, key, key, max, it->key.lo + 7, it->v.b);
          it->v = values_for (flags, max, it->key.lo + 7, it->v.b);
        }
      if (step % 499 == 0)
        {
          assert_like_model (&tree, model);
          assert_queries (&tree, model, key, g_rand_int_range (rand, 0, 1000));
        }
      /* A while without maxima, growing and shrinking: turning them back
       * on must recompute every one the changes left stale. */
      if (tree.sums && (step == 5000 || step == 35000))
        memsim_btree_keep_maxima (&tree, FALSE);
      if (tree.sums && (step == 25000 || step == 50000))
        {
          memsim_btree_keep_maxima (&tree, TRUE);
          assert_like_model (&tree, model);
          assert_queries (&tree, model, key, g_rand_int_range (rand, 0, 1000));
        }
    }
  assert_like_model (&tree, model);
  g_rand_free (rand);
  memsim_btree_destroy (&tree);
}

/* Up to @max new items with distinct keys strictly between @low and @high
 * (either may be absent), in order; returns how many. */
static guint
random_items_between (MemsimBTreeFlags  flags,
                      GRand            *rand,
                      const MemsimBKey *low,
                      const MemsimBKey *high,
                      guint             max,
                      guint32          *next_ref,
                      Item             *out)
{
  gint64 first = low != NULL ? (gint64) number_of_key (flags, *low) + 1 : 0;
  gint64 last = high != NULL ? (gint64) number_of_key (flags, *high) - 1 : 300 * 100 - 1;
  guint n = 0;

  for (guint tries = 0; tries < 4 * max && n < max && first <= last; tries++)
    {
      gint64 k = first + (gint64) g_rand_double_range (rand, 0, (double) (last - first + 1));
      MemsimBKey key = key_of_number (flags, (guint64) MIN (k, last));
      gboolean taken = FALSE;

      for (guint i = 0; i < n; i++)
        taken |= out[i].key.hi == key.hi && out[i].key.lo == key.lo;
      if (taken)
        continue;
      out[n++] = (Item) { key, (*next_ref)++, values_for (flags, g_rand_int_range (rand, 0, 1000), key.hi, key.lo) };
    }
  qsort (out, n, sizeof (Item), item_cmp);
  return n;
}

/* Splices of one to four entries into zero to four, and neighbour
 * look-ups, against the model: in one leaf or across two, with nodes
 * splitting and merging as the tree grows and shrinks.  Probes run
 * alongside, a step each per splice as a replay's lookahead runs them,
 * for keys in the tree and keys not in it, and the splices mostly go
 * where a probe has just been: a probe must never disturb the tree, nor
 * read a node that a splice released under it (ASan checks that in CI). */
static void
test_btree_splice (gconstpointer data)
{
  MemsimBTreeFlags flags = GPOINTER_TO_UINT (data);
  MemsimBTree tree;
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (Item));
  GRand *rand = g_rand_new_with_seed (11);
  guint32 next_ref = 0;
  MemsimBProbe probes[6];
  gboolean probing[6] = { FALSE };
  MemsimBKey probed = { G_MAXUINT64, 0 };   /* the last key a probe reached */

  memsim_btree_init (&tree, flags);
  for (guint step = 0; step < 40000; step++)
    {
      gboolean growing = (step / 10000) % 2 == 0;
      /* most splices of a replay keep the tree's shape, and so the hints */
      gboolean same_shape = g_rand_int_range (rand, 0, 4) != 0;
      Item fresh[4];
      MemsimBEntry entries[4], prev, next;
      guint at, n_old, n_new;

      if (model->len == 0)
        {
          n_new = random_items_between (flags, rand, NULL, NULL, 4, &next_ref, fresh);
          for (guint i = 0; i < n_new; i++)
            {
              memsim_btree_insert (&tree, fresh[i].key, fresh[i].ref, fresh[i].v.max, fresh[i].v.a,
                                   fresh[i].v.b);
              g_array_append_val (model, fresh[i]);
            }
          continue;
        }
      for (guint p = 0; p < G_N_ELEMENTS (probes); p++)
        {
          if (probing[p])
            {
              probing[p] = memsim_btree_probe_step (&tree, &probes[p]);
              if (!probing[p])
                probed = probes[p].key;
            }
          else
            {
              guint k = g_rand_int_range (rand, 0, model->len);
              MemsimBKey key = g_rand_boolean (rand) ? g_array_index (model, Item, k).key
                               : key_of_number (flags, g_rand_int_range (rand, 0, 30000));

              memsim_btree_probe_begin (&tree, key, &probes[p]);
              probing[p] = TRUE;
            }
        }
      /* mostly where a probe has just been, as in a replay */
      at = model_find (model, probed);
      if (at >= model->len || key_less (probed, g_array_index (model, Item, at).key)
          || g_rand_int_range (rand, 0, 4) == 0)
        at = g_rand_int_range (rand, 0, model->len);
      n_old = g_rand_int_range (rand, 1, 5);
      n_old = MIN (model->len - at, n_old);
      n_new = random_items_between (flags, rand, at > 0 ? &g_array_index (model, Item, at - 1).key : NULL,
                                    at + n_old < model->len ? &g_array_index (model, Item, at + n_old).key : NULL,
                                    same_shape ? n_old : growing ? 4 : n_old - 1, &next_ref, fresh);

      memsim_btree_neighbours (&tree, g_array_index (model, Item, at).key, &prev, &next);
      g_assert_cmpuint (prev.ref, ==, at > 0 ? g_array_index (model, Item, at - 1).ref : MEMSIM_BTREE_NIL);
      g_assert_cmpuint (next.ref, ==, at + 1 < model->len ? g_array_index (model, Item, at + 1).ref
                                                          : MEMSIM_BTREE_NIL);
      if (prev.ref != MEMSIM_BTREE_NIL)
        assert_entry_in_model (model, &prev);
      if (next.ref != MEMSIM_BTREE_NIL)
        assert_entry_in_model (model, &next);
      assert_neighbours_of_any_key (&tree, model, key_of_number (flags, g_rand_int_range (rand, 0, 30000)));

      for (guint i = 0; i < n_new; i++)
        entries[i] = (MemsimBEntry) { fresh[i].key, fresh[i].ref, fresh[i].v.max, fresh[i].v.a, fresh[i].v.b };
      memsim_btree_splice (&tree, g_array_index (model, Item, at).key, n_old, entries, n_new);
      g_array_remove_range (model, at, n_old);
      g_array_insert_vals (model, at, fresh, n_new);
      if (step % 97 == 0)
        assert_like_model (&tree, model);
    }
  assert_like_model (&tree, model);
  g_rand_free (rand);
  memsim_btree_destroy (&tree);
}

/* Fills @bytes of @mem with a pattern that depends on @seed. */
static void
fill_pattern (guint8 *mem,
              gsize   bytes,
              guint   seed)
{
  for (gsize i = 0; i < bytes; i += 4093)
    mem[i] = (guint8) (i * 7 + seed);
  mem[bytes - 1] = (guint8) seed;
}

static void
assert_pattern (const guint8 *mem,
                gsize         bytes,
                guint         seed)
{
  for (gsize i = 0; i < bytes - 1; i += 4093)
    g_assert_cmpuint (mem[i], ==, (guint8) (i * 7 + seed));
  g_assert_cmpuint (mem[bytes - 1], ==, (guint8) seed);
}

/* Big arrays: small ones from malloc, large ones on 2 MiB boundaries; a
 * growth keeps the contents, from small to large and from large to
 * larger (pages moved, not copied), and the new part is writable. */
static void
test_bigmem (void)
{
  const gsize huge = 2 << 20;
  gsize sizes[] = { 1000, huge - 8, huge, 3 * huge + 5, 9 * huge };
  guint8 *mem = memsim_big_alloc (sizes[0]);

  fill_pattern (mem, sizes[0], 0);
  for (guint i = 1; i < G_N_ELEMENTS (sizes); i++)
    {
      mem = memsim_big_realloc (mem, sizes[i - 1], sizes[i]);
      assert_pattern (mem, sizes[i - 1], i - 1);
      if (sizes[i] >= huge)
        g_assert_cmpuint ((gsize) mem % huge, ==, 0);
      fill_pattern (mem, sizes[i], i);
    }
  memsim_big_free (mem, sizes[G_N_ELEMENTS (sizes) - 1]);

  mem = memsim_big_alloc (5 * huge);
  g_assert_cmpuint ((gsize) mem % huge, ==, 0);
  fill_pattern (mem, 5 * huge, 9);
  mem = memsim_big_realloc (mem, 5 * huge, 5 * huge + 100);   /* same mapping */
  assert_pattern (mem, 5 * huge, 9);
  mem = memsim_big_realloc (mem, 5 * huge + 100, 1000);       /* back to malloc */
  g_assert_cmpuint (mem[0], ==, 9);
  memsim_big_free (mem, 1000);
  memsim_big_free (NULL, 5 * huge);
}

/* Bulk build, walk, copy, and a key changed in place at a leaf's start. */
/* A probe (the prefetching descent) takes one step a level and ends on
 * the leaf a real descent reaches; a probe whose tree shrank under it
 * stops without reading a node that is gone (ASan checks that in CI). */
static void
test_btree_probe (void)
{
  MemsimBTree tree;
  GRand *rand = g_rand_new_with_seed (7);
  MemsimBProbe probe;
  guint n_around = 0;

  memsim_btree_init (&tree, MEMSIM_BTREE_SUMS);
  for (guint i = 0; i < 40000; i++)
    memsim_btree_insert (&tree, (MemsimBKey) { (guint64) i * 16, 0 }, i, 16, 0, 0);
  g_assert_cmpuint (tree.depth, >=, 3);

  for (guint i = 0; i < 2000; i++)
    {
      guint k = g_rand_int_range (rand, 1, 39999);
      gboolean present = g_rand_boolean (rand);
      /* entry k is at k * 16; between two entries, a key not there */
      MemsimBKey key = { (guint64) k * 16 + (present ? 0 : 5), 0 };
      MemsimBIter iter;
      guint steps = 0;

      memsim_btree_probe_begin (&tree, key, &probe);
      while (memsim_btree_probe_step (&tree, &probe))
        steps++;
      memsim_btree_iter_le (&tree, key, &iter);
      g_assert_cmpuint (steps, ==, tree.depth - 1);
      g_assert_cmpuint (probe.level, ==, tree.depth);
      g_assert_cmpuint (probe.node, ==, iter.leaf);
      /* the entries around the key, when the leaf holds them: at the
       * ends of a leaf one of them lies in the next leaf or the one before */
      if (probe.around[0] != MEMSIM_BTREE_NIL)
        g_assert_cmpuint (probe.around[0], ==, present ? k - 1 : k);
      if (probe.around[1] != MEMSIM_BTREE_NIL)
        g_assert_cmpuint (probe.around[1], ==, k + 1);
      n_around += (probe.around[0] != MEMSIM_BTREE_NIL) + (probe.around[1] != MEMSIM_BTREE_NIL);
    }
  g_assert_cmpuint (n_around, >, 2 * 2000 * 8 / 10);

  memsim_btree_probe_begin (&tree, (MemsimBKey) { 320000, 0 }, &probe);
  g_assert_true (memsim_btree_probe_step (&tree, &probe));
  memsim_btree_clear (&tree);
  g_assert_false (memsim_btree_probe_step (&tree, &probe));
  g_assert_false (memsim_btree_probe_step (&tree, &probe));

  memsim_btree_destroy (&tree);
  g_rand_free (rand);
}

static void
test_btree_build_and_walk (void)
{
  const guint n = 5000;
  MemsimBTree tree, copy;
  g_autofree MemsimBKey *keys = g_new (MemsimBKey, n);
  g_autofree guint32 *refs = g_new (guint32, n);
  g_autoptr(GArray) model = g_array_new (FALSE, FALSE, sizeof (Item));
  MemsimBIter iter;
  guint32 ref;

  for (guint i = 0; i < n; i++)
    {
      Item it = { { 10 * i, 0 }, n - i, { 0, 0, 0, 1 } };

      keys[i] = it.key;
      refs[i] = it.ref;
      g_array_append_val (model, it);
    }
  memsim_btree_init (&tree, MEMSIM_BTREE_WIDE_KEYS | MEMSIM_BTREE_SUMS);
  memsim_btree_build (&tree, keys, refs, NULL, n);
  assert_like_model (&tree, model);
  g_assert_cmpuint (tree.depth, ==, 3);   /* 209 leaves of 24, 9 parents, a root */
  for (guint i = 0; i < n; i += 7)
    assert_queries (&tree, model, (MemsimBKey) { 10 * i + (i % 2) * 5, 0 }, 0);

  /* Every key moves down by 5: order kept, separators follow. */
  for (guint i = 0; i < n; i++)
    {
      Item *it = &g_array_index (model, Item, i);

      memsim_btree_update (&tree, it->key, (MemsimBKey) { it->key.hi + 5, 0 }, i, 0, 0);
      it->key.hi += 5;
      it->v.max = i;
    }
  assert_like_model (&tree, model);
  memsim_btree_copy (&copy, &tree);
  assert_like_model (&copy, model);
  memsim_btree_iter_le (&copy, (MemsimBKey) { 52, 0 }, &iter);
  g_assert_true (memsim_btree_iter_next (&iter, NULL, &ref, NULL));
  g_assert_cmpuint (ref, ==, n - 4);   /* the item at 45 */
  memsim_btree_build (&tree, keys, refs, NULL, 0);
  g_assert_cmpuint (memsim_btree_count (&tree), ==, 0);
  g_assert_cmpuint (memsim_btree_first_fit (&tree, 0, NULL), ==, MEMSIM_BTREE_NIL);
  memsim_btree_destroy (&tree);
  memsim_btree_destroy (&copy);
}

/* Each way of counting a node's keys that this CPU can run gives the
 * count a plain loop gives: every length from 0 to 32, keys around the
 * sign bit (AVX2 compares signed words) and at both ends, and the entries
 * past the length holding keys that would count (they must not). */
static void
test_keys_count_methods (void)
{
  static const guint64 specials[] = {
    0, 1, G_GUINT64_CONSTANT (0x7fffffffffffffff), G_GUINT64_CONSTANT (0x8000000000000000),
    G_GUINT64_CONSTANT (0x8000000000000001), G_MAXUINT64 - 1, G_MAXUINT64,
  };
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  guint64 keys[MEMSIM_BTREE_FANOUT];
  guint checked = 0;

  for (MemsimKeysMethod method = MEMSIM_KEYS_SCALAR; method <= MEMSIM_KEYS_AVX512; method++)
    {
      if (!memsim_keys_method_supported (method))
        {
          g_test_message ("counting method %d: not on this CPU", method);
          continue;
        }
      for (guint round = 0; round < 2000; round++)
        {
          guint n = round % (MEMSIM_BTREE_FANOUT + 1);
          guint64 key;

          for (guint i = 0; i < MEMSIM_BTREE_FANOUT; i++)
            keys[i] = i >= n ? 0
                      : g_rand_boolean (rand) ? specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))]
                      : ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand));
          key = g_rand_boolean (rand) && n > 0 ? keys[g_rand_int_range (rand, 0, n)]
                : specials[g_rand_int_range (rand, 0, G_N_ELEMENTS (specials))];
          for (gboolean or_equal = FALSE; or_equal <= TRUE; or_equal++)
            {
              guint expected = 0;

              for (guint i = 0; i < n; i++)
                expected += or_equal ? keys[i] <= key : keys[i] < key;
              g_assert_cmpuint (memsim_keys_count_by (method, keys, n, key, or_equal), ==, expected);
              checked++;
            }
        }
    }
  g_assert_cmpuint (checked, >=, 4000);
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

/* A number's inline name is the one its decimal text gets, up to the
 * longest that is kept inline (18 digits); finding it by its word finds
 * what the text finds. */
static void
test_names_for_number (void)
{
  g_autofree MemsimName *names = g_new0 (MemsimName, 4);
  MemsimName word;
  MemsimNames index;

  g_assert_true (memsim_name_for_number (0, &word));
  g_assert_true (word == memsim_name_new ("0"));
  /* the longest kept inline, where a name word has 64 bits */
  g_assert_cmpint (memsim_name_for_number (G_GUINT64_CONSTANT (999999999999999999), &word), ==,
                   sizeof (MemsimName) == 8);
  if (sizeof (MemsimName) == 8)
    g_assert_true (word == memsim_name_new ("999999999999999999"));
  g_assert_false (memsim_name_for_number (G_GUINT64_CONSTANT (1000000000000000000), &word));
  g_assert_false (memsim_name_for_number (G_MAXUINT64, &word));

  memsim_names_init (&index, (char **) &names, sizeof (MemsimName), 0);
  g_assert_true (memsim_name_for_number (42, &names[1]));
  memsim_names_insert (&index, 1);
  names[2] = memsim_name_new ("x42");
  memsim_names_insert (&index, 2);
  g_assert_true (memsim_name_for_number (42, &word));
  g_assert_cmpuint (memsim_names_find (&index, word), ==, 1);
  g_assert_cmpuint (memsim_names_lookup (&index, "42"), ==, 1);
  g_assert_cmpuint (memsim_names_find (&index, names[2]), ==, 2);
  g_assert_true (memsim_name_for_number (43, &word));
  g_assert_cmpuint (memsim_names_find (&index, word), ==, MEMSIM_NAMES_NIL);
  memsim_names_clear (&index);
  memsim_name_free (names[2]);
}

/* A name looked up from inside a larger buffer may sit at an odd address,
 * which must not be mistaken for an inline number. */
static void
test_names_lookup_at_odd_address (void)
{
  g_autofree MemsimName *names = g_new0 (MemsimName, 4);
  MemsimNames index;
  char buffer[16] = "xb\0yab";

  memsim_names_init (&index, (char **) &names, sizeof (MemsimName), 0);
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

/* Names too far beyond the live count wait in the hash table; when the
 * dense array grows past them they move into it, and stay found, and a
 * copy of the index finds them too. */
static void
test_names_dense_growth (void)
{
  const guint n = 4101;
  g_autofree MemsimName *names = g_new0 (MemsimName, n);
  MemsimNames index, copy;
  g_autoptr(GError) error = NULL;

  memsim_names_init (&index, (char **) &names, sizeof (MemsimName), 0);
  /* 40000 is beyond 16 entries a name for one name: hashed */
  g_assert_true (memsim_name_for_number (40000, &names[0]));
  memsim_names_insert (&index, 0);
  g_assert_cmpuint (index.n_hashed, ==, 1);
  g_assert_cmpuint (index.dense_cap, ==, 0);
  /* small numbers make a first array of 1024, doubled as they pass it */
  for (guint i = 1; i < n - 1; i++)
    {
      g_assert_true (memsim_name_for_number (i, &names[i]));
      memsim_names_insert (&index, i);
      g_assert_true (memsim_names_check (&index, i + 1, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (index.dense_cap, ==, 8192);
  g_assert_cmpuint (index.n_hashed, ==, 1);
  /* with 4101 names the array may reach 65536 entries, for 50000: it
   * takes 40000 out of the hash table on the way */
  g_assert_true (memsim_name_for_number (50000, &names[n - 1]));
  memsim_names_insert (&index, n - 1);
  g_assert_cmpuint (index.dense_cap, ==, 65536);
  g_assert_cmpuint (index.n_hashed, ==, 0);
  g_assert_true (memsim_names_check (&index, n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (memsim_names_lookup (&index, "40000"), ==, 0);
  g_assert_cmpuint (memsim_names_lookup (&index, "50000"), ==, n - 1);
  g_assert_cmpuint (memsim_names_lookup (&index, "4099"), ==, 4099);
  g_assert_cmpuint (memsim_names_lookup (&index, "4100"), ==, MEMSIM_NAMES_NIL);

  memsim_names_copy (&copy, &index, (char **) &names);
  memsim_names_remove (&index, 0);
  g_assert_cmpuint (memsim_names_lookup (&index, "40000"), ==, MEMSIM_NAMES_NIL);
  g_assert_cmpuint (memsim_names_lookup (&copy, "40000"), ==, 0);
  g_assert_true (memsim_names_check (&index, n - 1, &error));
  g_assert_true (memsim_names_check (&copy, n, &error));
  g_assert_no_error (error);
  memsim_names_copy_into (&copy, &index, (char **) &names);
  g_assert_cmpuint (memsim_names_lookup (&copy, "40000"), ==, MEMSIM_NAMES_NIL);
  g_assert_true (memsim_names_check (&copy, n - 1, &error));
  g_assert_no_error (error);
  memsim_names_clear (&copy);
  memsim_names_clear (&index);
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

  memsim_names_init (&index, (char **) &names, sizeof (MemsimName), 0);
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
      /* numbers that go to the dense array at once, numbers that wait in
       * the hash table until enough names are live for the array to reach
       * them, numbers it never reaches, and texts */
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          g_snprintf (text, sizeof text, "%u", id);
          break;
        case 1:
          g_snprintf (text, sizeof text, "%u", 3 * n + id * 3);
          break;
        case 2:
          g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT,
                      G_GUINT64_CONSTANT (100000000000) + id);
          break;
        default:
          g_snprintf (text, sizeof text, "p-%u", id);
        }
      names[id] = memsim_name_new (text);
      memsim_names_insert (&index, id);
      g_hash_table_insert (model, g_strdup (text), GUINT_TO_POINTER (id));
      g_assert_cmpuint (memsim_names_lookup (&index, text), ==, id);
      if (step % 5000 == 0)
        {
          g_assert_true (memsim_names_check (&index, g_hash_table_size (model), &error));
          g_assert_no_error (error);
        }
    }
  /* the middle numbers reached the dense array in the end */
  g_assert_cmpuint (index.dense_cap, >, 3 * n + (n - 1) * 3);
  g_assert_true (memsim_names_check (&index, g_hash_table_size (model), &error));
  g_assert_no_error (error);
  for (guint32 id = 0; id < n; id++)
    {
      char text[32];

      g_snprintf (text, sizeof text, "p-%u", id);
      g_assert_cmpuint (memsim_names_lookup (&index, text), ==,
                        g_hash_table_contains (model, text) ? id : MEMSIM_NAMES_NIL);
      g_snprintf (text, sizeof text, "%u", 3 * n + id * 3);
      g_assert_cmpuint (memsim_names_lookup (&index, text), ==,
                        g_hash_table_contains (model, text) ? id : MEMSIM_NAMES_NIL);
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
  static const struct {
    const char      *name;
    MemsimBTreeFlags flags;
  } kinds[] = {
    { "one-word", 0 },
    { "one-word-sums", MEMSIM_BTREE_SUMS },
    { "two-word", MEMSIM_BTREE_WIDE_KEYS },
    { "two-word-sums", MEMSIM_BTREE_WIDE_KEYS | MEMSIM_BTREE_SUMS },
    { "one-word-maxima", MEMSIM_BTREE_MAXIMA },
    { "two-word-maxima", MEMSIM_BTREE_WIDE_KEYS | MEMSIM_BTREE_MAXIMA },
  };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autofree char *random = g_strdup_printf ("/core/btree/random/%s", kinds[i].name);
      g_autofree char *splice = g_strdup_printf ("/core/btree/splice/%s", kinds[i].name);

      g_test_add_data_func (random, GUINT_TO_POINTER (kinds[i].flags), test_btree_random);
      g_test_add_data_func (splice, GUINT_TO_POINTER (kinds[i].flags), test_btree_splice);
    }
  g_test_add_func ("/core/btree/build-and-walk", test_btree_build_and_walk);
  g_test_add_func ("/core/btree/probe", test_btree_probe);
  g_test_add_func ("/core/bigmem", test_bigmem);
  g_test_add_func ("/core/btree/keys-count-methods", test_keys_count_methods);
  g_test_add_func ("/core/names/inline-and-strings", test_names_inline_and_strings);
  g_test_add_func ("/core/names/for-number", test_names_for_number);
  g_test_add_func ("/core/names/random", test_names_random);
  g_test_add_func ("/core/names/dense-growth", test_names_dense_growth);
  g_test_add_func ("/core/names/lookup-at-odd-address", test_names_lookup_at_odd_address);
  return g_test_run ();
}
