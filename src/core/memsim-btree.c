/* memsim-btree.c: a B+-tree with subtree aggregates (see memsim-btree.h)
 *
 * Invariants (memsim_btree_check() verifies each):
 *   - every leaf is at depth - 1; keys increase strictly along the leaves;
 *   - an inner node's entry for a child holds the child's first key (the
 *     separator) and the child's aggregate: max of max, sums of a, b and
 *     count (a leaf entry counts 1);
 *   - only the root may be empty (an empty tree is an empty root leaf),
 *     and an inner root has at least two children.
 *
 * Nodes are not kept half full by borrowing: a node that drops below a
 * quarter merges with a sibling when both fit in one node.  That keeps
 * the tree shallow under the heap's churn without the bookkeeping of
 * rotations; the depth bound is what the speed depends on.
 *
 * A change descends once, recording its path; splits and merges happen
 * on the way back up; then the path is descended again and the entries
 * along it are refreshed bottom-up.  Separators are always exact after an
 * operation, which the second descent relies on.
 */
#include "config.h"

#include <string.h>

#include "memsim-bigmem.h"
#include "memsim-btree.h"
#include "memsim-keys.h"
#include "memsim-types.h"

#define F          MEMSIM_BTREE_FANOUT
#define NIL        MEMSIM_BTREE_NIL
#define MIN_FILL   (F / 2)
#define BUILD_FILL (F * 3 / 4)

/* memsim_keys_count() reads a node's keys four at a time. */
G_STATIC_ASSERT (F % 4 == 0);

/* A node's arrays in the order a leaf can end after: the keys' first
 * words and the refs are in every node; the values only in trees that
 * keep sums; the keys' second words only in trees of two-word keys; the
 * entry counts only in inner nodes.  A leaf is allocated up to the last
 * array its tree uses, so the address index's leaves (one-word keys,
 * sums) and the size index's (no sums) carry nothing they never read.
 * A tree of two-word keys without sums keeps its second words where the
 * maxima would be (MemsimBTree.lo_offset), so its leaves end there too. */
typedef struct _MemsimBNode MemsimBNode;

struct _MemsimBNode {
  guint16    n;
  guint16    leaf;
  guint32    next;      /* leaf: right neighbour; released node: the chain */
  guint32    prev;      /* leaf: left neighbour */
  guint64    hi[F];     /* leaf: the entries' keys; inner: children's first keys */
  guint32    ref[F];    /* leaf: the caller's ref; inner: child node */
  guint64    max[F];    /* only in trees with sums */
  guint64    a[F];
  guint64    b[F];
  guint64    lo[F];     /* only in trees of two-word keys (see above) */
  guint32    count[F];  /* inner nodes only: the entries below each child */
};

#define INNER_BIT 0x80000000u

typedef struct {
  MemsimBKey key;
  MemsimBSum sum;
  guint32    ref;
} Entry;

typedef struct {
  guint32 node[MEMSIM_BTREE_MAX_DEPTH];
  guint   slot[MEMSIM_BTREE_MAX_DEPTH];
} Path;

static inline gboolean
key_lt (MemsimBKey x,
        MemsimBKey y)
{
  return x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo);
}

static inline gboolean
key_eq (MemsimBKey x,
        MemsimBKey y)
{
  return x.hi == y.hi && x.lo == y.lo;
}

static inline MemsimBNode *
node_at (const MemsimBTree *tree,
         guint32            index)
{
  const MemsimBPool *pool = (index & INNER_BIT) != 0 ? &tree->inners : &tree->leaves;

  return (MemsimBNode *) (gpointer) (pool->nodes + (gsize) (index & ~INNER_BIT) * pool->node_size);
}

/* The second words of the keys (trees of two-word keys only). */
static inline guint64 *
node_lo (const MemsimBTree *tree,
         const MemsimBNode *node)
{
  return (guint64 *) (gpointer) ((char *) node + tree->lo_offset);
}

static inline MemsimBKey
node_key (const MemsimBTree *tree,
          const MemsimBNode *node,
          guint              i)
{
  return (MemsimBKey) { node->hi[i], tree->wide ? node_lo (tree, node)[i] : 0 };
}

static inline void
node_set_key (const MemsimBTree *tree,
              MemsimBNode       *node,
              guint              i,
              MemsimBKey         key)
{
  node->hi[i] = key.hi;
  if (tree->wide)
    node_lo (tree, node)[i] = key.lo;
}

/* ---- nodes ------------------------------------------------------------ */

static inline gsize
pool_bytes (const MemsimBPool *pool,
            guint32            capacity)
{
  return (gsize) capacity * pool->node_size;
}

static guint32
node_new (MemsimBTree *tree,
          gboolean     leaf)
{
  MemsimBPool *pool = leaf ? &tree->leaves : &tree->inners;
  guint32 index;
  MemsimBNode *node;

  if (pool->free_nodes != NIL)
    {
      index = pool->free_nodes;
      pool->free_nodes = node_at (tree, index)->next;
    }
  else
    {
      if (pool->n_nodes == pool->capacity)
        {
          guint32 capacity = MAX (4, pool->capacity * 2);

          pool->nodes = memsim_big_realloc (pool->nodes, pool_bytes (pool, pool->capacity),
                                            pool_bytes (pool, capacity));
          pool->capacity = capacity;
        }
      index = pool->n_nodes++ | (leaf ? 0 : INNER_BIT);
    }
  node = node_at (tree, index);
  node->n = 0;
  node->leaf = leaf;
  node->next = NIL;
  node->prev = NIL;
  return index;
}

static void
node_release (MemsimBTree *tree,
              guint32      index)
{
  MemsimBPool *pool = (index & INNER_BIT) != 0 ? &tree->inners : &tree->leaves;

  node_at (tree, index)->n = 0;
  node_at (tree, index)->next = pool->free_nodes;
  pool->free_nodes = index;
}

static void
node_sum (const MemsimBTree *tree,
          const MemsimBNode *node,
          MemsimBSum        *out)
{
  MemsimBSum s = { 0, 0, 0, 0 };

  for (guint i = 0; i < node->n; i++)
    s.count += node->leaf ? 1 : node->count[i];
  if (tree->sums)
    for (guint i = 0; i < node->n; i++)
      s.max = MAX (s.max, node->max[i]);
  if (tree->pair_sums)
    for (guint i = 0; i < node->n; i++)
      {
        s.a += node->a[i];
        s.b += node->b[i];
      }
  *out = s;
}

static void
node_entry_of (const MemsimBTree *tree,
               guint32            index,
               Entry             *out)
{
  const MemsimBNode *node = node_at (tree, index);

  out->key = node_key (tree, node, 0);
  out->ref = index;
  node_sum (tree, node, &out->sum);
}

static void
node_put (const MemsimBTree *tree,
          MemsimBNode       *node,
          guint              i,
          const Entry       *e)
{
  node_set_key (tree, node, i, e->key);
  if (tree->sums)
    node->max[i] = e->sum.max;
  if (tree->pair_sums)
    {
      node->a[i] = e->sum.a;
      node->b[i] = e->sum.b;
    }
  if (!node->leaf)
    node->count[i] = (guint32) e->sum.count;
  node->ref[i] = e->ref;
}

/* A leaf entry's values (zero in a tree without sums) and count. */
static void
node_values (const MemsimBTree *tree,
             const MemsimBNode *node,
             guint              slot,
             MemsimBSum        *out)
{
  *out = (MemsimBSum) { 0, 0, 0, 1 };
  if (tree->sums)
    out->max = node->max[slot];
  if (tree->pair_sums)
    {
      out->a = node->a[slot];
      out->b = node->b[slot];
    }
}

/* Moves entries [from, from + n) of @src to @dst at @at (memmove-safe). */
static void
node_move (const MemsimBTree *tree,
           MemsimBNode       *dst,
           guint              at,
           const MemsimBNode *src,
           guint              from,
           guint              n)
{
  memmove (&dst->hi[at], &src->hi[from], n * sizeof (guint64));
  if (tree->wide)
    memmove (&node_lo (tree, dst)[at], &node_lo (tree, src)[from], n * sizeof (guint64));
  if (tree->sums)
    memmove (&dst->max[at], &src->max[from], n * sizeof (guint64));
  if (tree->pair_sums)
    {
      memmove (&dst->a[at], &src->a[from], n * sizeof (guint64));
      memmove (&dst->b[at], &src->b[from], n * sizeof (guint64));
    }
  if (!dst->leaf)
    memmove (&dst->count[at], &src->count[from], n * sizeof (guint32));
  memmove (&dst->ref[at], &src->ref[from], n * sizeof (guint32));
}

/* Entries whose key is < @key (or <= it when @or_equal).  With one-word
 * keys (the address index, which every operation descends) it counts
 * them, without a branch: 32 independent comparisons took 4-5 % less
 * time in the bench than the four or five mispredicted branches of a
 * binary search, and a few vector comparisons (memsim-keys.h) less again.
 * With two-word keys the count was slower. */
static inline guint
node_rank (const MemsimBTree *tree,
           const MemsimBNode *node,
           MemsimBKey         key,
           gboolean           or_equal)
{
  guint lo = 0, hi = node->n;

  if (!tree->wide)
    return memsim_keys_count (node->hi, hi, key.hi, or_equal);

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      MemsimBKey at = node_key (tree, node, mid);
      gboolean below = or_equal ? !key_lt (key, at) : key_lt (at, key);

      if (below)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* ---- life cycle ------------------------------------------------------- */

static void
pool_reset (MemsimBPool *pool)
{
  pool->n_nodes = 0;
  pool->free_nodes = NIL;
}

void
memsim_btree_init (MemsimBTree      *tree,
                   MemsimBTreeFlags  flags)
{
  memset (tree, 0, sizeof *tree);
  tree->wide = (flags & MEMSIM_BTREE_WIDE_KEYS) != 0;
  tree->sums = (flags & (MEMSIM_BTREE_SUMS | MEMSIM_BTREE_MAXIMA)) != 0;
  tree->pair_sums = (flags & MEMSIM_BTREE_SUMS) != 0;
  tree->maxima = tree->sums;
  /* The second key words come right after the last array in use before
   * them, and a leaf ends after the last array its tree uses. */
  tree->lo_offset = tree->pair_sums ? G_STRUCT_OFFSET (MemsimBNode, lo)
                    : tree->sums ? G_STRUCT_OFFSET (MemsimBNode, a)
                    : G_STRUCT_OFFSET (MemsimBNode, max);
  tree->leaves.node_size = tree->lo_offset + (tree->wide ? sizeof (guint64) * F : 0);
  tree->inners.node_size = sizeof (MemsimBNode);
  pool_reset (&tree->leaves);
  pool_reset (&tree->inners);
  tree->root = node_new (tree, TRUE);
  tree->depth = 1;
}

void
memsim_btree_clear (MemsimBTree *tree)
{
  pool_reset (&tree->leaves);
  pool_reset (&tree->inners);
  memset (&tree->total, 0, sizeof tree->total);
  tree->root = node_new (tree, TRUE);
  tree->depth = 1;
  tree->finger_valid = FALSE;
}

void
memsim_btree_destroy (MemsimBTree *tree)
{
  memsim_big_free (tree->leaves.nodes, pool_bytes (&tree->leaves, tree->leaves.capacity));
  memsim_big_free (tree->inners.nodes, pool_bytes (&tree->inners, tree->inners.capacity));
  tree->leaves.nodes = NULL;
  tree->inners.nodes = NULL;
  tree->leaves.n_nodes = tree->leaves.capacity = 0;
  tree->inners.n_nodes = tree->inners.capacity = 0;
}

static void
pool_copy (MemsimBPool       *dest,
           const MemsimBPool *src)
{
  *dest = *src;
  dest->capacity = MAX (src->n_nodes, 1);
  dest->nodes = memsim_big_alloc (pool_bytes (dest, dest->capacity));
  if (src->n_nodes > 0)   /* a tree of one leaf has no inner node at all */
    memcpy (dest->nodes, src->nodes, src->node_size * src->n_nodes);
}

void
memsim_btree_copy (MemsimBTree       *dest,
                   const MemsimBTree *src)
{
  *dest = *src;
  pool_copy (&dest->leaves, &src->leaves);
  pool_copy (&dest->inners, &src->inners);
}

/* Into @dest's own array when it is large enough: memory the process has
 * touched already costs no page faults, which dominate a fresh copy. */
static void
pool_copy_into (MemsimBPool       *dest,
                const MemsimBPool *src)
{
  char *nodes = dest->nodes;
  guint32 capacity = dest->capacity;

  if (nodes == NULL || capacity < src->n_nodes || dest->node_size != src->node_size)
    {
      memsim_big_free (nodes, pool_bytes (dest, capacity));
      pool_copy (dest, src);
      return;
    }
  *dest = *src;
  dest->nodes = nodes;
  dest->capacity = capacity;
  if (src->n_nodes > 0)
    memcpy (dest->nodes, src->nodes, src->node_size * src->n_nodes);
}

void
memsim_btree_copy_into (MemsimBTree       *dest,
                        const MemsimBTree *src)
{
  MemsimBPool leaves = dest->leaves, inners = dest->inners;

  *dest = *src;
  dest->leaves = leaves;
  dest->inners = inners;
  pool_copy_into (&dest->leaves, &src->leaves);
  pool_copy_into (&dest->inners, &src->inners);
}

/* ---- descents --------------------------------------------------------- */

/* Whether the leaf of the last change holds @key's place: the key lies
 * between its first and last keys (after the first one when @strict), so
 * a full descent would end there too. */
static gboolean
finger_covers (const MemsimBTree *tree,
               MemsimBKey         key,
               gboolean           strict)
{
  const MemsimBNode *leaf;

  if (!tree->finger_valid || tree->finger_reshapes != tree->reshapes)
    return FALSE;
  leaf = node_at (tree, tree->finger_node[tree->depth - 1]);
  if (leaf->n == 0 || key_lt (node_key (tree, leaf, leaf->n - 1), key))
    return FALSE;
  return strict ? key_lt (node_key (tree, leaf, 0), key) : !key_lt (key, node_key (tree, leaf, 0));
}

/* Remembers @path, the path of a change just made. */
static void
set_finger (MemsimBTree *tree,
            const Path  *path)
{
  memcpy (tree->finger_node, path->node, sizeof (guint32) * tree->depth);
  memcpy (tree->finger_slot, path->slot, sizeof (guint) * tree->depth);
  tree->finger_reshapes = tree->reshapes;
  tree->finger_valid = TRUE;
}

/* What the refresh after a change writes in an inner node, for the child
 * at @slot: the count, and the values in a tree with sums.  A descent
 * reads only the keys and refs, so these lines would otherwise miss when
 * the change comes back up the path. */
static inline void
prefetch_slot_sums (const MemsimBTree *tree,
                    const MemsimBNode *node,
                    guint              slot)
{
  __builtin_prefetch (&node->count[slot], 1);
  if (tree->sums)
    __builtin_prefetch (&node->max[slot], 1);
  if (tree->pair_sums)
    {
      __builtin_prefetch (&node->a[slot], 1);
      __builtin_prefetch (&node->b[slot], 1);
    }
}

/* Records the path to the leaf where @key belongs: at each inner node the
 * last child whose first key is <= @key (< @key when @strict), or the
 * first child.  Returns the leaf.  Operations on neighbouring blocks come
 * in runs (a free looks at both neighbours, merges, updates), so a key in
 * the leaf of the last change takes that path without a descent. */
static guint32
descend (const MemsimBTree *tree,
         MemsimBKey         key,
         gboolean           strict,
         Path              *path)
{
  guint32 index = tree->root;

  if (finger_covers (tree, key, strict))
    {
      if (path != NULL)
        {
          memcpy (path->node, tree->finger_node, sizeof (guint32) * tree->depth);
          memcpy (path->slot, tree->finger_slot, sizeof (guint) * tree->depth);
        }
      return tree->finger_node[tree->depth - 1];
    }
  for (guint level = 0; level + 1 < tree->depth; level++)
    {
      const MemsimBNode *node = node_at (tree, index);
      guint rank = node_rank (tree, node, key, !strict);
      guint child = rank > 0 ? rank - 1 : 0;

      if (path != NULL)
        {
          path->node[level] = index;
          path->slot[level] = child;
          prefetch_slot_sums (tree, node, child);
        }
      index = node->ref[child];
    }
  if (path != NULL)
    path->node[tree->depth - 1] = index;
  return index;
}

/* ---- probes (prefetching descents) -------------------------------------- */

static void
prefetch_lines (const void *start,
                gsize       length)
{
  const char *p = (const char *) ((gsize) start & ~(gsize) 63);

  for (; p < (const char *) start + length; p += 64)
    __builtin_prefetch (p);
}

/* What a descent reads of an inner node: its size and keys, and the refs. */
static void
prefetch_node_keys (const MemsimBTree *tree,
                    const MemsimBNode *node)
{
  prefetch_lines (node, G_STRUCT_OFFSET (MemsimBNode, ref) + sizeof node->ref);
  if (tree->wide)
    prefetch_lines (node_lo (tree, node), sizeof (guint64) * F);
}

/* Whether @index names a node that exists: a probe may hold a node that
 * was released or a pool that was rebuilt since. */
static gboolean
node_exists (const MemsimBTree *tree,
             guint32            index)
{
  const MemsimBPool *pool = (index & INNER_BIT) != 0 ? &tree->inners : &tree->leaves;

  return index != NIL && (index & ~INNER_BIT) < pool->n_nodes;
}

void
memsim_btree_probe_begin (const MemsimBTree *tree,
                          MemsimBKey         key,
                          MemsimBProbe      *probe)
{
  probe->key = key;
  probe->level = 0;
  probe->around[0] = probe->around[1] = NIL;
  probe->node = node_exists (tree, tree->root) ? tree->root : NIL;
  if (probe->node != NIL)
    prefetch_node_keys (tree, node_at (tree, probe->node));
}

gboolean
memsim_btree_probe_step (const MemsimBTree *tree,
                         MemsimBProbe      *probe)
{
  const MemsimBNode *node;
  guint rank;

  if (probe->node == NIL || !node_exists (tree, probe->node) || probe->level >= tree->depth)
    return FALSE;
  node = node_at (tree, probe->node);
  rank = node_rank (tree, node, probe->key, TRUE);
  if (probe->level + 1 == tree->depth)
    {
      /* the leaf: the entry's values and its neighbours' (a free reads both) */
      guint at = rank > 0 ? rank - 1 : 0;
      guint first = at > 0 ? at - 1 : 0;
      gsize length = sizeof (guint64) * 3;
      guint below = rank > 0 && key_eq (node_key (tree, node, rank - 1), probe->key) ? rank - 1 : rank;

      probe->around[0] = below > 0 ? node->ref[below - 1] : NIL;
      probe->around[1] = rank < node->n ? node->ref[rank] : NIL;

      if (tree->sums)
        prefetch_lines (&node->max[first], length);
      if (tree->pair_sums)
        {
          prefetch_lines (&node->a[first], length);
          prefetch_lines (&node->b[first], length);
        }
      probe->level++;
      return FALSE;
    }
  probe->node = node->ref[rank > 0 ? rank - 1 : 0];
  probe->level++;
  if (!node_exists (tree, probe->node))
    {
      probe->node = NIL;
      return FALSE;
    }
  prefetch_node_keys (tree, node_at (tree, probe->node));
  return TRUE;
}

/* Refreshes every inner entry on @path from its child, bottom-up, and the
 * tree's total from the root. */
static void
refresh_path (MemsimBTree *tree,
              const Path  *path)
{
  for (guint level = tree->depth - 1; level > 0; level--)
    {
      Entry e;

      node_entry_of (tree, path->node[level], &e);
      node_put (tree, node_at (tree, path->node[level - 1]), path->slot[level - 1], &e);
    }
  node_sum (tree, node_at (tree, tree->root), &tree->total);
}

static guint64
node_max (const MemsimBNode *node)
{
  guint64 max = 0;

  for (guint i = 0; i < node->n; i++)
    max = MAX (max, node->max[i]);
  return max;
}

/* The cheap refresh after a change that kept the shape of the tree: the
 * sums along the path move by the same deltas at every level (unsigned,
 * so a decrease wraps and adds back).  The maximum changes from @old_max
 * to @new_max at the bottom; going up, a node's maximum is rescanned only
 * when the entry that held it went down, and the climb for the maximum
 * stops at the first level where it comes out unchanged. */
static void
propagate (MemsimBTree *tree,
           const Path  *path,
           guint64      da,
           guint64      db,
           guint64      dcount,
           guint64      old_max,
           guint64      new_max)
{
  if (!tree->maxima)
    new_max = old_max;
  for (guint level = tree->depth - 1; level > 0; level--)
    {
      const MemsimBNode *child = node_at (tree, path->node[level]);
      MemsimBNode *parent = node_at (tree, path->node[level - 1]);
      guint slot = path->slot[level - 1];
      guint64 before;

      node_set_key (tree, parent, slot, node_key (tree, child, 0));
      parent->count[slot] += (guint32) dcount;
      if (!tree->sums)
        continue;
      before = parent->max[slot];
      if (tree->pair_sums)
        {
          parent->a[slot] += da;
          parent->b[slot] += db;
        }
      if (old_max == new_max)
        continue;
      if (new_max >= before)
        parent->max[slot] = new_max;
      else if (old_max == before)
        parent->max[slot] = node_max (child);
      old_max = before;
      new_max = parent->max[slot];
    }
  tree->total.count += dcount;
  if (!tree->sums)
    return;
  if (tree->pair_sums)
    {
      tree->total.a += da;
      tree->total.b += db;
    }
  if (old_max != new_max)
    tree->total.max = new_max >= tree->total.max ? new_max
                      : old_max == tree->total.max ? node_max (node_at (tree, tree->root))
                      : tree->total.max;
}

/* Recomputes the maxima of the subtree at @index, on @level, bottom-up:
 * its own is returned. */
static guint64
recompute_maxima (MemsimBTree *tree,
                  guint32      index,
                  guint        level)
{
  MemsimBNode *node = node_at (tree, index);

  if (level + 1 < tree->depth)
    for (guint i = 0; i < node->n; i++)
      node->max[i] = recompute_maxima (tree, node->ref[i], level + 1);
  return node_max (node);
}

void
memsim_btree_keep_maxima (MemsimBTree *tree,
                          gboolean     keep)
{
  g_return_if_fail (tree->sums || !keep);

  if (keep && !tree->maxima)
    tree->total.max = recompute_maxima (tree, tree->root, 0);
  tree->maxima = keep;
}

/* Whether a node was split, merged or refilled since @reshapes was read:
 * then the path's entries are stale and refresh_path() is needed. */
static inline gboolean
shape_changed (const MemsimBTree *tree,
               guint32            reshapes)
{
  return tree->reshapes != reshapes;
}

/* ---- insert ----------------------------------------------------------- */

static void
node_insert_at (const MemsimBTree *tree,
                MemsimBNode       *node,
                guint              pos,
                const Entry       *e)
{
  node_move (tree, node, pos + 1, node, pos, node->n - pos);
  node_put (tree, node, pos, e);
  node->n++;
}

static void insert_at (MemsimBTree *tree, Path *path, guint level, guint pos, const Entry *e);

/* Where a full node splits for an entry going in at @pos: in the middle,
 * except at either end.  The heap carves blocks in address order (every
 * allocation from the top free block adds an entry at the end), and
 * middle splits would leave all those nodes half empty: twice the memory
 * and a deeper tree.  Splitting at the end leaves them full. */
static guint
split_point (guint pos)
{
  if (pos == F)
    return F - 1;
  if (pos == 0)
    return 1;
  return F / 2;
}

/* Splits the full node at @level of @path in two and puts @e in its half;
 * the new right half goes into the parent (or a new root). */
static void
split_and_insert (MemsimBTree *tree,
                  Path        *path,
                  guint        level,
                  guint        pos,
                  const Entry *e)
{
  guint32 left_index = path->node[level];
  guint32 right_index = node_new (tree, node_at (tree, left_index)->leaf);
  MemsimBNode *left = node_at (tree, left_index);
  MemsimBNode *right = node_at (tree, right_index);
  guint half = split_point (pos);
  Entry left_entry, right_entry;

  tree->reshapes++;

  node_move (tree, right, 0, left, half, F - half);
  right->n = F - half;
  left->n = half;
  if (left->leaf)
    {
      right->next = left->next;
      right->prev = left_index;
      if (left->next != NIL)
        node_at (tree, left->next)->prev = right_index;
      left->next = right_index;
    }
  if (pos <= half)
    node_insert_at (tree, left, pos, e);
  else
    node_insert_at (tree, right, pos - half, e);

  node_entry_of (tree, left_index, &left_entry);
  node_entry_of (tree, right_index, &right_entry);
  if (level == 0)
    {
      guint32 root = node_new (tree, FALSE);

      node_put (tree, node_at (tree, root), 0, &left_entry);
      node_put (tree, node_at (tree, root), 1, &right_entry);
      node_at (tree, root)->n = 2;
      tree->root = root;
      tree->depth++;
      return;
    }
  node_put (tree, node_at (tree, path->node[level - 1]), path->slot[level - 1], &left_entry);
  insert_at (tree, path, level - 1, path->slot[level - 1] + 1, &right_entry);
}

static void
insert_at (MemsimBTree *tree,
           Path        *path,
           guint        level,
           guint        pos,
           const Entry *e)
{
  MemsimBNode *node = node_at (tree, path->node[level]);

  if (node->n < F)
    node_insert_at (tree, node, pos, e);
  else
    split_and_insert (tree, path, level, pos, e);
}

/* Before a full leaf splits, it hands half of a sibling's free room over
 * to that sibling (a B*-tree's redistribution), so that leaves stay about
 * four-fifths full under random inserts instead of two-thirds: less
 * memory, fewer levels.  Both are children of the same parent, whose own
 * aggregate does not change; their two entries in it are refreshed.
 * Returns whether entries moved (the caller descends again). */
static gboolean
rebalance_leaf (MemsimBTree *tree,
                const Path  *path)
{
  guint level = tree->depth - 1;
  guint32 leaf_index = path->node[level];
  MemsimBNode *parent = node_at (tree, path->node[level - 1]);
  MemsimBNode *leaf = node_at (tree, leaf_index);
  guint slot = path->slot[level - 1];
  guint32 left_index = slot > 0 ? parent->ref[slot - 1] : NIL;
  guint32 right_index = slot + 1 < parent->n ? parent->ref[slot + 1] : NIL;
  guint left_room = left_index != NIL ? F - node_at (tree, left_index)->n : 0;
  guint right_room = right_index != NIL ? F - node_at (tree, right_index)->n : 0;
  Entry e;

  if (MAX (left_room, right_room) < 2)
    return FALSE;
  if (left_room >= right_room)
    {
      MemsimBNode *left = node_at (tree, left_index);
      guint k = left_room / 2;

      node_move (tree, left, left->n, leaf, 0, k);
      left->n += k;
      node_move (tree, leaf, 0, leaf, k, leaf->n - k);
      leaf->n -= k;
      node_entry_of (tree, left_index, &e);
      node_put (tree, parent, slot - 1, &e);
    }
  else
    {
      MemsimBNode *right = node_at (tree, right_index);
      guint k = right_room / 2;

      node_move (tree, right, k, right, 0, right->n);
      node_move (tree, right, 0, leaf, leaf->n - k, k);
      right->n += k;
      leaf->n -= k;
      node_entry_of (tree, right_index, &e);
      node_put (tree, parent, slot + 1, &e);
    }
  node_entry_of (tree, leaf_index, &e);
  node_put (tree, parent, slot, &e);
  return TRUE;
}

void
memsim_btree_insert (MemsimBTree *tree,
                     MemsimBKey   key,
                     guint32      ref,
                     guint64      max,
                     guint64      a,
                     guint64      b)
{
  Entry e = { key, { max, a, b, 1 }, ref };
  Path path;
  guint32 leaf = descend (tree, key, FALSE, &path);
  guint32 reshapes = tree->reshapes;
  guint pos;

  if (node_at (tree, leaf)->n == F && tree->depth > 1 && rebalance_leaf (tree, &path))
    leaf = descend (tree, key, FALSE, &path);
  pos = node_rank (tree, node_at (tree, leaf), key, FALSE);
  g_assert (pos == node_at (tree, leaf)->n || !key_eq (node_key (tree, node_at (tree, leaf), pos), key));
  insert_at (tree, &path, tree->depth - 1, pos, &e);
  if (!shape_changed (tree, reshapes))
    {
      /* The entry counts as a change of an absent entry of maximum 0. */
      propagate (tree, &path, a, b, 1, 0, max);
      set_finger (tree, &path);
      return;
    }
  descend (tree, key, FALSE, &path);
  refresh_path (tree, &path);
  set_finger (tree, &path);
}

/* ---- remove ----------------------------------------------------------- */

static void remove_at (MemsimBTree *tree, Path *path, guint level, guint pos);

/* Shares the entries of two neighbouring nodes evenly, moving them across
 * the boundary between @left and @right. */
static void
borrow (const MemsimBTree *tree,
        MemsimBNode       *left,
        MemsimBNode       *right)
{
  guint total = left->n + right->n;
  guint want = total / 2;   /* entries that stay on the left */

  if (left->n > want)
    {
      guint k = left->n - want;

      node_move (tree, right, k, right, 0, right->n);
      node_move (tree, right, 0, left, want, k);
      right->n += k;
      left->n -= k;
    }
  else
    {
      guint k = want - left->n;

      node_move (tree, left, left->n, right, 0, k);
      node_move (tree, right, 0, right, k, right->n - k);
      left->n += k;
      right->n -= k;
    }
}

/* A node below half full merges with a sibling when both fit in one node,
 * and otherwise takes entries from it until both are at least half full,
 * so that no node other than the root ever empties. */
static void
maybe_merge (MemsimBTree *tree,
             Path        *path,
             guint        level)
{
  MemsimBNode *parent = node_at (tree, path->node[level - 1]);
  guint slot = path->slot[level - 1];
  guint left_slot;
  MemsimBNode *left, *right;
  guint32 right_index;
  Entry e;

  if (node_at (tree, path->node[level])->n >= MIN_FILL || parent->n < 2)
    return;
  tree->reshapes++;
  left_slot = slot + 1 < parent->n ? slot : slot - 1;
  left = node_at (tree, parent->ref[left_slot]);
  right_index = parent->ref[left_slot + 1];
  right = node_at (tree, right_index);
  if (left->n + right->n > F)
    {
      borrow (tree, left, right);
      node_entry_of (tree, parent->ref[left_slot], &e);
      node_put (tree, parent, left_slot, &e);
      node_entry_of (tree, right_index, &e);
      node_put (tree, parent, left_slot + 1, &e);
      return;
    }

  node_move (tree, left, left->n, right, 0, right->n);
  left->n += right->n;
  if (left->leaf)
    {
      left->next = right->next;
      if (right->next != NIL)
        node_at (tree, right->next)->prev = parent->ref[left_slot];
    }
  node_release (tree, right_index);
  node_entry_of (tree, parent->ref[left_slot], &e);
  node_put (tree, parent, left_slot, &e);
  remove_at (tree, path, level - 1, left_slot + 1);
}

static void
remove_at (MemsimBTree *tree,
           Path        *path,
           guint        level,
           guint        pos)
{
  MemsimBNode *node = node_at (tree, path->node[level]);

  node_move (tree, node, pos, node, pos + 1, node->n - pos - 1);
  node->n--;
  if (level > 0)
    maybe_merge (tree, path, level);
}

static void
collapse_root (MemsimBTree *tree)
{
  while (tree->depth > 1 && node_at (tree, tree->root)->n == 1)
    {
      guint32 old = tree->root;

      tree->root = node_at (tree, old)->ref[0];
      node_release (tree, old);
      tree->depth--;
      tree->reshapes++;
    }
}

/* Removes the entry at @pos of @leaf, reached by @path; returns its ref. */
static guint32
remove_entry (MemsimBTree *tree,
              Path        *path,
              guint32      leaf,
              guint        pos)
{
  MemsimBKey key = node_key (tree, node_at (tree, leaf), pos);
  guint32 ref = node_at (tree, leaf)->ref[pos];
  guint32 reshapes = tree->reshapes;
  MemsimBSum old;

  node_values (tree, node_at (tree, leaf), pos, &old);
  remove_at (tree, path, tree->depth - 1, pos);
  collapse_root (tree);
  if (!shape_changed (tree, reshapes))
    {
      propagate (tree, path, -old.a, -old.b, G_MAXUINT64, old.max, 0);
      set_finger (tree, path);
      return ref;
    }
  descend (tree, key, FALSE, path);
  refresh_path (tree, path);
  set_finger (tree, path);
  return ref;
}

guint32
memsim_btree_remove (MemsimBTree *tree,
                     MemsimBKey   key)
{
  Path path;
  guint32 leaf = descend (tree, key, FALSE, &path);
  guint pos = node_rank (tree, node_at (tree, leaf), key, FALSE);

  g_assert (pos < node_at (tree, leaf)->n && key_eq (node_key (tree, node_at (tree, leaf), pos), key));
  return remove_entry (tree, &path, leaf, pos);
}

static guint32 entry_from (const MemsimBTree *tree, guint32 leaf, guint slot,
                           MemsimBKey *out_key, MemsimBSum *out_values);

guint32
memsim_btree_take_lower_bound (MemsimBTree *tree,
                               MemsimBKey   key,
                               MemsimBKey  *out_key)
{
  Path path;
  guint32 leaf = descend (tree, key, FALSE, &path);
  guint pos = node_rank (tree, node_at (tree, leaf), key, FALSE);
  guint32 ref;

  if (pos < node_at (tree, leaf)->n)
    {
      *out_key = node_key (tree, node_at (tree, leaf), pos);
      return remove_entry (tree, &path, leaf, pos);
    }
  /* the lower bound starts the next leaf, on another path */
  ref = entry_from (tree, leaf, pos, out_key, NULL);
  if (ref != NIL)
    memsim_btree_remove (tree, *out_key);
  return ref;
}

void
memsim_btree_update (MemsimBTree *tree,
                     MemsimBKey   key,
                     MemsimBKey   new_key,
                     guint64      max,
                     guint64      a,
                     guint64      b)
{
  Path path;
  guint32 leaf = descend (tree, key, FALSE, &path);
  MemsimBNode *node = node_at (tree, leaf);
  guint pos = node_rank (tree, node, key, FALSE);
  MemsimBSum old;
  Entry e;

  g_assert (pos < node->n && key_eq (node_key (tree, node, pos), key));
  node_values (tree, node, pos, &old);
  e = (Entry) { new_key, { max, a, b, 1 }, node->ref[pos] };
  node_put (tree, node, pos, &e);
  /* The path found by the old key is the entry's path: refreshing it
   * brings any separator that was the old key up to date.  (Without
   * sums, propagate() moves only the separators and counts.) */
  propagate (tree, &path, a - old.a, b - old.b, 0, old.max, max);
  set_finger (tree, &path);
}

/* ---- splice ----------------------------------------------------------- */

static void
entry_read (const MemsimBTree *tree,
            const MemsimBNode *node,
            guint              i,
            MemsimBEntry      *out)
{
  MemsimBSum v;

  node_values (tree, node, i, &v);
  *out = (MemsimBEntry) { node_key (tree, node, i), node->ref[i], v.max, v.a, v.b };
}

static void
leaf_put (const MemsimBTree  *tree,
          MemsimBNode        *leaf,
          guint               i,
          const MemsimBEntry *e)
{
  Entry entry = { e->key, { e->max, e->a, e->b, 1 }, e->ref };

  node_put (tree, leaf, i, &entry);
}

/* The general case: the old entries (read from @leaf at @pos on, across
 * leaves) removed one by one, then the new ones inserted. */
static void
splice_by_entries (MemsimBTree        *tree,
                   guint32             leaf,
                   guint               pos,
                   guint               n_old,
                   const MemsimBEntry *entries,
                   guint               n_new)
{
  g_autofree MemsimBKey *old = g_new (MemsimBKey, n_old);
  MemsimBIter iter = { tree, leaf, pos };

  for (guint i = 0; i < n_old; i++)
    {
      gboolean found = memsim_btree_iter_next (&iter, &old[i], NULL, NULL);

      g_assert (found);
    }
  for (guint i = 0; i < n_old; i++)
    memsim_btree_remove (tree, old[i]);
  for (guint i = 0; i < n_new; i++)
    memsim_btree_insert_entry (tree, &entries[i]);
}

/* Replaces @n_old entries at @pos of the leaf at the end of @path by
 * @n_new, which the leaf has room for, and refreshes the path by the
 * change's deltas. */
static void
splice_in_leaf (MemsimBTree        *tree,
                Path               *path,
                guint               pos,
                guint               n_old,
                const MemsimBEntry *entries,
                guint               n_new)
{
  MemsimBNode *leaf = node_at (tree, path->node[tree->depth - 1]);
  guint64 da = 0, db = 0, old_max = 0, new_max = 0;

  for (guint i = pos; tree->sums && i < pos + n_old; i++)
    {
      da -= tree->pair_sums ? leaf->a[i] : 0;
      db -= tree->pair_sums ? leaf->b[i] : 0;
      old_max = MAX (old_max, leaf->max[i]);
    }
  for (guint i = 0; tree->sums && i < n_new; i++)
    {
      da += tree->pair_sums ? entries[i].a : 0;
      db += tree->pair_sums ? entries[i].b : 0;
      new_max = MAX (new_max, entries[i].max);
    }
  node_move (tree, leaf, pos + n_new, leaf, pos + n_old, leaf->n - pos - n_old);
  for (guint i = 0; i < n_new; i++)
    leaf_put (tree, leaf, pos + i, &entries[i]);
  leaf->n = (guint16) (leaf->n - n_old + n_new);
  /* propagate() takes the maximum of the old entries to that of the new
   * ones: a node's maximum is rescanned only if it was among the old. */
  propagate (tree, path, da, db, (guint64) n_new - n_old, old_max, new_max);
  set_finger (tree, path);
}

/* A splice inside one leaf that would overfill it or empty it below the
 * fill remove_at() merges at: as many entries as the leaf keeps are
 * replaced in place, and the rest inserted or removed one by one, so
 * that only those reshape the tree. */
static void
splice_reshaping (MemsimBTree        *tree,
                  Path               *path,
                  guint               pos,
                  guint               n_old,
                  const MemsimBEntry *entries,
                  guint               n_new)
{
  const MemsimBNode *leaf = node_at (tree, path->node[tree->depth - 1]);
  MemsimBKey head = node_key (tree, leaf, pos);
  MemsimBKey gone[MEMSIM_BTREE_FANOUT];
  guint n_gone = 0;

  if (n_new > n_old)
    {
      splice_in_leaf (tree, path, pos, n_old, entries, n_old);
      for (guint i = n_old; i < n_new; i++)
        memsim_btree_insert_entry (tree, &entries[i]);
      return;
    }
  /* The old entries past the first n_new go first; the first n_new are
   * then followed by what followed the last old one, and the new entries
   * take their place in order. */
  for (guint i = pos + n_new; i < pos + n_old; i++)
    gone[n_gone++] = node_key (tree, leaf, i);
  for (guint i = 0; i < n_gone; i++)
    memsim_btree_remove (tree, gone[i]);
  if (n_new > 0)
    memsim_btree_splice (tree, head, n_new, entries, n_new);
}

void
memsim_btree_splice (MemsimBTree        *tree,
                     MemsimBKey          first,
                     guint               n_old,
                     const MemsimBEntry *entries,
                     guint               n_new)
{
  Path path;
  guint32 leaf_index = descend (tree, first, FALSE, &path);
  const MemsimBNode *leaf = node_at (tree, leaf_index);
  guint pos = node_rank (tree, leaf, first, FALSE);
  guint n_after;

  g_assert (n_old > 0 && pos < leaf->n && key_eq (node_key (tree, leaf, pos), first));
  if (pos + n_old > leaf->n)
    {
      splice_by_entries (tree, leaf_index, pos, n_old, entries, n_new);
      return;
    }
  n_after = leaf->n - n_old + n_new;
  if (n_after > F || (n_after < leaf->n && n_after < MIN_FILL && tree->depth > 1))
    splice_reshaping (tree, &path, pos, n_old, entries, n_new);
  else
    splice_in_leaf (tree, &path, pos, n_old, entries, n_new);
}

void
memsim_btree_neighbours (MemsimBTree  *tree,
                         MemsimBKey    key,
                         MemsimBEntry *out_prev,
                         MemsimBEntry *out_next)
{
  Path path;
  const MemsimBNode *leaf = node_at (tree, descend (tree, key, FALSE, &path));
  guint pos = node_rank (tree, leaf, key, FALSE);
  /* the entry after: past @key's own when it is there */
  guint after = pos < leaf->n && key_eq (node_key (tree, leaf, pos), key) ? pos + 1 : pos;

  /* the change that follows starts from here */
  set_finger (tree, &path);
  out_prev->ref = NIL;
  out_next->ref = NIL;
  if (pos > 0)
    entry_read (tree, leaf, pos - 1, out_prev);
  else if (leaf->prev != NIL)
    {
      const MemsimBNode *before = node_at (tree, leaf->prev);

      entry_read (tree, before, before->n - 1, out_prev);
    }
  if (after < leaf->n)
    entry_read (tree, leaf, after, out_next);
  else if (leaf->next != NIL)
    entry_read (tree, node_at (tree, leaf->next), 0, out_next);
}

/* ---- look-ups --------------------------------------------------------- */

static guint32
entry_at (const MemsimBTree *tree,
          guint32            leaf,
          guint              slot,
          MemsimBKey        *out_key,
          MemsimBSum        *out_values)
{
  const MemsimBNode *node = node_at (tree, leaf);

  if (out_key != NULL)
    *out_key = node_key (tree, node, slot);
  if (out_values != NULL)
    node_values (tree, node, slot, out_values);
  return node->ref[slot];
}

/* The entry at @slot of @leaf, or the first of the next leaf when @slot is
 * past the end. */
static guint32
entry_from (const MemsimBTree *tree,
            guint32            leaf,
            guint              slot,
            MemsimBKey        *out_key,
            MemsimBSum        *out_values)
{
  const MemsimBNode *node = node_at (tree, leaf);

  if (slot < node->n)
    return entry_at (tree, leaf, slot, out_key, out_values);
  if (node->next == NIL)
    return NIL;
  return entry_at (tree, node->next, 0, out_key, out_values);
}

guint32
memsim_btree_lookup_le (const MemsimBTree *tree,
                        MemsimBKey         key,
                        MemsimBKey        *out_key)
{
  guint32 leaf = descend (tree, key, FALSE, NULL);
  guint rank = node_rank (tree, node_at (tree, leaf), key, TRUE);

  return rank == 0 ? NIL : entry_at (tree, leaf, rank - 1, out_key, NULL);
}

guint32
memsim_btree_lower_bound (const MemsimBTree *tree,
                          MemsimBKey         key,
                          MemsimBKey        *out_key)
{
  guint32 leaf = descend (tree, key, FALSE, NULL);

  return entry_from (tree, leaf, node_rank (tree, node_at (tree, leaf), key, FALSE), out_key, NULL);
}

guint32
memsim_btree_next (const MemsimBTree *tree,
                   MemsimBKey         key,
                   MemsimBKey        *out_key,
                   MemsimBSum        *out_values)
{
  guint32 leaf = descend (tree, key, FALSE, NULL);

  return entry_from (tree, leaf, node_rank (tree, node_at (tree, leaf), key, TRUE), out_key,
                     out_values);
}

guint32
memsim_btree_prev (const MemsimBTree *tree,
                   MemsimBKey         key,
                   MemsimBKey        *out_key,
                   MemsimBSum        *out_values)
{
  guint32 leaf = descend (tree, key, TRUE, NULL);
  guint rank = node_rank (tree, node_at (tree, leaf), key, FALSE);
  const MemsimBNode *node;

  if (rank > 0)
    return entry_at (tree, leaf, rank - 1, out_key, out_values);
  node = node_at (tree, leaf);
  if (node->prev == NIL)
    return NIL;
  return entry_at (tree, node->prev, node_at (tree, node->prev)->n - 1, out_key, out_values);
}

static gint
first_at_least (const MemsimBNode *node,
                guint              from,
                guint64            min)
{
  for (guint i = from; i < node->n; i++)
    if (node->max[i] >= min)
      return (gint) i;
  return -1;
}

/* The leftmost entry of the subtree at @index, on @level, with max >=
 * @min; the subtree's aggregate says there is one.  Completes @path from
 * @level down, and leaves it as the finger: the heap carves the block it
 * finds right away. */
static guint32
first_fit_below (MemsimBTree  *tree,
                 guint32       index,
                 guint         level,
                 guint64       min,
                 Path         *path,
                 MemsimBEntry *out_entry)
{
  for (;;)
    {
      const MemsimBNode *node = node_at (tree, index);
      gint i = first_at_least (node, 0, min);

      g_assert (i >= 0);
      path->node[level] = index;
      if (node->leaf)
        {
          set_finger (tree, path);
          if (out_entry != NULL)
            entry_read (tree, node, (guint) i, out_entry);
          return node->ref[i];
        }
      path->slot[level++] = (guint) i;
      prefetch_slot_sums (tree, node, (guint) i);
      index = node->ref[i];
    }
}

guint32
memsim_btree_first_fit (MemsimBTree  *tree,
                        guint64       min,
                        MemsimBEntry *out_entry)
{
  Path path;

  g_assert (tree->maxima);   /* a tree without them has no maxima to search */
  if (tree->total.count == 0 || tree->total.max < min)
    return NIL;
  return first_fit_below (tree, tree->root, 0, min, &path, out_entry);
}

guint32
memsim_btree_first_fit_from (MemsimBTree  *tree,
                             MemsimBKey    from,
                             guint64       min,
                             MemsimBEntry *out_entry)
{
  Path path;
  guint32 leaf;
  gint i;

  g_assert (tree->maxima);   /* a tree without them has no maxima to search */
  if (tree->total.count == 0 || tree->total.max < min)
    return NIL;
  leaf = descend (tree, from, FALSE, &path);
  i = first_at_least (node_at (tree, leaf), node_rank (tree, node_at (tree, leaf), from, FALSE), min);
  if (i >= 0)
    {
      set_finger (tree, &path);
      if (out_entry != NULL)
        entry_read (tree, node_at (tree, leaf), (guint) i, out_entry);
      return node_at (tree, leaf)->ref[i];
    }
  for (guint level = tree->depth - 1; level > 0; level--)
    {
      const MemsimBNode *node = node_at (tree, path.node[level - 1]);

      i = first_at_least (node, path.slot[level - 1] + 1, min);
      if (i >= 0)
        {
          path.slot[level - 1] = (guint) i;
          return first_fit_below (tree, node->ref[i], level, min, &path, out_entry);
        }
    }
  return NIL;
}

static void
sum_add (const MemsimBTree *tree,
         MemsimBSum        *sum,
         const MemsimBNode *node,
         guint              i)
{
  sum->count += node->leaf ? 1 : node->count[i];
  if (!tree->sums)
    return;
  sum->max = MAX (sum->max, node->max[i]);
  if (!tree->pair_sums)
    return;
  sum->a += node->a[i];
  sum->b += node->b[i];
}

void
memsim_btree_prefix (const MemsimBTree *tree,
                     MemsimBKey         key,
                     MemsimBSum        *out_sum,
                     guint32           *out_last,
                     MemsimBKey        *out_last_key)
{
  guint32 index = tree->root;
  MemsimBSum sum = { 0, 0, 0, 0 };
  const MemsimBNode *node;
  guint rank;

  /* The strict descent enters the child holding the last entry < @key,
   * after summing the children wholly before it. */
  for (guint level = 0; level + 1 < tree->depth; level++)
    {
      guint child;

      node = node_at (tree, index);
      rank = node_rank (tree, node, key, FALSE);
      child = rank > 0 ? rank - 1 : 0;
      for (guint i = 0; i < child; i++)
        sum_add (tree, &sum, node, i);
      index = node->ref[child];
    }
  node = node_at (tree, index);
  rank = node_rank (tree, node, key, FALSE);
  for (guint i = 0; i < rank; i++)
    sum_add (tree, &sum, node, i);
  *out_sum = sum;
  if (out_last != NULL)
    *out_last = rank > 0 ? node->ref[rank - 1] : NIL;
  if (out_last_key != NULL && rank > 0)
    *out_last_key = node_key (tree, node, rank - 1);
}

/* ---- iteration -------------------------------------------------------- */

void
memsim_btree_iter_first (const MemsimBTree *tree,
                         MemsimBIter       *iter)
{
  guint32 index = tree->root;

  while (!node_at (tree, index)->leaf)
    index = node_at (tree, index)->ref[0];
  *iter = (MemsimBIter) { tree, index, 0 };
}

void
memsim_btree_iter_le (const MemsimBTree *tree,
                      MemsimBKey         key,
                      MemsimBIter       *iter)
{
  guint32 leaf = descend (tree, key, FALSE, NULL);
  guint rank = node_rank (tree, node_at (tree, leaf), key, TRUE);

  *iter = (MemsimBIter) { tree, leaf, rank > 0 ? rank - 1 : 0 };
}

gboolean
memsim_btree_iter_next (MemsimBIter *iter,
                        MemsimBKey  *out_key,
                        guint32     *out_ref,
                        MemsimBSum  *out_values)
{
  const MemsimBNode *node;

  if (iter->leaf == NIL)
    return FALSE;
  node = node_at (iter->tree, iter->leaf);
  if (iter->slot >= node->n)
    return FALSE;
  if (out_key != NULL)
    *out_key = node_key (iter->tree, node, iter->slot);
  if (out_ref != NULL)
    *out_ref = node->ref[iter->slot];
  if (out_values != NULL)
    node_values (iter->tree, node, iter->slot, out_values);
  if (++iter->slot == node->n)
    {
      iter->leaf = node->next;
      iter->slot = 0;
    }
  return TRUE;
}

/* ---- bulk build ------------------------------------------------------- */

/* Builds one level of @n_children nodes' parents; returns their count. */
static guint32
build_level (MemsimBTree   *tree,
             const guint32 *children,
             guint32        n_children,
             guint32       *parents)
{
  guint32 n_parents = (n_children + BUILD_FILL - 1) / BUILD_FILL;
  guint32 done = 0;

  for (guint32 p = 0; p < n_parents; p++)
    {
      guint32 take = (n_children - done) / (n_parents - p);
      guint32 index = node_new (tree, FALSE);

      for (guint32 i = 0; i < take; i++)
        {
          Entry e;

          node_entry_of (tree, children[done + i], &e);
          node_put (tree, node_at (tree, index), i, &e);
        }
      node_at (tree, index)->n = (guint16) take;
      parents[p] = index;
      done += take;
    }
  return n_parents;
}

void
memsim_btree_build (MemsimBTree      *tree,
                    const MemsimBKey *keys,
                    const guint32    *refs,
                    const MemsimBSum *values,
                    guint32           n)
{
  guint32 n_leaves = MAX (1, (n + BUILD_FILL - 1) / BUILD_FILL);
  g_autofree guint32 *level = g_new (guint32, n_leaves);
  guint32 done = 0, width;

  tree->finger_valid = FALSE;
  tree->maxima = tree->sums;   /* the build computes every aggregate */
  pool_reset (&tree->leaves);
  pool_reset (&tree->inners);
  for (guint32 l = 0; l < n_leaves; l++)
    {
      guint32 take = (n - done) / (n_leaves - l);
      guint32 index = node_new (tree, TRUE);
      MemsimBNode *leaf = node_at (tree, index);

      for (guint32 i = 0; i < take; i++)
        {
          const MemsimBSum zero = { 0, 0, 0, 0 };
          const MemsimBSum *v = values != NULL ? &values[done + i] : &zero;
          Entry e = { keys[done + i], { v->max, v->a, v->b, 1 }, refs[done + i] };

          node_put (tree, leaf, i, &e);
        }
      leaf->n = (guint16) take;
      if (l > 0)
        {
          leaf->prev = level[l - 1];
          node_at (tree, level[l - 1])->next = index;
        }
      level[l] = index;
      done += take;
    }
  tree->depth = 1;
  for (width = n_leaves; width > 1; tree->depth++)
    width = build_level (tree, level, width, level);
  tree->root = level[0];
  node_sum (tree, node_at (tree, tree->root), &tree->total);
}

/* ---- check ------------------------------------------------------------ */

#define CHECK(cond, ...) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING, __VA_ARGS__); \
        return FALSE; \
      } \
  } G_STMT_END

static gboolean
check_node (const MemsimBTree *tree,
            guint32            index,
            guint              level,
            GError           **error)
{
  const MemsimBNode *node;

  CHECK ((index & ~INNER_BIT) < ((index & INNER_BIT) != 0 ? tree->inners : tree->leaves).n_nodes,
         "btree: node %u out of range", index);
  node = node_at (tree, index);
  CHECK (node->n <= F, "btree: node %u holds %u entries", index, node->n);
  CHECK (node->n > 0 || index == tree->root, "btree: node %u is empty", index);
  CHECK ((level + 1 == tree->depth) == (node->leaf != 0), "btree: node %u is at the wrong depth", index);
  for (guint i = 1; i < node->n; i++)
    CHECK (key_lt (node_key (tree, node, i - 1), node_key (tree, node, i)), "btree: node %u is out of order at %u", index, i);
  if (node->leaf)
    {
      return TRUE;
    }
  for (guint i = 0; i < node->n; i++)
    {
      Entry e;

      if (!check_node (tree, node->ref[i], level + 1, error))
        return FALSE;
      node_entry_of (tree, node->ref[i], &e);
      CHECK (key_eq (e.key, node_key (tree, node, i)), "btree: stale separator in node %u at %u", index, i);
      CHECK (e.sum.count == node->count[i]
             && (!tree->pair_sums || (e.sum.a == node->a[i] && e.sum.b == node->b[i]))
             && (!tree->maxima || e.sum.max == node->max[i]),
             "btree: stale aggregate in node %u at %u", index, i);
    }
  return TRUE;
}

/* The leaves, left to right by their links, hold every entry in order. */
static gboolean
check_leaves (const MemsimBTree *tree,
              GError           **error)
{
  MemsimBIter iter;
  guint32 prev_leaf = NIL, leaf;
  guint64 seen = 0;
  MemsimBKey last = { 0, 0 }, key;

  memsim_btree_iter_first (tree, &iter);
  for (leaf = iter.leaf; leaf != NIL; leaf = node_at (tree, leaf)->next)
    {
      CHECK (node_at (tree, leaf)->leaf, "btree: node %u linked as a leaf", leaf);
      CHECK (node_at (tree, leaf)->prev == prev_leaf, "btree: leaf %u has a wrong back link", leaf);
      prev_leaf = leaf;
    }
  while (memsim_btree_iter_next (&iter, &key, NULL, NULL))
    {
      CHECK (seen == 0 || key_lt (last, key), "btree: leaves out of order at entry %" G_GUINT64_FORMAT, seen);
      last = key;
      seen++;
    }
  CHECK (seen == tree->total.count, "btree: %" G_GUINT64_FORMAT " entries linked, %" G_GUINT64_FORMAT " counted",
         seen, tree->total.count);
  return TRUE;
}

gboolean
memsim_btree_check (const MemsimBTree *tree,
                    GError           **error)
{
  MemsimBSum total;

  CHECK (tree->depth >= 1 && tree->depth <= MEMSIM_BTREE_MAX_DEPTH, "btree: depth %u", tree->depth);
  CHECK (tree->depth == 1 || node_at (tree, tree->root)->n >= 2, "btree: inner root with one child");
  if (!check_node (tree, tree->root, 0, error))
    return FALSE;
  node_sum (tree, node_at (tree, tree->root), &total);
  CHECK ((!tree->maxima || total.max == tree->total.max) && total.a == tree->total.a && total.b == tree->total.b
         && total.count == tree->total.count, "btree: stale total");
  return check_leaves (tree, error);
}
