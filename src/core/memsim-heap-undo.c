/* memsim-heap-undo.c: the heap's side of undo (see memsim-heap-undo.h) */
#include "config.h"

#include "memsim-heap-undo.h"
#include "memsim-heap-private.h"

#define COUNT(field) (G_STRUCT_OFFSET (MemsimHeap, counts) + G_STRUCT_OFFSET (MemsimMetrics, field))

/* Where each scalar lives in the heap, by MEMSIM_SCALAR_*: all guint64. */
static const gsize scalar_offsets[MEMSIM_HEAP_N_SCALARS] = {
  G_STRUCT_OFFSET (MemsimHeap, rover), G_STRUCT_OFFSET (MemsimHeap, used),
  G_STRUCT_OFFSET (MemsimHeap, requested), G_STRUCT_OFFSET (MemsimHeap, n_free_usable),
  COUNT (high_water), COUNT (peak_requested), COUNT (alloc_ok), COUNT (alloc_failed),
  COUNT (failed_no_space), COUNT (failed_fragmented), COUNT (free_ok), COUNT (free_failed),
  COUNT (realloc_ok), COUNT (realloc_failed), COUNT (compactions), COUNT (bytes_moved),
};

void
memsim_heap_get_scalars (const MemsimHeap  *heap,
                         MemsimHeapScalars *out)
{
  for (guint i = 0; i < MEMSIM_HEAP_N_SCALARS; i++)
    out->word[i] = *(const guint64 *) (gconstpointer) ((const char *) heap + scalar_offsets[i]);
}

void
memsim_heap_set_scalars (MemsimHeap              *heap,
                         const MemsimHeapScalars *scalars)
{
  for (guint i = 0; i < MEMSIM_HEAP_N_SCALARS; i++)
    *(guint64 *) (gpointer) ((char *) heap + scalar_offsets[i]) = scalars->word[i];
}

const MemsimPlacement *
memsim_heap_get_last_removed (const MemsimHeap *heap)
{
  return &heap->last_removed;
}

gboolean
memsim_heap_unplace (MemsimHeap *heap,
                     const char *name)
{
  guint32 id = memsim_names_lookup (&heap->index, name);

  g_return_val_if_fail (id != NIL, FALSE);
  memsim_names_remove (&heap->index, id);
  heap_release (heap, id);
  return TRUE;
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
