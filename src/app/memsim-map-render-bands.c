/* memsim-map-render-bands.c: the buddy band above the bar, the ruler below
 *
 * The buddy band draws the split tree as nested brackets, one row per
 * depth.  It does not use memsim_heap_walk_buddy_tree(), which visits every
 * node in the range: it descends itself and stops at nodes narrower than
 * MIN_SPLIT_PIXELS, so it visits O(width) nodes whatever the heap holds,
 * each known by one O(log n) look-up (a node is a leaf exactly when a
 * block starts at its address with its size).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>

#include "memsim-map-render-private.h"

#define MIN_SPLIT_PIXELS 6.0
#define BUDDY_ROW        4.0
#define MIN_TICK_SPACING 96.0

gboolean
memsim_map_render_has_buddy (const MemsimMapScene *scene)
{
  return memsim_heap_get_config (scene->heap)->policy == MEMSIM_POLICY_BUDDY;
}

typedef struct {
  guint64 address;
  guint64 size;
  guint   depth;
} Split;

typedef struct {
  const MemsimMapScene *scene;
  guint64               v0, v1;
  GArray               *splits;
} BuddyWalk;

static void
visit_node (BuddyWalk *walk,
            guint64    address,
            guint64    size,
            guint      depth)
{
  MemsimBlockInfo block;
  Split split = { address, size, depth };

  if (address + size <= walk->v0 || address >= walk->v1 || size < 2
      || size / memsim_map_range_bytes_per_pixel (&walk->scene->range) < MIN_SPLIT_PIXELS)
    return;
  if (!memsim_heap_lookup_address (walk->scene->heap, address, &block)
      || (block.start == address && block.size == size))
    return;
  g_array_append_val (walk->splits, split);
  visit_node (walk, address, size / 2, depth + 1);
  visit_node (walk, address + size / 2, size / 2, depth + 1);
}

/* The roots: maximal aligned powers of two from address 0 (SEMANTICS §3). */
static void
collect_splits (BuddyWalk *walk)
{
  MemsimMetrics metrics;
  guint64 tail_start, base = 0;

  memsim_heap_get_metrics (walk->scene->heap, &metrics);
  tail_start = metrics.total - metrics.unusable;
  for (int bit = 63; bit >= 0; bit--)
    {
      guint64 size = G_GUINT64_CONSTANT (1) << bit;

      if ((tail_start & size) == 0)
        continue;
      visit_node (walk, base, size, 0);
      base += size;
    }
}

/* The top row is the deepest split that spans the whole view: the
 * context of what is shown, rather than a stack of full-width lines. */
static guint
top_depth (const BuddyWalk *walk)
{
  guint top = 0;

  for (guint i = 0; i < walk->splits->len; i++)
    {
      const Split *s = &g_array_index (walk->splits, Split, i);

      if (s->address <= walk->v0 && s->address + s->size >= walk->v1)
        top = MAX (top, s->depth);
    }
  return top;
}

static void
draw_bracket (cairo_t              *cr,
              const MemsimMapScene *scene,
              const Split          *split,
              double                y)
{
  double x0 = memsim_map_range_x_of (&scene->range, split->address);
  double x1 = memsim_map_range_x_of (&scene->range, split->address + split->size);

  x0 = round (MAX (x0, -2.0)) + 1.5;
  x1 = round (MIN (x1, scene->range.width + 2.0)) - 1.5;
  cairo_move_to (cr, x0, y + BUDDY_ROW);
  cairo_line_to (cr, x0, y + 0.5);
  cairo_line_to (cr, x1, y + 0.5);
  cairo_line_to (cr, x1, y + BUDDY_ROW);
}

void
memsim_map_render_buddy (cairo_t              *cr,
                         const MemsimMapScene *scene,
                         double                y,
                         double                h)
{
  BuddyWalk walk = { scene };
  guint rows = (guint) ((h - 2.0) / BUDDY_ROW), top;
  GdkRGBA ink = scene->palette->foreground;

  memsim_map_render_view_bytes (scene, &walk.v0, &walk.v1);
  walk.splits = g_array_new (FALSE, FALSE, sizeof (Split));
  collect_splits (&walk);
  top = top_depth (&walk);
  for (guint i = 0; i < walk.splits->len; i++)
    {
      const Split *s = &g_array_index (walk.splits, Split, i);

      if (s->depth >= top && s->depth - top < rows)
        draw_bracket (cr, scene, s, y + 1.0 + (s->depth - top) * BUDDY_ROW);
    }
  ink.alpha = 0.6;
  gdk_cairo_set_source_rgba (cr, &ink);
  cairo_set_line_width (cr, 1.0);
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);   /* the lines sit on pixel centres */
  cairo_stroke (cr);
  cairo_restore (cr);
  g_array_unref (walk.splits);
}

/* ---- ruler ------------------------------------------------------------- */

char *
memsim_map_format_address (guint64 address)
{
  const guint64 KiB = 1024, MiB = KiB * 1024, GiB = MiB * 1024;

  if (address != 0 && address % GiB == 0)
    return g_strdup_printf (_("%" PRIu64 " GiB"), address / GiB);
  if (address != 0 && address % MiB == 0)
    return g_strdup_printf (_("%" PRIu64 " MiB"), address / MiB);
  if (address != 0 && address % KiB == 0)
    return g_strdup_printf (_("%" PRIu64 " KiB"), address / KiB);
  return g_strdup_printf ("%" G_GUINT64_FORMAT, address);
}

/* The smallest power of two of bytes whose ticks are @spacing pixels apart. */
static guint64
tick_step (const MemsimMapRange *range,
           double                spacing)
{
  double bytes = spacing * memsim_map_range_bytes_per_pixel (range);
  guint64 step = 1;

  while ((double) step < bytes && step < (G_GUINT64_CONSTANT (1) << 62))
    step <<= 1;
  return step;
}

static void
draw_ticks (cairo_t              *cr,
            const MemsimMapScene *scene,
            guint64               step,
            double                y,
            double                length)
{
  const MemsimMapRange *range = &scene->range;
  double end = MIN (range->start + range->span, range->total);

  for (guint64 a = (guint64) ceil (range->start / step) * step; (double) a <= end; a += step)
    {
      double x = round (memsim_map_range_x_of (range, a)) + 0.5;

      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x, y + length);
    }
  cairo_stroke (cr);
}

static void
draw_tick_labels (cairo_t              *cr,
                  const MemsimMapScene *scene,
                  guint64               step,
                  double                y)
{
  const MemsimMapRange *range = &scene->range;
  double end = MIN (range->start + range->span, range->total);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (scene->layout, attrs);
  pango_layout_set_width (scene->layout, -1);
  for (guint64 a = (guint64) ceil (range->start / step) * step; (double) a <= end; a += step)
    {
      g_autofree char *text = memsim_map_format_address (a);

      pango_layout_set_text (scene->layout, text, -1);
      cairo_move_to (cr, round (memsim_map_range_x_of (range, a)) + 3.0, y);
      pango_cairo_show_layout (cr, scene->layout);
    }
  pango_layout_set_attributes (scene->layout, NULL);
  pango_attr_list_unref (attrs);
}

void
memsim_map_render_ruler (cairo_t              *cr,
                         const MemsimMapScene *scene,
                         double                y,
                         double                h)
{
  guint64 major = tick_step (&scene->range, MIN_TICK_SPACING);
  guint64 minor = MAX (major / 8, 1);
  GdkRGBA ink = scene->palette->foreground;

  while (minor < major
         && memsim_map_range_x_of (&scene->range, scene->range.start + minor) < 6.0)
    minor <<= 1;
  ink.alpha = 0.7;
  gdk_cairo_set_source_rgba (cr, &ink);
  cairo_set_line_width (cr, 1.0);
  draw_ticks (cr, scene, minor, y, 3.0);
  draw_ticks (cr, scene, major, y, h - 2.0);
  if (scene->layout != NULL)
    draw_tick_labels (cr, scene, major, y + 1.0);
}
