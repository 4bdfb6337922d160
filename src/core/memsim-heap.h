/* memsim-heap.h: the simulated heap (SEMANTICS.md §1–§6)
 *
 * A MemsimHeap is a plain C object (not a GObject: it is copied into
 * snapshots and driven a hundred million times by replays).  MemsimSession
 * wraps it with signals and history.
 */
#pragma once

#include <glib.h>

#include "memsim-types.h"

G_BEGIN_DECLS

typedef struct _MemsimHeap MemsimHeap;

MemsimHeap  *memsim_heap_new              (const MemsimHeapConfig *config,
                                           GError                **error);
void         memsim_heap_free             (MemsimHeap             *heap);
MemsimHeap  *memsim_heap_copy             (const MemsimHeap       *heap);
/* Makes @dest a copy of @src, reusing @dest's arrays where they are large
 * enough: a restore that costs a memcpy, not the page faults of new memory. */
void         memsim_heap_copy_into        (MemsimHeap             *dest,
                                           const MemsimHeap       *src);

const MemsimHeapConfig *
             memsim_heap_get_config       (const MemsimHeap       *heap);

/* Whether the address index holds the live blocks as well as the free
 * ones, as it does from memsim_heap_new().  Allocating, freeing and
 * realloc need only the free blocks by address (a freed block finds its
 * free neighbours among them, as a real allocator's boundary tags do);
 * looking blocks up by address, walking a range and the map's columns
 * need them all.  A replay that reads only the metrics and the final
 * state turns it off: its address index is then the size of the free
 * list, not of the heap (docs/engine.md).  Anything that asks for blocks
 * by address turns it back on, once, in O(n log n); so does this with
 * TRUE.  That conversion writes the heap: a heap that indexes only its
 * free blocks must not be inspected from two threads at once.  Copies
 * keep the setting. */
void         memsim_heap_set_live_indexed (MemsimHeap             *heap,
                                           gboolean                indexed);
gboolean     memsim_heap_get_live_indexed (const MemsimHeap       *heap);

/* Settings.  Switching between the four fit policies is allowed at any
 * time; align, header, min-block and switching to or from buddy need a heap
 * with no live block (MEMSIM_ERROR_NOT_EMPTY otherwise). */
gboolean     memsim_heap_set_policy       (MemsimHeap             *heap,
                                           MemsimPolicy            policy,
                                           GError                **error);
gboolean     memsim_heap_set_setting      (MemsimHeap             *heap,
                                           MemsimSetting           setting,
                                           guint64                 value,
                                           GError                **error);

/* Drops every block and counter; a total of 0 keeps the current total. */
gboolean     memsim_heap_reset            (MemsimHeap             *heap,
                                           guint64                 total,
                                           GError                **error);

/* Operations.  On failure the heap is unchanged except for its failure
 * counters (see docs/metrics.md), and @error says why. */
gboolean     memsim_heap_alloc            (MemsimHeap             *heap,
                                           const char             *name,
                                           guint64                 size,
                                           MemsimRound             round,
                                           MemsimBlockId          *out_block,
                                           GError                **error);
gboolean     memsim_heap_free_block       (MemsimHeap             *heap,
                                           const char             *name,
                                           GError                **error);
gboolean     memsim_heap_realloc          (MemsimHeap             *heap,
                                           const char             *name,
                                           guint64                 size,
                                           MemsimBlockId          *out_block,
                                           GError                **error);
gboolean     memsim_heap_compact          (MemsimHeap             *heap,
                                           MemsimCompactResult    *out_result,
                                           GError                **error);

/* The size a request of @size bytes occupies (header, align, pow2 or buddy
 * rounding); 0 when the request can never be served (0 or > total). */
guint64      memsim_heap_rounded_size     (const MemsimHeap       *heap,
                                           guint64                 size,
                                           MemsimRound             round);

/* Inspection. */
void         memsim_heap_get_metrics      (const MemsimHeap       *heap,
                                           MemsimMetrics          *out_metrics);
guint64      memsim_heap_get_rover        (const MemsimHeap       *heap);
/* metrics.compactions, without computing the rest of the metrics */
guint64      memsim_heap_get_n_compactions (const MemsimHeap      *heap);
guint        memsim_heap_get_n_blocks     (const MemsimHeap       *heap);
guint        memsim_heap_get_n_live       (const MemsimHeap       *heap);

gboolean     memsim_heap_lookup_name      (const MemsimHeap       *heap,
                                           const char             *name,
                                           MemsimBlockInfo        *out_info);
gboolean     memsim_heap_lookup_address   (const MemsimHeap       *heap,
                                           guint64                 address,
                                           MemsimBlockInfo        *out_info);
gboolean     memsim_heap_get_block        (const MemsimHeap       *heap,
                                           MemsimBlockId           block,
                                           MemsimBlockInfo        *out_info);

/* Calls @func for every block that overlaps [start, end), in address order;
 * @func returns FALSE to stop.  O(log n + k). */
void         memsim_heap_walk             (const MemsimHeap       *heap,
                                           guint64                 start,
                                           guint64                 end,
                                           MemsimBlockFunc         func,
                                           gpointer                user_data);

/* Splits [start, end) into @n_columns equal columns and fills each with the
 * bytes used, free and wasted (internal fragmentation) inside it.
 * O(n_columns · log n) whatever the number of blocks. */
void         memsim_heap_aggregate        (const MemsimHeap       *heap,
                                           guint64                 start,
                                           guint64                 end,
                                           guint                   n_columns,
                                           MemsimColumn           *out_columns);

/* The buddy split tree (buddy policy only), pre-order, for [start, end). */
void         memsim_heap_walk_buddy_tree  (const MemsimHeap       *heap,
                                           guint64                 start,
                                           guint64                 end,
                                           MemsimBuddyFunc         func,
                                           gpointer                user_data);

/* Verifies every invariant of every structure; on the first violation
 * returns FALSE and sets @error to a description of it. */
gboolean     memsim_heap_check            (const MemsimHeap       *heap,
                                           GError                **error);

G_END_DECLS
