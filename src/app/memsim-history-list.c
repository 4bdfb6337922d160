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

/* Keeps one time and one error slot per operation: new operations get the
 * current time (the window records its own with record(), which also
 * covers an apply after an undo that leaves the count unchanged). */
static void
resize_slots (MemsimHistoryList *self,
              guint              n_ops)
{
  gint64 now = g_get_real_time ();

  if (self->times->len > n_ops)
    {
      g_array_set_size (self->times, n_ops);
      g_ptr_array_set_size (self->errors, n_ops);
    }
  while (self->times->len < n_ops)
    {
      g_array_append_val (self->times, now);
      g_ptr_array_add (self->errors, NULL);
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
}
