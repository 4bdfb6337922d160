/* memsim-history-item.h: one operation of the history, a row of the activity log */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MEMSIM_TYPE_HISTORY_ITEM (memsim_history_item_get_type ())
G_DECLARE_FINAL_TYPE (MemsimHistoryItem, memsim_history_item, MEMSIM, HISTORY_ITEM, GObject)

MemsimHistoryItem *memsim_history_item_new        (guint              index,
                                                   const char        *command,
                                                   gboolean           succeeded,
                                                   const char        *error,
                                                   gint64             time,
                                                   gboolean           undone);
guint              memsim_history_item_get_index  (MemsimHistoryItem *self);
/* The operation as a script line. */
const char        *memsim_history_item_get_command (MemsimHistoryItem *self);
gboolean           memsim_history_item_get_succeeded (MemsimHistoryItem *self);
/* Why it failed, when known; NULL otherwise. */
const char        *memsim_history_item_get_error  (MemsimHistoryItem *self);
/* Wall-clock time it was applied, in µs since the epoch. */
gint64             memsim_history_item_get_time   (MemsimHistoryItem *self);
/* After the session's position: undone, waiting to be redone. */
gboolean           memsim_history_item_get_undone (MemsimHistoryItem *self);

G_END_DECLS
