/* memsim-heap-buddy.c: the binary buddy policy (SEMANTICS.md §3)
 *
 *   total = 1536 K, min_block = 64:
 *   ├──────────── root 1024 K ────────────┼──── root 512 K ────┤
 *   ├── 512 K ──┼─ 256 K ─┼ 128 ┼ 128 ┤    (a split root)
 *
 * The heap is covered by maximal aligned powers of two from address 0 (the
 * set bits of total, largest first, each at least min_block); what is left
 * below min_block is one "unusable" tail block.  Each root is aligned to its
 * own size, so the buddy of a block of size s at address a is simply a ^ s
 * while s is smaller than the root holding a.
 *
 * Free blocks live in the shared by_size tree: the lower bound of (2^k, 0)
 * is the free block of the smallest sufficient order, lowest address first.
 * Allocation splits it in halves keeping the lower half (O(k log n)); free
 * merges with the buddy while it is free and whole (O(k log n)), k ≤ 64.
 *
 * Invariant: no two free buddies of the same size coexist, so the free
 * space is always the coarsest buddy tiling of the gaps between live
 * blocks — which is how compaction lays it out again.
 */
#include "config.h"

#include "memsim-heap-private.h"

guint64
buddy_rounded_size (const MemsimHeap *heap,
                    guint64           size)
{
  guint64 r;

  if (size > G_MAXUINT64 - heap->config.header)
    return G_MAXUINT64;
  r = MAX (size + heap->config.header, heap->config.min_block);
  r = memsim_next_pow2 (r);
  return r == 0 ? G_MAXUINT64 : r;
}

/* The size of the root block that holds @address (0 in the tail). */
guint64
buddy_root_size_at (const MemsimHeap *heap,
                    guint64           address)
{
  guint64 base = 0;

  for (int bit = 63; bit >= 0; bit--)
    {
      guint64 size = G_GUINT64_CONSTANT (1) << bit;

      if ((heap->tail_start & size) == 0)
        continue;
      if (address < base + size)
        return size;
      base += size;
    }
  return 0;
}

/* The largest buddy block that starts at @start and ends by @end. */
static guint64
largest_tile (const MemsimHeap *heap,
              guint64           start,
              guint64           end)
{
  guint64 size = buddy_root_size_at (heap, start);

  while (size > 0 && (start % size != 0 || start + size > end))
    size >>= 1;
  return size;
}

/* Appends the coarsest buddy tiling of free [start, end) to @ids as new
 * free records (not yet in any tree). */
void
buddy_tile_free (MemsimHeap *heap,
                 guint64     start,
                 guint64     end,
                 GArray     *ids)
{
  while (start < end)
    {
      guint64 size = largest_tile (heap, start, end);
      guint32 id;

      g_assert (size >= heap->config.min_block);
      id = heap_new_record (heap, start, size);
      g_array_append_val (ids, id);
      start += size;
    }
}

/* Takes the free block for a request of @rounded (a power of two), splits
 * it down keeping the lower half, and makes that half live for
 * @requested: one splice of the address index, the block's entry replaced
 * by its own and those of the upper halves, which become free blocks. */
guint32
buddy_take (MemsimHeap *heap,
            guint64     rounded,
            guint64     requested)
{
  MemsimBEntry found, entries[65];
  guint32 id = heap_take_by_size (heap, rounded, &found);
  guint64 start;
  guint n = 0;

  if (id == NIL)
    return NIL;
  start = found.key.hi;
  heap->blocks[id].size = rounded;
  heap->blocks[id].requested = requested;
  entries[n++] = live_entry (id, start, rounded, requested);
  /* the upper halves, in address order: each twice the one before */
  for (guint64 half = rounded; half < found.max; half *= 2)
    entries[n++] = heap_new_free_block (heap, start + half, half);
  heap_splice_carved (heap, start, entries, n);
  return id;
}

/* Undoing a free (memsim-heap-undo.c): the halves that do not hold
 * [start, start + size) stay free, as buddy_release() found them. */
guint32
buddy_take_at (MemsimHeap *heap,
               guint32     id,
               guint64     start,
               guint64     size)
{
  heap_remove_free (heap, id);
  while (heap->blocks[id].size > size)
    {
      guint64 half = heap->blocks[id].size / 2;
      guint64 upper = heap->blocks[id].start + half;

      heap->blocks[id].size = half;
      heap_index_refresh (heap, id);
      if (start < upper)
        {
          heap_insert_free_block (heap, upper, half);
          continue;
        }
      heap_add_free (heap, id);
      id = heap_new_record (heap, upper, half);
      heap_index_insert (heap, id);
    }
  return id;
}

/* Whether @entry, of the address index, is the free buddy of the block
 * [start, start + size): a whole free block of the same size at
 * start ^ size (the tail, free but unusable, has max 0). */
static gboolean
is_free_buddy (const MemsimBEntry *entry,
               guint64             start,
               guint64             size)
{
  return entry->ref != NIL && entry->key.hi == (start ^ size) && entry->a == 0
         && entry->max == size;
}

/* @id has just become free: merge it with its buddy while possible.  The
 * merged blocks' entries are consecutive in address order and stay in the
 * index until one splice replaces them all by the merged block's, so the
 * buddy is always the entry right before them or right after them (when
 * the index holds only free blocks, @id has no entry, and the buddies
 * merged are still consecutive).  What the index holds of it says whether
 * it is free and whole: its record is only written (when dropped), never
 * read, which saved a cache miss and a descent a level (docs/engine.md). */
void
buddy_release (MemsimHeap *heap,
               guint32     id)
{
  guint64 start = heap->blocks[id].start;
  guint64 size = heap->blocks[id].size;
  guint32 dropped[64];
  guint n_dropped = 0;
  MemsimBKey first = address_key (start);
  gboolean first_known = heap_live_indexed (heap);
  MemsimBEntry prev, next, passed, merged;

  memsim_btree_neighbours (&heap->by_address, address_key (start), &prev, &next);
  while (size < buddy_root_size_at (heap, start))
    {
      gboolean buddy_above = (start & size) == 0;
      MemsimBEntry *buddy = buddy_above ? &next : &prev;

      if (!is_free_buddy (buddy, start, size))
        break;
      heap_remove_free_entry (heap, buddy);
      if (!buddy_above || !first_known)
        first = buddy->key;
      first_known = TRUE;
      /* the upper block's record goes; the lower one's holds the merge */
      dropped[n_dropped++] = buddy_above ? buddy->ref : id;
      /* the entry past the buddy, on its side, is the next candidate */
      if (buddy_above)
        memsim_btree_neighbours (&heap->by_address, buddy->key, &passed, &next);
      else
        {
          id = buddy->ref;
          start = buddy->key.hi;
          memsim_btree_neighbours (&heap->by_address, buddy->key, &prev, &passed);
        }
      size *= 2;
    }
  heap->blocks[id].size = size;
  merged = free_entry (heap, id, start, size);
  heap_splice_merged (heap, first, n_dropped + (heap_live_indexed (heap) ? 1 : 0), &merged);
  for (guint i = 0; i < n_dropped; i++)
    heap_drop_record (heap, dropped[i]);
  heap_add_free_entry (heap, &merged);
}

/* Live blocks, largest first, ties by address: a stable bucket sort by
 * order over the address-ordered walk, O(n). */
static GArray *
live_by_size (MemsimHeap *heap)
{
  GArray *buckets[64] = { NULL };
  GArray *sorted = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) walk = heap_blocks_by_address (heap);

  for (guint i = 0; i < walk->len; i++)
    {
      guint32 id = g_array_index (walk, guint32, i);
      guint order;

      if (block_is_free (heap, id))
        continue;
      order = (guint) __builtin_ctzll (heap->blocks[id].size);
      if (buckets[order] == NULL)
        buckets[order] = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_array_append_val (buckets[order], id);
    }
  for (int order = 63; order >= 0; order--)
    if (buckets[order] != NULL)
      {
        g_array_append_vals (sorted, buckets[order]->data, buckets[order]->len);
        g_array_free (buckets[order], TRUE);
      }
  return sorted;
}

static void
drop_free_records (MemsimHeap *heap)
{
  MemsimBIter iter;
  guint32 id;

  /* The index (which holds every free block) is rebuilt afterwards; until
   * then it still lists them. */
  memsim_btree_iter_first (&heap->by_address, &iter);
  while (memsim_btree_iter_next (&iter, NULL, &id, NULL))
    if (block_is_free (heap, id))
      heap_drop_record (heap, id);
}

/* §4 under buddy: pack live blocks from address 0, largest first; since
 * every size is a power of two and sizes only decrease, each block lands
 * aligned to its size and inside one root. */
void
buddy_compact (MemsimHeap          *heap,
               MemsimCompactResult *result)
{
  g_autoptr(GArray) live = live_by_size (heap);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint64 cursor = 0;

  drop_free_records (heap);
  for (guint i = 0; i < live->len; i++)
    {
      guint32 id = g_array_index (live, guint32, i);
      MemsimBlock *b = &heap->blocks[id];

      g_assert (cursor % b->size == 0 && b->size <= buddy_root_size_at (heap, cursor));
      if (b->start != cursor)
        {
          result->blocks_moved++;
          result->bytes_moved += b->size;
          b->start = cursor;
        }
      cursor += b->size;
      g_array_append_val (ids, id);
    }
  buddy_tile_free (heap, cursor, heap->tail_start, ids);
  if (heap->tail_start < heap->config.total)
    {
      guint32 tail = heap_new_record (heap, heap->tail_start,
                                      heap->config.total - heap->tail_start);
      g_array_append_val (ids, tail);
    }
  heap_rebuild_indexes (heap, ids);
}
