/* memsim-history-list.c: the session's operations as a GListModel (the activity log)
 *
 * Row i is operation i of the session's history, applied or (after the
 * position) undone.  The list adds what the session does not keep: the time
 * each operation was applied and, for failures, the sentence that said why.
 * On "changed" it reports only the rows that may differ: from the lower of
 * the old and new positions to the end (an apply truncates the redo tail at
 * the position and appends; undo, redo and seek change which rows are
 * undone), so a replay of a million operations is one items-changed.
 */
#include "config.h"

#include "memsim-history-item.h"
#include "memsim-history-list.h"

struct _MemsimHistoryList {
  GObject        parent_instance;

  MemsimSession *session;
  GArray        *times;     /* gint64 per operation */
  GPtrArray     *errors;    /* char * per operation, NULL when unknown */
  GArray        *digests;   /* guint per operation: what the slots were kept for */
  guint          n_ops;     /* what the list shows */
  guint          position;
};

static void memsim_history_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MemsimHistoryList, memsim_history_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      memsim_history_list_model_init))

static GType
memsim_history_list_get_item_type (GListModel *model)
{
  return MEMSIM_TYPE_HISTORY_ITEM;
}

static guint
memsim_history_list_get_n_items (GListModel *model)
{
  return MEMSIM_HISTORY_LIST (model)->n_ops;
}

static gpointer
memsim_history_list_get_item (GListModel *model,
                              guint       position)
{
  MemsimHistoryList *self = MEMSIM_HISTORY_LIST (model);
  g_autofree char *command = NULL;

  if (position >= self->n_ops)
    return NULL;
  command = memsim_op_to_script (memsim_session_get_op (self->session, position));
  return memsim_history_item_new (position, command,
                                  memsim_session_op_succeeded (self->session, position),
                                  g_ptr_array_index (self->errors, position),
                                  g_array_index (self->times, gint64, position),
                                  position >= self->position);
}

static void
memsim_history_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = memsim_history_list_get_item_type;
  iface->get_n_items = memsim_history_list_get_n_items;
  iface->get_item = memsim_history_list_get_item;
}

static guint
hash_text (guint       hash,
           const char *text)
{
  return hash * 31 + (text != NULL ? g_str_hash (text) : 0);
}

/* A digest of an operation's content.  The session is deterministic: the
 * same operation at the same place of the history has the same result, so
 * a slot whose digest still matches keeps its error. */
static guint
op_digest (const MemsimOp *op)
{
  guint hash = op->kind;

  hash = hash * 31 + op->policy;
  hash = hash * 31 + op->setting;
  hash = hash * 31 + op->round;
  hash = hash * 31 + (guint) (op->size ^ (op->size >> 32));
  hash = hash_text (hash, op->name);
  hash = hash_text (hash, op->type);
  return hash_text (hash, op->value);
}

/* Keeps one time and one error slot per operation.  New operations get
 * the current time (the window records its own with record()). */
static void
resize_slots (MemsimHistoryList *self,
              guint              n_ops)
{
  gint64 now = g_get_real_time ();
  guint digest = 0;

  if (self->times->len > n_ops)
    {
      g_array_set_size (self->times, n_ops);
      g_ptr_array_set_size (self->errors, n_ops);
      g_array_set_size (self->digests, n_ops);
    }
  while (self->times->len < n_ops)
    {
      g_array_append_val (self->times, now);
      g_ptr_array_add (self->errors, NULL);
      g_array_append_val (self->digests, digest);
    }
}

/* The operations in [from, to) may have been replaced (an apply after an
 * undo): a slot whose operation changed starts afresh. */
static void
check_slots (MemsimHistoryList *self,
             guint              from,
             guint              to)
{
  for (guint i = from; i < to; i++)
    {
      guint digest = op_digest (memsim_session_get_op (self->session, i));

      if (g_array_index (self->digests, guint, i) == digest)
        continue;
      g_array_index (self->digests, guint, i) = digest;
      g_array_index (self->times, gint64, i) = g_get_real_time ();
      g_clear_pointer (&g_ptr_array_index (self->errors, i), g_free);
    }
}

static void
on_changed (MemsimHistoryList *self)
{
  guint n_ops = memsim_session_get_n_ops (self->session);
  guint position = memsim_session_get_position (self->session);
  guint first = MIN (MIN (self->position, position), MIN (self->n_ops, n_ops));
  guint old_n = self->n_ops;

  resize_slots (self, n_ops);
  if (position > self->position)
    check_slots (self, self->position, position);
  self->n_ops = n_ops;
  self->position = position;
  if (old_n > first || n_ops > first)
    g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first, n_ops - first);
}

MemsimHistoryList *
memsim_history_list_new (MemsimSession *session)
{
  MemsimHistoryList *self;

  g_return_val_if_fail (MEMSIM_IS_SESSION (session), NULL);

  self = g_object_new (MEMSIM_TYPE_HISTORY_LIST, NULL);
  self->session = g_object_ref (session);
  self->n_ops = memsim_session_get_n_ops (session);
  self->position = memsim_session_get_position (session);
  resize_slots (self, self->n_ops);
  check_slots (self, 0, self->n_ops);
  g_signal_connect_object (session, "changed", G_CALLBACK (on_changed), self, G_CONNECT_SWAPPED);
  return self;
}

void
memsim_history_list_record (MemsimHistoryList *self,
                            guint              index,
                            const char        *message)
{
  g_return_if_fail (MEMSIM_IS_HISTORY_LIST (self));

  /* Inside a batch the session has not said "changed" yet. */
  if (index >= self->times->len)
    resize_slots (self, index + 1);
  g_array_index (self->times, gint64, index) = g_get_real_time ();
  g_array_index (self->digests, guint, index) = op_digest (memsim_session_get_op (self->session, index));
  g_free (g_ptr_array_index (self->errors, index));
  g_ptr_array_index (self->errors, index) = g_strdup (message);
  if (index < self->n_ops)
    g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 1);
}

const char *
memsim_history_list_get_error (MemsimHistoryList *self,
                               guint              index)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_LIST (self), NULL);
  return index < self->errors->len ? g_ptr_array_index (self->errors, index) : NULL;
}

static void
memsim_history_list_finalize (GObject *object)
{
  MemsimHistoryList *self = MEMSIM_HISTORY_LIST (object);

  g_clear_pointer (&self->times, g_array_unref);
  g_clear_pointer (&self->errors, g_ptr_array_unref);
  g_clear_pointer (&self->digests, g_array_unref);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (memsim_history_list_parent_class)->finalize (object);
}

static void
memsim_history_list_class_init (MemsimHistoryListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = memsim_history_list_finalize;
}

static void
memsim_history_list_init (MemsimHistoryList *self)
{
  self->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->errors = g_ptr_array_new_with_free_func (g_free);
  self->digests = g_array_new (FALSE, FALSE, sizeof (guint));
}
