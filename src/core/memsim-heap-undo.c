/* memsim-heap-undo.c: the heap's side of undo (see memsim-heap-undo.h) */
#include "config.h"

#include <string.h>

#include "memsim-heap-undo.h"
#include "memsim-heap-private.h"

G_STATIC_ASSERT (sizeof (MemsimMetrics) % sizeof (guint64) == 0);

void
memsim_heap_get_scalars (const MemsimHeap  *heap,
                         MemsimHeapScalars *out)
{
  out->word[0] = heap->rover;
  out->word[1] = heap->used;
  out->word[2] = heap->requested;
  out->word[3] = heap->n_free_usable;
  memcpy (&out->word[MEMSIM_HEAP_SCALAR_METRICS], &heap->counts, sizeof heap->counts);
}

void
memsim_heap_set_scalars (MemsimHeap              *heap,
                         const MemsimHeapScalars *scalars)
{
  heap->rover = scalars->word[0];
  heap->used = scalars->word[1];
  heap->requested = scalars->word[2];
  heap->n_free_usable = scalars->word[3];
  memcpy (&heap->counts, &scalars->word[MEMSIM_HEAP_SCALAR_METRICS], sizeof heap->counts);
}

const MemsimPlacement *
memsim_heap_get_last_removed (const MemsimHeap *heap)
{
  return &heap->last_removed;
}

void
memsim_heap_unplace (MemsimHeap *heap,
                     const char *name)
{
  guint32 id = memsim_names_lookup (&heap->index, name);

  g_return_if_fail (id != NIL);
  memsim_names_remove (&heap->index, id);
  heap_release (heap, id);
}

/* Splits free block @id into what lies before [start, start + size), that
 * range, and what lies after; returns the range's record, free and out of
 * the free index. */
static guint32
take_range (MemsimHeap *heap,
            guint32     id,
            guint64     start,
            guint64     size)
{
  guint64 end = block_end (heap, id);

  heap_remove_free (heap, id);
  if (heap->blocks[id].start < start)
    {
      heap->blocks[id].size = start - heap->blocks[id].start;
      heap_index_refresh (heap, id);
      heap_add_free (heap, id);
      id = heap_new_record (heap, start, size);
      heap_index_insert (heap, id);
    }
  else
    heap->blocks[id].size = size;
  if (start + size < end)
    heap_insert_free_block (heap, start + size, end - (start + size));
  return id;
}

static gboolean
is_buddy_block_in (const MemsimHeap *heap,
                   guint32           id,
                   guint64           start,
                   guint64           size)
{
  return size != 0 && (size & (size - 1)) == 0 && start % size == 0
         && size <= heap->blocks[id].size;
}

gboolean
memsim_heap_place (MemsimHeap *heap,
                   const char *name,
                   guint64     start,
                   guint64     size,
                   guint64     requested)
{
  gboolean buddy = heap->config.policy == MEMSIM_POLICY_BUDDY;
  guint32 id;

  g_return_val_if_fail (size > 0 && requested > 0, FALSE);
  id = heap_find_containing (heap, start);
  g_return_val_if_fail (id != NIL && block_is_usable_free (heap, id), FALSE);
  g_return_val_if_fail (size <= block_end (heap, id) - start, FALSE);
  g_return_val_if_fail (!buddy || is_buddy_block_in (heap, id, start, size), FALSE);

  id = buddy ? buddy_take_at (heap, id, start, size) : take_range (heap, id, start, size);
  heap_mark_live (heap, id, name, requested);
  return TRUE;
}
