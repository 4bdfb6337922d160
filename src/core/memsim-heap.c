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
static guint32
insert_free_block (MemsimHeap *heap,
                   guint64     start,
                   guint64     size)
{
  guint32 id = heap_new_record (heap, start, size);

  memsim_tree_insert (&heap->by_address, id);
  heap_add_free (heap, id);
  return id;
}

/* Removes a block from the address tree and recycles its record. */
static void
erase_block (MemsimHeap *heap,
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
  heap->rover = 0;

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
  return TRUE;
}

/* ---- rounding and searching ------------------------------------------- */

/* G_MAXUINT64 when the rounded size does not fit in 64 bits. */
static guint64
round_request (const MemsimHeap *heap,
               guint64           size,
               MemsimRound       round)
{
  guint64 align = heap->config.align;
  guint64 r;
  gboolean pow2;

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    return buddy_rounded_size (heap, size);
  if (size > G_MAXUINT64 - heap->config.header - align)
    return G_MAXUINT64;
  r = (size + heap->config.header + align - 1) & ~(align - 1);
  pow2 = round == MEMSIM_ROUND_POW2 || (round == MEMSIM_ROUND_DEFAULT && heap->config.round_pow2);
  if (pow2)
    r = memsim_next_pow2 (r);
  return r == 0 ? G_MAXUINT64 : r;
}

guint64
memsim_heap_rounded_size (const MemsimHeap *heap,
                          guint64           size,
                          MemsimRound       round)
{
  guint64 r;

  g_return_val_if_fail (heap != NULL, 0);

  if (size == 0)
    return 0;
  r = round_request (heap, size, round);
  return r > heap->config.total ? 0 : r;
}

static guint32
first_fit_in (const MemsimHeap *heap,
              guint32           node,
              guint64           size)
{
  while (node != NIL && heap->blocks[node].max_free >= size)
    {
      const MemsimBlock *b = &heap->blocks[node];
      guint32 left = b->by_address.left;

      if (left != NIL && heap->blocks[left].max_free >= size)
        node = left;
      else if (block_is_usable_free (heap, node) && b->size >= size)
        return node;
      else
        node = b->by_address.right;
    }
  return NIL;
}

/* The lowest fitting block among those that end after @address. */
static guint32
first_fit_after (const MemsimHeap *heap,
                 guint32           node,
                 guint64           address,
                 guint64           size)
{
  while (node != NIL && heap->blocks[node].max_free >= size)
    {
      const MemsimBlock *b = &heap->blocks[node];
      guint32 found;

      if (b->start + b->size <= address)
        {
          node = b->by_address.right;
          continue;
        }
      found = first_fit_after (heap, b->by_address.left, address, size);
      if (found != NIL)
        return found;
      if (block_is_usable_free (heap, node) && b->size >= size)
        return node;
      return first_fit_in (heap, b->by_address.right, size);
    }
  return NIL;
}

static guint32
worst_fit (const MemsimHeap *heap,
           guint64           size)
{
  guint32 node = heap->by_address.root;
  guint64 largest;

  if (node == NIL || heap->blocks[node].max_free < size)
    return NIL;
  largest = heap->blocks[node].max_free;
  return first_fit_in (heap, node, largest);
}

/* The smallest usable free block of at least @size bytes, lowest address
 * among equals. */
guint32
heap_lower_bound_by_size (const MemsimHeap *heap,
                     guint64           size)
{
  guint32 node = heap->by_size.root;
  guint32 best = NIL;

  while (node != NIL)
    {
      if (heap->blocks[node].size >= size)
        {
          best = node;
          node = heap->size_links[node].left;
        }
      else
        node = heap->size_links[node].right;
    }
  return best;
}

static guint32
choose_free_block (const MemsimHeap *heap,
                   guint64           size)
{
  guint32 root = heap->by_address.root;
  guint32 found;

  switch (heap->config.policy)
    {
    case MEMSIM_POLICY_FIRST_FIT:
      return first_fit_in (heap, root, size);
    case MEMSIM_POLICY_NEXT_FIT:
      found = first_fit_after (heap, root, heap->rover, size);
      return found != NIL ? found : first_fit_in (heap, root, size);
    case MEMSIM_POLICY_BEST_FIT:
      return heap_lower_bound_by_size (heap, size);
    case MEMSIM_POLICY_WORST_FIT:
      return worst_fit (heap, size);
    case MEMSIM_POLICY_BUDDY:
    case MEMSIM_N_POLICIES:
    default:
      g_assert_not_reached ();
    }
}

/* ---- placing and releasing -------------------------------------------- */

void
heap_note_placement (MemsimHeap *heap,
                     guint32     id)
{
  guint64 end = block_end (heap, id);

  heap->rover = end;
  heap->counts.high_water = MAX (heap->counts.high_water, end);
}

/* Splits free block @id so that it is exactly @size bytes; the remainder
 * becomes a free block right after it.  @id leaves the free index. */
static void
carve (MemsimHeap *heap,
       guint32     id,
       guint64     size)
{
  MemsimBlock *b = &heap->blocks[id];
  guint64 rest = b->size - size;

  heap_remove_free (heap, id);
  b->size = size;
  /* No fix-up here: the block's aggregate is refreshed when it is marked
   * live, and inserting the remainder refreshes the remainder's path. */
  if (rest > 0)
    insert_free_block (heap, heap->blocks[id].start + size, rest);
}

/* Finds and carves a free block of @rounded bytes: NIL when none fits. */
static guint32
place (MemsimHeap *heap,
       guint64     rounded)
{
  guint32 id;

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    return buddy_take (heap, rounded);
  id = choose_free_block (heap, rounded);
  if (id != NIL)
    carve (heap, id, rounded);
  return id;
}

void
heap_mark_live (MemsimHeap *heap,
                guint32     id,
                const char *name,
                guint64     requested)
{
  MemsimBlock *b = &heap->blocks[id];

  b->requested = requested;
  heap->used += b->size;
  heap->requested += requested;
  heap->counts.peak_requested = MAX (heap->counts.peak_requested, heap->requested);
  if (name != NULL)
    {
      heap->names[id] = memsim_name_new (name);
      memsim_names_insert (&heap->index, id);
    }
  memsim_tree_fix_up (&heap->by_address, id);
  heap_note_placement (heap, id);
}

/* Turns live block @id (already out of the name index) into free space,
 * merging with its free neighbours. */
static void
release (MemsimHeap *heap,
         guint32     id)
{
  MemsimBlock *b = &heap->blocks[id];
  guint32 next, prev;

  heap->used -= b->size;
  heap->requested -= b->requested;
  b->requested = 0;
  memsim_name_free (heap->names[id]);
  heap->names[id] = 0;

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    {
      buddy_release (heap, id);
      return;
    }

  next = memsim_tree_next (&heap->by_address, id);
  if (next != NIL && block_is_free (heap, next))
    {
      heap_remove_free (heap, next);
      heap->blocks[id].size += heap->blocks[next].size;
      erase_block (heap, next);
    }
  prev = memsim_tree_prev (&heap->by_address, id);
  if (prev != NIL && block_is_free (heap, prev))
    {
      heap_remove_free (heap, prev);
      heap->blocks[prev].size += heap->blocks[id].size;
      erase_block (heap, id);
      id = prev;
    }
  memsim_tree_fix_up (&heap->by_address, id);
  heap_add_free (heap, id);
}

static guint64
usable_free_bytes (const MemsimHeap *heap)
{
  return heap->tail_start - heap->used;
}

static gboolean
fail_alloc (MemsimHeap  *heap,
            guint64      rounded,
            GError     **error)
{
  heap->counts.alloc_failed++;
  if (rounded > heap->config.total)
    {
      heap->counts.failed_no_space++;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE,
                   _("The request is larger than the whole heap (%" G_GUINT64_FORMAT " bytes)"),
                   heap->config.total);
    }
  else if (rounded <= usable_free_bytes (heap))
    {
      heap->counts.failed_fragmented++;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_FRAGMENTED,
                   _("No free hole holds %" G_GUINT64_FORMAT " bytes although %" G_GUINT64_FORMAT " bytes are free"),
                   rounded, usable_free_bytes (heap));
    }
  else
    {
      heap->counts.failed_no_space++;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE,
                   _("Not enough free memory for %" G_GUINT64_FORMAT " bytes"), rounded);
    }
  return FALSE;
}

static void compact_now (MemsimHeap *heap, MemsimCompactResult *result);

static gboolean
check_new_name (const MemsimHeap *heap,
                const char       *name,
                GError          **error)
{
  if (!memsim_name_is_valid (name, error))
    return FALSE;
  if (memsim_names_lookup (&heap->index, name) != NIL)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_ALREADY_ALLOCATED,
                   _("“%s” is already allocated"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_request_size (guint64   size,
                    GError  **error)
{
  if (size != 0)
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
               _("A request must be at least 1 byte"));
  return FALSE;
}

gboolean
memsim_heap_alloc (MemsimHeap     *heap,
                   const char     *name,
                   guint64         size,
                   MemsimRound     round,
                   MemsimBlockId  *out_block,
                   GError        **error)
{
  guint64 rounded;
  guint32 id;

  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_request_size (size, error) || !check_new_name (heap, name, error))
    return FALSE;

  rounded = round_request (heap, size, round);
  if (rounded > heap->config.total)
    return fail_alloc (heap, rounded, error);

  id = place (heap, rounded);
  if (id == NIL && heap->config.auto_compact && heap->index.count > 0
      && rounded <= usable_free_bytes (heap))
    {
      compact_now (heap, NULL);
      id = place (heap, rounded);
    }
  if (id == NIL)
    return fail_alloc (heap, rounded, error);

  heap_mark_live (heap, id, name, size);
  heap->counts.alloc_ok++;
  if (out_block != NULL)
    *out_block = id;
  return TRUE;
}

static guint32
lookup_live (MemsimHeap  *heap,
             const char  *name,
             GError     **error)
{
  guint32 id = memsim_names_lookup (&heap->index, name);

  if (id == NIL)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_UNKNOWN_NAME,
                 _("“%s” is not allocated"), name);
  return id;
}

gboolean
memsim_heap_free_block (MemsimHeap  *heap,
                        const char  *name,
                        GError     **error)
{
  guint32 id;

  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  id = lookup_live (heap, name, error);
  if (id == NIL)
    {
      heap->counts.free_failed++;
      return FALSE;
    }
  memsim_names_remove (&heap->index, id);
  release (heap, id);
  heap->counts.free_ok++;
  return TRUE;
}

/* §5 case 1: the tail beyond @rounded becomes free and merges forward. */
static void
shrink_in_place (MemsimHeap *heap,
                 guint32     id,
                 guint64     rounded)
{
  guint64 tail = heap->blocks[id].size - rounded;
  guint32 next = memsim_tree_next (&heap->by_address, id);

  if (tail == 0)
    return;
  heap->blocks[id].size = rounded;
  heap->used -= tail;
  memsim_tree_fix_up (&heap->by_address, id);
  if (next != NIL && block_is_free (heap, next))
    {
      heap_remove_free (heap, next);
      heap->blocks[next].start -= tail;
      heap->blocks[next].size += tail;
      memsim_tree_fix_up (&heap->by_address, next);
      heap_add_free (heap, next);
    }
  else
    insert_free_block (heap, heap->blocks[id].start + rounded, tail);
}

/* §5 case 2, when the next block is free and large enough. */
static gboolean
grow_in_place (MemsimHeap *heap,
               guint32     id,
               guint64     rounded)
{
  guint32 next = memsim_tree_next (&heap->by_address, id);
  guint64 delta = rounded - heap->blocks[id].size;

  if (next == NIL || !block_is_usable_free (heap, next) || heap->blocks[next].size < delta)
    return FALSE;
  heap_remove_free (heap, next);
  if (heap->blocks[next].size == delta)
    erase_block (heap, next);
  else
    {
      heap->blocks[next].start += delta;
      heap->blocks[next].size -= delta;
      memsim_tree_fix_up (&heap->by_address, next);
      heap_add_free (heap, next);
    }
  heap->blocks[id].size = rounded;
  heap->used += delta;
  memsim_tree_fix_up (&heap->by_address, id);
  heap->counts.high_water = MAX (heap->counts.high_water, block_end (heap, id));
  return TRUE;
}

static void
set_requested (MemsimHeap *heap,
               guint32     id,
               guint64     size)
{
  heap->requested = heap->requested - heap->blocks[id].requested + size;
  heap->blocks[id].requested = size;
  heap->counts.peak_requested = MAX (heap->counts.peak_requested, heap->requested);
  memsim_tree_fix_up (&heap->by_address, id);
}

/* §5 case 3: a new block while the old one is held, then the old freed. */
static guint32
move_block (MemsimHeap *heap,
            guint32     id,
            guint64     rounded,
            guint64     size)
{
  guint32 moved = place (heap, rounded);

  if (moved == NIL)
    return NIL;
  heap->counts.bytes_moved += heap->blocks[id].requested;
  memsim_names_remove (&heap->index, id);
  heap->names[moved] = heap->names[id];
  heap->names[id] = 0;
  heap->blocks[moved].requested = size;
  heap->used += heap->blocks[moved].size;
  heap->requested += size;
  heap->counts.peak_requested = MAX (heap->counts.peak_requested, heap->requested);
  memsim_tree_fix_up (&heap->by_address, moved);
  heap_note_placement (heap, moved);
  memsim_names_insert (&heap->index, moved);
  release (heap, id);
  return moved;
}

/* One attempt at §5; returns the block's id afterwards, or NIL. */
static guint32
try_realloc (MemsimHeap *heap,
             guint32     id,
             guint64     rounded,
             guint64     size)
{
  gboolean buddy = heap->config.policy == MEMSIM_POLICY_BUDDY;

  if (rounded <= heap->blocks[id].size)
    {
      if (!buddy)
        shrink_in_place (heap, id, rounded);
      set_requested (heap, id, size);
      return id;
    }
  if (!buddy && grow_in_place (heap, id, rounded))
    {
      set_requested (heap, id, size);
      return id;
    }
  return move_block (heap, id, rounded, size);
}

gboolean
memsim_heap_realloc (MemsimHeap     *heap,
                     const char     *name,
                     guint64         size,
                     MemsimBlockId  *out_block,
                     GError        **error)
{
  guint64 rounded;
  guint32 id, result;

  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_request_size (size, error))
    return FALSE;
  id = lookup_live (heap, name, error);
  if (id == NIL)
    {
      heap->counts.realloc_failed++;
      return FALSE;
    }

  rounded = round_request (heap, size, MEMSIM_ROUND_DEFAULT);
  result = rounded <= heap->config.total ? try_realloc (heap, id, rounded, size) : NIL;
  if (result == NIL && rounded <= heap->config.total && heap->config.auto_compact
      && usable_free_bytes (heap) + heap->blocks[id].size >= rounded)
    {
      compact_now (heap, NULL);
      result = try_realloc (heap, id, rounded, size);
    }
  if (result == NIL)
    {
      heap->counts.realloc_failed++;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE,
                   _("“%s” cannot grow to %" G_GUINT64_FORMAT " bytes: no free hole is large enough"),
                   name, size);
      return FALSE;
    }
  heap->counts.realloc_ok++;
  if (out_block != NULL)
    *out_block = result;
  return TRUE;
}

/* ---- compaction ------------------------------------------------------- */

/* Slides every live block down, in address order; one free block remains
 * at the end.  O(n): one walk, then the trees are rebuilt in bulk. */
static void
compact_fits (MemsimHeap          *heap,
              MemsimCompactResult *result)
{
  g_autoptr(GArray) all = g_array_sized_new (FALSE, FALSE, sizeof (guint32),
                                              heap->by_address.count);
  g_autoptr(GArray) kept = g_array_sized_new (FALSE, FALSE, sizeof (guint32),
                                               heap->index.count + 1);
  guint64 cursor = 0;

  for (guint32 id = memsim_tree_first (&heap->by_address); id != NIL;
       id = memsim_tree_next (&heap->by_address, id))
    g_array_append_val (all, id);

  for (guint i = 0; i < all->len; i++)
    {
      guint32 id = g_array_index (all, guint32, i);
      MemsimBlock *b = &heap->blocks[id];

      if (block_is_free (heap, id))
        {
          heap_drop_record (heap, id);
          continue;
        }
      if (b->start != cursor)
        {
          result->blocks_moved++;
          result->bytes_moved += b->size;
          b->start = cursor;
        }
      cursor += b->size;
      g_array_append_val (kept, id);
    }
  if (cursor < heap->config.total)
    {
      guint32 rest = heap_new_record (heap, cursor, heap->config.total - cursor);
      g_array_append_val (kept, rest);
    }
  heap_rebuild_indexes (heap, kept);
}

static void
compact_now (MemsimHeap          *heap,
             MemsimCompactResult *out_result)
{
  MemsimCompactResult result = { 0, 0 };

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    buddy_compact (heap, &result);
  else
    compact_fits (heap, &result);
  heap->counts.compactions++;
  heap->counts.bytes_moved += result.bytes_moved;
  if (out_result != NULL)
    *out_result = result;
}

gboolean
memsim_heap_compact (MemsimHeap          *heap,
                     MemsimCompactResult *out_result,
                     GError             **error)
{
  g_return_val_if_fail (heap != NULL, FALSE);

  if (heap->index.count == 0)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOTHING_TO_COMPACT,
                   _("No allocated blocks to compact"));
      return FALSE;
    }
  compact_now (heap, out_result);
  return TRUE;
}
