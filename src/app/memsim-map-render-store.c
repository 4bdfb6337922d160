/* memsim-map-render-store.c: arenas, pools and pool blocks on the map
 *
 * An arena is a heap block (arena#N) drawn in teal with dots, so it does
 * not pass for a process.  When its pools are at least MIN_POOL_PIXELS
 * wide they appear inside it, outlined and labelled, filled from the
 * bottom by the share of their blocks in use; when a pool's blocks are at
 * least MIN_SLOT_PIXELS wide, each block appears: solid if an object lives
 * there, an outline if free, and the pool header shaded.
 *
 * The arenas are few (a heap of 1 GiB holds 1024 of CPython 3.11's), so
 * every frame asks for all of them; only the pools and blocks in view are
 * looked at.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "memsim-map-render-private.h"

#define MIN_POOL_PIXELS  3.0
#define MIN_SLOT_PIXELS  3.0
#define ARENA_HEADER    16.0

typedef struct {
  cairo_t                    *cr;
  const MemsimMapScene       *scene;
  const MemsimObjectGeometry *geo;
  double                      y, h;      /* the pools' band */
  guint64                     v0, v1;
} Store;

static guint64
class_bytes (const Store *s,
             guint        size_class)
{
  return (guint64) (size_class + 1) * s->geo->alignment;
}

static void
draw_slots (Store                *s,
            const MemsimPoolInfo *pool)
{
  const MemsimMapRange *range = &s->scene->range;
  guint64 size = class_bytes (s, pool->size_class);
  guint64 first = pool->address + s->geo->pool_overhead;
  guint k0 = s->v0 > first ? (guint) ((s->v0 - first) / size) : 0;

  cairo_rectangle (s->cr, memsim_map_range_x_of (range, pool->address), s->y,
                   (double) s->geo->pool_overhead / memsim_map_range_bytes_per_pixel (range), s->h);
  gdk_cairo_set_source_rgba (s->cr, &s->scene->palette->mixed_waste);
  cairo_fill (s->cr);
  gdk_cairo_set_source_rgba (s->cr, &s->scene->palette->pool_used);
  for (guint k = k0; k < pool->n_blocks && first + k * size < s->v1; k++)
    {
      guint64 slot = first + k * size;
      MemsimObjectInfo object;
      double x0 = memsim_map_range_x_of (range, slot) + 1.0;
      double x1 = memsim_map_range_x_of (range, slot + size) - 1.0;

      cairo_rectangle (s->cr, x0 + 0.5, s->y + 2.5, x1 - x0 - 1.0, s->h - 5.0);
      if (memsim_object_store_lookup_address (s->scene->store, slot, &object)
          && object.address == slot)
        cairo_fill (s->cr);
      else
        cairo_stroke (s->cr);
    }
}

static char *
pool_label (const Store          *s,
            guint                 index,
            const MemsimPoolInfo *pool)
{
  g_autofree char *size = NULL;

  if (pool->state == MEMSIM_POOL_UNCARVED)
    return g_strdup_printf (_("pool %u · uncarved"), index);
  size = g_format_size_full (class_bytes (s, pool->size_class), G_FORMAT_SIZE_IEC_UNITS);
  /* TRANSLATORS: pool number · block size · blocks in use/blocks */
  return g_strdup_printf (_("pool %u · %s · %u/%u"), index, size, pool->count, pool->n_blocks);
}

static void
draw_pool (Store                *s,
           guint                 index,
           const MemsimPoolInfo *pool)
{
  const MemsimMapRange *range = &s->scene->range;
  const MemsimMapPalette *palette = s->scene->palette;
  double x0 = memsim_map_range_x_of (range, pool->address);
  double x1 = memsim_map_range_x_of (range, pool->address + s->geo->pool_size);
  double slot_px = class_bytes (s, pool->size_class) / memsim_map_range_bytes_per_pixel (range);
  g_autofree char *label = pool_label (s, index, pool);
  GdkRGBA pale;

  memsim_map_palette_waste_color (palette, &palette->arena, &pale);
  if (pool->state != MEMSIM_POOL_UNCARVED)
    {
      cairo_rectangle (s->cr, x0, s->y, x1 - x0, s->h);
      gdk_cairo_set_source_rgba (s->cr, &pale);
      cairo_fill (s->cr);
      if (slot_px >= MIN_SLOT_PIXELS)
        draw_slots (s, pool);
      else if (pool->n_blocks > 0)
        {
          double used = s->h * pool->count / pool->n_blocks;

          cairo_rectangle (s->cr, x0, s->y + s->h - used, x1 - x0, used);
          gdk_cairo_set_source_rgba (s->cr, &palette->pool_used);
          cairo_fill (s->cr);
        }
    }
  cairo_rectangle (s->cr, round (x0) + 0.5, s->y + 0.5, round (x1) - round (x0) - 1.0, s->h - 1.0);
  gdk_cairo_set_source_rgba (s->cr, &palette->pool_used);
  cairo_stroke (s->cr);
  if (pool->state == MEMSIM_POOL_UNCARVED || slot_px < MIN_SLOT_PIXELS)
    memsim_map_render_label (s->cr, s->scene, label, &pale, x0, x1, s->y, s->h);
}

static gboolean
draw_arena (const MemsimArenaInfo *arena,
            gpointer               user_data)
{
  Store *s = user_data;
  guint64 pool_size = s->geo->pool_size;
  guint i0 = 0, i1 = arena->ntotalpools;

  if (arena->address + s->geo->arena_size <= s->v0 || arena->address >= s->v1
      || pool_size / memsim_map_range_bytes_per_pixel (&s->scene->range) < MIN_POOL_PIXELS)
    return TRUE;
  if (s->v0 > arena->pool_base)
    i0 = (guint) MIN ((s->v0 - arena->pool_base) / pool_size, (guint64) i1);
  if (s->v1 < arena->pool_base + i1 * pool_size)
    i1 = (guint) ((s->v1 - arena->pool_base + pool_size - 1) / pool_size);
  for (guint i = i0; i < i1; i++)
    {
      MemsimPoolInfo pool;

      if (memsim_object_store_get_pool (s->scene->store, arena->index, i, &pool))
        draw_pool (s, i, &pool);
    }
  return TRUE;
}

/* Tall bars keep a strip at the top where the arena's own name stays. */
void
memsim_map_render_store (cairo_t              *cr,
                         const MemsimMapScene *scene,
                         double                y,
                         double                h)
{
  Store s = { cr, scene };

  if (scene->store == NULL)
    return;
  s.geo = memsim_object_profile_get_geometry (memsim_object_store_get_profile (scene->store));
  s.y = h >= 4 * ARENA_HEADER ? y + ARENA_HEADER : y;
  s.h = y + h - s.y;
  memsim_map_render_view_bytes (scene, &s.v0, &s.v1);
  cairo_save (cr);
  cairo_rectangle (cr, 0, y, scene->range.width, h);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.0);
  memsim_object_store_walk_arenas (scene->store, draw_arena, &s);
  cairo_restore (cr);
}
