/* memsim-heap-ops.c: what the policies do — rounding a request, choosing a
 * free block, splitting, merging, realloc (§5) and compaction (§4).
 * The records and indexes these work on are described in memsim-heap.c.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "memsim-heap-private.h"

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

/* Each search gives the free block's entry in the address index (the
 * size index's key says as much), so that carving it need not read its
 * record.  NIL when none fits. */

/* Next fit: the lowest fitting block among those that end after
 * @address, that is the block holding @address and those after it (when
 * the address index holds only free blocks and a live one holds
 * @address, those after it). */
static guint32
first_fit_after (MemsimHeap   *heap,
                 guint64       address,
                 guint64       size,
                 MemsimBEntry *out_entry)
{
  guint32 holder;

  if (address >= heap->config.total)
    return NIL;
  holder = heap_find_containing (heap, address);
  if (holder != NIL)
    address = heap->blocks[holder].start;
  return memsim_btree_first_fit_from (&heap->by_address, address_key (address), size, out_entry);
}

/* The largest usable free block, lowest address among equals. */
static guint32
worst_fit (MemsimHeap   *heap,
           guint64       size,
           MemsimBEntry *out_entry)
{
  guint64 largest = heap->by_address.total.max;

  if (largest < size)
    return NIL;
  return memsim_btree_first_fit (&heap->by_address, largest, out_entry);
}

/* Takes the smallest usable free block of at least @size bytes, lowest
 * address among equals, out of the free blocks (the size index and the
 * count of usable ones): the size index finds and removes it in one
 * descent. */
guint32
heap_take_by_size (MemsimHeap   *heap,
                   guint64       size,
                   MemsimBEntry *out_entry)
{
  MemsimBKey key;
  guint64 found_size, found_start;
  guint32 id;

  if (size > heap->config.total)
    return NIL;
  id = memsim_btree_take_lower_bound (&heap->by_size, size_key_floor (heap, size), &key);
  if (id == NIL)
    return NIL;
  size_key_parts (heap, key, &found_size, &found_start);
  *out_entry = free_entry (heap, id, found_start, found_size);
  heap->n_free_usable--;
  return id;
}

/* Finds the free block the policy places a request of @size bytes in and
 * takes it out of the free blocks; its address index entry stays, for the
 * carve to replace.  NIL when none fits. */
static guint32
take_free_block (MemsimHeap   *heap,
                 guint64       size,
                 MemsimBEntry *out_entry)
{
  guint32 found;

  switch (heap->config.policy)
    {
    case MEMSIM_POLICY_BEST_FIT:
      return heap_take_by_size (heap, size, out_entry);
    case MEMSIM_POLICY_FIRST_FIT:
      found = memsim_btree_first_fit (&heap->by_address, size, out_entry);
      break;
    case MEMSIM_POLICY_NEXT_FIT:
      found = first_fit_after (heap, heap->rover, size, out_entry);
      if (found == NIL)
        found = memsim_btree_first_fit (&heap->by_address, size, out_entry);
      break;
    case MEMSIM_POLICY_WORST_FIT:
      found = worst_fit (heap, size, out_entry);
      break;
    case MEMSIM_POLICY_BUDDY:
    case MEMSIM_N_POLICIES:
    default:
      g_assert_not_reached ();
    }
  if (found != NIL)
    heap_remove_free_entry (heap, out_entry);
  return found;
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

/* Makes the free block of @found, already out of the free blocks
 * (take_free_block()), exactly @size bytes, holding @requested, and the
 * remainder a free block right after it: one splice
 * of the address index (the block's new entry and the remainder's)
 * instead of an insert and an update.  The record is written, not read.
 * The accounting is the caller's (heap_note_live()). */
static void
carve_live (MemsimHeap         *heap,
            const MemsimBEntry *found,
            guint64             size,
            guint64             requested)
{
  guint64 start = found->key.hi;
  guint64 rest = found->max - size;
  MemsimBEntry entries[2];
  guint n = 0;

  heap->blocks[found->ref].size = size;
  heap->blocks[found->ref].requested = requested;
  entries[n++] = live_entry (found->ref, start, size, requested);
  if (rest > 0)
    entries[n++] = heap_new_free_block (heap, start + size, rest);
  heap_splice_carved (heap, start, entries, n);
}

/* Finds a free block of @rounded bytes and carves it for @requested: NIL
 * when none fits. */
static guint32
place (MemsimHeap *heap,
       guint64     rounded,
       guint64     requested)
{
  MemsimBEntry found;
  guint32 id;

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    return buddy_take (heap, rounded, requested);
  id = take_free_block (heap, rounded, &found);
  if (id != NIL)
    carve_live (heap, &found, rounded, requested);
  return id;
}

void
heap_note_live (MemsimHeap *heap,
                guint32     id,
                MemsimName  name)
{
  heap->used += heap->blocks[id].size;
  heap->requested += heap->blocks[id].requested;
  heap->counts.peak_requested = MAX (heap->counts.peak_requested, heap->requested);
  if (name != 0)
    {
      heap->blocks[id].name = name;
      memsim_names_insert (&heap->index, id);
    }
  heap_note_placement (heap, id);
}

void
heap_mark_live (MemsimHeap *heap,
                guint32     id,
                const char *name,
                guint64     requested)
{
  heap->blocks[id].requested = requested;
  if (heap_live_indexed (heap))
    heap_index_refresh (heap, id);
  else
    memsim_btree_remove (&heap->by_address, address_key (heap->blocks[id].start));
  heap_note_live (heap, id, name != NULL ? memsim_name_new (name) : 0);
}

/* Block @id has just become free: it merges with its free neighbours in
 * one splice of the address index, their entries and its own (when the
 * index holds live blocks) replaced by the merged block's.  The record
 * that survives is the lowest one.  What the index holds of the
 * neighbours says whether they are free and how large, so their records
 * are only written. */
static void
merge_free (MemsimHeap *heap,
            guint32     id)
{
  guint64 start = heap->blocks[id].start;
  guint64 size = heap->blocks[id].size;
  MemsimBKey first = address_key (start);
  MemsimBEntry prev, next, merged;
  guint n_old = heap_live_indexed (heap) ? 1 : 0;

  memsim_btree_neighbours (&heap->by_address, first, &prev, &next);
  if (entry_free_at (&next, start + size))
    {
      heap_remove_free_entry (heap, &next);
      if (n_old == 0)
        first = next.key;
      size += next.max;
      heap_drop_record (heap, next.ref);
      n_old++;
    }
  if (entry_free_ending_at (&prev, start))
    {
      heap_remove_free_entry (heap, &prev);
      heap_drop_record (heap, id);
      id = prev.ref;
      first = prev.key;
      start = prev.key.hi;
      size += prev.max;
      n_old++;
    }
  heap->blocks[id].size = size;
  merged = free_entry (heap, id, start, size);
  heap_splice_merged (heap, first, n_old, &merged);
  heap_add_free_entry (heap, &merged);
}

/* Turns live block @id (already out of the name index) into free space,
 * merging with its free neighbours. */
void
heap_release (MemsimHeap *heap,
              guint32     id)
{
  MemsimBlock *b = &heap->blocks[id];

  heap->used -= b->size;
  heap->requested -= b->requested;
  b->requested = 0;
  memsim_name_free (heap->blocks[id].name);
  heap->blocks[id].name = 0;

  if (heap->config.policy == MEMSIM_POLICY_BUDDY)
    {
      buddy_release (heap, id);
      return;
    }

  merge_free (heap, id);
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
                   _("The request is larger than the whole heap (%" PRIu64 " bytes)"),
                   heap->config.total);
    }
  else if (rounded <= usable_free_bytes (heap))
    {
      heap->counts.failed_fragmented++;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_FRAGMENTED,
                   _("No free hole holds %" PRIu64 " bytes although %" PRIu64 " bytes are free"),
                   rounded, usable_free_bytes (heap));
    }
  else
    {
      heap->counts.failed_no_space++;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE,
                   _("Not enough free memory for %" PRIu64 " bytes"), rounded);
    }
  return FALSE;
}

static void compact_now (MemsimHeap *heap, MemsimCompactResult *result);

/* Whether @name may name a new block: no live block has it. */
static gboolean
check_name_unused (const MemsimHeap *heap,
                   MemsimName        name,
                   GError          **error)
{
  char buf[24];

  if (memsim_names_find (&heap->index, name) == NIL)
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_ALREADY_ALLOCATED,
               _("“%s” is already allocated"), memsim_name_text (name, buf));
  return FALSE;
}

/* The limit is the simulator's, not the simulated allocator's: like a bad
 * name it is refused before anything is counted (docs/reliability.md). */
static gboolean
check_live_limit (const MemsimHeap *heap,
                  GError          **error)
{
  if (heap->index.count < heap->live_max)
    return TRUE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_LIMIT,
               _("The heap already holds %u live blocks, the most Memsim can simulate"),
               heap->live_max);
  return FALSE;
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

/* The allocation itself, for a request of at least a byte under a name
 * that is free; the block takes @name over. */
static guint32
alloc_block (MemsimHeap  *heap,
             MemsimName   name,
             guint64      size,
             MemsimRound  round,
             GError     **error)
{
  guint64 rounded = round_request (heap, size, round);
  guint32 id;

  if (rounded > heap->config.total)
    {
      fail_alloc (heap, rounded, error);
      return NIL;
    }

  id = place (heap, rounded, size);
  if (id == NIL && heap->config.auto_compact && heap->index.count > 0
      && rounded <= usable_free_bytes (heap))
    {
      compact_now (heap, NULL);
      id = place (heap, rounded, size);
    }
  if (id == NIL)
    {
      fail_alloc (heap, rounded, error);
      return NIL;
    }

  heap_note_live (heap, id, name);
  heap->counts.alloc_ok++;
  return id;
}

gboolean
memsim_heap_alloc (MemsimHeap     *heap,
                   const char     *name,
                   guint64         size,
                   MemsimRound     round,
                   MemsimBlockId  *out_block,
                   GError        **error)
{
  MemsimName word;
  guint32 id;

  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_request_size (size, error) || !memsim_name_is_valid (name, error))
    return FALSE;
  word = memsim_name_new (name);
  if (!check_name_unused (heap, word, error) || !check_live_limit (heap, error))
    id = NIL;
  else
    id = alloc_block (heap, word, size, round, error);
  if (id == NIL)
    {
      memsim_name_free (word);
      return FALSE;
    }
  if (out_block != NULL)
    *out_block = id;
  return TRUE;
}

gboolean
heap_alloc_inline (MemsimHeap  *heap,
                   MemsimName   name,
                   guint64      size,
                   GError     **error)
{
  g_return_val_if_fail (heap != NULL, FALSE);

  return check_request_size (size, error) && check_name_unused (heap, name, error)
         && check_live_limit (heap, error)
         && alloc_block (heap, name, size, MEMSIM_ROUND_DEFAULT, error) != NIL;
}

/* @id, or the error of a name no live block has. */
static guint32
live_or_unknown (guint32      id,
                 const char  *name,
                 GError     **error)
{
  if (id == NIL)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_UNKNOWN_NAME,
                 _("“%s” is not allocated"), name);
  return id;
}

static guint32
lookup_live (MemsimHeap  *heap,
             const char  *name,
             GError     **error)
{
  return live_or_unknown (memsim_names_lookup (&heap->index, name), name, error);
}

/* Frees live block @id, or counts a failed free when it is NIL. */
static gboolean
free_live (MemsimHeap *heap,
           guint32     id)
{
  if (id == NIL)
    {
      heap->counts.free_failed++;
      return FALSE;
    }
  note_removed (heap, id);
  memsim_names_remove (&heap->index, id);
  heap_release (heap, id);
  heap->counts.free_ok++;
  return TRUE;
}

gboolean
memsim_heap_free_block (MemsimHeap  *heap,
                        const char  *name,
                        GError     **error)
{
  g_return_val_if_fail (heap != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!memsim_name_is_valid (name, error))
    return FALSE;
  return free_live (heap, lookup_live (heap, name, error));
}

gboolean
heap_free_inline (MemsimHeap  *heap,
                  MemsimName   name,
                  GError     **error)
{
  char buf[24];
  guint32 id;

  g_return_val_if_fail (heap != NULL, FALSE);

  id = memsim_names_find (&heap->index, name);
  if (id == NIL)   /* the name is written out only for the message */
    live_or_unknown (id, memsim_name_text (name, buf), error);
  return free_live (heap, id);
}

/* Live block @id now holds @size bytes; its index entry is the caller's. */
static void
count_requested (MemsimHeap *heap,
                 guint32     id,
                 guint64     size)
{
  heap->requested = heap->requested - heap->blocks[id].requested + size;
  heap->blocks[id].requested = size;
  heap->counts.peak_requested = MAX (heap->counts.peak_requested, heap->requested);
}

static void
set_requested (MemsimHeap *heap,
               guint32     id,
               guint64     size)
{
  count_requested (heap, id, size);
  heap_index_refresh (heap, id);
}

/* The address index after live block @id's entry changed and @n_free
 * free entries after it (the free block right after it, when there is
 * one) gave way to the @n_new entries of @entries, the block's first.  In
 * a heap that indexes only free blocks the block's entry is not there. */
static void
splice_after_live (MemsimHeap         *heap,
                   guint32             id,
                   MemsimBKey          first_free,
                   guint               n_free,
                   const MemsimBEntry *entries,
                   guint               n_new)
{
  if (heap_live_indexed (heap))
    memsim_btree_splice (&heap->by_address, address_key (heap->blocks[id].start), n_free + 1,
                         entries, n_new);
  else if (n_free > 0)
    memsim_btree_splice (&heap->by_address, first_free, n_free, entries + 1, n_new - 1);
  else
    for (guint i = 1; i < n_new; i++)
      memsim_btree_insert_entry (&heap->by_address, &entries[i]);
}

/* §5 case 1: the block keeps @rounded bytes and holds @size; the tail
 * beyond becomes free and merges forward.  One splice: the block's entry
 * and the free block's after it. */
static void
shrink_in_place (MemsimHeap *heap,
                 guint32     id,
                 guint64     rounded,
                 guint64     size)
{
  guint64 tail = heap->blocks[id].size - rounded;
  MemsimBKey key = address_key (heap->blocks[id].start);
  MemsimBEntry prev, next, entries[2];

  if (tail == 0)
    {
      set_requested (heap, id, size);
      return;
    }
  memsim_btree_neighbours (&heap->by_address, key, &prev, &next);
  count_requested (heap, id, size);
  heap->blocks[id].size = rounded;
  heap->used -= tail;
  entries[0] = heap_address_entry (heap, id);
  if (entry_free_at (&next, block_end (heap, id) + tail))
    {
      heap_remove_free_entry (heap, &next);
      heap->blocks[next.ref].start -= tail;
      heap->blocks[next.ref].size += tail;
      entries[1] = heap_address_entry (heap, next.ref);
      splice_after_live (heap, id, next.key, 1, entries, 2);
      heap_add_free_entry (heap, &entries[1]);
      return;
    }
  entries[1] = heap_new_free_block (heap, heap->blocks[id].start + rounded, tail);
  splice_after_live (heap, id, key, 0, entries, 2);
}

/* §5 case 2, when the next block is free and large enough: the block
 * grows to @rounded bytes holding @size, in one splice of its entry and
 * the free block's. */
static gboolean
grow_in_place (MemsimHeap *heap,
               guint32     id,
               guint64     rounded,
               guint64     size)
{
  MemsimBKey key = address_key (heap->blocks[id].start);
  guint64 delta = rounded - heap->blocks[id].size;
  MemsimBEntry prev, next, entries[2];
  guint n = 0;

  memsim_btree_neighbours (&heap->by_address, key, &prev, &next);
  /* The index's max is the usable free size: 0 for the buddy's tail. */
  if (!entry_free_at (&next, block_end (heap, id)) || next.max < delta)
    return FALSE;
  heap_remove_free_entry (heap, &next);
  count_requested (heap, id, size);
  heap->blocks[id].size = rounded;
  heap->used += delta;
  entries[n++] = heap_address_entry (heap, id);
  if (heap->blocks[next.ref].size == delta)
    heap_drop_record (heap, next.ref);
  else
    {
      heap->blocks[next.ref].start += delta;
      heap->blocks[next.ref].size -= delta;
      entries[n++] = heap_address_entry (heap, next.ref);
    }
  splice_after_live (heap, id, next.key, 1, entries, n);
  if (n == 2)
    heap_add_free_entry (heap, &entries[1]);
  heap->counts.high_water = MAX (heap->counts.high_water, block_end (heap, id));
  return TRUE;
}

/* §5 case 3: a new block while the old one is held, then the old freed. */
static guint32
move_block (MemsimHeap *heap,
            guint32     id,
            guint64     rounded,
            guint64     size)
{
  guint32 moved = place (heap, rounded, size);

  if (moved == NIL)
    return NIL;
  heap->counts.bytes_moved += heap->blocks[id].requested;
  memsim_names_remove (&heap->index, id);
  heap->blocks[moved].name = heap->blocks[id].name;
  heap->blocks[id].name = 0;
  /* Not heap_note_live(): the peak is taken once the old copy is gone. */
  heap->used += heap->blocks[moved].size;
  heap->requested += size;
  heap_note_placement (heap, moved);
  memsim_names_insert (&heap->index, moved);
  heap_release (heap, id);
  /* Metrics are taken after the operation: the moment both copies exist
   * is inside the realloc, not a state the program can observe. */
  heap->counts.peak_requested = MAX (heap->counts.peak_requested, heap->requested);
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
      if (buddy)
        set_requested (heap, id, size);
      else
        shrink_in_place (heap, id, rounded, size);
      return id;
    }
  if (!buddy && grow_in_place (heap, id, rounded, size))
    return id;
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

  if (!check_request_size (size, error) || !memsim_name_is_valid (name, error))
    return FALSE;
  id = lookup_live (heap, name, error);
  if (id == NIL)
    {
      heap->counts.realloc_failed++;
      return FALSE;
    }

  note_removed (heap, id);
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
      if (rounded <= usable_free_bytes (heap))
        g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_FRAGMENTED,
                     _("“%s” cannot grow to %" PRIu64 " bytes: enough memory is free, but no hole is large enough"),
                     name, size);
      else
        g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NO_SPACE,
                     _("“%s” cannot grow to %" PRIu64 " bytes: not enough free memory"),
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
  g_autoptr(GArray) kept = g_array_sized_new (FALSE, FALSE, sizeof (guint32),
                                               heap->index.count + 1);
  g_autoptr(GArray) order = heap_blocks_by_address (heap);
  guint64 cursor = 0;

  for (guint i = 0; i < order->len; i++)
    {
      guint32 id = g_array_index (order, guint32, i);
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
