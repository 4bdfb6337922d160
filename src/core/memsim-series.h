/* memsim-series.h: the metric series of a session, one sample per operation
 *
 * Sample i is the state after operation i of the session's history (the
 * op at index i), whether the operation succeeded or not.  The series
 * always has one sample per recorded operation: undo and seek move the
 * position but keep the samples (the history is deterministic); a new
 * operation after an undo drops the redo tail's samples with its ops.
 *
 * 64 bytes a sample: a million operations cost 64 MB.  Charts read it
 * through memsim_series_peek(), sessions save it, CSV exports it.
 */
#pragma once

#include <glib.h>

#include "memsim-heap.h"
#include "memsim-object-store.h"

G_BEGIN_DECLS

typedef struct {
  guint64 used;           /* bytes in live blocks */
  guint64 requested;      /* bytes the live blocks asked for */
  guint64 free;           /* bytes in free blocks */
  guint64 largest_free;   /* the largest free block */
  guint64 alloc_ok;       /* allocations that succeeded, so far */
  guint64 alloc_failed;   /* allocations that failed, so far */
  guint32 free_blocks;    /* usable free blocks (saturates at G_MAXUINT32) */
  guint32 live_blocks;
  guint32 arenas;         /* object store: arenas allocated now */
  guint32 pools;          /* object store: pools carved in live arenas */
} MemsimSample;

/* The fractions of SEMANTICS.md §6, from a sample. */
double   memsim_sample_external_fragmentation (const MemsimSample *sample);
double   memsim_sample_internal_fragmentation (const MemsimSample *sample);
/* alloc_ok / (alloc_ok + alloc_failed); 1.0 before any allocation. */
double   memsim_sample_success_rate           (const MemsimSample *sample);
/* The state of @heap and @store (nullable) now. */
void     memsim_sample_take                   (MemsimSample            *out,
                                               const MemsimHeap        *heap,
                                               const MemsimObjectStore *store);

typedef struct _MemsimSeries MemsimSeries;

MemsimSeries       *memsim_series_new        (void);
void                memsim_series_free       (MemsimSeries       *series);
guint               memsim_series_get_length (const MemsimSeries *series);
const MemsimSample *memsim_series_get        (const MemsimSeries *series,
                                              guint               index);
/* Every sample, contiguous, for scanning (valid until the next change). */
const MemsimSample *memsim_series_peek       (const MemsimSeries *series,
                                              guint              *out_length);
void                memsim_series_append     (MemsimSeries       *series,
                                              const MemsimSample *sample);
void                memsim_series_truncate   (MemsimSeries       *series,
                                              guint               length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimSeries, memsim_series_free)

G_END_DECLS
