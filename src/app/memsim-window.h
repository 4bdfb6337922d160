/* memsim-window.h: the main window */
#pragma once

#include <adwaita.h>

#include "memsim-application.h"
#include "memsim-session.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_WINDOW (memsim_window_get_type ())
G_DECLARE_FINAL_TYPE (MemsimWindow, memsim_window, MEMSIM, WINDOW, AdwApplicationWindow)

MemsimWindow  *memsim_window_new               (MemsimApplication *application);
void           memsim_window_add_toast         (MemsimWindow      *self,
                                                const char        *message);
/* Hides the toast on screen, if any (before a screenshot). */
void           memsim_window_dismiss_toast     (MemsimWindow      *self);
MemsimSession *memsim_window_get_session       (MemsimWindow      *self);
/* The block selected in the process table (and the memory map), or NULL. */
const char    *memsim_window_get_selected_name (MemsimWindow      *self);
void           memsim_window_set_selected_name (MemsimWindow      *self,
                                                const char        *name);
/* Opens a script (.msim) or a trace (.rep): parsed in a thread, applied in
 * slices on the main loop, with progress and Cancel. */
void           memsim_window_open_file         (MemsimWindow      *self,
                                                GFile             *file);
gboolean       memsim_window_is_loading        (MemsimWindow      *self);

G_END_DECLS
