/* memsim-heap.c: the simulated heap — records, indexes and the fit policies
 *
 *   address 0                                                      total
 *   ├── A (live) ──┼── free ──┼── B (live) ──┼──────── free ─────────┤
 *
 * The blocks tile [0, total): every byte is in exactly one block, and two
 * free blocks are never adjacent (a free merges with both neighbours at
 * once).  Blocks are 64-byte records in one array indexed by a block id;
 * ids of dropped blocks are recycled.  Two treaps index them
 * (memsim-tree.h):
 *
 *   by_address  every block, keyed by start.  Each node also carries the
 *               aggregates of its subtree: the largest usable free block,
 *               the bytes in live blocks, their internal waste and the
 *               number of blocks.  max_free answers first fit (leftmost
 *               subtree whose max_free >= request), next fit (the same,
 *               starting at the rover's block, then wrapping) and worst
 *               fit (leftmost block whose size == the root's max_free);
 *               the sums answer range queries for the memory map.
 *   by_size     usable free blocks only, keyed by (size, start): best fit
 *               and buddy take the lower bound of (request, 0).  The other
 *               policies never search by size, so they do not keep it up
 *               (two tree passes saved per operation); it is rebuilt when
 *               the policy changes to one that needs it.
 *
 * Costs, n blocks: alloc, free and realloc O(log n) expected for every
 * policy (a search, a split or up to two merges, each a constant number of
 * tree updates); compaction O(n) (the address tree is rebuilt from the
 * sorted survivors as a Cartesian tree); lookup by name O(1) expected
 * (memsim-names.h); lookup by address O(log n).
 *
 * The buddy policy (memsim-heap-buddy.c) shares all of this: its blocks are
 * blocks, its free lists per order are the by_size tree (lower bound of
 * (2^k, 0) is "smallest sufficient order, lowest address").
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-heap-private.h"

/* ---- records ---------------------------------------------------------- */

static gboolean
address_less (gconstpointer ctx,
              guint32       a,
              guint32       b)
{
  const MemsimHeap *heap = ctx;

  return heap->blocks[a].start < heap->blocks[b].start;
}

static gboolean
size_less (gconstpointer ctx,
           guint32       a,
           guint32       b)
{
  const MemsimBlock *x = &((const MemsimHeap *) ctx)->blocks[a];
  const MemsimBlock *y = &((const MemsimHeap *) ctx)->blocks[b];

  return x->size < y->size || (x->size == y->size && x->start < y->start);
}

static gboolean
address_update (gpointer ctx,
                guint32  id)
{
  MemsimHeap *heap = ctx;
  MemsimBlock *b = &heap->blocks[id];
  guint32 kids[2] = { b->by_address.left, b->by_address.right };
  guint64 max_free = block_is_usable_free (heap, id) ? b->size : 0;
  guint64 used = b->requested != 0 ? b->size : 0;
  guint64 waste = b->requested != 0 ? b->size - b->requested : 0;
  guint32 count = 1;
  gboolean changed;

  for (guint i = 0; i < 2; i++)
    {
      const MemsimBlock *kid;

      if (kids[i] == NIL)
        continue;
      kid = &heap->blocks[kids[i]];
      max_free = MAX (max_free, kid->max_free);
      used += kid->sub_used;
      waste += kid->sub_waste;
      count += kid->sub_count;
    }
  changed = b->max_free != max_free || b->sub_used != used
            || b->sub_waste != waste || b->sub_count != count;
  b->max_free = max_free;
  b->sub_used = used;
  b->sub_waste = waste;
  b->sub_count = count;
  return changed;
}

static void
heap_bind_trees (MemsimHeap *heap)
{
  heap->by_address.base = (char **) &heap->blocks;
  heap->by_address.ctx = heap;
  heap->by_size.base = (char **) &heap->size_links;
  heap->by_size.ctx = heap;
  heap->index.names = &heap->names;
}

static void
ensure_capacity (MemsimHeap *heap)
{
  guint32 capacity;

  if (heap->n_records < heap->capacity)
    return;
  capacity = MAX (64, heap->capacity * 2);
  heap->blocks = g_renew (MemsimBlock, heap->blocks, capacity);
  heap->size_links = g_renew (MemsimLinks, heap->size_links, capacity);
  heap->names = g_renew (MemsimName, heap->names, capacity);
  heap->capacity = capacity;
}

guint32
heap_new_record (MemsimHeap *heap,
                 guint64     start,
                 guint64     size)
{
  guint32 id;

  if (heap->recycled != NIL)
    {
      id = heap->recycled;
      heap->recycled = (guint32) heap->blocks[id].start;
    }
  else
    {
      ensure_capacity (heap);
      id = heap->n_records++;
    }
  memset (&heap->blocks[id], 0, sizeof (MemsimBlock));
  heap->blocks[id].start = start;
  heap->blocks[id].size = size;
  heap->names[id] = 0;
  return id;
}

/* The record must be in no tree any more. */
void
heap_drop_record (MemsimHeap *heap,
                  guint32     id)
{
  heap->blocks[id].start = heap->recycled;
  heap->blocks[id].size = 0;
  heap->blocks[id].requested = 0;
  heap->recycled = id;
}

void
heap_add_free (MemsimHeap *heap,
               guint32     id)
{
  g_assert (block_is_free (heap, id));
  if (!block_is_usable_free (heap, id))
    return;
  if (heap_sizes_indexed (heap))
    memsim_tree_insert (&heap->by_size, id);
  heap->n_free_usable++;
}

void
heap_remove_free (MemsimHeap *heap,
                  guint32     id)
{
  if (!block_is_usable_free (heap, id))
    return;
  if (heap_sizes_indexed (heap))
    memsim_tree_remove (&heap->by_size, id);
  heap->n_free_usable--;
}

/* Re-creates the by-size index after a policy change (O(n log n), once). */
static void
reindex_sizes (MemsimHeap *heap)
{
  memsim_tree_clear (&heap->by_size);
  if (!heap_sizes_indexed (heap))
    return;
  for (guint32 id = memsim_tree_first (&heap->by_address); id != NIL;
       id = memsim_tree_next (&heap->by_address, id))
    if (block_is_usable_free (heap, id))
      memsim_tree_insert (&heap->by_size, id);
}

/* Inserts a new free block into both indexes. */
guint32
heap_insert_free_block (MemsimHeap *heap,
                   guint64     start,
                   guint64     size)
{
  guint32 id = heap_new_record (heap, start, size);

  memsim_tree_insert (&heap->by_address, id);
  heap_add_free (heap, id);
  return id;
}

/* Removes a block from the address tree and recycles its record. */
void
heap_erase_block (MemsimHeap *heap,
             guint32     id)
{
  memsim_tree_remove (&heap->by_address, id);
  heap_drop_record (heap, id);
}

guint32
heap_find_containing (const MemsimHeap *heap,
                      guint64           address)
{
  guint32 node = heap->by_address.root;

  while (node != NIL)
    {
      const MemsimBlock *b = &heap->blocks[node];

      if (address < b->start)
        node = b->by_address.left;
      else if (address >= b->start + b->size)
        node = b->by_address.right;
      else
        return node;
    }
  return NIL;
}

guint32
heap_find_start (const MemsimHeap *heap,
                 guint64           address)
{
  guint32 id = heap_find_containing (heap, address);

  return id != NIL && heap->blocks[id].start == address ? id : NIL;
}

/* Drops every block and lays out the empty heap of the current policy. */
void
heap_rebuild_empty (MemsimHeap *heap)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint64 total = heap->config.total;

  for (guint32 i = 0; i < heap->n_records; i++)
    memsim_name_free (heap->names[i]);
  memsim_names_clear (&heap->index);
  memsim_names_init (&heap->index, &heap->names);
  heap->n_records = 0;
  heap->recycled = NIL;
  memsim_tree_clear (&heap->by_size);
  heap->n_free_usable = 0;
  heap->used = 0;
  heap->requested = 0;

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    {
      heap->tail_start = total & ~(heap->config.min_block - 1);
      buddy_tile_free (heap, 0, heap->tail_start, ids);
      if (heap->tail_start < total)
        {
          guint32 tail = heap_new_record (heap, heap->tail_start, total - heap->tail_start);
          g_array_append_val (ids, tail);
        }
    }
  else
    {
      guint32 whole = heap_new_record (heap, 0, total);

      heap->tail_start = total;
      g_array_append_val (ids, whole);
    }
  heap_rebuild_indexes (heap, ids);
}

/* Rebuilds both trees from @ids, every block in address order. */
void
heap_rebuild_indexes (MemsimHeap *heap,
                      GArray     *ids)
{
  memsim_tree_build (&heap->by_address, (const guint32 *) ids->data, ids->len);
  memsim_tree_clear (&heap->by_size);
  heap->n_free_usable = 0;
  for (guint i = 0; i < ids->len; i++)
    {
      guint32 id = g_array_index (ids, guint32, i);

      if (block_is_free (heap, id))
        heap_add_free (heap, id);
    }
}

/* ---- life cycle ------------------------------------------------------- */

MemsimHeap *
memsim_heap_new (const MemsimHeapConfig *config,
                 GError                **error)
{
  MemsimHeap *heap;

  g_return_val_if_fail (config != NULL, NULL);

  if (!memsim_heap_config_check (config, error))
    return NULL;

  heap = g_new0 (MemsimHeap, 1);
  heap->config = *config;
  heap->recycled = NIL;
  memsim_tree_init (&heap->by_address, (char **) &heap->blocks, sizeof (MemsimBlock),
                    G_STRUCT_OFFSET (MemsimBlock, by_address), address_less,
                    address_update, heap);
  memsim_tree_init (&heap->by_size, (char **) &heap->size_links, sizeof (MemsimLinks),
                    0, size_less, NULL, heap);
  memsim_names_init (&heap->index, &heap->names);
  heap_rebuild_empty (heap);
  return heap;
}

void
memsim_heap_free (MemsimHeap *heap)
{
  if (heap == NULL)
    return;
  for (guint32 i = 0; i < heap->n_records; i++)
    memsim_name_free (heap->names[i]);
  memsim_names_clear (&heap->index);
  g_free (heap->blocks);
  g_free (heap->size_links);
  g_free (heap->names);
  g_free (heap);
}

MemsimHeap *
memsim_heap_copy (const MemsimHeap *heap)
{
  MemsimHeap *copy;

  g_return_val_if_fail (heap != NULL, NULL);

  copy = g_memdup2 (heap, sizeof *heap);
  copy->capacity = MAX (heap->n_records, 1);
  copy->blocks = g_memdup2 (heap->blocks, sizeof (MemsimBlock) * copy->capacity);
  copy->size_links = g_memdup2 (heap->size_links, sizeof (MemsimLinks) * copy->capacity);
  copy->names = g_new (MemsimName, copy->capacity);
  for (guint32 i = 0; i < heap->n_records; i++)
    copy->names[i] = memsim_name_copy (heap->names[i]);
  memsim_names_copy (&copy->index, &heap->index, &copy->names);
  heap_bind_trees (copy);
  return copy;
}

const MemsimHeapConfig *
memsim_heap_get_config (const MemsimHeap *heap)
{
  g_return_val_if_fail (heap != NULL, NULL);
  return &heap->config;
}

guint
memsim_heap_get_n_blocks (const MemsimHeap *heap)
{
  return heap->by_address.count;
}

guint
memsim_heap_get_n_live (const MemsimHeap *heap)
{
  return heap->index.count;
}

guint64
memsim_heap_get_rover (const MemsimHeap *heap)
{
  return heap->rover;
}

/* ---- settings --------------------------------------------------------- */

static gboolean
require_empty (const MemsimHeap *heap,
               GError          **error)
{
  if (heap->index.count == 0)
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_EMPTY,
               ngettext ("This setting needs an empty heap, and %u block is allocated: free or reset first",
                         "This setting needs an empty heap, and %u blocks are allocated: free or reset first",
                         heap->index.count),
               heap->index.count);
  return FALSE;
}

/* Applies @config; the layout is rebuilt when the heap is empty. */
static gboolean
apply_config (MemsimHeap             *heap,
              const MemsimHeapConfig *config,
              gboolean                relayout,
              GError                **error)
{
  if (!memsim_heap_config_check (config, error))
    return FALSE;
  heap->config = *config;
  if (relayout)
    heap_rebuild_empty (heap);
  return TRUE;
}

gboolean
memsim_heap_set_policy (MemsimHeap   *heap,
                        MemsimPolicy  policy,
                        GError      **error)
{
  MemsimHeapConfig config;
  gboolean buddy_change;

  g_return_val_if_fail (heap != NULL, FALSE);

  config = heap->config;
  config.policy = policy;
  buddy_change = (policy == MEMSIM_POLICY_BUDDY) != (heap->config.policy == MEMSIM_POLICY_BUDDY);
  if (buddy_change && !require_empty (heap, error))
    return FALSE;
  if (!apply_config (heap, &config, buddy_change, error))
    return FALSE;
  reindex_sizes (heap);
  return TRUE;
}

gboolean
memsim_heap_set_setting (MemsimHeap     *heap,
                         MemsimSetting   setting,
                         guint64         value,
                         GError        **error)
{
  MemsimHeapConfig config;

  g_return_val_if_fail (heap != NULL, FALSE);

  config = heap->config;
  switch (setting)
    {
    case MEMSIM_SETTING_AUTO_COMPACT:
      config.auto_compact = value != 0;
      return apply_config (heap, &config, FALSE, error);
    case MEMSIM_SETTING_ROUND_POW2:
      config.round_pow2 = value != 0;
      return apply_config (heap, &config, FALSE, error);
    case MEMSIM_SETTING_ALIGN:
      config.align = value;
      break;
    case MEMSIM_SETTING_HEADER:
      config.header = value;
      break;
    case MEMSIM_SETTING_MIN_BLOCK:
      config.min_block = value;
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  if (!require_empty (heap, error))
    return FALSE;
  return apply_config (heap, &config, TRUE, error);
}

gboolean
memsim_heap_reset (MemsimHeap  *heap,
                   guint64      total,
                   GError     **error)
{
  MemsimHeapConfig config;

  g_return_val_if_fail (heap != NULL, FALSE);

  config = heap->config;
  if (total != 0)
    config.total = total;
  if (!apply_config (heap, &config, TRUE, error))
    return FALSE;
  memset (&heap->counts, 0, sizeof heap->counts);
  heap->rover = 0;
  return TRUE;
}
