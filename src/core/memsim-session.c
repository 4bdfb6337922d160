/* memsim-session.c: the simulation state, its signals and its history
 *
 * A session owns the heap and the log of every operation applied to it
 * (failed ones too: they move the failure counters).  Undo, redo and seek
 * all mean "the state after the first N operations", reached by the
 * cheapest of four routes (plan_seek()): replaying forwards from here or
 * from the nearest snapshot at or before N, or undoing backwards from here
 * or from the first snapshot after N.  Replay is deterministic, and an
 * allocation, a free or a realloc that did not compact is undone exactly
 * (memsim-undo-log.h): each route gives the blocks and metrics N had.
 * Other operations are barriers that only a snapshot takes a seek past.
 *
 * Snapshots are full copies of the heap and of the object store on top of
 * it, taken once the operations since the last one reach max
 * (SNAPSHOT_MIN_OPS, 2 × (blocks + the store's copy weight)), and before a
 * compaction, an init or a reset once half that has passed.  A copy costs
 * O(blocks + objects + pools), so snapshots add O(1) amortised time and
 * about 40 bytes of memory per operation (80 at most, in a history that
 * compacts all the time).  An undo or a redo of an operation that is not a
 * barrier is one operation, O(log n); a seek otherwise replays or undoes at
 * most the operations between two snapshots: a millisecond for a heap of a
 * thousand blocks, whatever the log's length.
 *
 * The object store (SEMANTICS.md §7) lives on the heap: its arenas and
 * large objects are heap blocks (arena#N, obj#ID) that only the store may
 * free, and a compaction that moves them is reported to it.  Its events
 * become the signals object-stored, object-released, pool-state-changed,
 * arena-added and arena-released; an arena or a large object that appears
 * or goes also emits block-allocated or block-freed, like any heap block.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <time.h>

#include "memsim-session.h"
#include "memsim-undo-log.h"

#define SNAPSHOT_MIN_OPS 256

typedef struct {
  guint              position;
  MemsimHeap        *heap;
  MemsimObjectStore *store;
} Snapshot;

struct _MemsimSession {
  GObject     parent_instance;

  MemsimHeap *heap;
  MemsimObjectStore *store;
  GPtrArray  *ops;         /* MemsimOp */
  GArray     *succeeded;   /* gboolean per op */
  GArray     *times;       /* gint64 per op: ns on the session clock */
  gint64      clock_base;  /* monotonic ns at which the session clock read 0 */
  MemsimSeries *series;    /* a sample per op */
  GArray     *snapshots;   /* Snapshot, by position; [0] is position 0 */
  MemsimUndoLog *undo;     /* how to undo each op */
  guint       position;
  guint       batch_depth;
  gboolean    batch_dirty;
  gboolean    replaying;   /* typed signals are muted while replaying */
};

G_DEFINE_FINAL_TYPE (MemsimSession, memsim_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_POSITION,
  PROP_N_OPS,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum {
  BLOCK_ALLOCATED,
  BLOCK_FREED,
  BLOCK_MOVED,
  COMPACTED,
  RESET,
  CHANGED,
  OBJECT_STORED,
  OBJECT_RELEASED,
  POOL_STATE_CHANGED,
  ARENA_ADDED,
  ARENA_RELEASED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
snapshot_clear (gpointer data)
{
  Snapshot *snapshot = data;

  g_clear_pointer (&snapshot->heap, memsim_heap_free);
  g_clear_pointer (&snapshot->store, memsim_object_store_free);
}

static void
memsim_session_finalize (GObject *object)
{
  MemsimSession *self = MEMSIM_SESSION (object);

  g_clear_pointer (&self->heap, memsim_heap_free);
  g_clear_pointer (&self->store, memsim_object_store_free);
  g_clear_pointer (&self->ops, g_ptr_array_unref);
  g_clear_pointer (&self->succeeded, g_array_unref);
  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->series, memsim_series_free);
  g_clear_pointer (&self->snapshots, g_array_unref);
  g_clear_pointer (&self->undo, memsim_undo_log_free);

  G_OBJECT_CLASS (memsim_session_parent_class)->finalize (object);
}

static void
memsim_session_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MemsimSession *self = MEMSIM_SESSION (object);

  switch (prop_id)
    {
    case PROP_POSITION:
      g_value_set_uint (value, self->position);
      break;
    case PROP_N_OPS:
      g_value_set_uint (value, self->ops->len);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, memsim_session_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, memsim_session_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_session_class_init (MemsimSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = memsim_session_finalize;
  object_class->get_property = memsim_session_get_property;

  properties[PROP_POSITION] = g_param_spec_uint ("position", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_N_OPS] = g_param_spec_uint ("n-ops", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_CAN_UNDO] = g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_REDO] = g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (name, start, size) */
  signals[BLOCK_ALLOCATED] =
    g_signal_new ("block-allocated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
  /* (name, start, size) */
  signals[BLOCK_FREED] =
    g_signal_new ("block-freed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
  /* (name, old start, new start, new size): a realloc that moved */
  signals[BLOCK_MOVED] =
    g_signal_new ("block-moved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_UINT64,
                  G_TYPE_UINT64, G_TYPE_UINT64);
  /* (blocks moved, bytes moved) */
  signals[COMPACTED] =
    g_signal_new ("compacted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Once per operation, or once per batch: re-read what you show. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (name or NULL for an item, id, address, size, refcount after): a name
   * or a container took a reference to an object, new or shared */
  signals[OBJECT_STORED] =
    g_signal_new ("object-stored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_STRING, G_TYPE_UINT64,
                  G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT);
  /* (name or NULL, id, address, size, refcount after): a reference was
   * dropped; refcount 0 means the object was freed */
  signals[OBJECT_RELEASED] =
    g_signal_new ("object-released", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_STRING, G_TYPE_UINT64,
                  G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT);
  /* (arena index, pool index, size class, MemsimPoolState, pool address) */
  signals[POOL_STATE_CHANGED] =
    g_signal_new ("pool-state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_UINT, G_TYPE_UINT,
                  G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT64);
  /* (name arena#N, start, size) */
  signals[ARENA_ADDED] =
    g_signal_new ("arena-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
  signals[ARENA_RELEASED] =
    g_signal_new ("arena-released", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_UINT64, G_TYPE_UINT64);
}

/* Nanoseconds: g_get_monotonic_time() has only microseconds. */
static gint64
monotonic_ns (void)
{
  struct timespec now;

  clock_gettime (CLOCK_MONOTONIC, &now);
  return (gint64) now.tv_sec * G_GINT64_CONSTANT (1000000000) + now.tv_nsec;
}

static void
memsim_session_init (MemsimSession *self)
{
  self->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) memsim_op_free);
  self->succeeded = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->clock_base = monotonic_ns ();
  self->series = memsim_series_new ();
  self->snapshots = g_array_new (FALSE, FALSE, sizeof (Snapshot));
  g_array_set_clear_func (self->snapshots, snapshot_clear);
  self->undo = memsim_undo_log_new ();
}

static void
take_snapshot (MemsimSession *self)
{
  Snapshot snapshot = { self->position, memsim_heap_copy (self->heap),
                        memsim_object_store_copy (self->store) };

  g_array_append_val (self->snapshots, snapshot);
}

static void on_store_event (const MemsimObjectEvent *event,
                            gpointer                 user_data);

/* The session's store: events become signals. */
static void
set_store (MemsimSession     *self,
           MemsimObjectStore *store)
{
  g_clear_pointer (&self->store, memsim_object_store_free);
  self->store = store;
  memsim_object_store_set_event_func (store, on_store_event, self);
}

MemsimSession *
memsim_session_new_with_config (const MemsimHeapConfig *config)
{
  MemsimSession *self;
  MemsimHeap *heap;

  g_return_val_if_fail (config != NULL, NULL);

  heap = memsim_heap_new (config, NULL);
  g_return_val_if_fail (heap != NULL, NULL);
  self = g_object_new (MEMSIM_TYPE_SESSION, NULL);
  self->heap = heap;
  set_store (self, memsim_object_store_new (MEMSIM_OBJECT_PROFILE_DEFAULT));
  take_snapshot (self);
  return self;
}

/* A new session holds an empty 1 MiB first-fit heap. */
MemsimSession *
memsim_session_new (void)
{
  MemsimHeapConfig config;

  memsim_heap_config_init (&config, 1024 * 1024);
  return memsim_session_new_with_config (&config);
}

const MemsimHeap *
memsim_session_get_heap (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), NULL);
  return self->heap;
}

const MemsimObjectStore *
memsim_session_get_object_store (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), NULL);
  return self->store;
}

/* The profile is not an operation of the log, so it may only change
 * before the first one: every snapshot and replay then agree on it. */
gboolean
memsim_session_set_object_profile (MemsimSession        *self,
                                   MemsimObjectProfile   profile,
                                   GError              **error)
{
  Snapshot *first;

  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);
  g_return_val_if_fail ((guint) profile < MEMSIM_N_PROFILES, FALSE);

  if (self->ops->len > 0)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_NOT_EMPTY,
                   _("The object store’s profile can only be chosen before the first operation"));
      return FALSE;
    }
  set_store (self, memsim_object_store_new (profile));
  first = &g_array_index (self->snapshots, Snapshot, 0);
  memsim_object_store_free (first->store);
  first->store = memsim_object_store_copy (self->store);
  return TRUE;
}

/* ---- signals ---------------------------------------------------------- */

static gboolean
muted (MemsimSession *self)
{
  return self->replaying || self->batch_depth > 0;
}

static void
emit_changed (MemsimSession *self)
{
  if (self->batch_depth > 0)
    self->batch_dirty = TRUE;
  else
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
emit_block (MemsimSession *self,
            guint          signal,
            const char    *name)
{
  MemsimBlockInfo info;

  if (muted (self) || !memsim_heap_lookup_name (self->heap, name, &info))
    return;
  g_signal_emit (self, signals[signal], 0, name, info.start, info.size);
}

static void
emit_heap_block (MemsimSession           *self,
                 guint                    signal,
                 const MemsimObjectEvent *event)
{
  g_signal_emit (self, signals[signal], 0, event->name, event->address, event->size);
}

static void
emit_object (MemsimSession           *self,
             guint                    signal,
             const MemsimObjectEvent *event)
{
  g_signal_emit (self, signals[signal], 0, event->name, event->id, event->address,
                 event->size, event->refcount);
}

static void
on_store_event (const MemsimObjectEvent *event,
                gpointer                 user_data)
{
  MemsimSession *self = user_data;
  char name[40];

  if (muted (self))
    return;
  switch (event->kind)
    {
    case MEMSIM_OBJECT_EVENT_STORED:
      emit_object (self, OBJECT_STORED, event);
      break;
    case MEMSIM_OBJECT_EVENT_RELEASED:
      emit_object (self, OBJECT_RELEASED, event);
      break;
    case MEMSIM_OBJECT_EVENT_POOL_STATE:
      g_signal_emit (self, signals[POOL_STATE_CHANGED], 0, event->arena, event->pool,
                     event->size_class, (guint) event->state, event->address);
      break;
    case MEMSIM_OBJECT_EVENT_ARENA_ADDED:
      emit_heap_block (self, ARENA_ADDED, event);
      emit_heap_block (self, BLOCK_ALLOCATED, event);
      break;
    case MEMSIM_OBJECT_EVENT_ARENA_RELEASED:
      emit_heap_block (self, ARENA_RELEASED, event);
      emit_heap_block (self, BLOCK_FREED, event);
      break;
    case MEMSIM_OBJECT_EVENT_LARGE_ADDED:
    case MEMSIM_OBJECT_EVENT_LARGE_RELEASED:
    default:
      g_snprintf (name, sizeof name, "obj#%" G_GUINT64_FORMAT, event->id);
      g_signal_emit (self, signals[event->kind == MEMSIM_OBJECT_EVENT_LARGE_ADDED
                                   ? BLOCK_ALLOCATED : BLOCK_FREED],
                     0, name, event->address, event->size);
      break;
    }
}

void
memsim_session_begin_batch (MemsimSession *self)
{
  g_return_if_fail (MEMSIM_IS_SESSION (self));
  self->batch_depth++;
}

static void notify_history (MemsimSession *self);

void
memsim_session_end_batch (MemsimSession *self)
{
  g_return_if_fail (MEMSIM_IS_SESSION (self));
  g_return_if_fail (self->batch_depth > 0);

  if (--self->batch_depth > 0 || !self->batch_dirty)
    return;
  self->batch_dirty = FALSE;
  /* The history's properties were muted with the rest: one notification
   * each now, as for a single operation. */
  notify_history (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* ---- operations ------------------------------------------------------- */

/* Arenas and large objects are the object store's: a script that frees or
 * reallocs one would pull memory from under live objects. */
static gboolean
refuse_store_block (MemsimSession  *self,
                    const MemsimOp *op,
                    GError        **error)
{
  if (!memsim_object_store_owns_block (self->store, op->name))
    return FALSE;
  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME,
               _("“%s” belongs to the object store: release its objects instead"), op->name);
  return TRUE;
}

/* After a heap operation that may have compacted (auto-compact). */
static void
relocate_if_moved (MemsimSession *self,
                   guint64        compactions_before)
{
  if (memsim_heap_get_n_compactions (self->heap) != compactions_before)
    memsim_object_store_relocate (self->store, self->heap);
}

static gboolean
execute_alloc (MemsimSession  *self,
               const MemsimOp *op,
               GError        **error)
{
  guint64 compactions = memsim_heap_get_n_compactions (self->heap);

  if (!memsim_heap_alloc (self->heap, op->name, op->size, op->round, NULL, error))
    return FALSE;
  relocate_if_moved (self, compactions);
  emit_block (self, BLOCK_ALLOCATED, op->name);
  return TRUE;
}

static gboolean
execute_free (MemsimSession  *self,
              const MemsimOp *op,
              GError        **error)
{
  MemsimBlockInfo info;
  /* The signal's start and size, read before the block goes; a replay,
   * muted, needs neither. */
  gboolean live = !muted (self) && memsim_heap_lookup_name (self->heap, op->name, &info);

  if (refuse_store_block (self, op, error))
    return FALSE;
  if (!memsim_heap_free_block (self->heap, op->name, error))
    return FALSE;
  if (live)
    g_signal_emit (self, signals[BLOCK_FREED], 0, op->name, info.start, info.size);
  return TRUE;
}

static gboolean
execute_realloc (MemsimSession  *self,
                 const MemsimOp *op,
                 GError        **error)
{
  MemsimBlockInfo before, after;
  gboolean live = !muted (self) && memsim_heap_lookup_name (self->heap, op->name, &before);
  guint64 compactions = memsim_heap_get_n_compactions (self->heap);

  if (refuse_store_block (self, op, error))
    return FALSE;
  if (!memsim_heap_realloc (self->heap, op->name, op->size, NULL, error))
    return FALSE;
  relocate_if_moved (self, compactions);
  if (live && memsim_heap_lookup_name (self->heap, op->name, &after)
      && after.start != before.start)
    g_signal_emit (self, signals[BLOCK_MOVED], 0, op->name, before.start, after.start, after.size);
  return TRUE;
}

static gboolean
execute_compact (MemsimSession  *self,
                 GError        **error)
{
  MemsimCompactResult result;

  if (!memsim_heap_compact (self->heap, &result, error))
    return FALSE;
  memsim_object_store_relocate (self->store, self->heap);
  if (!muted (self))
    g_signal_emit (self, signals[COMPACTED], 0, result.blocks_moved, result.bytes_moved);
  return TRUE;
}

static gboolean
execute_reset (MemsimSession  *self,
               const MemsimOp *op,
               GError        **error)
{
  if (op->kind == MEMSIM_OP_INIT && op->size == 0)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
                   _("A heap needs a size of at least 1 byte"));
      return FALSE;
    }
  if (!memsim_heap_reset (self->heap, op->size, error))
    return FALSE;
  memsim_object_store_clear (self->store);
  if (!muted (self))
    g_signal_emit (self, signals[RESET], 0);
  return TRUE;
}

static gboolean
execute (MemsimSession  *self,
         const MemsimOp *op,
         GError        **error)
{
  switch (op->kind)
    {
    case MEMSIM_OP_INIT:
    case MEMSIM_OP_RESET:
      return execute_reset (self, op, error);
    case MEMSIM_OP_POLICY:
      return memsim_heap_set_policy (self->heap, op->policy, error);
    case MEMSIM_OP_SET:
      return memsim_heap_set_setting (self->heap, op->setting, op->size, error);
    case MEMSIM_OP_ALLOC:
      return execute_alloc (self, op, error);
    case MEMSIM_OP_FREE:
      return execute_free (self, op, error);
    case MEMSIM_OP_REALLOC:
      return execute_realloc (self, op, error);
    case MEMSIM_OP_COMPACT:
      return execute_compact (self, error);
    case MEMSIM_OP_STORE:
      return memsim_object_store_store_text (self->store, self->heap, op->name,
                                             op->type != NULL ? op->type : "",
                                             op->value != NULL ? op->value : "", error);
    case MEMSIM_OP_RELEASE:
      return memsim_object_store_release (self->store, self->heap, op->name, error);
    case MEMSIM_OP_COLLECT:
      memsim_object_store_collect (self->store, self->heap);
      return TRUE;
    default:
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                   _("Unknown operation %d"), (int) op->kind);
      return FALSE;
    }
}

/* ---- history ---------------------------------------------------------- */

static void
notify_history (MemsimSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_OPS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

/* Forgets the operations after the current position (the redo tail). */
static void
truncate_history (MemsimSession *self)
{
  guint keep = self->snapshots->len;

  if (self->position == self->ops->len)
    return;
  g_ptr_array_set_size (self->ops, self->position);
  g_array_set_size (self->succeeded, self->position);
  g_array_set_size (self->times, self->position);
  memsim_series_truncate (self->series, self->position);
  memsim_undo_log_truncate (self->undo, self->position);
  while (keep > 1 && g_array_index (self->snapshots, Snapshot, keep - 1).position > self->position)
    keep--;
  g_array_set_size (self->snapshots, keep);
}

static void
append_sample (MemsimSession *self)
{
  MemsimSample sample;

  memsim_sample_take (&sample, self->heap, self->store);
  memsim_series_append (self->series, &sample);
}

static guint
ops_since_snapshot (MemsimSession *self)
{
  return self->position - g_array_index (self->snapshots, Snapshot, self->snapshots->len - 1).position;
}

static guint
snapshot_interval (MemsimSession *self)
{
  return MAX (SNAPSHOT_MIN_OPS, 2 * (memsim_heap_get_n_blocks (self->heap)
                                     + memsim_object_store_get_copy_weight (self->store)));
}

static void
maybe_snapshot (MemsimSession *self)
{
  if (ops_since_snapshot (self) >= snapshot_interval (self))
    take_snapshot (self);
}

/* Compaction, init and reset cost O(n) and cannot be undone: a copy of the
 * state before one makes undoing it a restore rather than a replay of up
 * to a whole interval.  Not more often than eight times an interval, so
 * that a script that compacts after every operation keeps to a bounded
 * memory per operation. */
static void
maybe_snapshot_before (MemsimSession  *self,
                       const MemsimOp *op)
{
  if ((op->kind == MEMSIM_OP_COMPACT || op->kind == MEMSIM_OP_INIT || op->kind == MEMSIM_OP_RESET)
      && ops_since_snapshot (self) >= snapshot_interval (self) / 8)
    take_snapshot (self);
}

static gboolean
apply_recorded (MemsimSession  *self,
                const MemsimOp *op,
                gint64          time_ns,
                GError        **error)
{
  MemsimUndoCapture capture;
  gboolean ok;

  truncate_history (self);
  maybe_snapshot_before (self, op);
  memsim_undo_capture (&capture, self->heap, op);
  ok = execute (self, op, error);
  memsim_undo_log_append (self->undo, &capture, self->heap, op, ok);
  g_ptr_array_add (self->ops, memsim_op_copy (op));
  g_array_append_val (self->succeeded, ok);
  g_array_append_val (self->times, time_ns);
  append_sample (self);
  self->position++;
  maybe_snapshot (self);
  if (!muted (self))
    notify_history (self);
  emit_changed (self);
  return ok;
}

gboolean
memsim_session_apply (MemsimSession   *self,
                      const MemsimOp  *op,
                      GError         **error)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  return apply_recorded (self, op, monotonic_ns () - self->clock_base, error);
}

/* The clock then reads @time_ns, so that the operations applied after a
 * session was loaded continue its timeline instead of starting over. */
gboolean
memsim_session_apply_at (MemsimSession   *self,
                         const MemsimOp  *op,
                         gint64           time_ns,
                         GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);
  g_return_val_if_fail (op != NULL, FALSE);

  ok = apply_recorded (self, op, time_ns, error);
  self->clock_base = monotonic_ns () - time_ns;
  return ok;
}

guint
memsim_session_get_n_ops (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), 0);
  return self->ops->len;
}

guint
memsim_session_get_position (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), 0);
  return self->position;
}

const MemsimOp *
memsim_session_get_op (MemsimSession *self,
                       guint          index)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), NULL);
  g_return_val_if_fail (index < self->ops->len, NULL);
  return g_ptr_array_index (self->ops, index);
}

gboolean
memsim_session_op_succeeded (MemsimSession *self,
                             guint          index)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);
  g_return_val_if_fail (index < self->succeeded->len, FALSE);
  return g_array_index (self->succeeded, gboolean, index);
}

gint64
memsim_session_get_op_time (MemsimSession *self,
                            guint          index)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), 0);
  g_return_val_if_fail (index < self->times->len, 0);
  return g_array_index (self->times, gint64, index);
}

/* Snapshot 0 is the state before the first operation, never dropped. */
const MemsimHeapConfig *
memsim_session_get_initial_config (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), NULL);
  return memsim_heap_get_config (g_array_index (self->snapshots, Snapshot, 0).heap);
}

guint
memsim_session_get_n_snapshots (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), 0);
  return self->snapshots->len;
}

const MemsimHeap *
memsim_session_get_snapshot (MemsimSession            *self,
                             guint                     index,
                             guint                    *out_position,
                             const MemsimObjectStore **out_store)
{
  const Snapshot *snapshot;

  g_return_val_if_fail (MEMSIM_IS_SESSION (self), NULL);
  g_return_val_if_fail (index < self->snapshots->len, NULL);

  snapshot = &g_array_index (self->snapshots, Snapshot, index);
  if (out_position != NULL)
    *out_position = snapshot->position;
  if (out_store != NULL)
    *out_store = snapshot->store;
  return snapshot->heap;
}

const MemsimSeries *
memsim_session_get_series (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), NULL);
  return self->series;
}

gboolean
memsim_session_can_undo (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);
  return self->position > 0;
}

gboolean
memsim_session_can_redo (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);
  return self->position < self->ops->len;
}

/* The index of the last snapshot at or before @position (binary search). */
static guint
snapshot_before (MemsimSession *self,
                 guint          position)
{
  guint lo = 0, hi = self->snapshots->len;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->snapshots, Snapshot, mid).position <= position)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* A way to reach a position: from a snapshot or from the current state
 * (from == NULL), replaying forwards or undoing backwards. */
typedef struct {
  const Snapshot *from;
  gboolean        backwards;
  guint64         cost;        /* in operations */
} Route;

/* Restoring copies the snapshot's arrays into the heap's own (no page
 * faults), sequentially: a block costs about this fraction of an
 * operation, whose reads miss the cache (7 ms for 142,000 blocks, where
 * an operation takes about 0.8 µs). */
#define RESTORE_BLOCKS_PER_OP 16

static guint64
restore_cost (const Snapshot *snapshot)
{
  return 1 + (memsim_heap_get_n_blocks (snapshot->heap)
              + memsim_object_store_get_copy_weight (snapshot->store)) / RESTORE_BLOCKS_PER_OP;
}

static void
consider (Route          *best,
          const Snapshot *from,
          gboolean        backwards,
          guint64         cost)
{
  if (cost >= best->cost)
    return;
  best->from = from;
  best->backwards = backwards;
  best->cost = cost;
}

/* The cheapest of: on from here, back from here, on from the snapshot
 * before @target, back from the one after it.  Going back needs every
 * operation in between to be undoable (memsim-undo-log.h). */
static Route
plan_seek (MemsimSession *self,
           guint          target)
{
  guint index = snapshot_before (self, target);
  const Snapshot *before = &g_array_index (self->snapshots, Snapshot, index);
  Route best = { before, FALSE, restore_cost (before) + (target - before->position) };

  if (target >= self->position)
    consider (&best, NULL, FALSE, target - self->position);
  else if (memsim_undo_log_can_undo (self->undo, target, self->position))
    consider (&best, NULL, TRUE, self->position - target);
  if (index + 1 < self->snapshots->len)
    {
      const Snapshot *after = &g_array_index (self->snapshots, Snapshot, index + 1);

      if (memsim_undo_log_can_undo (self->undo, target, after->position))
        consider (&best, after, TRUE, restore_cost (after) + (after->position - target));
    }
  return best;
}

static void
restore (MemsimSession  *self,
         const Snapshot *snapshot)
{
  memsim_heap_copy_into (self->heap, snapshot->heap);
  set_store (self, memsim_object_store_copy (snapshot->store));
  self->position = snapshot->position;
}

void
memsim_session_seek (MemsimSession *self,
                     guint          position)
{
  Route route;

  g_return_if_fail (MEMSIM_IS_SESSION (self));
  g_return_if_fail (position <= self->ops->len);

  if (position == self->position)
    return;
  route = plan_seek (self, position);
  if (route.from != NULL)
    restore (self, route.from);
  self->replaying = TRUE;
  while (route.backwards && self->position > position)
    {
      self->position--;
      if (!memsim_undo_log_undo (self->undo, self->position,
                                 g_ptr_array_index (self->ops, self->position), self->heap))
        {
          /* An engine bug (a critical says which): replay instead. */
          restore (self, &g_array_index (self->snapshots, Snapshot,
                                         snapshot_before (self, position)));
          break;
        }
    }
  for (; self->position < position; self->position++)
    execute (self, g_ptr_array_index (self->ops, self->position), NULL);
  self->replaying = FALSE;
  notify_history (self);
  emit_changed (self);
}

gboolean
memsim_session_undo (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);

  if (!memsim_session_can_undo (self))
    return FALSE;
  memsim_session_seek (self, self->position - 1);
  return TRUE;
}

gboolean
memsim_session_redo (MemsimSession *self)
{
  g_return_val_if_fail (MEMSIM_IS_SESSION (self), FALSE);

  if (!memsim_session_can_redo (self))
    return FALSE;
  memsim_session_seek (self, self->position + 1);
  return TRUE;
}
