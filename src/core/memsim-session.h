/* memsim-session.h: the GObject that owns the simulation state */
#pragma once

#include <glib-object.h>

#include "memsim-heap.h"
#include "memsim-object-store.h"
#include "memsim-op.h"
#include "memsim-series.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_SESSION (memsim_session_get_type ())
G_DECLARE_FINAL_TYPE (MemsimSession, memsim_session, MEMSIM, SESSION, GObject)

MemsimSession    *memsim_session_new           (void);
MemsimSession    *memsim_session_new_with_config (const MemsimHeapConfig *config);

/* The heap is owned by the session and read-only for callers. */
const MemsimHeap *memsim_session_get_heap      (MemsimSession   *self);
/* So is the object store on top of it (store, release, collect). */
const MemsimObjectStore *
                  memsim_session_get_object_store (MemsimSession *self);
/* The store's profile (default cpython-3.11); only before the first
 * operation (MEMSIM_ERROR_NOT_EMPTY otherwise). */
gboolean          memsim_session_set_object_profile (MemsimSession       *self,
                                                     MemsimObjectProfile  profile,
                                                     GError             **error);

/* Applies @op at the current position of the history (dropping any redo
 * tail) and records it, whether it succeeds or fails.  Returns FALSE with
 * @error set when the operation failed; the heap is then unchanged except for
 * its failure counters. */
gboolean          memsim_session_apply         (MemsimSession   *self,
                                                const MemsimOp  *op,
                                                GError         **error);

/* The same, recorded at @time_ns on the session clock (a restored
 * session's stored time); memsim_session_apply() uses the clock, which
 * reads the nanoseconds since the session was created, plus the time of
 * the last operation applied with this function if any. */
gboolean          memsim_session_apply_at      (MemsimSession   *self,
                                                const MemsimOp  *op,
                                                gint64           time_ns,
                                                GError         **error);

/* Between begin and end, "changed" is emitted once, at the end. */
void              memsim_session_begin_batch   (MemsimSession   *self);
void              memsim_session_end_batch     (MemsimSession   *self);

/* History: position is the number of applied operations (0 … n_ops). */
guint             memsim_session_get_n_ops     (MemsimSession   *self);
guint             memsim_session_get_position  (MemsimSession   *self);
const MemsimOp   *memsim_session_get_op        (MemsimSession   *self,
                                                guint            index);
gboolean          memsim_session_op_succeeded  (MemsimSession   *self,
                                                guint            index);
gboolean          memsim_session_can_undo      (MemsimSession   *self);
gboolean          memsim_session_can_redo      (MemsimSession   *self);
gboolean          memsim_session_undo          (MemsimSession   *self);
gboolean          memsim_session_redo          (MemsimSession   *self);
/* When operation @index was applied, in ns on the session clock. */
gint64            memsim_session_get_op_time   (MemsimSession   *self,
                                                guint            index);
/* The heap's settings before the first operation (what a replay starts
 * from); the object store's profile is memsim_object_store_get_profile(). */
const MemsimHeapConfig *
                  memsim_session_get_initial_config (MemsimSession *self);
/* The session's snapshots (index 0 is position 0), read-only: the state
 * after the first *out_position operations. */
guint             memsim_session_get_n_snapshots (MemsimSession *self);
const MemsimHeap *memsim_session_get_snapshot  (MemsimSession            *self,
                                                guint                     index,
                                                guint                    *out_position,
                                                const MemsimObjectStore **out_store);
/* One sample per recorded operation (see memsim-series.h). */
const MemsimSeries *
                  memsim_session_get_series    (MemsimSession   *self);
void              memsim_session_seek          (MemsimSession   *self,
                                                guint            position);

G_END_DECLS
