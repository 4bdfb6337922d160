/* memsim-heap-undo.h: taking an allocation, a free or a realloc back
 *
 * A heap's state is its live blocks and its scalars (counters, peaks, the
 * rover): the free blocks are what the live blocks leave, merged as far
 * as the policy merges them (whole gaps; the largest buddy blocks), so any
 * two heaps with the same live blocks have the same free blocks.  An
 * operation that did not compact is therefore undone by taking out the
 * block it placed, putting back exactly the block it removed, and setting
 * the scalars it changed back (MemsimSession's undo log keeps those).
 * The records and trees may then be laid out differently from before;
 * nothing the heap computes depends on that.
 */
#pragma once

#include "memsim-heap.h"

G_BEGIN_DECLS

/* What an operation can change besides blocks: the rover, the used and
 * requested bytes, the usable free blocks, and the counters and peaks the
 * heap keeps (MemsimMetrics' other fields are computed when asked for). */
enum {
  MEMSIM_SCALAR_ROVER,
  MEMSIM_SCALAR_USED,
  MEMSIM_SCALAR_REQUESTED,
  MEMSIM_SCALAR_FREE_USABLE,
  MEMSIM_SCALAR_HIGH_WATER,
  MEMSIM_SCALAR_PEAK_REQUESTED,
  MEMSIM_SCALAR_ALLOC_OK,
  MEMSIM_SCALAR_ALLOC_FAILED,
  MEMSIM_SCALAR_FAILED_NO_SPACE,
  MEMSIM_SCALAR_FAILED_FRAGMENTED,
  MEMSIM_SCALAR_FREE_OK,
  MEMSIM_SCALAR_FREE_FAILED,
  MEMSIM_SCALAR_REALLOC_OK,
  MEMSIM_SCALAR_REALLOC_FAILED,
  MEMSIM_SCALAR_COMPACTIONS,
  MEMSIM_SCALAR_BYTES_MOVED,
  MEMSIM_HEAP_N_SCALARS
};

typedef struct {
  guint64 word[MEMSIM_HEAP_N_SCALARS];
} MemsimHeapScalars;

void     memsim_heap_get_scalars (const MemsimHeap        *heap,
                                  MemsimHeapScalars       *out);
void     memsim_heap_set_scalars (MemsimHeap              *heap,
                                  const MemsimHeapScalars *scalars);

/* Where a live block lies. */
typedef struct {
  guint64 start;
  guint64 size;
  guint64 requested;
} MemsimPlacement;

/* The block that the last successful free or realloc removed, as it was
 * before (kept by the heap as it goes, so that recording an undo costs no
 * second lookup of the name). */
const MemsimPlacement *
         memsim_heap_get_last_removed (const MemsimHeap   *heap);

/* Takes live block @name out as a free would, counting nothing; FALSE
 * (with a critical warning) if it is not live. */
gboolean memsim_heap_unplace     (MemsimHeap              *heap,
                                  const char              *name);
/* Puts block @name back at [@start, @start + @size) with @requested
 * bytes.  The range must lie in one free block (in a buddy heap, be a
 * buddy block inside it), as it does when undoing the operation that
 * removed it; FALSE, with the heap unchanged, otherwise. */
gboolean memsim_heap_place       (MemsimHeap              *heap,
                                  const char              *name,
                                  guint64                  start,
                                  guint64                  size,
                                  guint64                  requested);

G_END_DECLS
