/* memsim-map-render-private.h: what the parts of the map's drawing share */
#pragma once

#include "memsim-map-render.h"

G_BEGIN_DECLS

void     memsim_map_render_view_bytes  (const MemsimMapScene  *scene,
                                        guint64               *out_start,
                                        guint64               *out_end);
gboolean memsim_map_render_has_buddy   (const MemsimMapScene  *scene);
gboolean memsim_map_render_is_arena    (const MemsimMapScene  *scene,
                                        const MemsimBlockInfo *block);
void     memsim_map_render_block_color (const MemsimMapScene  *scene,
                                        const MemsimBlockInfo *block,
                                        GdkRGBA               *out_color);
void     memsim_map_render_label       (cairo_t               *cr,
                                        const MemsimMapScene  *scene,
                                        const char            *text,
                                        const GdkRGBA         *fill,
                                        double                 x0,
                                        double                 x1,
                                        double                 y,
                                        double                 h);
void     memsim_map_render_block_label (cairo_t               *cr,
                                        const MemsimMapScene  *scene,
                                        const MemsimBlockInfo *block,
                                        double                 x0,
                                        double                 x1,
                                        double                 y,
                                        double                 h);

/* memsim-map-render-bands.c */
void     memsim_map_render_buddy       (cairo_t               *cr,
                                        const MemsimMapScene  *scene,
                                        double                 y,
                                        double                 h);
void     memsim_map_render_ruler       (cairo_t               *cr,
                                        const MemsimMapScene  *scene,
                                        double                 y,
                                        double                 h);
/* memsim-map-render-store.c */
void     memsim_map_render_store       (cairo_t               *cr,
                                        const MemsimMapScene  *scene,
                                        double                 y,
                                        double                 h);

G_END_DECLS
