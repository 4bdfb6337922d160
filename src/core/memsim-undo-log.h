/* memsim-undo-log.h: how each operation of a session's history is undone
 *
 * MemsimSession seeks backwards by undoing operations one at a time when
 * that is cheaper than restoring a snapshot and replaying forwards, so
 * that an undo costs one operation, not a replay of the operations since
 * the last snapshot.  An allocation, a free or a realloc that did not
 * compact can be undone exactly (memsim-heap-undo.h); for each, the log
 * keeps the block it removed (a free's; a realloc's old one), whether it
 * placed its own, and the scalars it changed, as varint-coded differences:
 * about 20 bytes an operation, its offset included.  Every other operation (settings,
 * compaction, the object store's) is a barrier that undoing cannot cross.
 */
#pragma once

#include "memsim-heap-undo.h"
#include "memsim-op.h"

G_BEGIN_DECLS

typedef struct _MemsimUndoLog MemsimUndoLog;

MemsimUndoLog *memsim_undo_log_new      (void);
void           memsim_undo_log_free     (MemsimUndoLog           *log);
guint          memsim_undo_log_get_length (const MemsimUndoLog   *log);

/* What the log needs from before an operation: the scalars. */
typedef struct {
  MemsimHeapScalars scalars;
  gboolean          undoable;
} MemsimUndoCapture;

void           memsim_undo_capture      (MemsimUndoCapture       *capture,
                                         const MemsimHeap        *heap,
                                         const MemsimOp          *op);
/* Records how to undo @op, the next operation, which ran on @heap after
 * @capture and succeeded if @ok. */
void           memsim_undo_log_append   (MemsimUndoLog           *log,
                                         const MemsimUndoCapture *capture,
                                         const MemsimHeap        *heap,
                                         const MemsimOp          *op,
                                         gboolean                 ok);
/* Forgets operations @length and after. */
void           memsim_undo_log_truncate (MemsimUndoLog           *log,
                                         guint                    length);
/* Whether every operation in [@from, @to) can be undone. */
gboolean       memsim_undo_log_can_undo (const MemsimUndoLog     *log,
                                         guint                    from,
                                         guint                    to);
/* Undoes operation @index, which is @op, on @heap, which must be in the
 * state after it.  FALSE (with a critical warning) if the heap was not:
 * the heap is then in no state to use, and the caller restores one. */
gboolean       memsim_undo_log_undo     (const MemsimUndoLog     *log,
                                         guint                    index,
                                         const MemsimOp          *op,
                                         MemsimHeap              *heap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimUndoLog, memsim_undo_log_free)

G_END_DECLS
