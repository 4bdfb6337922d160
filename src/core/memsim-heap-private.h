/* memsim-heap-private.h: the heap's records, shared by memsim-heap*.c */
#pragma once

#include "memsim-heap.h"
#include "memsim-heap-undo.h"
#include "memsim-names.h"
#include "memsim-btree.h"

G_BEGIN_DECLS

#define NIL MEMSIM_BTREE_NIL

/* One block, indexed by its id: 32 bytes, half a cache line.
 * requested == 0 marks a free block, which has no name.  The name lives
 * here, not in an array of its own, so that the name index's confirming
 * read is the line that the operation reads next anyway.  The address
 * index keeps its own copy of what it aggregates (usable free size, used
 * bytes, waste), refreshed by heap_index_refresh(). */
typedef struct {
  guint64     start;
  guint64     size;
  guint64     requested;
  MemsimName  name;
} MemsimBlock;

G_STATIC_ASSERT (sizeof (MemsimBlock) == 32);

struct _MemsimHeap {
  MemsimHeapConfig config;

  MemsimBlock     *blocks;      /* indexed by block id */
  guint32          capacity;    /* records allocated */
  guint32          n_records;   /* ids handed out so far */
  guint32          recycled;    /* head of the list of unused ids, chained by start */

  MemsimBTree      by_address;  /* by start: every block, or only the free ones */
  MemsimBTree      by_size;     /* usable free blocks, by (size, start) */
  MemsimNames      index;       /* name → live block */
  /* How by_size spells (size, start): in one word when both fit in it,
   * size << size_key_bits | start >> size_key_shift (see
   * heap_size_key_spelling()); in two words when size_key_bits is 0. */
  guint            size_key_bits;
  guint            size_key_shift;

  guint64          tail_start;  /* buddy: start of the unusable tail, else total */
  guint64          rover;       /* next-fit */

  guint64          used;
  guint64          requested;
  guint64          n_free_usable;
  guint32          live_max;    /* MEMSIM_LIVE_MAX; lowered only by tests */
  MemsimPlacement  last_removed; /* see memsim_heap_get_last_removed() */
  MemsimMetrics    counts;      /* only the counters and peaks are kept here */
};

/* Before a free or a realloc changes live block @id. */
static inline void
note_removed (MemsimHeap *heap,
              guint32     id)
{
  heap->last_removed = (MemsimPlacement) { heap->blocks[id].start, heap->blocks[id].size,
                                           heap->blocks[id].requested };
}

static inline gboolean
block_is_free (const MemsimHeap *heap,
               guint32           id)
{
  return heap->blocks[id].requested == 0;
}

/* Whether the address index holds the live blocks as well as the free
 * ones (memsim_heap_set_live_indexed()).  Its kind says so: only live
 * blocks have used bytes and waste to add up, so an index of free blocks
 * alone keeps maxima only (MEMSIM_BTREE_MAXIMA), not stored twice. */
static inline gboolean
heap_live_indexed (const MemsimHeap *heap)
{
  return heap->by_address.pair_sums;
}

/* Whether block @id has an entry in the address index. */
static inline gboolean
block_is_address_indexed (const MemsimHeap *heap,
                          guint32           id)
{
  return heap_live_indexed (heap) || heap->blocks[id].requested == 0;
}

/* Whether @entry, from the address index, is a free block that starts at
 * @start, or one that ends at @end: in a heap that indexes every block
 * the entries beside a block are its neighbours, and free when they hold
 * no used bytes; in one that indexes only free blocks they are the
 * nearest free blocks, and may lie further away.  A usable free block's
 * max is its size (the buddy's tail, max 0, ends the heap). */
static inline gboolean
entry_free_at (const MemsimBEntry *entry,
               guint64             start)
{
  return entry->ref != MEMSIM_BTREE_NIL && entry->a == 0 && entry->key.hi == start;
}

static inline gboolean
entry_free_ending_at (const MemsimBEntry *entry,
                      guint64             end)
{
  return entry->ref != MEMSIM_BTREE_NIL && entry->a == 0 && entry->key.hi + entry->max == end;
}

static inline gboolean
block_is_usable_free (const MemsimHeap *heap,
                      guint32           id)
{
  return heap->blocks[id].requested == 0 && heap->blocks[id].start < heap->tail_start;
}

/* Whether the by-size tree is kept: only best fit and buddy search it. */
static inline gboolean
heap_sizes_indexed (const MemsimHeap *heap)
{
  return heap->config.policy == MEMSIM_POLICY_BEST_FIT
         || heap->config.policy == MEMSIM_POLICY_BUDDY;
}

static inline guint64
block_end (const MemsimHeap *heap,
           guint32           id)
{
  return heap->blocks[id].start + heap->blocks[id].size;
}

static inline guint64
memsim_next_pow2 (guint64 value)
{
  if (value <= 1)
    return 1;
  if (value > (G_GUINT64_CONSTANT (1) << 63))
    return 0;
  return G_GUINT64_CONSTANT (1) << (64 - __builtin_clzll (value - 1));
}

static inline MemsimBKey
address_key (guint64 start)
{
  return (MemsimBKey) { start, 0 };
}

/* A usable free block's key in the size index.  Start and size fit
 * (heap_size_key_spelling() made sure), and a start is a multiple of the
 * granularity the shift drops. */
static inline MemsimBKey
size_key_of (const MemsimHeap *heap,
             guint64           size,
             guint64           start)
{
  if (heap->size_key_bits == 0)
    return (MemsimBKey) { size, start };
  return (MemsimBKey) { size << heap->size_key_bits | start >> heap->size_key_shift, 0 };
}

/* The key at or below every free block of @size bytes or more: where a
 * search for a block of @size starts.  @size is at most the total. */
static inline MemsimBKey
size_key_floor (const MemsimHeap *heap,
                guint64           size)
{
  return size_key_of (heap, size, 0);
}

static inline void
size_key_parts (const MemsimHeap *heap,
                MemsimBKey        key,
                guint64          *out_size,
                guint64          *out_start)
{
  guint bits = heap->size_key_bits;

  *out_size = bits == 0 ? key.hi : key.hi >> bits;
  *out_start = bits == 0 ? key.lo : (key.hi & ((G_GUINT64_CONSTANT (1) << bits) - 1)) << heap->size_key_shift;
}

/* A block's entry in the address index, from what the caller knows of
 * it, so that the record need not be read: live, it holds no usable
 * free bytes, @size used bytes and the difference from @requested as
 * waste; free, its @size is usable unless it is the buddy's tail. */
static inline MemsimBEntry
live_entry (guint32 id,
            guint64 start,
            guint64 size,
            guint64 requested)
{
  return (MemsimBEntry) { address_key (start), id, 0, size, size - requested };
}

static inline MemsimBEntry
free_entry (const MemsimHeap *heap,
            guint32           id,
            guint64           start,
            guint64           size)
{
  return (MemsimBEntry) { address_key (start), id, start < heap->tail_start ? size : 0, 0, 0 };
}

/* memsim-heap.c: records and indexes */
guint32  heap_new_record        (MemsimHeap *heap,
                                 guint64     start,
                                 guint64     size);
void     heap_drop_record       (MemsimHeap *heap,
                                 guint32     id);
/* The largest usable free block's size, 0 when there is none. */
guint64  heap_largest_free      (const MemsimHeap *heap);
/* The free-block index (by size, and the count of usable free blocks)
 * gains or loses free block @id; the _entry forms take the block's
 * address-index entry instead of reading its record. */
void     heap_add_free          (MemsimHeap *heap,
                                 guint32     id);
void     heap_remove_free       (MemsimHeap *heap,
                                 guint32     id);
void     heap_add_free_entry    (MemsimHeap         *heap,
                                 const MemsimBEntry *entry);
void     heap_remove_free_entry (MemsimHeap         *heap,
                                 const MemsimBEntry *entry);
/* A new record for the free block [@start, @start + @size), in the free
 * index already: its address-index entry, for the caller to splice in
 * (heap_insert_free_block() inserts it). */
MemsimBEntry heap_new_free_block (MemsimHeap *heap,
                                  guint64     start,
                                  guint64     size);
guint32  heap_insert_free_block (MemsimHeap *heap,
                                 guint64     start,
                                 guint64     size);
/* The free block at @start gives way, in the address index, to the
 * @n entries of @entries: first the live block carved from it, which a
 * heap indexing only free blocks leaves out, then free remainders. */
void     heap_splice_carved     (MemsimHeap         *heap,
                                 guint64             start,
                                 const MemsimBEntry *entries,
                                 guint               n);
/* The @n_old consecutive entries of the address index from @first (none:
 * @first is not read) give way to free block @merged. */
void     heap_splice_merged     (MemsimHeap         *heap,
                                 MemsimBKey          first,
                                 guint               n_old,
                                 const MemsimBEntry *merged);
/* Every block's id, in address order: the address index's walk, or the
 * records sorted by start when it holds only the free blocks (O(n log n)). */
GArray  *heap_blocks_by_address (const MemsimHeap *heap);
/* The address index after a change to block @id's size or requested
 * bytes. */
void     heap_index_refresh     (MemsimHeap *heap,
                                 guint32     id);
/* What the address index aggregates for block @id: its usable free size,
 * its used bytes, its internal waste. */
MemsimBSum heap_address_values  (const MemsimHeap *heap,
                                 guint32           id);
/* Block @id's entry in the address index, as heap_address_values() says. */
MemsimBEntry heap_address_entry (const MemsimHeap *heap,
                                 guint32           id);
void     heap_index_insert      (MemsimHeap *heap,
                                 guint32     id);
/* The block that starts at, or holds, @address: NIL when none, or when
 * the address index holds only free blocks and that block is live. */
guint32  heap_find_start        (const MemsimHeap *heap,
                                 guint64           address);
guint32  heap_find_containing   (const MemsimHeap *heap,
                                 guint64           address);
/* How the size index spells its keys under @config (see MemsimHeap):
 * @out_bits 0 for two words. */
void     heap_size_key_spelling (const MemsimHeapConfig *config,
                                 guint                  *out_bits,
                                 guint                  *out_shift);
/* Prefetching for a replay that reads ahead (memsim-trace-replay.c).  For
 * each operation still to come, the replay calls this once per operation
 * it applies, with @state zeroed at first; each call does one step of
 * what finding @name's block will read, and asks the cache for what the
 * next step reads: the name's slot (or entry), then its record, then the address
 * index one level at a time down to the block's entry and its
 * neighbours', then the neighbours' records, which a merge writes (or,
 * for a name not live under best fit or buddy, the size index
 * down to where a hole of @size would be).  Misses that a free would wait for one after another then
 * overlap the operations before it.  It changes nothing, and reads only
 * what exists: a heap changed between steps only makes it fetch the
 * wrong lines.  FALSE once there is nothing more to fetch. */
typedef struct {
  guint              stage;
  guint64            slot;      /* memsim_names_prefetch_slot()'s */
  guint32            block;
  const MemsimBTree *tree;
  MemsimBProbe       probe;
} MemsimHeapPrefetch;

/* @size: what an allocation of @name would ask for (best fit and buddy
 * then prefetch their search for a hole of that size). */
gboolean memsim_heap_prefetch_step (const MemsimHeap   *heap,
                                    MemsimName          name,
                                    guint64             size,
                                    MemsimHeapPrefetch *state);

/* memsim_heap_alloc() (default rounding) and memsim_heap_free_block() for
 * an inline name (memsim_name_for_number(): a trace's id): the same
 * checks, outcomes and messages, without writing the number out and
 * parsing it back, which took a tenth of a replay's instructions. */
gboolean heap_alloc_inline (MemsimHeap  *heap,
                            MemsimName   name,
                            guint64      size,
                            GError     **error);
gboolean heap_free_inline  (MemsimHeap  *heap,
                            MemsimName   name,
                            GError     **error);

/* Lowers the live-block limit so that a test can reach it (never raises it
 * past MEMSIM_LIVE_MAX). */
void     memsim_heap_set_live_max (MemsimHeap *heap,
                                   guint32     live_max);
/* memsim-heap-ops.c: live block @id, already out of the name index,
 * becomes free space merged with its free neighbours (counting nothing). */
void     heap_release           (MemsimHeap *heap,
                                 guint32     id);
/* Counts block @id, live in the address index already, as allocated
 * (used and requested bytes, the peak, the rover, the high-water mark) and
 * gives it @name, which it takes over, when not 0. */
void     heap_note_live         (MemsimHeap *heap,
                                 guint32     id,
                                 MemsimName  name);
/* The same for a block that is still free in the address index. */
void     heap_mark_live         (MemsimHeap *heap,
                                 guint32     id,
                                 const char *name,
                                 guint64     requested);
void     heap_rebuild_indexes   (MemsimHeap *heap,
                                 GArray     *ids);
void     heap_note_placement    (MemsimHeap *heap,
                                 guint32     id);
/* Takes the smallest usable free block of at least @size bytes, lowest
 * address among equals, out of the free blocks (best fit, buddy); its
 * address-index entry, which stays, goes to @out_entry.  NIL when none. */
guint32  heap_take_by_size      (MemsimHeap   *heap,
                                 guint64       size,
                                 MemsimBEntry *out_entry);
void     heap_rebuild_empty     (MemsimHeap *heap);

/* memsim-heap-buddy.c */
guint64  buddy_rounded_size     (const MemsimHeap *heap,
                                 guint64           size);
guint32  buddy_take             (MemsimHeap *heap,
                                 guint64     rounded,
                                 guint64     requested);
void     buddy_release          (MemsimHeap *heap,
                                 guint32     id);
/* Splits free block @id down to the buddy block [start, start + size)
 * inside it, the other halves staying free; that block is returned free,
 * out of the free index, ready to be marked live. */
guint32  buddy_take_at          (MemsimHeap *heap,
                                 guint32     id,
                                 guint64     start,
                                 guint64     size);
void     buddy_tile_free        (MemsimHeap *heap,
                                 guint64     start,
                                 guint64     end,
                                 GArray     *ids);
void     buddy_compact          (MemsimHeap          *heap,
                                 MemsimCompactResult *result);
guint64  buddy_root_size_at     (const MemsimHeap *heap,
                                 guint64           address);

G_END_DECLS
