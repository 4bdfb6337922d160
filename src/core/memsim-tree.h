/* memsim-tree.h: an intrusive treap over records kept in growing arrays
 *
 * The heap indexes its blocks twice (by address, and its free blocks by
 * size then address).  Both indexes are treaps whose nodes are block ids:
 * the links of a node live inside the caller's own record array, at a
 * fixed offset, so a tree costs 12 bytes a node and no allocation.
 *
 * A node's priority is a hash of its id, so the shape of a tree — and with
 * it every result — is deterministic for a given sequence of operations.
 * Expected depth is about 1.4·log2 n; insert, remove and fix-up are
 * O(log n) expected; build from a sorted run is O(n).
 *
 * Searches are not here: each index descends its tree with its own rule
 * (first fit, lower bound, …) using the links directly.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MEMSIM_TREE_NIL G_MAXUINT32

typedef struct {
  guint32 left;
  guint32 right;
  guint32 parent;
} MemsimLinks;

typedef struct _MemsimTree MemsimTree;

/* TRUE when node @a sorts before node @b. */
typedef gboolean (*MemsimTreeLess)   (gconstpointer ctx, guint32 a, guint32 b);
/* Recomputes the aggregate of @node from its own data and its children;
 * returns FALSE when it came out unchanged. */
typedef gboolean (*MemsimTreeUpdate) (gpointer ctx, guint32 node);

struct _MemsimTree {
  char           **base;    /* address of the record array (it may move) */
  gsize            stride;  /* bytes per record */
  gsize            offset;  /* offset of the MemsimLinks inside a record */
  guint32          root;
  guint32          count;
  MemsimTreeLess   less;
  MemsimTreeUpdate update;  /* NULL when the tree keeps no aggregate */
  gpointer         ctx;
};

static inline MemsimLinks *
memsim_tree_links (const MemsimTree *tree,
                   guint32           node)
{
  return (MemsimLinks *) (*tree->base + (gsize) node * tree->stride + tree->offset);
}

void     memsim_tree_init     (MemsimTree      *tree,
                               char           **base,
                               gsize            stride,
                               gsize            offset,
                               MemsimTreeLess   less,
                               MemsimTreeUpdate update,
                               gpointer         ctx);
void     memsim_tree_clear    (MemsimTree      *tree);
void     memsim_tree_insert   (MemsimTree      *tree,
                               guint32          node);
void     memsim_tree_remove   (MemsimTree      *tree,
                               guint32          node);
/* Recomputes the aggregates from @node up to the root after @node's own
 * data changed without changing its place in the order.  It stops at the
 * first node whose aggregate comes out unchanged: every ancestor above it
 * was consistent before and still is. */
void     memsim_tree_fix_up   (MemsimTree      *tree,
                               guint32          node);
/* Replaces the tree by the nodes of @sorted (already in tree order). */
void     memsim_tree_build    (MemsimTree      *tree,
                               const guint32   *sorted,
                               guint32          n);
guint32  memsim_tree_first    (const MemsimTree *tree);
guint32  memsim_tree_last     (const MemsimTree *tree);
guint32  memsim_tree_next     (const MemsimTree *tree,
                               guint32           node);
guint32  memsim_tree_prev     (const MemsimTree *tree,
                               guint32           node);
/* Verifies links, order, heap property of priorities and the node count. */
gboolean memsim_tree_check    (const MemsimTree *tree,
                               GError          **error);

G_END_DECLS
