/* memsim-compare-export-svg.c: the rows' render node onto an SVG surface
 *
 * gsk_render_node_draw() paints every cairo node (the maps and the charts)
 * as the recording surface it was drawn into.  Cairo 1.16's SVG backend
 * keeps a reference to each recording surface painted onto it but the
 * last, and the copy-on-write snapshot it attached to it, so every SVG
 * export leaked the recorded drawing of the maps and charts, the charts'
 * data tiles included (docs/reliability.md, "Sanitizers").  So no
 * recording surface reaches the SVG surface here: this walks the node
 * tree itself, applying containers, transforms and clips with cairo, draws
 * each map and chart again straight onto the SVG with its own drawing code
 * (blocks, lines and text stay vectors), and hands the other leaves (text,
 * colours, borders, shadows), which GTK draws without recording surfaces,
 * to gsk_render_node_draw().
 */
#include "config.h"

#include <math.h>

#include "memsim-compare-window-private.h"

/* A widget the export draws itself, and where it is in the rows box. */
typedef struct {
  graphene_rect_t   bounds;
  MemsimCompareRow *row;
  MemsimChart      *chart;   /* NULL: the row's map */
} Painter;

static void
add_painter (GArray           *painters,
             GtkWidget        *rows_box,
             GtkWidget        *widget,
             MemsimCompareRow *row,
             MemsimChart      *chart)
{
  Painter painter = { .row = row, .chart = chart };

  if (gtk_widget_compute_bounds (widget, rows_box, &painter.bounds))
    g_array_append_val (painters, painter);
}

static GArray *
collect_painters (MemsimCompareWindow *self)
{
  GArray *painters = g_array_new (FALSE, FALSE, sizeof (Painter));

  for (guint r = 0; r < self->n_rows; r++)
    {
      MemsimCompareRow *row = &self->rows[r];

      add_painter (painters, GTK_WIDGET (self->rows_box), row->map, row, NULL);
      for (guint c = 0; c < MEMSIM_COMPARE_N_CHARTS; c++)
        add_painter (painters, GTK_WIDGET (self->rows_box), GTK_WIDGET (row->charts[c]), row,
                     row->charts[c]);
    }
  return painters;
}

static gboolean
near (double a,
      double b)
{
  return fabs (a - b) < 0.5;
}

/* The widget whose snapshot made @node: the one at the same place and of
 * the same size on the surface (whose coordinates are the rows box's). */
static const Painter *
find_painter (GArray        *painters,
              cairo_t       *cr,
              GskRenderNode *node)
{
  graphene_rect_t bounds;
  double x, y, width, height;

  gsk_render_node_get_bounds (node, &bounds);
  x = bounds.origin.x;
  y = bounds.origin.y;
  width = bounds.size.width;
  height = bounds.size.height;
  cairo_user_to_device (cr, &x, &y);
  cairo_user_to_device_distance (cr, &width, &height);
  for (guint i = 0; i < painters->len; i++)
    {
      const Painter *painter = &g_array_index (painters, Painter, i);

      if (near (x, painter->bounds.origin.x) && near (y, painter->bounds.origin.y)
          && near (width, painter->bounds.size.width) && near (height, painter->bounds.size.height))
        return painter;
    }
  return NULL;
}

/* A cairo node of no known widget: its pixels (at twice the size, for
 * print), since painting its recording surface would leak. */
static void
draw_rasterised (GskRenderNode *node,
                 cairo_t       *cr)
{
  const int scale = 2;
  graphene_rect_t bounds;
  cairo_surface_t *image;
  cairo_t *image_cr;

  gsk_render_node_get_bounds (node, &bounds);
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (bounds.size.width) * scale,
                                      (int) ceil (bounds.size.height) * scale);
  cairo_surface_set_device_scale (image, scale, scale);
  cairo_surface_set_device_offset (image, -bounds.origin.x * scale, -bounds.origin.y * scale);
  image_cr = cairo_create (image);
  gsk_render_node_draw (node, image_cr);
  cairo_destroy (image_cr);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_surface_destroy (image);
}

static void
draw_cairo_node (GArray        *painters,
                 GskRenderNode *node,
                 cairo_t       *cr)
{
  const Painter *painter = find_painter (painters, cr, node);
  graphene_rect_t bounds;

  gsk_render_node_get_bounds (node, &bounds);
  cairo_save (cr);
  cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  cairo_clip (cr);
  if (painter == NULL)
    draw_rasterised (node, cr);
  else if (painter->chart != NULL)
    memsim_chart_draw (painter->chart, cr);
  else
    memsim_compare_row_draw_map (painter->row, cr, (int) painter->bounds.size.width,
                                 (int) painter->bounds.size.height);
  cairo_restore (cr);
}

/* A quarter of an ellipse (a corner), or the corner's point if square. */
static void
corner_path (cairo_t               *cr,
             double                 x,
             double                 y,
             const graphene_size_t *radius,
             double                 angle)
{
  if (radius->width <= 0 || radius->height <= 0)
    {
      cairo_line_to (cr, x, y);
      return;
    }
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, radius->width, radius->height);
  cairo_arc (cr, 0, 0, 1, angle, angle + G_PI / 2);
  cairo_restore (cr);
}

static void
rounded_rect_path (cairo_t              *cr,
                   const GskRoundedRect *rect)
{
  const graphene_rect_t *b = &rect->bounds;
  const graphene_size_t *c = rect->corner;
  double left = b->origin.x, top = b->origin.y;
  double right = left + b->size.width, bottom = top + b->size.height;

  cairo_new_sub_path (cr);
  corner_path (cr, left + c[GSK_CORNER_TOP_LEFT].width, top + c[GSK_CORNER_TOP_LEFT].height,
               &c[GSK_CORNER_TOP_LEFT], G_PI);
  corner_path (cr, right - c[GSK_CORNER_TOP_RIGHT].width, top + c[GSK_CORNER_TOP_RIGHT].height,
               &c[GSK_CORNER_TOP_RIGHT], -G_PI / 2);
  corner_path (cr, right - c[GSK_CORNER_BOTTOM_RIGHT].width,
               bottom - c[GSK_CORNER_BOTTOM_RIGHT].height, &c[GSK_CORNER_BOTTOM_RIGHT], 0);
  corner_path (cr, left + c[GSK_CORNER_BOTTOM_LEFT].width,
               bottom - c[GSK_CORNER_BOTTOM_LEFT].height, &c[GSK_CORNER_BOTTOM_LEFT], G_PI / 2);
  cairo_close_path (cr);
}

static void draw_node (GArray        *painters,
                       GskRenderNode *node,
                       cairo_t       *cr);

/* A 2D transform as a cairo matrix; a 3D one is GTK's to draw. */
static void
draw_transform_node (GArray        *painters,
                     GskRenderNode *node,
                     cairo_t       *cr)
{
  GskTransform *transform = gsk_transform_node_get_transform (node);
  float xx, yx, xy, yy, dx, dy;
  cairo_matrix_t matrix;

  if (gsk_transform_get_category (transform) < GSK_TRANSFORM_CATEGORY_2D)
    {
      gsk_render_node_draw (node, cr);
      return;
    }
  gsk_transform_to_2d (transform, &xx, &yx, &xy, &yy, &dx, &dy);
  cairo_matrix_init (&matrix, xx, yx, xy, yy, dx, dy);
  cairo_save (cr);
  cairo_transform (cr, &matrix);
  draw_node (painters, gsk_transform_node_get_child (node), cr);
  cairo_restore (cr);
}

static void
draw_clip_node (GArray        *painters,
                GskRenderNode *node,
                cairo_t       *cr)
{
  const graphene_rect_t *clip = gsk_clip_node_get_clip (node);

  cairo_save (cr);
  cairo_rectangle (cr, clip->origin.x, clip->origin.y, clip->size.width, clip->size.height);
  cairo_clip (cr);
  draw_node (painters, gsk_clip_node_get_child (node), cr);
  cairo_restore (cr);
}

static void
draw_rounded_clip_node (GArray        *painters,
                        GskRenderNode *node,
                        cairo_t       *cr)
{
  cairo_save (cr);
  rounded_rect_path (cr, gsk_rounded_clip_node_get_clip (node));
  cairo_clip (cr);
  draw_node (painters, gsk_rounded_clip_node_get_child (node), cr);
  cairo_restore (cr);
}

static void
draw_node (GArray        *painters,
           GskRenderNode *node,
           cairo_t       *cr)
{
  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        draw_node (painters, gsk_container_node_get_child (node, i), cr);
      break;
    case GSK_DEBUG_NODE:
      draw_node (painters, gsk_debug_node_get_child (node), cr);
      break;
    case GSK_TRANSFORM_NODE:
      draw_transform_node (painters, node, cr);
      break;
    case GSK_CLIP_NODE:
      draw_clip_node (painters, node, cr);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      draw_rounded_clip_node (painters, node, cr);
      break;
    case GSK_CAIRO_NODE:
      draw_cairo_node (painters, node, cr);
      break;
    default:
      /* Text, colours, borders, shadows: no recording surface.  (The rows
       * have no opacity, blend or other group node above a map or chart.) */
      gsk_render_node_draw (node, cr);
      break;
    }
}

void
memsim_compare_window_draw_svg (MemsimCompareWindow *self,
                                GskRenderNode       *node,
                                cairo_t             *cr)
{
  g_autoptr(GArray) painters = collect_painters (self);

  draw_node (painters, node, cr);
}
