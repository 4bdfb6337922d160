/* memsim-preferences-window.h: the preferences, bound to GSettings */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MEMSIM_TYPE_PREFERENCES_WINDOW (memsim_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (MemsimPreferencesWindow, memsim_preferences_window, MEMSIM, PREFERENCES_WINDOW, AdwPreferencesWindow)

MemsimPreferencesWindow *memsim_preferences_window_new (GSettings *settings);

G_END_DECLS
