/* memsim-history-list.h: the session's operations as a GListModel (the activity log) */
#pragma once

#include <gio/gio.h>

#include "memsim-session.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_HISTORY_LIST (memsim_history_list_get_type ())
G_DECLARE_FINAL_TYPE (MemsimHistoryList, memsim_history_list, MEMSIM, HISTORY_LIST, GObject)

MemsimHistoryList *memsim_history_list_new       (MemsimSession     *session);
/* Notes that the operation at @index was applied now, and why it failed
 * (@message, NULL on success): the session keeps only whether it did. */
void               memsim_history_list_record    (MemsimHistoryList *self,
                                                  guint              index,
                                                  const char        *message);
const char        *memsim_history_list_get_error (MemsimHistoryList *self,
                                                  guint              index);

G_END_DECLS
