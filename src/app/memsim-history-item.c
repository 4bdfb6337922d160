/* memsim-history-item.c: one operation of the history, a row of the activity log
 *
 * Made on demand by MemsimHistoryList for the rows the log shows.
 */
#include "config.h"

#include "memsim-history-item.h"

struct _MemsimHistoryItem {
  GObject   parent_instance;

  guint     index;
  char     *command;
  char     *error;
  gint64    time;
  gboolean  succeeded;
  gboolean  undone;
};

G_DEFINE_FINAL_TYPE (MemsimHistoryItem, memsim_history_item, G_TYPE_OBJECT)

MemsimHistoryItem *
memsim_history_item_new (guint       index,
                         const char *command,
                         gboolean    succeeded,
                         const char *error,
                         gint64      time,
                         gboolean    undone)
{
  MemsimHistoryItem *self = g_object_new (MEMSIM_TYPE_HISTORY_ITEM, NULL);

  self->index = index;
  self->command = g_strdup (command);
  self->succeeded = succeeded;
  self->error = g_strdup (error);
  self->time = time;
  self->undone = undone;
  return self;
}

guint
memsim_history_item_get_index (MemsimHistoryItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_ITEM (self), 0);
  return self->index;
}

const char *
memsim_history_item_get_command (MemsimHistoryItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_ITEM (self), NULL);
  return self->command;
}

gboolean
memsim_history_item_get_succeeded (MemsimHistoryItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_ITEM (self), FALSE);
  return self->succeeded;
}

const char *
memsim_history_item_get_error (MemsimHistoryItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_ITEM (self), NULL);
  return self->error;
}

gint64
memsim_history_item_get_time (MemsimHistoryItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_ITEM (self), 0);
  return self->time;
}

gboolean
memsim_history_item_get_undone (MemsimHistoryItem *self)
{
  g_return_val_if_fail (MEMSIM_IS_HISTORY_ITEM (self), FALSE);
  return self->undone;
}

static void
memsim_history_item_finalize (GObject *object)
{
  MemsimHistoryItem *self = MEMSIM_HISTORY_ITEM (object);

  g_free (self->command);
  g_free (self->error);
  G_OBJECT_CLASS (memsim_history_item_parent_class)->finalize (object);
}

static void
memsim_history_item_class_init (MemsimHistoryItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = memsim_history_item_finalize;
}

static void
memsim_history_item_init (MemsimHistoryItem *self)
{
}
