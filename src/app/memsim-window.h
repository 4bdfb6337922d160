/* memsim-window.h: the main window */
#pragma once

#include <adwaita.h>

#include "memsim-application.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_WINDOW (memsim_window_get_type ())
G_DECLARE_FINAL_TYPE (MemsimWindow, memsim_window, MEMSIM, WINDOW, AdwApplicationWindow)

MemsimWindow *memsim_window_new        (MemsimApplication *application);
void          memsim_window_add_toast  (MemsimWindow      *self,
                                        const char        *message);

G_END_DECLS
