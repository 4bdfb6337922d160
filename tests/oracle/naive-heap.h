/* naive-heap.h: the naive reference model of the simulated heap
 *
 * The test oracle of SEMANTICS.md §1–§6 (§2: "a naive reference model is
 * the test oracle").  It shares the plain types of memsim-types.h with the
 * engine and nothing else: it is written from SEMANTICS.md and
 * docs/heap-decisions.md, never from the engine's sources in src/core.
 */
#pragma once

#include <glib.h>

#include "memsim-types.h"

G_BEGIN_DECLS

/* Operations return NAIVE_OK or the MemsimError code the engine must give. */
#define NAIVE_OK (-1)

typedef struct {
  guint64  start;
  guint64  size;
  guint64  requested;   /* 0 on a free block */
  char    *name;        /* NULL on a free block; owned, also the key in names */
  gboolean unusable;    /* buddy: the tail below min_block */
} NaiveBlock;

typedef struct {
  MemsimHeapConfig config;
  GArray          *blocks;  /* NaiveBlock, address order, tiles [0, total) */
  GHashTable      *names;   /* set of the live blocks' name pointers */
  guint64          rover;
  guint64          high_water;
  guint64          peak_requested;
  guint64          alloc_ok;
  guint64          alloc_failed;
  guint64          failed_no_space;
  guint64          failed_fragmented;
  guint64          free_ok;
  guint64          free_failed;
  guint64          realloc_ok;
  guint64          realloc_failed;
  guint64          compactions;
  guint64          bytes_moved;
} NaiveHeap;

NaiveHeap *naive_heap_new          (const MemsimHeapConfig *config);
void       naive_heap_free         (NaiveHeap              *heap);

int        naive_heap_set_policy   (NaiveHeap              *heap,
                                    MemsimPolicy            policy);
int        naive_heap_set_setting  (NaiveHeap              *heap,
                                    MemsimSetting           setting,
                                    guint64                 value);
int        naive_heap_reset        (NaiveHeap              *heap,
                                    guint64                 total);

int        naive_heap_alloc        (NaiveHeap              *heap,
                                    const char             *name,
                                    guint64                 size,
                                    MemsimRound             round);
int        naive_heap_free_block   (NaiveHeap              *heap,
                                    const char             *name);
int        naive_heap_realloc      (NaiveHeap              *heap,
                                    const char             *name,
                                    guint64                 size);
int        naive_heap_compact      (NaiveHeap              *heap,
                                    MemsimCompactResult    *out_result);

guint64    naive_heap_rounded_size (const NaiveHeap        *heap,
                                    guint64                 size,
                                    MemsimRound             round);
gboolean   naive_heap_name_is_valid (const char            *name);

void       naive_heap_get_metrics  (const NaiveHeap        *heap,
                                    MemsimMetrics          *out_metrics);
guint      naive_heap_n_blocks     (const NaiveHeap        *heap);
guint      naive_heap_n_live       (const NaiveHeap        *heap);
const NaiveBlock *
           naive_heap_block        (const NaiveHeap        *heap,
                                    guint                   index);
/* The live block named @name, or NULL. */
const NaiveBlock *
           naive_heap_lookup       (const NaiveHeap        *heap,
                                    const char             *name);
/* The block that contains @address, or NULL. */
const NaiveBlock *
           naive_heap_lookup_address (const NaiveHeap      *heap,
                                      guint64               address);

/* Appends the buddy tree nodes (MemsimBuddyNode) overlapping [start, end)
 * in pre-order to @out.  The unusable tail is one node of depth 0 whose
 * order is floor (log2 (size)). */
void       naive_heap_buddy_tree   (const NaiveHeap        *heap,
                                    guint64                 start,
                                    guint64                 end,
                                    GArray                 *out);

/* The model's own invariants (tiling, merging, buddy shape, name set). */
gboolean   naive_heap_check        (const NaiveHeap        *heap,
                                    GError                **error);

G_END_DECLS
