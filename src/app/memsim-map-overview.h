/* memsim-map-overview.h: the whole heap in a thin strip, with the map's
 * view as a lens that is dragged to pan and resized by its edges to zoom */
#pragma once

#include <gtk/gtk.h>

#include "memsim-memory-map.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_MAP_OVERVIEW (memsim_map_overview_get_type ())
G_DECLARE_FINAL_TYPE (MemsimMapOverview, memsim_map_overview, MEMSIM, MAP_OVERVIEW, GtkWidget)

GtkWidget *memsim_map_overview_new      (MemsimMemoryMap   *map);

/* The lens as drawn at @width pixels: never narrower than a few pixels,
 * so that it can still be grabbed at the deepest zoom. */
void       memsim_map_overview_get_lens (MemsimMapOverview *self,
                                         double             width,
                                         double            *out_x0,
                                         double            *out_x1);

/* What a drag on a strip @width pixels wide does, without the events:
 * pressed at @x, then @dx pixels away from it (tests drive these). */
void       memsim_map_overview_drag_begin  (MemsimMapOverview *self,
                                            double             x,
                                            double             width);
void       memsim_map_overview_drag_update (MemsimMapOverview *self,
                                            double             dx,
                                            double             width);
void       memsim_map_overview_drag_end    (MemsimMapOverview *self);

G_END_DECLS
