/* memsim-map-palette.c: colours from the GNOME palette, and the patterns
 *
 * The block colours are the GNOME HIG palette's shade 3 (light style) and
 * shade 4 (dark style) of nine hues; teal is kept for arenas of the object
 * store and grey for columns that mix many blocks, so neither can be taken
 * for a process.  The name hash is FNV-1a, finalised: it is fixed, unlike
 * g_str_hash(), which GLib may change.
 */
#include "config.h"

#include "memsim-map-palette.h"

static const char *light_blocks[MEMSIM_MAP_PALETTE_SIZE] = {
  "#3584e4", "#33d17a", "#f6d32d", "#ff7800", "#e01b24",
  "#9141ac", "#986a44", "#d56199", "#613583",
};
/* The same hues in the same order as the light style, lighter; the last
 * two are a pink and a deep purple there too, never a second red and a
 * second blue next to the first ones. */
static const char *dark_blocks[MEMSIM_MAP_PALETTE_SIZE] = {
  "#62a0ea", "#57e389", "#f8e45c", "#ffa348", "#ed333b",
  "#c061cb", "#b5835a", "#e781b5", "#813d9c",
};

static void
parse (GdkRGBA    *color,
       const char *spec)
{
  gboolean ok = gdk_rgba_parse (color, spec);

  g_assert (ok);
}

/* A small tile repeated over the area: lines at 45° every @period pixels,
 * over @fill if there is one. */
static cairo_pattern_t *
diagonal_pattern (const GdkRGBA *line,
                  const GdkRGBA *fill,
                  int            period,
                  gboolean       rising)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, period, period);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;

  if (fill != NULL)
    {
      gdk_cairo_set_source_rgba (cr, fill);
      cairo_paint (cr);
    }
  gdk_cairo_set_source_rgba (cr, line);
  cairo_set_line_width (cr, 1.0);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  for (int k = -1; k <= 1; k++)
    {
      double y0 = rising ? period : 0, y1 = rising ? 0 : period;

      cairo_move_to (cr, k * period, y0);
      cairo_line_to (cr, k * period + period, y1);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return pattern;
}

static cairo_pattern_t *
dot_pattern (const GdkRGBA *dot)
{
  cairo_surface_t *tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 4, 4);
  cairo_t *cr = cairo_create (tile);
  cairo_pattern_t *pattern;

  gdk_cairo_set_source_rgba (cr, dot);
  cairo_rectangle (cr, 1, 1, 1, 1);
  cairo_fill (cr);
  cairo_destroy (cr);
  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_surface_destroy (tile);
  return pattern;
}

static MemsimMapPalette *
palette_new (gboolean dark)
{
  MemsimMapPalette *p = g_new0 (MemsimMapPalette, 1);
  GdkRGBA hatch, stripe, dot;

  p->dark = dark;
  parse (&p->background, dark ? "#242424" : "#ffffff");
  parse (&p->foreground, dark ? "#ffffff" : "#000000");
  parse (&p->mixed, dark ? "#9a9996" : "#77767b");
  parse (&p->mixed_waste, dark ? "#5e5c64" : "#c0bfbc");
  parse (&p->arena, dark ? "#2190a4" : "#2190a4");
  parse (&p->pool_used, dark ? "#7bd5e5" : "#155e6b");
  parse (&p->unusable, dark ? "#3d3846" : "#9a9996");
  parse (&p->selection, dark ? "#ffffff" : "#000000");
  for (guint i = 0; i < MEMSIM_MAP_PALETTE_SIZE; i++)
    parse (&p->blocks[i], dark ? dark_blocks[i] : light_blocks[i]);
  parse (&hatch, dark ? "rgba(255,255,255,0.30)" : "rgba(0,0,0,0.28)");
  parse (&stripe, dark ? "rgba(0,0,0,0.35)" : "rgba(255,255,255,0.45)");
  parse (&dot, dark ? "rgba(255,255,255,0.45)" : "rgba(255,255,255,0.55)");
  p->free_hatch = diagonal_pattern (&hatch, NULL, 8, TRUE);
  p->free_tile = diagonal_pattern (&hatch, &p->background, 8, TRUE);
  p->stripes = diagonal_pattern (&stripe, NULL, 6, FALSE);
  p->dots = dot_pattern (&dot);
  return p;
}

const MemsimMapPalette *
memsim_map_palette_get (gboolean dark)
{
  static MemsimMapPalette *palettes[2];

  if (palettes[dark != FALSE] == NULL)
    palettes[dark != FALSE] = palette_new (dark != FALSE);
  return palettes[dark != FALSE];
}

guint
memsim_map_palette_hash (const char *name)
{
  guint32 hash = 2166136261u;

  for (const guchar *p = (const guchar *) name; *p != '\0'; p++)
    hash = (hash ^ *p) * 16777619u;
  /* MurmurHash3's finaliser: FNV alone leaves the high bits of short
   * names alike, and "p1", "p2", … would all share a pattern. */
  hash ^= hash >> 16;
  hash *= 0x85ebca6bu;
  hash ^= hash >> 13;
  hash *= 0xc2b2ae35u;
  hash ^= hash >> 16;
  return hash;
}

void
memsim_map_palette_block_color (const MemsimMapPalette *palette,
                                const char             *name,
                                GdkRGBA                *out_color)
{
  *out_color = palette->blocks[memsim_map_palette_hash (name) % MEMSIM_MAP_PALETTE_SIZE];
}

/* A bit of the hash that the colour index (hash mod 9) does not fix. */
gboolean
memsim_map_palette_is_striped (const char *name)
{
  return (memsim_map_palette_hash (name) >> 16) & 1;
}

void
memsim_map_palette_waste_color (const MemsimMapPalette *palette,
                                const GdkRGBA          *block,
                                GdkRGBA                *out_color)
{
  const double keep = 0.45;

  out_color->red = block->red * keep + palette->background.red * (1 - keep);
  out_color->green = block->green * keep + palette->background.green * (1 - keep);
  out_color->blue = block->blue * keep + palette->background.blue * (1 - keep);
  out_color->alpha = 1.0;
}

void
memsim_map_palette_text_color (const GdkRGBA *fill,
                               GdkRGBA       *out_color)
{
  double luminance = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;
  double value = luminance > 0.5 ? 0.0 : 1.0;

  *out_color = (GdkRGBA) { value, value, value, 1.0 };
}
