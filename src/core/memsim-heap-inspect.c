/* memsim-heap-inspect.c: reading the heap — metrics, look-ups, walks, the
 * per-column aggregation the memory map draws from, and check().
 *
 * Nothing here changes what the heap holds (the look-ups by address index
 * a replay's live blocks again: index_every_block()).  Range queries use
 * the subtree sums of the address tree: the bytes used (and wasted) below
 * an address are found in one descent, so a column costs O(log n) however
 * many blocks it covers.
 */
#include "config.h"

#include "memsim-heap-private.h"

void
memsim_heap_get_metrics (const MemsimHeap *heap,
                         MemsimMetrics    *out)
{
  g_return_if_fail (heap != NULL);
  g_return_if_fail (out != NULL);

  *out = heap->counts;
  out->total = heap->config.total;
  out->used = heap->used;
  out->requested = heap->requested;
  out->free = heap->config.total - heap->used;
  out->largest_free = heap_largest_free (heap);
  out->free_blocks = heap->n_free_usable;
  out->live_blocks = heap->index.count;
  out->unusable = heap->config.total - heap->tail_start;
  out->external_fragmentation = memsim_fraction_external (out->free, out->largest_free);
  out->internal_fragmentation = memsim_fraction_internal (out->used, out->requested);
  out->heap_overhead = out->peak_requested == 0 ? 0.0
    : ((double) out->high_water - (double) out->peak_requested) / (double) out->peak_requested;
}

static void
fill_info (const MemsimHeap *heap,
           guint32           id,
           MemsimBlockInfo  *info)
{
  const MemsimBlock *b = &heap->blocks[id];

  info->id = id;
  info->start = b->start;
  info->size = b->size;
  info->requested = b->requested;
  info->free = b->requested == 0;
  info->unusable = info->free && b->start >= heap->tail_start;
  info->name = memsim_name_text (heap->blocks[id].name, info->name_buf);
}

/* Best fit and buddy look their hole up by size, in the one index whose
 * descent is cold whatever the last operation was; the other policies
 * find theirs near the low end, the rover or the root's largest, all
 * warm. */
static void
begin_size_probe (const MemsimHeap   *heap,
                  guint64             size,
                  MemsimHeapPrefetch *state)
{
  guint64 rounded = memsim_heap_rounded_size (heap, MAX (size, 1), MEMSIM_ROUND_DEFAULT);

  state->tree = &heap->by_size;
  memsim_btree_probe_begin (state->tree, size_key_floor (heap, rounded), &state->probe);
}

gboolean
memsim_heap_prefetch_step (const MemsimHeap   *heap,
                           MemsimName          name,
                           guint64             size,
                           MemsimHeapPrefetch *state)
{
  switch (state->stage++)
    {
    case 0:
      state->slot = memsim_names_prefetch_slot (&heap->index, name);
      return TRUE;
    case 1:
      state->block = memsim_names_peek (&heap->index, state->slot);
      if (state->block < heap->n_records)
        {
          __builtin_prefetch (&heap->blocks[state->block]);
          return TRUE;
        }
      if (!heap_sizes_indexed (heap))
        return FALSE;
      begin_size_probe (heap, size, state);
      state->stage = 3;
      return TRUE;
    case 2:
      if (state->block >= heap->n_records)
        return FALSE;
      state->tree = &heap->by_address;
      memsim_btree_probe_begin (state->tree, address_key (heap->blocks[state->block].start),
                                &state->probe);
      return TRUE;
    default:
      if (memsim_btree_probe_step (state->tree, &state->probe))
        return TRUE;
      /* a free writes the records of the free blocks it merges with */
      if (state->tree == &heap->by_address)
        for (guint i = 0; i < 2; i++)
          if (state->probe.around[i] < heap->n_records)
            __builtin_prefetch (&heap->blocks[state->probe.around[i]], 1);
      return FALSE;
    }
}

/* Looking blocks up by address needs every block in the address index: a
 * heap indexing only its free blocks (a replay's) indexes the live ones
 * again the first time it is asked, once.  The heap is const to its
 * callers: what it holds does not change, only how it is indexed. */
static void
index_every_block (const MemsimHeap *heap)
{
  if (!heap_live_indexed (heap))
    memsim_heap_set_live_indexed ((MemsimHeap *) heap, TRUE);
}

gboolean
memsim_heap_lookup_name (const MemsimHeap *heap,
                         const char       *name,
                         MemsimBlockInfo  *out_info)
{
  guint32 id;

  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  id = memsim_names_lookup (&heap->index, name);
  if (id == NIL)
    return FALSE;
  if (out_info != NULL)
    fill_info (heap, id, out_info);
  return TRUE;
}

gboolean
memsim_heap_lookup_address (const MemsimHeap *heap,
                            guint64           address,
                            MemsimBlockInfo  *out_info)
{
  guint32 id;

  g_return_val_if_fail (heap != NULL, FALSE);

  index_every_block (heap);
  id = heap_find_containing (heap, address);
  if (id == NIL)
    return FALSE;
  if (out_info != NULL)
    fill_info (heap, id, out_info);
  return TRUE;
}

gboolean
memsim_heap_get_block (const MemsimHeap *heap,
                       MemsimBlockId     block,
                       MemsimBlockInfo  *out_info)
{
  g_return_val_if_fail (heap != NULL, FALSE);

  if (block >= heap->n_records || heap->blocks[block].size == 0)
    return FALSE;
  if (out_info != NULL)
    fill_info (heap, block, out_info);
  return TRUE;
}

void
memsim_heap_walk (const MemsimHeap *heap,
                  guint64           start,
                  guint64           end,
                  MemsimBlockFunc   func,
                  gpointer          user_data)
{
  MemsimBlockInfo info;
  MemsimBIter iter;
  guint32 id;

  g_return_if_fail (heap != NULL);
  g_return_if_fail (func != NULL);

  if (start >= end || start >= heap->config.total)
    return;
  index_every_block (heap);
  memsim_btree_iter_le (&heap->by_address, address_key (start), &iter);
  while (memsim_btree_iter_next (&iter, NULL, &id, NULL) && heap->blocks[id].start < end)
    {
      fill_info (heap, id, &info);
      if (!func (&info, user_data))
        return;
    }
}

/* What lies below @address: bytes used, bytes wasted, blocks starting. */
typedef struct {
  guint64 used;
  guint64 waste;
  guint64 count;
  gboolean inside;   /* @address falls strictly inside a block */
} Prefix;

static void
prefix_below (const MemsimHeap *heap,
              guint64           address,
              Prefix           *out)
{
  MemsimBSum sum;
  guint32 last;
  const MemsimBlock *b;

  /* Every block starting below @address, counted whole ... */
  memsim_btree_prefix (&heap->by_address, address_key (address), &sum, &last, NULL);
  *out = (Prefix) { sum.a, sum.b, sum.count, FALSE };
  if (last == NIL)
    return;
  b = &heap->blocks[last];
  if (address >= b->start + b->size)
    return;
  /* ... except the one @address falls inside: only the part below counts,
   * and its waste is its tail, past the requested bytes. */
  out->inside = TRUE;
  if (b->requested != 0)
    {
      guint64 below = address - b->start;

      out->used -= b->size - below;
      out->waste -= b->size - b->requested;
      out->waste += below > b->requested ? below - b->requested : 0;
    }
}

static guint64
column_edge (guint64 start,
             guint64 end,
             guint   i,
             guint   n)
{
  unsigned __int128 span = end - start;

  return start + (guint64) (span * i / n);
}

void
memsim_heap_aggregate (const MemsimHeap *heap,
                       guint64           start,
                       guint64           end,
                       guint             n_columns,
                       MemsimColumn     *out_columns)
{
  Prefix low, high;

  g_return_if_fail (heap != NULL);
  g_return_if_fail (out_columns != NULL || n_columns == 0);

  end = MIN (end, heap->config.total);
  if (n_columns == 0)
    return;
  if (start >= end)
    {
      memset (out_columns, 0, sizeof (MemsimColumn) * n_columns);
      return;
    }
  index_every_block (heap);
  prefix_below (heap, start, &low);
  for (guint i = 0; i < n_columns; i++)
    {
      guint64 c0 = column_edge (start, end, i, n_columns);
      guint64 c1 = column_edge (start, end, i + 1, n_columns);
      MemsimColumn *col = &out_columns[i];

      prefix_below (heap, c1, &high);
      col->used = high.used - low.used;
      col->waste = high.waste - low.waste;
      col->free = (c1 - c0) - col->used;
      col->n_blocks = c1 > c0 ? (guint) (high.count - low.count + (low.inside ? 1 : 0)) : 0;
      low = high;
    }
}

/* ---- buddy tree ------------------------------------------------------- */

typedef struct {
  const MemsimHeap *heap;
  guint64           start;
  guint64           end;
  MemsimBuddyFunc   func;
  gpointer          user_data;
} BuddyWalk;

static gboolean
visit_buddy (BuddyWalk *walk,
             guint64    address,
             guint64    size,
             guint      depth)
{
  const MemsimHeap *heap = walk->heap;
  guint32 id = heap_find_start (heap, address);
  MemsimBuddyNode node = { address, (guint) __builtin_ctzll (size), depth, MEMSIM_BUDDY_SPLIT };

  if (address + size <= walk->start || address >= walk->end)
    return TRUE;
  if (id != NIL && heap->blocks[id].size == size)
    node.state = block_is_free (heap, id) ? MEMSIM_BUDDY_FREE : MEMSIM_BUDDY_USED;
  if (!walk->func (&node, walk->user_data))
    return FALSE;
  if (node.state != MEMSIM_BUDDY_SPLIT)
    return TRUE;
  return visit_buddy (walk, address, size / 2, depth + 1)
         && visit_buddy (walk, address + size / 2, size / 2, depth + 1);
}

void
memsim_heap_walk_buddy_tree (const MemsimHeap *heap,
                             guint64           start,
                             guint64           end,
                             MemsimBuddyFunc   func,
                             gpointer          user_data)
{
  BuddyWalk walk = { heap, start, end, func, user_data };
  guint64 base = 0;

  g_return_if_fail (heap != NULL);
  g_return_if_fail (func != NULL);

  if (heap->config.policy != MEMSIM_POLICY_BUDDY)
    return;
  index_every_block (heap);
  for (int bit = 63; bit >= 0; bit--)
    {
      guint64 size = G_GUINT64_CONSTANT (1) << bit;

      if ((heap->tail_start & size) == 0)
        continue;
      if (!visit_buddy (&walk, base, size, 0))
        return;
      base += size;
    }
  if (heap->tail_start < heap->config.total && heap->tail_start < end
      && heap->config.total > start)
    {
      MemsimBuddyNode tail = { heap->tail_start, 0, 0, MEMSIM_BUDDY_UNUSABLE };

      func (&tail, user_data);
    }
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
check_buddy_block (const MemsimHeap *heap,
                   guint32           id,
                   GError          **error)
{
  const MemsimBlock *b = &heap->blocks[id];
  guint64 root = buddy_root_size_at (heap, b->start);
  guint32 buddy;

  if (b->start >= heap->tail_start)
    {
      CHECK (b->requested == 0 && b->start + b->size == heap->config.total,
             "buddy: the tail block at %" G_GUINT64_FORMAT " is wrong", b->start);
      return TRUE;
    }
  CHECK ((b->size & (b->size - 1)) == 0 && b->size >= heap->config.min_block
         && b->start % b->size == 0 && b->size <= root,
         "buddy: block at %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " bytes is not a buddy block",
         b->start, b->size);
  if (b->requested != 0 || b->size == root)
    return TRUE;
  buddy = heap_find_start (heap, b->start ^ b->size);
  CHECK (buddy == NIL || heap->blocks[buddy].requested != 0 || heap->blocks[buddy].size != b->size,
         "buddy: free buddies at %" G_GUINT64_FORMAT " were not merged", b->start);
  return TRUE;
}

static gboolean
check_block (const MemsimHeap *heap,
             guint32           id,
             guint64           expected_start,
             gboolean          previous_free,
             GError          **error)
{
  const MemsimBlock *b = &heap->blocks[id];
  gboolean buddy = heap->config.policy == MEMSIM_POLICY_BUDDY;

  CHECK (b->start == expected_start && b->size > 0,
         "heap: gap or overlap at %" G_GUINT64_FORMAT, expected_start);
  CHECK (b->requested <= b->size, "heap: block at %" G_GUINT64_FORMAT " holds more than its size",
         b->start);
  CHECK ((b->requested == 0) == (heap->blocks[id].name == 0),
         "heap: block at %" G_GUINT64_FORMAT " has a name iff it is live", b->start);
  CHECK (b->start % heap->config.align == 0 || b->start >= heap->tail_start,
         "heap: block at %" G_GUINT64_FORMAT " is not aligned", b->start);
  CHECK (buddy || !(previous_free && b->requested == 0),
         "heap: adjacent free blocks at %" G_GUINT64_FORMAT, b->start);
  if (b->requested != 0)
    {
      char buf[24];
      const char *name = memsim_name_text (heap->blocks[id].name, buf);

      CHECK (memsim_names_lookup (&heap->index, name) == id, "heap: name “%s” is not indexed", name);
    }
  return !buddy || check_buddy_block (heap, id, error);
}

/* Every entry of the size index is a usable free block under its key. */
static gboolean
check_size_index (const MemsimHeap *heap,
                  GError          **error)
{
  MemsimBIter iter;
  MemsimBKey key;
  guint32 id;
  guint64 size, start;
  guint bits, shift;

  heap_size_key_spelling (&heap->config, &bits, &shift);
  CHECK (heap->size_key_bits == bits && heap->size_key_shift == shift
         && heap->by_size.wide == (bits == 0) && !heap->by_size.sums,
         "heap: the size index has the wrong kind of keys");
  memsim_btree_iter_first (&heap->by_size, &iter);
  while (memsim_btree_iter_next (&iter, &key, &id, NULL))
    {
      size_key_parts (heap, key, &size, &start);
      CHECK (id < heap->n_records && block_is_usable_free (heap, id)
             && size == heap->blocks[id].size && start == heap->blocks[id].start,
             "heap: the size index holds a stale entry for block %u", id);
    }
  return TRUE;
}

typedef struct {
  guint64 used, requested, free_usable, live, largest;
} Totals;

static gboolean
check_totals (const MemsimHeap *heap,
              const Totals     *t,
              guint64           end,
              GError          **error)
{
  CHECK (end == heap->config.total, "heap: blocks end at %" G_GUINT64_FORMAT ", not at the total", end);
  CHECK (t->used == heap->used && t->requested == heap->requested,
         "heap: used/requested counters disagree with the blocks");
  CHECK (t->free_usable == heap->n_free_usable
         && memsim_btree_count (&heap->by_size) == (heap_sizes_indexed (heap) ? t->free_usable : 0),
         "heap: %" G_GUINT64_FORMAT " usable free blocks, %" G_GUINT64_FORMAT " counted, %u indexed",
         t->free_usable, heap->n_free_usable, memsim_btree_count (&heap->by_size));
  CHECK (t->live == heap->index.count, "heap: live blocks disagree with the name index");
  CHECK (heap->by_address.maxima == !heap_sizes_indexed (heap),
         "heap: the address index keeps maxima only where the policy searches them");
  CHECK (heap_largest_free (heap) == t->largest, "heap: largest free block is stale");
  CHECK (heap_live_indexed (heap) ? heap->by_address.total.a == t->used
                              && heap->by_address.total.b == t->used - t->requested
                            : heap->by_address.total.a == 0 && heap->by_address.total.b == 0,
         "heap: the address index's sums are stale");
  CHECK (heap->counts.alloc_failed == heap->counts.failed_no_space + heap->counts.failed_fragmented,
         "heap: failure counters do not add up");
  return TRUE;
}

/* Every entry of the address index is a block it should hold, at its
 * start, with its values; and there are as many as such blocks (the keys
 * increase, so no block is there twice). */
static gboolean
check_address_index (const MemsimHeap *heap,
                     guint             n_blocks,
                     guint             n_free,
                     GError          **error)
{
  MemsimBIter iter;
  MemsimBKey key;
  MemsimBSum values;
  guint32 id;

  CHECK (heap->by_address.sums, "heap: the address index keeps no maxima");
  CHECK (memsim_btree_count (&heap->by_address) == (heap_live_indexed (heap) ? n_blocks : n_free),
         "heap: the address index holds %u entries for %u blocks, %u free",
         memsim_btree_count (&heap->by_address), n_blocks, n_free);
  memsim_btree_iter_first (&heap->by_address, &iter);
  while (memsim_btree_iter_next (&iter, &key, &id, &values))
    {
      const MemsimBlock *b = &heap->blocks[id];
      MemsimBSum expected;

      CHECK (id < heap->n_records && b->size != 0 && block_is_address_indexed (heap, id),
             "heap: the address index holds block %u, which it should not", id);
      expected = heap_address_values (heap, id);
      CHECK (key.hi == b->start, "heap: block %u is indexed at %" G_GUINT64_FORMAT " but starts at %"
             G_GUINT64_FORMAT, id, key.hi, b->start);
      CHECK (values.max == expected.max && values.a == expected.a && values.b == expected.b,
             "heap: stale index values for the block at %" G_GUINT64_FORMAT, b->start);
    }
  return TRUE;
}

gboolean
memsim_heap_check (const MemsimHeap *heap,
                   GError          **error)
{
  Totals t = { 0 };
  guint64 cursor = 0;
  gboolean previous_free = FALSE;
  g_autoptr(GArray) order = NULL;
  guint n_free = 0;

  g_return_val_if_fail (heap != NULL, FALSE);

  if (!memsim_btree_check (&heap->by_address, error)
      || !memsim_btree_check (&heap->by_size, error)
      || !memsim_names_check (&heap->index, heap->index.count, error)
      || !check_size_index (heap, error))
    return FALSE;
  /* the tiling, in the address index's order when it holds every block */
  order = heap_blocks_by_address (heap);
  for (guint i = 0; i < order->len; i++)
    {
      guint32 id = g_array_index (order, guint32, i);
      const MemsimBlock *b = &heap->blocks[id];

      if (!check_block (heap, id, cursor, previous_free, error))
        return FALSE;
      n_free += b->requested == 0;
      previous_free = b->requested == 0;
      cursor = b->start + b->size;
      t.used += b->requested != 0 ? b->size : 0;
      t.requested += b->requested;
      t.live += b->requested != 0;
      if (block_is_usable_free (heap, id))
        {
          t.free_usable++;
          t.largest = MAX (t.largest, b->size);
        }
    }
  return check_address_index (heap, order->len, n_free, error)
         && check_totals (heap, &t, cursor, error);
}
