/* memsim-map-palette.h: the colours and patterns of the memory map
 *
 * Two palettes, one for the light and one for the dark style.  A block's
 * colour comes from a hash of its name, so a process keeps its colour
 * across runs, undo and compaction; a second hash bit draws it solid or
 * striped, so that two neighbours of similar hue still differ in pattern.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MEMSIM_MAP_PALETTE_SIZE 9

typedef struct {
  gboolean         dark;
  GdkRGBA          background;    /* under free space */
  GdkRGBA          foreground;    /* text, ruler, buddy brackets */
  GdkRGBA          mixed;         /* a column of many blocks, too small to tell apart */
  GdkRGBA          mixed_waste;
  GdkRGBA          arena;         /* object store arenas */
  GdkRGBA          pool_used;
  GdkRGBA          unusable;      /* the buddy tail */
  GdkRGBA          selection;
  GdkRGBA          blocks[MEMSIM_MAP_PALETTE_SIZE];
  cairo_pattern_t *free_hatch;    /* diagonal lines, translucent */
  cairo_pattern_t *free_tile;     /* the same over the background, opaque */
  cairo_pattern_t *stripes;       /* translucent stripes over a block's colour */
  cairo_pattern_t *dots;          /* over arenas */
} MemsimMapPalette;

/* The shared palette of a style (never freed). */
const MemsimMapPalette *memsim_map_palette_get   (gboolean                dark);

guint    memsim_map_palette_hash          (const char             *name);
void     memsim_map_palette_block_color   (const MemsimMapPalette *palette,
                                           const char             *name,
                                           GdkRGBA                *out_color);
gboolean memsim_map_palette_is_striped    (const char             *name);
/* The shade of a block's rounded-up tail: its colour faded to the background. */
void     memsim_map_palette_waste_color   (const MemsimMapPalette *palette,
                                           const GdkRGBA          *block,
                                           GdkRGBA                *out_color);
/* Black or white, whichever reads better on @fill. */
void     memsim_map_palette_text_color    (const GdkRGBA          *fill,
                                           GdkRGBA                *out_color);

G_END_DECLS
