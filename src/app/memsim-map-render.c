/* memsim-map-render.c: the bar of the memory map
 *
 * The bar starts as free space (the hatch over the background); live
 * blocks are painted over it, in one of two ways picked per frame by how
 * many blocks are in view (one O(log n) aggregate of the whole view tells):
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
 * Neither way ever visits every block of the heap.  Both gather their
 * rectangles by colour and fill them together, on whole pixels (see
 * "groups" below).
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

/* ---- groups: one fill per colour ---------------------------------------- */

/* Rectangles are gathered by what fills them and filled together at the
 * end: a frame is some twenty fills however many blocks it shows.  Their
 * edges are whole pixels (and antialiasing is off), so cairo composites
 * them as boxes, its fastest path. */
enum {
  GROUP_BODY,                                    /* + palette index */
  GROUP_ARENA = GROUP_BODY + MEMSIM_MAP_PALETTE_SIZE,
  GROUP_WASTE,                                   /* + palette index */
  GROUP_ARENA_WASTE = GROUP_WASTE + MEMSIM_MAP_PALETTE_SIZE,
  GROUP_MIXED,
  GROUP_MIXED_WASTE,
  GROUP_STRIPES,
  GROUP_DOTS,
  GROUP_SEPARATOR,
  N_GROUPS
};

typedef struct {
  guint64 start, size, requested;
  char   *name;
  double  x0, x1;
} Label;

typedef struct {
  cairo_t              *cr;
  const MemsimMapScene *scene;
  double                y, h;
  GArray               *rects[N_GROUPS];   /* cairo_rectangle_t */
  GArray               *labels;            /* Label */
} Groups;

static void
groups_init (Groups               *g,
             cairo_t              *cr,
             const MemsimMapScene *scene,
             double                y,
             double                h)
{
  g->cr = cr;
  g->scene = scene;
  g->y = y;
  g->h = h;
  for (guint i = 0; i < N_GROUPS; i++)
    g->rects[i] = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  g->labels = g_array_new (FALSE, FALSE, sizeof (Label));
}

/* Adds a rectangle, merged into the group's last one when it continues it. */
static void
groups_add (Groups *g,
            guint   group,
            double  x,
            double  y,
            double  w,
            double  h)
{
  GArray *rects = g->rects[group];
  cairo_rectangle_t *last = rects->len > 0 ? &g_array_index (rects, cairo_rectangle_t, rects->len - 1)
                                           : NULL;

  if (w <= 0.0 || h <= 0.0)
    return;
  if (last != NULL && last->y == y && last->height == h && last->x + last->width == x)
    {
      last->width += w;
      return;
    }
  g_array_append_val (rects, ((cairo_rectangle_t) { x, y, w, h }));
}

static void
set_group_source (Groups *g,
                  guint   group)
{
  const MemsimMapPalette *palette = g->scene->palette;
  GdkRGBA waste;

  if (group < GROUP_ARENA)
    gdk_cairo_set_source_rgba (g->cr, &palette->blocks[group - GROUP_BODY]);
  else if (group == GROUP_ARENA)
    gdk_cairo_set_source_rgba (g->cr, &palette->arena);
  else if (group <= GROUP_ARENA_WASTE)
    {
      memsim_map_palette_waste_color (palette, group == GROUP_ARENA_WASTE ? &palette->arena
                                      : &palette->blocks[group - GROUP_WASTE], &waste);
      gdk_cairo_set_source_rgba (g->cr, &waste);
    }
  else if (group == GROUP_MIXED)
    gdk_cairo_set_source_rgba (g->cr, &palette->mixed);
  else if (group == GROUP_MIXED_WASTE)
    gdk_cairo_set_source_rgba (g->cr, &palette->mixed_waste);
  else if (group == GROUP_STRIPES)
    cairo_set_source (g->cr, palette->stripes);
  else if (group == GROUP_DOTS)
    cairo_set_source (g->cr, palette->dots);
  else
    gdk_cairo_set_source_rgba (g->cr, &palette->background);
}

static void
draw_label (Groups      *g,
            const Label *label)
{
  MemsimBlockInfo block = { 0 };

  block.start = label->start;
  block.size = label->size;
  block.requested = label->requested;
  block.name = label->name;
  memsim_map_render_block_label (g->cr, g->scene, &block, label->x0, label->x1, g->y, g->h);
}

/* Fills every group, draws the labels on top, and frees it all. */
static void
groups_finish (Groups *g)
{
  cairo_save (g->cr);
  cairo_set_antialias (g->cr, CAIRO_ANTIALIAS_NONE);
  for (guint group = 0; group < N_GROUPS; group++)
    {
      GArray *rects = g->rects[group];

      for (guint i = 0; i < rects->len; i++)
        {
          const cairo_rectangle_t *r = &g_array_index (rects, cairo_rectangle_t, i);

          cairo_rectangle (g->cr, r->x, r->y, r->width, r->height);
        }
      if (rects->len > 0)
        {
          set_group_source (g, group);
          cairo_fill (g->cr);
        }
      g_array_unref (rects);
    }
  cairo_restore (g->cr);
  for (guint i = 0; i < g->labels->len; i++)
    {
      Label *label = &g_array_index (g->labels, Label, i);

      draw_label (g, label);
      g_free (label->name);
    }
  g_array_unref (g->labels);
}

static guint
color_index (const MemsimMapScene  *scene,
             const MemsimBlockInfo *block)
{
  return memsim_map_palette_hash (block->name) % MEMSIM_MAP_PALETTE_SIZE;
}

/* A live block's part [x0, x1) × [y, y + h): its body or its waste. */
static void
add_block_part (Groups                *g,
                const MemsimBlockInfo *block,
                gboolean               waste,
                double                 x0,
                double                 x1,
                double                 y,
                double                 h)
{
  gboolean arena = memsim_map_render_is_arena (g->scene, block);
  guint index = color_index (g->scene, block);

  if (waste)
    {
      groups_add (g, arena ? GROUP_ARENA_WASTE : GROUP_WASTE + index, x0, y, x1 - x0, h);
      return;
    }
  groups_add (g, arena ? GROUP_ARENA : GROUP_BODY + index, x0, y, x1 - x0, h);
  if (arena)
    groups_add (g, GROUP_DOTS, x0, y, x1 - x0, h);
  else if (memsim_map_palette_is_striped (block->name))
    groups_add (g, GROUP_STRIPES, x0, y, x1 - x0, h);
}

static void
add_label (Groups                *g,
           const MemsimBlockInfo *block,
           double                 x0,
           double                 x1)
{
  Label label = { block->start, block->size, block->requested, g_strdup (block->name), x0, x1 };

  if (x1 - x0 < 28.0)
    {
      g_free (label.name);
      return;
    }
  g_array_append_val (g->labels, label);
}

/* ---- walk: block by block ------------------------------------------------ */

/* A pixel edge, kept within a pixel or two of the view. */
static double
edge (const MemsimMapScene *scene,
      guint64               address)
{
  double x = round (memsim_map_range_x_of (&scene->range, address));

  return CLAMP (x, -2.0, scene->range.width + 2.0);
}

static gboolean
draw_walked_block (const MemsimBlockInfo *block,
                   gpointer               user_data)
{
  Groups *g = user_data;
  double x0 = edge (g->scene, block->start);
  double x1 = MAX (edge (g->scene, block->start + block->size), x0 + 1.0);
  double xw = CLAMP (edge (g->scene, block->start + block->requested), x0, x1);

  if (!block->free)
    {
      /* A block a pixel wide shows its body, not its tail. */
      if (x1 - x0 <= 1.0)
        xw = x1;
      add_block_part (g, block, FALSE, x0, xw, g->y, g->h);
      add_block_part (g, block, TRUE, xw, x1, g->y, g->h);
      add_label (g, block, x0 + 1.0, xw);
    }
  /* A gap of background between neighbours, so equal colours part. */
  if (x1 - x0 >= 4.0)
    groups_add (g, GROUP_SEPARATOR, x0, g->y, 1.0, g->h);
  return TRUE;
}

static void
draw_walk (cairo_t              *cr,
           const MemsimMapScene *scene,
           double                y,
           double                h)
{
  Groups g;
  guint64 a0, a1;

  groups_init (&g, cr, scene, y, h);
  memsim_map_render_view_bytes (scene, &a0, &a1);
  memsim_heap_walk (scene->heap, a0, a1, draw_walked_block, &g);
  groups_finish (&g);
}

/* ---- columns: one aggregate per pixel ----------------------------------- */

typedef struct {
  Groups           g;
  MemsimColumn    *columns;
  guint64         *edges;       /* n + 1 addresses */
  guint            n;
  MemsimBlockInfo  block;       /* the last block looked up */
  gboolean         have_block;
  Label            run;         /* the block of the current run of columns */
  gboolean         in_run;
} Columns;

/* The block that holds @address, looked up only when the last one does
 * not: a run of columns inside one block costs one look-up. */
static const MemsimBlockInfo *
block_at (Columns *c,
          guint64  address)
{
  if (!c->have_block || address < c->block.start || address >= c->block.start + c->block.size)
    c->have_block = memsim_heap_lookup_address (c->g.scene->heap, address, &c->block);
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

/* Column i as a stack from the bottom: used, waste, then free (the
 * background shows through).  Heights are whole pixels. */
static void
add_column (Columns *c,
            guint    i)
{
  const MemsimColumn *col = &c->columns[i];
  const MemsimBlockInfo *block = column_block (c, i);
  double bytes = (double) (c->edges[i + 1] - c->edges[i]);
  double used, body, bottom = c->g.y + c->g.h;

  if (bytes == 0.0)
    return;
  used = round (c->g.h * (double) col->used / bytes);
  body = round (c->g.h * (double) (col->used - col->waste) / bytes);
  if (block == NULL)
    {
      groups_add (&c->g, GROUP_MIXED, i, bottom - body, 1.0, body);
      groups_add (&c->g, GROUP_MIXED_WASTE, i, bottom - used, 1.0, used - body);
      return;
    }
  add_block_part (&c->g, block, FALSE, i, i + 1.0, bottom - body, body);
  add_block_part (&c->g, block, TRUE, i, i + 1.0, bottom - used, used - body);
}

/* A run of columns inside one block is labelled as a block would be. */
static void
close_run (Columns *c,
           guint    end)
{
  if (!c->in_run)
    return;
  c->run.x1 = end;
  if (c->run.x1 - c->run.x0 >= 28.0)
    g_array_append_val (c->g.labels, c->run);
  else
    g_free (c->run.name);
  c->in_run = FALSE;
}

static void
track_run (Columns *c,
           guint    i)
{
  const MemsimBlockInfo *block = i < c->n ? column_block (c, i) : NULL;

  if (c->in_run && (block == NULL || block->start != c->run.start))
    close_run (c, i);
  if (block != NULL && !c->in_run)
    {
      c->run = (Label) { block->start, block->size, block->requested, g_strdup (block->name),
                         i + 1.0, 0.0 };
      c->in_run = TRUE;
    }
}

static void
draw_columns (cairo_t              *cr,
              const MemsimMapScene *scene,
              double                y,
              double                h)
{
  Columns c = { 0 };
  guint64 a0, a1;

  groups_init (&c.g, cr, scene, y, h);
  memsim_map_render_view_bytes (scene, &a0, &a1);
  c.n = (guint) ceil (scene->range.width);
  c.columns = g_new (MemsimColumn, c.n);
  c.edges = g_new (guint64, c.n + 1);
  for (guint i = 0; i <= c.n; i++)
    c.edges[i] = a0 + (guint64) ((unsigned __int128) (a1 - a0) * i / c.n);
  memsim_heap_aggregate (scene->heap, a0, a1, c.n, c.columns);
  for (guint i = 0; i < c.n; i++)
    {
      track_run (&c, i);
      add_column (&c, i);
    }
  close_run (&c, c.n);
  groups_finish (&c.g);
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

  cairo_rectangle (cr, 0, y, round (MIN (end, range->width)), h);
  cairo_set_source (cr, scene->palette->free_tile);
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

gboolean
memsim_map_render_selection_rect (const MemsimMapScene *scene,
                                  double                height,
                                  graphene_rect_t      *out_rect)
{
  MemsimBlockInfo block;
  double y, h, x0, x1;

  if (scene->selected == NULL || !memsim_heap_lookup_name (scene->heap, scene->selected, &block))
    return FALSE;
  memsim_map_render_bar_area (scene, height, &y, &h);
  x0 = round (memsim_map_range_x_of (&scene->range, block.start));
  x1 = round (memsim_map_range_x_of (&scene->range, block.start + block.size));
  if (x1 - x0 < 3.0)
    {
      x0 = round ((x0 + x1) / 2.0 - 1.5);
      x1 = x0 + 3.0;
    }
  x0 = MAX (x0, -2.0);
  x1 = MIN (x1, scene->range.width + 2.0);
  if (x1 <= x0)
    return FALSE;
  graphene_rect_init (out_rect, x0, y, x1 - x0, h);
  return TRUE;
}

static void
draw_selection (cairo_t              *cr,
                const MemsimMapScene *scene,
                double                height)
{
  graphene_rect_t r;

  if (!memsim_map_render_selection_rect (scene, height, &r))
    return;
  cairo_set_line_width (cr, 2.0);
  gdk_cairo_set_source_rgba (cr, &scene->palette->selection);
  cairo_rectangle (cr, r.origin.x + 1.0, r.origin.y + 1.0, r.size.width - 2.0, r.size.height - 2.0);
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
  draw_selection (cr, scene, height);
  if (y > 0.0)
    memsim_map_render_buddy (cr, scene, 0.0, y);
  memsim_map_render_ruler (cr, scene, y + h, MEMSIM_MAP_RULER_BAND);
}
