/* memsim-heap.c: the simulated heap — records, indexes and the fit policies
 *
 *   address 0                                                      total
 *   ├── A (live) ──┼── free ──┼── B (live) ──┼──────── free ─────────┤
 *
 * The blocks tile [0, total): every byte is in exactly one block, and two
 * free blocks are never adjacent (a free merges with both neighbours at
 * once).  Blocks are 32-byte records in one array indexed by a block id;
 * ids of dropped blocks are recycled.  Two B+-trees index them
 * (memsim-btree.h), 32 entries a node:
 *
 *   by_address  every block, keyed by start (in a replay's heap, only the
 *               free blocks: memsim_heap_set_live_indexed(), below).  Each
 *               entry carries the block's usable free size, used bytes and
 *               internal waste (free blocks alone: the size only);
 *               every inner node keeps, per child, the maximum of the
 *               first and the sums of the others.  The maximum answers
 *               first fit (leftmost entry whose free size >= request),
 *               next fit (the same from the rover's block on, then from
 *               0) and worst fit (leftmost entry equal to the root's
 *               maximum); the sums answer range queries for the map.
 *   by_size     usable free blocks only, keyed by (size, start): best fit
 *               and buddy take the lower bound of (request, 0), and its
 *               last key is the largest free block.  The other policies
 *               never search by size, so they do not keep it up, and these
 *               two do not keep the address index's maxima; either is
 *               rebuilt when the policy changes to one that needs it.
 *
 * Costs, n blocks: alloc, free and realloc O(log n) for every policy (a
 * search, then a split or up to two merges, each one splice of the
 * address index and a few changes of the size index, of O(log n) node
 * visits each); compaction O(n) (the address index
 * is rebuilt in bulk from the sorted survivors; O(n log n) when it holds
 * only the free blocks, whose records are sorted first); lookup by name
 * O(1) expected (memsim-names.h); lookup by address O(log n).
 *
 * The buddy policy (memsim-heap-buddy.c) shares all of this: its blocks are
 * blocks, its free lists per order are the by_size tree (lower bound of
 * (2^k, 0) is "smallest sufficient order, lowest address").
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-bigmem.h"
#include "memsim-heap-private.h"

/* ---- records ---------------------------------------------------------- */

static void
ensure_capacity (MemsimHeap *heap)
{
  guint32 capacity;

  if (heap->n_records < heap->capacity)
    return;
  capacity = MAX (64, heap->capacity * 2);
  heap->blocks = memsim_big_realloc (heap->blocks, sizeof (MemsimBlock) * heap->capacity,
                                     sizeof (MemsimBlock) * capacity);
  heap->capacity = capacity;
}

static void
heap_bind_names (MemsimHeap *heap)
{
  heap->index.base = (char **) &heap->blocks;
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
  heap->blocks[id].start = start;
  heap->blocks[id].size = size;
  heap->blocks[id].requested = 0;
  heap->blocks[id].name = 0;
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

static MemsimBKey
size_key (const MemsimHeap *heap,
          guint32           id)
{
  return size_key_of (heap, heap->blocks[id].size, heap->blocks[id].start);
}

/* A free block's entry has its usable size as max: 0 for the buddy's
 * tail, which no search may find. */
void
heap_add_free_entry (MemsimHeap         *heap,
                     const MemsimBEntry *entry)
{
  if (entry->max == 0)
    return;
  if (heap_sizes_indexed (heap))
    memsim_btree_insert (&heap->by_size, size_key_of (heap, entry->max, entry->key.hi), entry->ref,
                         0, 0, 0);
  heap->n_free_usable++;
}

void
heap_remove_free_entry (MemsimHeap         *heap,
                        const MemsimBEntry *entry)
{
  if (entry->max == 0)
    return;
  if (heap_sizes_indexed (heap))
    memsim_btree_remove (&heap->by_size, size_key_of (heap, entry->max, entry->key.hi));
  heap->n_free_usable--;
}

void
heap_add_free (MemsimHeap *heap,
               guint32     id)
{
  MemsimBEntry entry = heap_address_entry (heap, id);

  g_assert (block_is_free (heap, id));
  heap_add_free_entry (heap, &entry);
}

void
heap_remove_free (MemsimHeap *heap,
                  guint32     id)
{
  MemsimBEntry entry = heap_address_entry (heap, id);

  g_assert (block_is_free (heap, id));
  heap_remove_free_entry (heap, &entry);
}

/* The address index keeps its subtrees' largest free blocks for the
 * policies that search it by size (first, next and worst fit); best fit
 * and buddy find their holes in the size index, whose last key is the
 * largest free block, and a carve there would otherwise rescan the
 * maxima above the hole it shrank. */
static void
heap_choose_maxima (MemsimHeap *heap)
{
  memsim_btree_keep_maxima (&heap->by_address, !heap_sizes_indexed (heap));
}

guint64
heap_largest_free (const MemsimHeap *heap)
{
  const MemsimBKey last = { G_MAXUINT64, G_MAXUINT64 };
  MemsimBKey key;
  guint64 size, start;

  if (heap->by_address.maxima)
    return heap->by_address.total.max;
  if (memsim_btree_lookup_le (&heap->by_size, last, &key) == NIL)
    return 0;
  size_key_parts (heap, key, &size, &start);
  return size;
}

/* Re-creates the by-size index after a policy change (O(n log n), once). */
static void
reindex_sizes (MemsimHeap *heap)
{
  MemsimBIter iter;
  guint32 id;

  heap_choose_maxima (heap);
  memsim_btree_clear (&heap->by_size);
  if (!heap_sizes_indexed (heap))
    return;
  memsim_btree_iter_first (&heap->by_address, &iter);
  while (memsim_btree_iter_next (&iter, NULL, &id, NULL))
    if (block_is_usable_free (heap, id))
      memsim_btree_insert (&heap->by_size, size_key (heap, id), id, 0, 0, 0);
}

MemsimBEntry
heap_address_entry (const MemsimHeap *heap,
                    guint32           id)
{
  const MemsimBlock *b = &heap->blocks[id];

  if (b->requested != 0)
    return live_entry (id, b->start, b->size, b->requested);
  return free_entry (heap, id, b->start, b->size);
}

/* What the address index aggregates for block @id. */
MemsimBSum
heap_address_values (const MemsimHeap *heap,
                     guint32           id)
{
  MemsimBEntry e = heap_address_entry (heap, id);

  return (MemsimBSum) { e.max, e.a, e.b, 1 };
}

void
heap_index_insert (MemsimHeap *heap,
                   guint32     id)
{
  MemsimBSum v = heap_address_values (heap, id);

  if (!block_is_address_indexed (heap, id))
    return;
  memsim_btree_insert (&heap->by_address, address_key (heap->blocks[id].start), id, v.max, v.a, v.b);
}

void
heap_index_refresh (MemsimHeap *heap,
                    guint32     id)
{
  MemsimBSum v = heap_address_values (heap, id);
  MemsimBKey key = address_key (heap->blocks[id].start);

  if (!block_is_address_indexed (heap, id))
    return;
  memsim_btree_update (&heap->by_address, key, key, v.max, v.a, v.b);
}

MemsimBEntry
heap_new_free_block (MemsimHeap *heap,
                     guint64     start,
                     guint64     size)
{
  guint32 id = heap_new_record (heap, start, size);
  MemsimBEntry entry = free_entry (heap, id, start, size);

  heap_add_free_entry (heap, &entry);
  return entry;
}

/* Inserts a new free block into both indexes. */
guint32
heap_insert_free_block (MemsimHeap *heap,
                        guint64     start,
                        guint64     size)
{
  MemsimBEntry entry = heap_new_free_block (heap, start, size);

  memsim_btree_insert_entry (&heap->by_address, &entry);
  return entry.ref;
}

void
heap_splice_carved (MemsimHeap         *heap,
                    guint64             start,
                    const MemsimBEntry *entries,
                    guint               n)
{
  guint skip = heap_live_indexed (heap) ? 0 : 1;

  memsim_btree_splice (&heap->by_address, address_key (start), 1, entries + skip, n - skip);
}

void
heap_splice_merged (MemsimHeap         *heap,
                    MemsimBKey          first,
                    guint               n_old,
                    const MemsimBEntry *merged)
{
  if (n_old > 0)
    memsim_btree_splice (&heap->by_address, first, n_old, merged, 1);
  else
    memsim_btree_insert_entry (&heap->by_address, merged);
}

static gint
compare_starts (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const MemsimBlock *blocks = user_data;
  guint64 x = blocks[*(const guint32 *) a].start, y = blocks[*(const guint32 *) b].start;

  return x < y ? -1 : x > y;
}

GArray *
heap_blocks_by_address (const MemsimHeap *heap)
{
  guint n = memsim_heap_get_n_blocks (heap);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  MemsimBIter iter;
  guint32 id;

  if (heap_live_indexed (heap))
    {
      memsim_btree_iter_first (&heap->by_address, &iter);
      while (memsim_btree_iter_next (&iter, NULL, &id, NULL))
        g_array_append_val (ids, id);
      return ids;
    }
  /* a dropped record has size 0 */
  for (id = 0; id < heap->n_records; id++)
    if (heap->blocks[id].size != 0)
      g_array_append_val (ids, id);
  g_array_sort_with_data (ids, compare_starts, heap->blocks);
  return ids;
}

guint32
heap_find_containing (const MemsimHeap *heap,
                      guint64           address)
{
  guint32 id = memsim_btree_lookup_le (&heap->by_address, address_key (address), NULL);

  return id != NIL && address < block_end (heap, id) ? id : NIL;
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
    memsim_name_free (heap->blocks[i].name);
  memsim_names_clear (&heap->index);
  memsim_names_init (&heap->index, (char **) &heap->blocks, sizeof (MemsimBlock),
                     G_STRUCT_OFFSET (MemsimBlock, name));
  heap->n_records = 0;
  heap->recycled = NIL;
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

static guint
bit_length (guint64 value)
{
  return value == 0 ? 0 : 64 - __builtin_clzll (value);
}

/* Spells the size index's keys in one word when the heap allows: a size
 * takes the bits of the total, and a start the bits of the total in units
 * of the granularity every usable block starts on (the alignment; the
 * smallest block under buddy, whose unusable tail is not indexed).  Any
 * heap below 16 GiB fits at 16-byte alignment (34 + 30 bits), and so does
 * a buddy heap of 16 GiB with 64-byte blocks (35 + 28).  One-word keys
 * make smaller nodes and a branch-free search in each (memsim-btree.c); a
 * larger heap keeps two-word keys (@out_bits 0).  The settings that
 * decide this only change with the heap empty, when the indexes are
 * rebuilt. */
void
heap_size_key_spelling (const MemsimHeapConfig *config,
                        guint                  *out_bits,
                        guint                  *out_shift)
{
  guint64 granularity = config->policy == MEMSIM_POLICY_BUDDY ? config->min_block : config->align;
  guint shift = (guint) __builtin_ctzll (granularity);
  guint start_bits = MAX (1, bit_length ((config->total - 1) >> shift));
  gboolean one_word = bit_length (config->total) + start_bits <= 64;

  *out_bits = one_word ? start_bits : 0;
  *out_shift = one_word ? shift : 0;
}

static void
heap_choose_size_keys (MemsimHeap *heap)
{
  heap_size_key_spelling (&heap->config, &heap->size_key_bits, &heap->size_key_shift);
  if (heap->by_size.wide != (heap->size_key_bits == 0))
    {
      memsim_btree_destroy (&heap->by_size);
      memsim_btree_init (&heap->by_size, heap->size_key_bits == 0 ? MEMSIM_BTREE_WIDE_KEYS : 0);
    }
}

/* Builds the address index from @ids, every block in address order, in
 * O(n). */
static void
rebuild_address_index (MemsimHeap *heap,
                       GArray     *ids)
{
  g_autofree MemsimBKey *keys = g_new (MemsimBKey, ids->len);
  g_autofree MemsimBSum *values = g_new (MemsimBSum, ids->len);
  g_autofree guint32 *refs = g_new (guint32, ids->len);
  const guint32 *sorted = (const guint32 *) (gpointer) ids->data;
  guint n = 0;

  for (guint i = 0; i < ids->len; i++)
    if (block_is_address_indexed (heap, sorted[i]))
      {
        keys[n] = address_key (heap->blocks[sorted[i]].start);
        values[n] = heap_address_values (heap, sorted[i]);
        refs[n++] = sorted[i];
      }
  memsim_btree_build (&heap->by_address, keys, refs, values, n);
  heap_choose_maxima (heap);
}

/* Rebuilds both indexes from @ids, every block in address order: the
 * address index in O(n), in bulk. */
void
heap_rebuild_indexes (MemsimHeap *heap,
                      GArray     *ids)
{
  const guint32 *sorted = (const guint32 *) (gpointer) ids->data;

  rebuild_address_index (heap, ids);
  heap_choose_size_keys (heap);
  memsim_btree_clear (&heap->by_size);
  heap->n_free_usable = 0;
  for (guint i = 0; i < ids->len; i++)
    if (block_is_free (heap, sorted[i]))
      heap_add_free (heap, sorted[i]);
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
  heap->live_max = MEMSIM_LIVE_MAX;
  memsim_btree_init (&heap->by_address, MEMSIM_BTREE_SUMS);
  memsim_btree_init (&heap->by_size, 0);   /* its keys: heap_choose_size_keys() */
  memsim_names_init (&heap->index, (char **) &heap->blocks, sizeof (MemsimBlock),
                     G_STRUCT_OFFSET (MemsimBlock, name));
  heap_rebuild_empty (heap);
  return heap;
}

void
memsim_heap_free (MemsimHeap *heap)
{
  if (heap == NULL)
    return;
  for (guint32 i = 0; i < heap->n_records; i++)
    memsim_name_free (heap->blocks[i].name);
  memsim_names_clear (&heap->index);
  memsim_btree_destroy (&heap->by_address);
  memsim_btree_destroy (&heap->by_size);
  memsim_big_free (heap->blocks, sizeof (MemsimBlock) * heap->capacity);
  g_free (heap);
}

void
memsim_heap_set_live_max (MemsimHeap *heap,
                          guint32     live_max)
{
  g_return_if_fail (heap != NULL);

  heap->live_max = MIN (live_max, MEMSIM_LIVE_MAX);
}

MemsimHeap *
memsim_heap_copy (const MemsimHeap *heap)
{
  MemsimHeap *copy;

  g_return_val_if_fail (heap != NULL, NULL);

  /* An empty heap to copy into: no array of its own to reuse. */
  copy = g_new0 (MemsimHeap, 1);
  memsim_heap_copy_into (copy, heap);
  return copy;
}

void
memsim_heap_copy_into (MemsimHeap       *dest,
                       const MemsimHeap *src)
{
  MemsimHeap old = *dest;

  g_return_if_fail (dest != NULL && src != NULL && dest != src);

  for (guint32 i = 0; i < old.n_records; i++)
    memsim_name_free (old.blocks[i].name);
  *dest = *src;
  dest->blocks = old.blocks;
  dest->capacity = old.capacity;
  if (dest->capacity < MAX (src->n_records, 1))
    {
      dest->capacity = MAX (src->n_records, 1);
      dest->blocks = memsim_big_realloc (dest->blocks, sizeof (MemsimBlock) * old.capacity,
                                         sizeof (MemsimBlock) * dest->capacity);
    }
  memcpy (dest->blocks, src->blocks, sizeof (MemsimBlock) * src->n_records);
  for (guint32 i = 0; i < src->n_records; i++)
    dest->blocks[i].name = memsim_name_copy (src->blocks[i].name);
  dest->index = old.index;
  memsim_names_copy_into (&dest->index, &src->index, (char **) &dest->blocks);
  dest->by_address = old.by_address;
  memsim_btree_copy_into (&dest->by_address, &src->by_address);
  dest->by_size = old.by_size;
  memsim_btree_copy_into (&dest->by_size, &src->by_size);
  heap_bind_names (dest);
}

const MemsimHeapConfig *
memsim_heap_get_config (const MemsimHeap *heap)
{
  g_return_val_if_fail (heap != NULL, NULL);
  return &heap->config;
}

void
memsim_heap_set_live_indexed (MemsimHeap *heap,
                              gboolean    indexed)
{
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (heap != NULL);

  if (heap_live_indexed (heap) == !!indexed)
    return;
  ids = heap_blocks_by_address (heap);
  /* free blocks alone hold no used bytes and no waste: no sums of those */
  memsim_btree_destroy (&heap->by_address);
  memsim_btree_init (&heap->by_address, indexed ? MEMSIM_BTREE_SUMS : MEMSIM_BTREE_MAXIMA);
  rebuild_address_index (heap, ids);
}

gboolean
memsim_heap_get_live_indexed (const MemsimHeap *heap)
{
  g_return_val_if_fail (heap != NULL, TRUE);
  return heap_live_indexed (heap);
}

guint
memsim_heap_get_n_blocks (const MemsimHeap *heap)
{
  /* every live block has a name */
  return memsim_btree_count (&heap->by_address) + (heap_live_indexed (heap) ? 0 : heap->index.count);
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

guint64
memsim_heap_get_n_compactions (const MemsimHeap *heap)
{
  g_return_val_if_fail (heap != NULL, 0);
  return heap->counts.compactions;
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
