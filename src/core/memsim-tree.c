/* memsim-tree.c: the intrusive treap of memsim-tree.h
 *
 * Invariants (checked by memsim_tree_check):
 *   - in-order traversal is sorted by tree->less;
 *   - priority (node) >= priority (child) for every child (max-heap);
 *   - parent links mirror child links; the root's parent is NIL;
 *   - tree->count is the number of reachable nodes.
 * The aggregate (if any) is the caller's to check: it owns its meaning.
 */
#include "config.h"

#include "memsim-tree.h"
#include "memsim-types.h"

#define NIL MEMSIM_TREE_NIL
#define L(t, n) (memsim_tree_links ((t), (n))->left)
#define R(t, n) (memsim_tree_links ((t), (n))->right)
#define P(t, n) (memsim_tree_links ((t), (n))->parent)

/* A fixed mix of the id: random-looking, reproducible, free to compute. */
static inline guint32
priority (guint32 node)
{
  guint32 x = node * 0x9E3779B1u + 0x7F4A7C15u;

  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  x *= 0xC2B2AE35u;
  x ^= x >> 16;
  return x;
}

static inline void
update (MemsimTree *tree,
        guint32     node)
{
  if (tree->update != NULL)
    tree->update (tree->ctx, node);
}

void
memsim_tree_init (MemsimTree      *tree,
                  char           **base,
                  gsize            stride,
                  gsize            offset,
                  MemsimTreeLess   less,
                  MemsimTreeUpdate update_func,
                  gpointer         ctx)
{
  tree->base = base;
  tree->stride = stride;
  tree->offset = offset;
  tree->root = NIL;
  tree->count = 0;
  tree->less = less;
  tree->update = update_func;
  tree->ctx = ctx;
}

void
memsim_tree_clear (MemsimTree *tree)
{
  tree->root = NIL;
  tree->count = 0;
}

static void
replace_child (MemsimTree *tree,
               guint32     parent,
               guint32     old_child,
               guint32     new_child)
{
  if (parent == NIL)
    tree->root = new_child;
  else if (L (tree, parent) == old_child)
    L (tree, parent) = new_child;
  else
    R (tree, parent) = new_child;
  if (new_child != NIL)
    P (tree, new_child) = parent;
}

/* Lifts @node above its parent, keeping the in-order sequence. */
static void
rotate_up (MemsimTree *tree,
           guint32     node)
{
  guint32 parent = P (tree, node);
  guint32 grand = P (tree, parent);

  if (L (tree, parent) == node)
    {
      guint32 inner = R (tree, node);

      L (tree, parent) = inner;
      if (inner != NIL)
        P (tree, inner) = parent;
      R (tree, node) = parent;
    }
  else
    {
      guint32 inner = L (tree, node);

      R (tree, parent) = inner;
      if (inner != NIL)
        P (tree, inner) = parent;
      L (tree, node) = parent;
    }
  P (tree, parent) = node;
  replace_child (tree, grand, parent, node);
  update (tree, parent);
  update (tree, node);
}

void
memsim_tree_fix_up (MemsimTree *tree,
                    guint32     node)
{
  if (tree->update == NULL)
    return;
  for (; node != NIL; node = P (tree, node))
    if (!tree->update (tree->ctx, node))
      return;
}

void
memsim_tree_insert (MemsimTree *tree,
                    guint32     node)
{
  guint32 parent = NIL;
  guint32 cursor = tree->root;
  gboolean to_left = FALSE;

  while (cursor != NIL)
    {
      parent = cursor;
      to_left = tree->less (tree->ctx, node, cursor);
      cursor = to_left ? L (tree, cursor) : R (tree, cursor);
    }

  L (tree, node) = NIL;
  R (tree, node) = NIL;
  P (tree, node) = parent;
  if (parent == NIL)
    tree->root = node;
  else if (to_left)
    L (tree, parent) = node;
  else
    R (tree, parent) = node;
  tree->count++;

  update (tree, node);
  while (P (tree, node) != NIL && priority (P (tree, node)) < priority (node))
    rotate_up (tree, node);
  memsim_tree_fix_up (tree, P (tree, node));
}

void
memsim_tree_remove (MemsimTree *tree,
                    guint32     node)
{
  guint32 parent;

  /* Sink the node until it is a leaf, lifting its higher-priority child. */
  for (;;)
    {
      guint32 left = L (tree, node);
      guint32 right = R (tree, node);

      if (left == NIL && right == NIL)
        break;
      if (right == NIL || (left != NIL && priority (left) > priority (right)))
        rotate_up (tree, left);
      else
        rotate_up (tree, right);
    }

  parent = P (tree, node);
  replace_child (tree, parent, node, NIL);
  P (tree, node) = NIL;
  tree->count--;
  memsim_tree_fix_up (tree, parent);
}

/* Cartesian-tree construction with a stack: O(n) for a sorted run. */
void
memsim_tree_build (MemsimTree    *tree,
                   const guint32 *sorted,
                   guint32        n)
{
  g_autofree guint32 *stack = g_new (guint32, n + 1);
  guint32 depth = 0;

  for (guint32 i = 0; i < n; i++)
    {
      guint32 node = sorted[i];
      guint32 last = NIL;

      L (tree, node) = NIL;
      R (tree, node) = NIL;
      P (tree, node) = NIL;
      while (depth > 0 && priority (stack[depth - 1]) < priority (node))
        last = stack[--depth];
      if (last != NIL)
        {
          L (tree, node) = last;
          P (tree, last) = node;
        }
      if (depth > 0)
        {
          R (tree, stack[depth - 1]) = node;
          P (tree, node) = stack[depth - 1];
        }
      stack[depth++] = node;
    }

  tree->root = depth > 0 ? stack[0] : NIL;
  tree->count = n;

  /* Aggregates bottom-up: a post-order walk without recursion. */
  if (tree->update != NULL && tree->root != NIL)
    {
      guint32 node = tree->root;
      guint32 from = NIL;

      while (node != NIL)
        {
          if (from == P (tree, node) && L (tree, node) != NIL)
            {
              from = node;
              node = L (tree, node);
            }
          else if (from != R (tree, node) && R (tree, node) != NIL)
            {
              from = node;
              node = R (tree, node);
            }
          else
            {
              tree->update (tree->ctx, node);
              from = node;
              node = P (tree, node);
            }
        }
    }
}

guint32
memsim_tree_first (const MemsimTree *tree)
{
  guint32 node = tree->root;

  if (node == NIL)
    return NIL;
  while (L (tree, node) != NIL)
    node = L (tree, node);
  return node;
}

guint32
memsim_tree_last (const MemsimTree *tree)
{
  guint32 node = tree->root;

  if (node == NIL)
    return NIL;
  while (R (tree, node) != NIL)
    node = R (tree, node);
  return node;
}

guint32
memsim_tree_next (const MemsimTree *tree,
                  guint32           node)
{
  guint32 parent;

  if (R (tree, node) != NIL)
    {
      node = R (tree, node);
      while (L (tree, node) != NIL)
        node = L (tree, node);
      return node;
    }
  parent = P (tree, node);
  while (parent != NIL && R (tree, parent) == node)
    {
      node = parent;
      parent = P (tree, node);
    }
  return parent;
}

guint32
memsim_tree_prev (const MemsimTree *tree,
                  guint32           node)
{
  guint32 parent;

  if (L (tree, node) != NIL)
    {
      node = L (tree, node);
      while (R (tree, node) != NIL)
        node = R (tree, node);
      return node;
    }
  parent = P (tree, node);
  while (parent != NIL && L (tree, parent) == node)
    {
      node = parent;
      parent = P (tree, node);
    }
  return parent;
}

static gboolean
check_node (const MemsimTree *tree,
            guint32           node,
            GError          **error)
{
  guint32 kids[2] = { L (tree, node), R (tree, node) };

  for (guint i = 0; i < 2; i++)
    {
      if (kids[i] == NIL)
        continue;
      if (P (tree, kids[i]) != node)
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                       "tree: node %u has child %u whose parent is %u",
                       node, kids[i], P (tree, kids[i]));
          return FALSE;
        }
      if (priority (kids[i]) > priority (node))
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                       "tree: child %u outranks its parent %u", kids[i], node);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
memsim_tree_check (const MemsimTree *tree,
                   GError          **error)
{
  guint32 seen = 0;
  guint32 previous = NIL;

  if (tree->root != NIL && P (tree, tree->root) != NIL)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                   "tree: root %u has a parent", tree->root);
      return FALSE;
    }
  for (guint32 node = memsim_tree_first (tree); node != NIL;
       node = memsim_tree_next (tree, node))
    {
      if (!check_node (tree, node, error))
        return FALSE;
      if (previous != NIL && !tree->less (tree->ctx, previous, node))
        {
          g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                       "tree: nodes %u and %u are out of order", previous, node);
          return FALSE;
        }
      previous = node;
      if (++seen > tree->count)
        break;
    }
  if (seen != tree->count)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                   "tree: %u nodes reachable, %u counted", seen, tree->count);
      return FALSE;
    }
  return TRUE;
}
