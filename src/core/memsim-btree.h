/* memsim-btree.h: a B+-tree of (key, ref) entries with subtree aggregates
 *
 * The heap indexes its blocks with two of these: every block by start
 * address, and the usable free blocks by (size, start).  A node holds up
 * to 32 entries in parallel arrays (keys, values, refs), so a descent
 * reads a few contiguous cache lines per level and a million blocks sit
 * four or five levels deep; the treap it replaces was 27 levels deep,
 * one cache miss a level (docs/engine.md has the measurements).
 *
 * In a tree with sums (MEMSIM_BTREE_SUMS), each entry carries three
 * values: @max (the tree keeps the maximum of its subtree) and @a, @b (the
 * tree keeps their sums).  The address index stores a block's usable free
 * size, its used bytes and its internal waste there.  The size index
 * needs none, and a tree without sums neither stores nor moves them: its
 * leaves are half the size, and a change touches half the cache lines.
 * A tree with maxima alone (MEMSIM_BTREE_MAXIMA) keeps @max and not the
 * other two: the address index of a heap that indexes only its free
 * blocks, whose used bytes and waste are all 0.  Every tree counts its
 * entries.
 *
 * Inner nodes keep, for each child, the child's first key and its
 * aggregates.  Every operation descends once by key, changes one leaf,
 * splits or merges nodes on the way back if needed, and refreshes the
 * aggregates of the nodes on its path: O(log n) node visits of O(32)
 * work each.  Nodes live in one growing array addressed by index, so a
 * tree is copied with one memcpy.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MEMSIM_BTREE_NIL       G_MAXUINT32
#define MEMSIM_BTREE_FANOUT    32
#define MEMSIM_BTREE_MAX_DEPTH 16

/* Ordered by hi, then lo. */
typedef struct {
  guint64 hi;
  guint64 lo;
} MemsimBKey;

/* What a subtree (or one entry) adds up to. */
typedef struct {
  guint64 max;
  guint64 a;
  guint64 b;
  guint64 count;
} MemsimBSum;

/* Nodes of one kind, in one growing array addressed by index. */
typedef struct {
  char        *nodes;       /* node_size bytes each */
  gsize        node_size;
  guint32      n_nodes;     /* slots handed out */
  guint32      capacity;
  guint32      free_nodes;  /* chain of released nodes */
} MemsimBPool;

typedef enum {
  MEMSIM_BTREE_WIDE_KEYS = 1 << 0,  /* keys of two words (else lo is always 0) */
  MEMSIM_BTREE_SUMS      = 1 << 1,  /* entries carry values, and subtrees their sums */
  MEMSIM_BTREE_MAXIMA    = 1 << 2,  /* the same for @max alone: @a, @b read back 0 */
} MemsimBTreeFlags;

typedef struct {
  /* Leaves leave out what only inner nodes need (the entry counts), so
   * the two kinds live apart; an inner node's index has the top bit set. */
  MemsimBPool  leaves;
  MemsimBPool  inners;
  gboolean     wide;        /* MEMSIM_BTREE_WIDE_KEYS */
  gboolean     sums;        /* MEMSIM_BTREE_SUMS or MEMSIM_BTREE_MAXIMA: values kept */
  gboolean     pair_sums;   /* MEMSIM_BTREE_SUMS: @a and @b kept too */
  gboolean     maxima;      /* with sums: the subtrees' maxima are kept (memsim_btree_keep_maxima()) */
  gsize        lo_offset;   /* where a node keeps the keys' second words */
  guint32      reshapes;    /* splits, merges and borrows so far */
  /* The path of the last change or search (the finger): the next descent to a key
   * inside the same leaf starts there.  Valid while reshapes is unchanged. */
  gboolean     finger_valid;
  guint32      finger_reshapes;
  guint32      finger_node[MEMSIM_BTREE_MAX_DEPTH];
  guint        finger_slot[MEMSIM_BTREE_MAX_DEPTH];
  guint32      root;
  guint        depth;       /* levels; 1 when the root is a leaf */
  MemsimBSum   total;       /* the root's aggregate */
} MemsimBTree;

/* A position in the leaves, for walking in key order.  Valid until the
 * tree changes. */
typedef struct {
  const MemsimBTree *tree;
  guint32            leaf;
  guint              slot;
} MemsimBIter;

/* With one-word keys (lo always 0) the nodes are smaller and comparisons
 * cheaper; without sums, the values given to a change are ignored, those
 * read back are 0, and the first-fit searches are not available. */
void     memsim_btree_init       (MemsimBTree       *tree,
                                  MemsimBTreeFlags   flags);
void     memsim_btree_clear      (MemsimBTree       *tree);
void     memsim_btree_destroy    (MemsimBTree       *tree);
void     memsim_btree_copy       (MemsimBTree       *dest,
                                  const MemsimBTree *src);
/* The same, reusing @dest's nodes (a tree already, cleared or not). */
void     memsim_btree_copy_into  (MemsimBTree       *dest,
                                  const MemsimBTree *src);
/* Replaces the contents by @n entries already in strictly increasing key
 * order, in O(n).  @values may be NULL (all zero).  A tree with sums keeps
 * its maxima afterwards. */
void     memsim_btree_build      (MemsimBTree       *tree,
                                  const MemsimBKey  *keys,
                                  const guint32     *refs,
                                  const MemsimBSum  *values,
                                  guint32            n);

static inline guint32
memsim_btree_count (const MemsimBTree *tree)
{
  return (guint32) tree->total.count;
}

/* Whether a tree with sums keeps its subtrees' maxima, as it does from
 * its init.  A tree that does not saves the rescan of a node whose
 * largest value went down, but has no first-fit searches, and its total
 * (and a prefix's) max means nothing; turning them back on recomputes
 * them, in O(n). */
void     memsim_btree_keep_maxima (MemsimBTree      *tree,
                                   gboolean          keep);

/* @key must not be in the tree yet. */
void     memsim_btree_insert     (MemsimBTree       *tree,
                                  MemsimBKey         key,
                                  guint32            ref,
                                  guint64            max,
                                  guint64            a,
                                  guint64            b);
/* @key must be in the tree; returns its ref. */
guint32  memsim_btree_remove     (MemsimBTree       *tree,
                                  MemsimBKey         key);
/* memsim_btree_lower_bound() and the removal of what it found, in one
 * descent (two when it starts the next leaf): MEMSIM_BTREE_NIL, and no
 * change, when no key is >= @key. */
guint32  memsim_btree_take_lower_bound (MemsimBTree *tree,
                                        MemsimBKey   key,
                                        MemsimBKey  *out_key);
/* Changes the entry at @key: its key becomes @new_key, which must keep
 * its place in the order, and its values are replaced. */
void     memsim_btree_update     (MemsimBTree       *tree,
                                  MemsimBKey         key,
                                  MemsimBKey         new_key,
                                  guint64            max,
                                  guint64            a,
                                  guint64            b);

/* One entry, for memsim_btree_splice() and memsim_btree_neighbours(). */
typedef struct {
  MemsimBKey key;
  guint32    ref;
  guint64    max;
  guint64    a;
  guint64    b;
} MemsimBEntry;

/* memsim_btree_insert() of @entry. */
static inline void
memsim_btree_insert_entry (MemsimBTree        *tree,
                           const MemsimBEntry *entry)
{
  memsim_btree_insert (tree, entry->key, entry->ref, entry->max, entry->a, entry->b);
}

/* Replaces the @n_old (at least 1) consecutive entries starting at key
 * @first by the @n_new entries of @entries, in increasing key order, each
 * of them after the entry before @first and before the entry after the
 * last one replaced.  A heap's split or merge is one splice: when the
 * entries replaced lie in one leaf, it costs one descent and one refresh
 * of the path, where removes, inserts and updates would cost one each
 * (plus an insert or a remove for each entry that would overfill the
 * leaf or empty it below half); across two leaves it is done entry by
 * entry. */
void     memsim_btree_splice     (MemsimBTree        *tree,
                                  MemsimBKey          first,
                                  guint               n_old,
                                  const MemsimBEntry *entries,
                                  guint               n_new);

/* The entries right before and right after @key, which need not be in
 * the tree, found in one descent; a missing one has ref MEMSIM_BTREE_NIL.
 * This and the first-fit searches leave their path as the finger (see
 * MemsimBTree), as a change does: the change that follows them then
 * needs no descent of its own. */
void     memsim_btree_neighbours (MemsimBTree       *tree,
                                  MemsimBKey         key,
                                  MemsimBEntry      *out_prev,
                                  MemsimBEntry      *out_next);

/* Look-ups: the ref found, or MEMSIM_BTREE_NIL.  @out_key is nullable. */
guint32  memsim_btree_lookup_le  (const MemsimBTree *tree,
                                  MemsimBKey         key,
                                  MemsimBKey        *out_key);
guint32  memsim_btree_lower_bound (const MemsimBTree *tree,
                                   MemsimBKey         key,
                                   MemsimBKey        *out_key);
/* The entry right after @key, and right before it; @out_values (nullable)
 * receives the entry's values. */
guint32  memsim_btree_next       (const MemsimBTree *tree,
                                  MemsimBKey         key,
                                  MemsimBKey        *out_key,
                                  MemsimBSum        *out_values);
guint32  memsim_btree_prev       (const MemsimBTree *tree,
                                  MemsimBKey         key,
                                  MemsimBKey        *out_key,
                                  MemsimBSum        *out_values);
/* The entry of lowest key whose max value is at least @min: its ref, and
 * the entry itself in @out_entry (nullable). */
guint32  memsim_btree_first_fit  (MemsimBTree       *tree,
                                  guint64            min,
                                  MemsimBEntry      *out_entry);
/* The same among the entries whose key is at least @from. */
guint32  memsim_btree_first_fit_from (MemsimBTree   *tree,
                                      MemsimBKey     from,
                                      guint64        min,
                                      MemsimBEntry  *out_entry);
/* Sums over the entries whose key is below @key; the ref and key of the
 * last of them go to @out_last / @out_last_key (NIL when none). */
void     memsim_btree_prefix     (const MemsimBTree *tree,
                                  MemsimBKey         key,
                                  MemsimBSum        *out_sum,
                                  guint32           *out_last,
                                  MemsimBKey        *out_last_key);

/* Walking: start at the first entry, or at the last entry whose key is
 * at most @key (the first entry when there is none). */
void     memsim_btree_iter_first (const MemsimBTree *tree,
                                  MemsimBIter       *iter);
void     memsim_btree_iter_le    (const MemsimBTree *tree,
                                  MemsimBKey         key,
                                  MemsimBIter       *iter);
/* The entry under the iterator, then steps past it; FALSE at the end. */
gboolean memsim_btree_iter_next  (MemsimBIter       *iter,
                                  MemsimBKey        *out_key,
                                  guint32           *out_ref,
                                  MemsimBSum        *out_values);

/* A descent to @key's leaf done one level a call, for a caller that
 * knows which keys come next (memsim_heap_prefetch_step()): each step
 * reads the node the previous step asked the cache for, and asks for the
 * next one, so the descent's cache misses overlap other work.  It reads
 * and changes nothing of the tree, and a tree changed between steps only
 * makes it fetch the wrong lines. */
typedef struct {
  MemsimBKey key;
  guint32    node;          /* to read at the next step; at the end, the leaf */
  guint      level;         /* the tree's depth at the end */
  /* At the end, the refs of the entries right before and right after @key
   * in its leaf (MEMSIM_BTREE_NIL where the leaf has none). */
  guint32    around[2];
} MemsimBProbe;

void     memsim_btree_probe_begin (const MemsimBTree *tree,
                                   MemsimBKey         key,
                                   MemsimBProbe      *probe);
/* FALSE when the probe is done: its leaf's entries are being fetched, or
 * the tree changed under it (node is NIL). */
gboolean memsim_btree_probe_step  (const MemsimBTree *tree,
                                   MemsimBProbe      *probe);

/* Verifies order, separators, aggregates, fill, leaf links and depth. */
gboolean memsim_btree_check      (const MemsimBTree *tree,
                                  GError           **error);

G_END_DECLS
