/* memsim-map-render.c: the bar of the memory map
 *
 * The bar starts as free space (the hatch over the background); live
 * blocks are painted over it.  Two ways, picked per frame by how many
 * blocks are in view (one O(log n) aggregate of the whole view tells):
 *
 *   walk     at most one block per pixel: every block in view is drawn as
 *            itself, with its colour, pattern, rounded-up tail, separator
 *            and label.  O(log n + width).
 *   columns  more: one memsim_heap_aggregate() call fills one column per
 *            pixel with its used, wasted and free bytes, and each column is
 *            a stack: used at the bottom, waste above, free (the hatch) on
 *            top.  A column inside one block takes that block's colour (one
 *            cached look-up per block, so a few hundred at most); a column
 *            of several blocks is grey.  O(width · log n).
 *
 * Neither way ever visits every block of the heap.
 */
#include "config.h"

#include <math.h>

#include "memsim-map-render.h"
#include "memsim-map-render-private.h"

void
memsim_map_render_bar_area (const MemsimMapScene *scene,
                            double                height,
                            double               *out_y,
                            double               *out_height)
{
  double top = memsim_map_render_has_buddy (scene) ? MEMSIM_MAP_BUDDY_BAND : 0.0;

  *out_y = top;
  *out_height = MAX (height - top - MEMSIM_MAP_RULER_BAND, 1.0);
}

gboolean
memsim_map_render_walks (const MemsimMapScene *scene)
{
  MemsimColumn all;
  guint64 a0, a1;

  memsim_map_render_view_bytes (scene, &a0, &a1);
  memsim_heap_aggregate (scene->heap, a0, a1, 1, &all);
  return all.n_blocks <= scene->range.width * MEMSIM_MAP_WALK_BLOCKS_PER_PIXEL;
}

/* The whole bytes the view touches. */
void
memsim_map_render_view_bytes (const MemsimMapScene *scene,
                              guint64              *out_start,
                              guint64              *out_end)
{
  *out_start = (guint64) floor (scene->range.start);
  *out_end = (guint64) MIN (ceil (scene->range.start + scene->range.span), scene->range.total);
}

gboolean
memsim_map_render_is_arena (const MemsimMapScene  *scene,
                            const MemsimBlockInfo *block)
{
  return scene->store != NULL && !block->free && g_str_has_prefix (block->name, "arena#")
         && memsim_object_store_owns_block (scene->store, block->name);
}

void
memsim_map_render_block_color (const MemsimMapScene  *scene,
                               const MemsimBlockInfo *block,
                               GdkRGBA               *out_color)
{
  if (memsim_map_render_is_arena (scene, block))
    *out_color = scene->palette->arena;
  else
    memsim_map_palette_block_color (scene->palette, block->name, out_color);
}

/* Fills the current path with the block's colour and pattern. */
static void
fill_block (cairo_t               *cr,
            const MemsimMapScene  *scene,
            const MemsimBlockInfo *block)
{
  GdkRGBA color;

  memsim_map_render_block_color (scene, block, &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_fill_preserve (cr);
  if (memsim_map_render_is_arena (scene, block))
    cairo_set_source (cr, scene->palette->dots);
  else if (memsim_map_palette_is_striped (block->name))
    cairo_set_source (cr, scene->palette->stripes);
  else
    {
      cairo_new_path (cr);
      return;
    }
  cairo_fill (cr);
}

static void
fill_waste (cairo_t               *cr,
            const MemsimMapScene  *scene,
            const MemsimBlockInfo *block)
{
  GdkRGBA color, waste;

  memsim_map_render_block_color (scene, block, &color);
  memsim_map_palette_waste_color (scene->palette, &color, &waste);
  gdk_cairo_set_source_rgba (cr, &waste);
  cairo_fill (cr);
}

/* A label inside [x0, x1) × [y, y + h), if it fits: the name, and the
 * size under it when the bar is tall enough. */
void
memsim_map_render_label (cairo_t              *cr,
                         const MemsimMapScene *scene,
                         const char           *text,
                         const GdkRGBA        *fill,
                         double                x0,
                         double                x1,
                         double                y,
                         double                h)
{
  PangoLayout *layout = scene->layout;
  int text_width, text_height;
  GdkRGBA ink;

  x0 = MAX (x0, 0.0);
  x1 = MIN (x1, scene->range.width);
  if (layout == NULL || x1 - x0 < 28.0 || h < 12.0)
    return;
  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) ((x1 - x0 - 6.0) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  if (text_height > h)
    return;
  memsim_map_palette_text_color (fill, &ink);
  gdk_cairo_set_source_rgba (cr, &ink);
  cairo_move_to (cr, x0 + 3.0, y + (h - text_height) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

void
memsim_map_render_block_label (cairo_t               *cr,
                               const MemsimMapScene  *scene,
                               const MemsimBlockInfo *block,
                               double                 x0,
                               double                 x1,
                               double                 y,
                               double                 h)
{
  g_autofree char *size = g_format_size_full (block->size, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *text = NULL;
  GdkRGBA color;

  memsim_map_render_block_color (scene, block, &color);
  /* Over a tall arena the pools take the bar; the name keeps the top. */
  if (memsim_map_render_is_arena (scene, block) && h >= 64.0)
    h = 16.0;
  text = h >= 40.0 ? g_strdup_printf ("%s\n%s", block->name, size) : g_strdup (block->name);
  memsim_map_render_label (cr, scene, text, &color, x0, x1, y, h);
}

/* ---- walk: block by block ------------------------------------------------ */

typedef struct {
  cairo_t              *cr;
  const MemsimMapScene *scene;
  double                y, h;
} Walk;

static gboolean
draw_walked_block (const MemsimBlockInfo *block,
                   gpointer               user_data)
{
  Walk *walk = user_data;
  const MemsimMapRange *range = &walk->scene->range;
  cairo_t *cr = walk->cr;
  double x0 = memsim_map_range_x_of (range, block->start);
  double x1 = memsim_map_range_x_of (range, block->start + block->size);
  double xw = memsim_map_range_x_of (range, block->start + block->requested);

  x0 = MAX (x0, -2.0);
  x1 = MIN (x1, range->width + 2.0);
  if (!block->free)
    {
      cairo_rectangle (cr, x0, walk->y, MIN (xw, x1) - x0, walk->h);
      fill_block (cr, walk->scene, block);
      if (xw < x1)
        {
          cairo_rectangle (cr, MAX (xw, x0), walk->y, x1 - MAX (xw, x0), walk->h);
          fill_waste (cr, walk->scene, block);
        }
    }
  if (x1 - x0 >= 4.0)
    {
      /* A gap of background between neighbours, so equal colours part. */
      gdk_cairo_set_source_rgba (cr, &walk->scene->palette->background);
      cairo_rectangle (cr, floor (x0), walk->y, 1.0, walk->h);
      cairo_fill (cr);
    }
  if (!block->free)
    memsim_map_render_block_label (cr, walk->scene, block, x0 + 1.0, MIN (xw, x1), walk->y,
                                   walk->h);
  return TRUE;
}

static void
draw_walk (cairo_t              *cr,
           const MemsimMapScene *scene,
           double                y,
           double                h)
{
  Walk walk = { cr, scene, y, h };
  guint64 a0, a1;

  memsim_map_render_view_bytes (scene, &a0, &a1);
  memsim_heap_walk (scene->heap, a0, a1, draw_walked_block, &walk);
}

/* ---- columns: one aggregate per pixel ----------------------------------- */

typedef struct {
  cairo_t              *cr;
  const MemsimMapScene *scene;
  double                y, h;
  MemsimColumn         *columns;
  guint64              *edges;       /* n + 1 addresses */
  guint                 n;
  MemsimBlockInfo       block;       /* the last block looked up */
  gboolean              have_block;
} Columns;

/* The block that holds @address, looked up only when the last one does
 * not: a run of columns inside one block costs one look-up. */
static const MemsimBlockInfo *
block_at (Columns *c,
          guint64  address)
{
  if (!c->have_block || address < c->block.start || address >= c->block.start + c->block.size)
    c->have_block = memsim_heap_lookup_address (c->scene->heap, address, &c->block);
  return c->have_block ? &c->block : NULL;
}

/* A column inside a single live block shows that block; others are mixed. */
static const MemsimBlockInfo *
column_block (Columns *c,
              guint    i)
{
  const MemsimColumn *col = &c->columns[i];
  const MemsimBlockInfo *block;

  if (col->n_blocks != 1 || col->used == 0)
    return NULL;
  block = block_at (c, c->edges[i]);
  return block != NULL && !block->free ? block : NULL;
}

/* Column i's used (@waste FALSE) or waste part, as a rectangle. */
static void
add_column_part (Columns *c,
                 guint    i,
                 gboolean waste)
{
  const MemsimColumn *col = &c->columns[i];
  double bytes = (double) (c->edges[i + 1] - c->edges[i]);
  double used_h = c->h * (double) (col->used - col->waste) / bytes;
  double waste_h = c->h * (double) col->waste / bytes;
  double bottom = c->y + c->h;

  if (!waste && used_h > 0.0)
    cairo_rectangle (c->cr, i, bottom - used_h, 1.0, used_h);
  else if (waste && waste_h > 0.0)
    cairo_rectangle (c->cr, i, bottom - used_h - waste_h, 1.0, waste_h);
}

static void
flush_run (Columns               *c,
           const MemsimBlockInfo *block,
           gboolean               waste,
           guint                  run_start,
           guint                  run_end)
{
  cairo_t *cr = c->cr;

  if (block == NULL)
    {
      gdk_cairo_set_source_rgba (cr, waste ? &c->scene->palette->mixed_waste
                                           : &c->scene->palette->mixed);
      cairo_fill (cr);
      return;
    }
  if (waste)
    fill_waste (cr, c->scene, block);
  else
    {
      fill_block (cr, c->scene, block);
      memsim_map_render_block_label (cr, c->scene, block, run_start, run_end, c->y, c->h);
    }
}

/* One pass over the columns, filling each run of columns that share a
 * block (or share being mixed) at once. */
static void
draw_column_pass (Columns *c,
                  gboolean waste)
{
  MemsimBlockId run_id = MEMSIM_BLOCK_NONE;
  guint run_start = 0;

  c->have_block = FALSE;
  for (guint i = 0; i <= c->n; i++)
    {
      const MemsimBlockInfo *block = i < c->n ? column_block (c, i) : NULL;
      MemsimBlockId id = block != NULL ? block->id : MEMSIM_BLOCK_NONE;

      if (i == c->n || (i > 0 && id != run_id))
        {
          MemsimBlockInfo previous;

          /* The run's block is looked up again: the cache moved on. */
          if (run_id != MEMSIM_BLOCK_NONE
              && memsim_heap_get_block (c->scene->heap, run_id, &previous))
            flush_run (c, &previous, waste, run_start, i);
          else
            flush_run (c, NULL, waste, run_start, i);
          run_start = i;
          if (i == c->n)
            break;
        }
      run_id = id;
      add_column_part (c, i, waste);
    }
}

static void
draw_columns (cairo_t              *cr,
              const MemsimMapScene *scene,
              double                y,
              double                h)
{
  Columns c = { cr, scene, y, h };
  guint64 a0, a1;

  memsim_map_render_view_bytes (scene, &a0, &a1);
  c.n = (guint) ceil (scene->range.width);
  c.columns = g_new (MemsimColumn, c.n);
  c.edges = g_new (guint64, c.n + 1);
  for (guint i = 0; i <= c.n; i++)
    c.edges[i] = a0 + (guint64) ((unsigned __int128) (a1 - a0) * i / c.n);
  memsim_heap_aggregate (scene->heap, a0, a1, c.n, c.columns);
  draw_column_pass (&c, FALSE);
  draw_column_pass (&c, TRUE);
  g_free (c.columns);
  g_free (c.edges);
}

/* ---- the bar ------------------------------------------------------------- */

static void
draw_free_background (cairo_t              *cr,
                      const MemsimMapScene *scene,
                      double                y,
                      double                h)
{
  const MemsimMapRange *range = &scene->range;
  double end = memsim_map_range_x_of (range, range->total);

  cairo_rectangle (cr, 0, y, MIN (end, range->width), h);
  gdk_cairo_set_source_rgba (cr, &scene->palette->background);
  cairo_fill_preserve (cr);
  cairo_set_source (cr, scene->palette->free_hatch);
  cairo_fill (cr);
}

/* The buddy tail: free bytes no request can ever use. */
static void
draw_unusable_tail (cairo_t              *cr,
                    const MemsimMapScene *scene,
                    double                y,
                    double                h)
{
  MemsimMetrics metrics;
  double x0, x1;

  memsim_heap_get_metrics (scene->heap, &metrics);
  if (metrics.unusable == 0)
    return;
  x0 = memsim_map_range_x_of (&scene->range, (double) (metrics.total - metrics.unusable));
  x1 = memsim_map_range_x_of (&scene->range, (double) metrics.total);
  if (x1 <= 0.0 || x0 >= scene->range.width)
    return;
  cairo_rectangle (cr, MAX (x0, 0.0), y, MIN (x1, scene->range.width) - MAX (x0, 0.0), h);
  gdk_cairo_set_source_rgba (cr, &scene->palette->unusable);
  cairo_fill_preserve (cr);
  cairo_set_source (cr, scene->palette->free_hatch);
  cairo_fill (cr);
}

void
memsim_map_render_bar (cairo_t              *cr,
                       const MemsimMapScene *scene,
                       double                y,
                       double                height)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, y, scene->range.width, height);
  cairo_clip (cr);
  draw_free_background (cr, scene, y, height);
  if (memsim_map_render_walks (scene))
    draw_walk (cr, scene, y, height);
  else
    draw_columns (cr, scene, y, height);
  draw_unusable_tail (cr, scene, y, height);
  cairo_restore (cr);
}

/* The selected block, outlined; never thinner than 3 pixels, so that a
 * block smaller than a pixel can still be found. */
static void
draw_selection (cairo_t              *cr,
                const MemsimMapScene *scene,
                double                y,
                double                h)
{
  MemsimBlockInfo block;
  double x0, x1;

  if (scene->selected == NULL || !memsim_heap_lookup_name (scene->heap, scene->selected, &block))
    return;
  x0 = memsim_map_range_x_of (&scene->range, block.start);
  x1 = memsim_map_range_x_of (&scene->range, block.start + block.size);
  if (x1 - x0 < 3.0)
    {
      double middle = (x0 + x1) / 2.0;

      x0 = middle - 1.5;
      x1 = middle + 1.5;
    }
  x0 = MAX (x0, -2.0);
  x1 = MIN (x1, scene->range.width + 2.0);
  cairo_set_line_width (cr, 2.0);
  gdk_cairo_set_source_rgba (cr, &scene->palette->selection);
  cairo_rectangle (cr, x0 + 1.0, y + 1.0, x1 - x0 - 2.0, h - 2.0);
  cairo_stroke (cr);
}

void
memsim_map_render (cairo_t              *cr,
                   const MemsimMapScene *scene,
                   double                height)
{
  double y, h;

  memsim_map_render_bar_area (scene, height, &y, &h);
  memsim_map_render_bar (cr, scene, y, h);
  memsim_map_render_store (cr, scene, y, h);
  draw_selection (cr, scene, y, h);
  if (y > 0.0)
    memsim_map_render_buddy (cr, scene, 0.0, y);
  memsim_map_render_ruler (cr, scene, y + h, MEMSIM_MAP_RULER_BAND);
}
