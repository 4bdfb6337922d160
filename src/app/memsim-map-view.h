/* memsim-map-view.h: the memory map with its overview strip
 *
 * What the window embeds.  docs/memory-map.md describes what it shows and
 * how it is driven.
 */
#pragma once

#include <gtk/gtk.h>

#include "memsim-session.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_MAP_VIEW (memsim_map_view_get_type ())
G_DECLARE_FINAL_TYPE (MemsimMapView, memsim_map_view, MEMSIM, MAP_VIEW, GtkWidget)

GtkWidget     *memsim_map_view_new               (void);
void           memsim_map_view_set_session       (MemsimMapView *self, MemsimSession *session); /* nullable */
MemsimSession *memsim_map_view_get_session       (MemsimMapView *self);
/* The selected block's name (NULL: none). Settable (the process table sets it) and notified
 * (click in the map sets it).  Properties: "session", "selected-name". */
const char    *memsim_map_view_get_selected_name (MemsimMapView *self);
void           memsim_map_view_set_selected_name (MemsimMapView *self, const char *name);
void           memsim_map_view_zoom_to_fit       (MemsimMapView *self);

G_END_DECLS
