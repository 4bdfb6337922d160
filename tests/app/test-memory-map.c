/* test-memory-map.c: the memory map under Xvfb — rendering (pixels of a
 * real snapshot, saved as PNG), zoom and pan, hit testing, selection,
 * tooltip and accessibility.  docs/memory-map.md is what is checked. */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "memsim-map-overview.h"
#include "memsim-map-palette.h"
#include "memsim-map-range.h"
#include "memsim-map-render.h"
#include "memsim-map-view.h"
#include "memsim-memory-map-private.h"

/* ---- helpers -------------------------------------------------------------- */

static void
apply (MemsimSession *session,
       MemsimOp      *op)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = memsim_session_apply (session, op, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  memsim_op_free (op);
}

static void
alloc (MemsimSession *session,
       const char    *name,
       guint64        size,
       MemsimRound    round)
{
  MemsimOp *op = memsim_op_new (MEMSIM_OP_ALLOC);

  op->name = g_strdup (name);
  op->size = size;
  op->round = round;
  apply (session, op);
}

static void
release (MemsimSession *session,
         const char    *name)
{
  MemsimOp *op = memsim_op_new (MEMSIM_OP_FREE);

  op->name = g_strdup (name);
  apply (session, op);
}

static void
store (MemsimSession *session,
       const char    *name,
       const char    *type,
       const char    *value)
{
  MemsimOp *op = memsim_op_new (MEMSIM_OP_STORE);

  op->name = g_strdup (name);
  op->type = g_strdup (type);
  op->value = g_strdup (value);
  apply (session, op);
}

static MemsimSession *
new_session (guint64      total,
             MemsimPolicy policy)
{
  MemsimHeapConfig config;

  memsim_heap_config_init (&config, total);
  config.policy = policy;
  return memsim_session_new_with_config (&config);
}

/* 1 KiB, first fit, align 16:
 *   a [0, 256)  e [256, 384) requested 80 (rounded to 128: waste [336, 384))
 *   free [384, 512)  c [512, 768)  free [768, 1024)
 * "a" and "e" are solid, "c" is striped (their name hashes say so). */
static MemsimSession *
sample_session (void)
{
  MemsimSession *session = new_session (1024, MEMSIM_POLICY_FIRST_FIT);

  alloc (session, "a", 256, MEMSIM_ROUND_DEFAULT);
  alloc (session, "e", 80, MEMSIM_ROUND_POW2);
  alloc (session, "f", 128, MEMSIM_ROUND_DEFAULT);
  alloc (session, "c", 256, MEMSIM_ROUND_DEFAULT);
  release (session, "f");
  return session;
}

static void
wait_for_size (GtkWidget *widget,
               int        width,
               int        height)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (gtk_widget_get_width (widget) != width || gtk_widget_get_height (widget) != height
         || !gtk_widget_get_mapped (widget))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
count_call (guint *counter)
{
  (*counter)++;
}

/* Lets pending frame-clock ticks run. */
static void
run_frames (guint milliseconds)
{
  gint64 end = g_get_monotonic_time () + milliseconds * 1000;

  while (g_get_monotonic_time () < end)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (1000);
}

static GtkWindow *
show_in_window (GtkWidget *widget,
                int        width,
                int        height)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_decorated (window, FALSE);
  gtk_window_set_default_size (window, width, height);
  gtk_window_set_child (window, widget);
  gtk_window_present (window);
  wait_for_size (widget, width, height);
  return window;
}

typedef struct {
  guchar *pixels;
  gsize   stride;
  int     width, height;
} Image;

/* Snapshots @widget as the window would draw it, renders the node with the
 * cairo renderer, saves it under the build directory and keeps its pixels. */
static void
render_widget (GtkWidget  *widget,
               const char *png_name,
               Image      *image)
{
  g_autoptr(GError) error = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  const char *dir = g_getenv ("MEMSIM_TEST_OUTPUT_DIR");

  /* What GTK does to draw the widget in a frame: its snapshot vfunc (which
   * snapshots its children in turn). */
  run_frames (20);
  image->width = gtk_widget_get_width (widget);
  image->height = gtk_widget_get_height (widget);
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, gtk_native_get_surface (gtk_widget_get_native (widget)),
                                       &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, image->width, image->height));
  gsk_renderer_unrealize (renderer);
  path = g_build_filename (dir != NULL ? dir : ".", png_name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  image->stride = image->width * 4;
  image->pixels = g_malloc (image->stride * image->height);
  gdk_texture_download (texture, image->pixels, image->stride);
}

/* (r, g, b) 0–255 of an opaque pixel (CAIRO_FORMAT_ARGB32, native endian). */
static void
pixel_at (const Image *image,
          int          x,
          int          y,
          int          rgb[3])
{
  guint32 p = *(guint32 *) (image->pixels + y * image->stride + x * 4);

  g_assert_cmpuint (p >> 24, ==, 0xff);
  rgb[0] = (p >> 16) & 0xff;
  rgb[1] = (p >> 8) & 0xff;
  rgb[2] = p & 0xff;
}

static gboolean
pixel_is (const Image   *image,
          int            x,
          int            y,
          const GdkRGBA *color)
{
  int rgb[3];
  double want[3] = { color->red, color->green, color->blue };

  pixel_at (image, x, y, rgb);
  for (int i = 0; i < 3; i++)
    if (ABS (rgb[i] - (int) (want[i] * 255.0 + 0.5)) > 1)
      return FALSE;
  return TRUE;
}

#define assert_pixel(image, x, y, color) \
  G_STMT_START { \
    int rgb__[3]; \
    pixel_at ((image), (x), (y), rgb__); \
    if (!pixel_is ((image), (x), (y), (color))) \
      g_error ("pixel (%d, %d) is #%02x%02x%02x, expected %s", (x), (y), rgb__[0], rgb__[1], \
               rgb__[2], gdk_rgba_to_string (color)); \
  } G_STMT_END

/* Compares two raw pixels, alpha included (the bands may be translucent). */
static void
assert_same_pixel (const Image *image,
                   int          x0,
                   int          y0,
                   int          x1,
                   int          y1,
                   gboolean     same)
{
  guint32 a = *(guint32 *) (image->pixels + y0 * image->stride + x0 * 4);
  guint32 b = *(guint32 *) (image->pixels + y1 * image->stride + x1 * 4);

  if ((a == b) != same)
    g_error ("pixels (%d, %d) #%08x and (%d, %d) #%08x should %s", x0, y0, a, x1, y1, b,
             same ? "be equal" : "differ");
}

static const MemsimMapPalette *
palette_of (GtkWidget *map)
{
  return memsim_map_palette_get (memsim_memory_map_is_dark (MEMSIM_MEMORY_MAP (map)));
}

/* ---- the view range ------------------------------------------------------- */

static void
test_range_fit_and_limits (void)
{
  MemsimMapRange range;

  memsim_map_range_init (&range, 1024 * 1024, 1000);
  g_assert_cmpfloat (range.start, ==, 0.0);
  g_assert_cmpfloat (range.span, ==, 1024.0 * 1024.0);
  g_assert_true (memsim_map_range_is_fit (&range));

  /* Zooming out of the whole heap stays the whole heap. */
  memsim_map_range_zoom_at (&range, 300, 0.5);
  g_assert_cmpfloat (range.start, ==, 0.0);
  g_assert_cmpfloat (range.span, ==, 1024.0 * 1024.0);

  /* Zooming in stops where one byte is 32 pixels wide. */
  for (int i = 0; i < 40; i++)
    memsim_map_range_zoom_at (&range, 500, 2.0);
  g_assert_cmpfloat (range.span, ==, 1000.0 / 32.0);
  g_assert_cmpfloat (memsim_map_range_x_of (&range, range.start + 1.0), ==, 32.0);

  /* And back out to the whole heap. */
  for (int i = 0; i < 40; i++)
    memsim_map_range_zoom_at (&range, 500, 0.5);
  g_assert_true (memsim_map_range_is_fit (&range));

  memsim_map_range_zoom_at (&range, 500, 8.0);
  memsim_map_range_fit (&range);
  g_assert_true (memsim_map_range_is_fit (&range));
}

static void
test_range_zoom_keeps_point (void)
{
  MemsimMapRange range;
  double before;

  memsim_map_range_init (&range, 1 << 20, 1000);
  before = memsim_map_range_address_at (&range, 250);
  g_assert_cmpfloat (before, ==, 262144.0);
  memsim_map_range_zoom_at (&range, 250, 4.0);
  g_assert_cmpfloat (range.span, ==, 262144.0);
  g_assert_cmpfloat_with_epsilon (memsim_map_range_address_at (&range, 250), before, 1e-9);
  g_assert_cmpfloat_with_epsilon (range.start, 196608.0, 1e-9);

  before = memsim_map_range_address_at (&range, 777);
  memsim_map_range_zoom_at (&range, 777, 1000.0);
  g_assert_cmpfloat_with_epsilon (memsim_map_range_address_at (&range, 777), before, 1e-6);

  /* At an end of the heap the clamp wins: the view stays inside it. */
  memsim_map_range_fit (&range);
  memsim_map_range_zoom_at (&range, 0, 2.0);
  g_assert_cmpfloat (range.start, ==, 0.0);
  memsim_map_range_zoom_at (&range, 1000, 1.0 / 1.5);
  g_assert_cmpfloat (range.start, >=, 0.0);
  g_assert_cmpfloat (range.start + range.span, <=, range.total);
}

static void
test_range_pan_and_show (void)
{
  MemsimMapRange range;

  memsim_map_range_init (&range, 4096, 512);
  memsim_map_range_show (&range, 1024, 2048);
  g_assert_cmpfloat (range.start, ==, 1024.0);
  g_assert_cmpfloat (range.span, ==, 1024.0);
  memsim_map_range_pan (&range, 256);     /* 2 bytes a pixel */
  g_assert_cmpfloat (range.start, ==, 1536.0);
  memsim_map_range_pan (&range, 100000);
  g_assert_cmpfloat (range.start, ==, 3072.0);
  memsim_map_range_pan (&range, -100000);
  g_assert_cmpfloat (range.start, ==, 0.0);

  /* Backwards is the same range; narrower than 16 bytes (512 / 32) is centred. */
  memsim_map_range_show (&range, 3000, 2000);
  g_assert_cmpfloat (range.start, ==, 2000.0);
  g_assert_cmpfloat (range.span, ==, 1000.0);
  memsim_map_range_show (&range, 100, 102);
  g_assert_cmpfloat (range.span, ==, 16.0);
  g_assert_cmpfloat (range.start, ==, 93.0);

  /* A resize keeps the scale, a fitted view stays fitted. */
  memsim_map_range_set_width (&range, 1024);
  g_assert_cmpfloat (range.span, ==, 32.0);
  memsim_map_range_fit (&range);
  memsim_map_range_set_width (&range, 300);
  g_assert_true (memsim_map_range_is_fit (&range));
}

static void
test_range_lens (void)
{
  MemsimMapRange range;
  double x0, x1;

  memsim_map_range_init (&range, 1 << 20, 800);
  memsim_map_range_show (&range, 262144, 524288);
  memsim_map_range_get_lens (&range, 400, &x0, &x1);
  g_assert_cmpfloat (x0, ==, 100.0);
  g_assert_cmpfloat (x1, ==, 200.0);

  /* The lens moved and resized maps back to the view's range. */
  memsim_map_range_set_lens (&range, 400, 150, 350);
  g_assert_cmpfloat (range.start, ==, 393216.0);
  g_assert_cmpfloat (range.span, ==, 524288.0);
  memsim_map_range_set_lens (&range, 400, 0, 400);
  g_assert_true (memsim_map_range_is_fit (&range));
  memsim_map_range_set_lens (&range, 400, 390, 500);
  g_assert_cmpfloat (range.start + range.span, ==, range.total);
}

/* ---- rendering ------------------------------------------------------------ */

static void
test_render_blocks (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *map = memsim_memory_map_new ();
  const MemsimMapPalette *palette;
  GtkWindow *window;
  GdkRGBA a, e, e_waste, c;
  gboolean background = FALSE, hatch = FALSE, stripe = FALSE, solid = FALSE;
  GskRenderNode *node;
  guint view_changes = 0;
  Image image;

  g_assert_false (memsim_map_palette_is_striped ("a"));
  g_assert_false (memsim_map_palette_is_striped ("e"));
  g_assert_true (memsim_map_palette_is_striped ("c"));
  memsim_memory_map_set_session (MEMSIM_MEMORY_MAP (map), session);
  memsim_memory_map_set_selected_name (MEMSIM_MEMORY_MAP (map), "c");
  window = show_in_window (map, 1024, 120);
  render_widget (map, "memory-map-blocks.png", &image);
  palette = palette_of (map);
  memsim_map_palette_block_color (palette, "a", &a);
  memsim_map_palette_block_color (palette, "e", &e);
  memsim_map_palette_block_color (palette, "c", &c);
  memsim_map_palette_waste_color (palette, &e, &e_waste);
  g_assert_false (gdk_rgba_equal (&a, &e));

  /* One byte a pixel; the bar is [0, 102), the ruler below. */
  assert_pixel (&image, 200, 90, &a);
  assert_pixel (&image, 300, 90, &e);
  assert_pixel (&image, 360, 90, &e_waste);     /* e's rounded-up tail */
  assert_pixel (&image, 256, 90, &palette->background);   /* the gap between a and e */
  for (int x = 440; x < 456; x++)
    {
      background |= pixel_is (&image, x, 90, &palette->background);
      hatch |= !pixel_is (&image, x, 90, &palette->background);
      g_assert_false (pixel_is (&image, x, 90, &a) || pixel_is (&image, x, 90, &e));
    }
  g_assert_true (background && hatch);     /* free space is hatched */
  for (int x = 600; x < 612; x++)
    {
      solid |= pixel_is (&image, x, 90, &c);
      stripe |= !pixel_is (&image, x, 90, &c);
    }
  g_assert_true (solid && stripe);         /* c is striped */
  assert_pixel (&image, 512, 90, &palette->selection);    /* c's outline */
  assert_pixel (&image, 767, 50, &palette->selection);
  assert_same_pixel (&image, 800, 90, 808, 90, TRUE);     /* the hatch repeats every 8 pixels */
  g_free (image.pixels);

  /* Selecting redraws the outline only, not the heap; moving redraws it. */
  node = MEMSIM_MEMORY_MAP (map)->scene_node;
  g_assert_nonnull (node);
  memsim_memory_map_set_selected_name (MEMSIM_MEMORY_MAP (map), "a");
  render_widget (map, "memory-map-select-a.png", &image);
  g_assert_true (MEMSIM_MEMORY_MAP (map)->scene_node == node);
  assert_pixel (&image, 1, 90, &palette->selection);
  assert_pixel (&image, 254, 90, &palette->selection);
  g_assert_false (pixel_is (&image, 512, 90, &palette->selection));   /* c is not any more */
  g_assert_false (pixel_is (&image, 513, 90, &palette->selection));
  g_free (image.pixels);

  /* A change of style that leaves the font as it was (a focus that comes
   * or goes, as when the window becomes active) keeps the scene. */
  g_signal_connect_swapped (map, "view-changed", G_CALLBACK (count_call), &view_changes);
  GTK_WIDGET_GET_CLASS (map)->css_changed (map, NULL);
  g_assert_cmpuint (view_changes, ==, 0);
  g_assert_true (MEMSIM_MEMORY_MAP (map)->scene_node == node);
  g_signal_handlers_disconnect_by_data (map, &view_changes);

  /* The block under the pointer gets a lighter, thinner outline. */
  memsim_memory_map_hover (MEMSIM_MEMORY_MAP (map), 300);
  g_assert_cmpstr (MEMSIM_MEMORY_MAP (map)->hover_name, ==, "e");
  render_widget (map, "memory-map-hover-e.png", &image);
  g_assert_false (pixel_is (&image, 256, 90, &palette->background));
  g_assert_false (pixel_is (&image, 256, 90, &palette->selection));
  assert_pixel (&image, 257, 90, &e);
  g_free (image.pixels);
  memsim_memory_map_hover (MEMSIM_MEMORY_MAP (map), 450);     /* free space: no outline */
  g_assert_null (MEMSIM_MEMORY_MAP (map)->hover_name);

  memsim_memory_map_pan (MEMSIM_MEMORY_MAP (map), 0);
  g_assert_null (MEMSIM_MEMORY_MAP (map)->scene_node);
  gtk_window_destroy (window);
}

/* 16 KiB: a [0, 8192) then 512 blocks of 16 bytes, every other one freed.
 * At 256 pixels, 64 bytes a column: too many blocks to draw one by one. */
static void
test_render_columns (void)
{
  g_autoptr(MemsimSession) session = new_session (16384, MEMSIM_POLICY_FIRST_FIT);
  GtkWidget *map = memsim_memory_map_new ();
  const MemsimMapPalette *palette;
  GtkWindow *window;
  GdkRGBA a;
  Image image;

  memsim_session_begin_batch (session);
  alloc (session, "a", 8192, MEMSIM_ROUND_DEFAULT);
  for (int i = 0; i < 512; i++)
    {
      g_autofree char *name = g_strdup_printf ("s%d", i);

      alloc (session, name, 16, MEMSIM_ROUND_DEFAULT);
    }
  for (int i = 0; i < 512; i += 2)
    {
      g_autofree char *name = g_strdup_printf ("s%d", i);

      release (session, name);
    }
  memsim_session_end_batch (session);
  memsim_memory_map_set_session (MEMSIM_MEMORY_MAP (map), session);
  window = show_in_window (map, 256, 120);
  render_widget (map, "memory-map-columns.png", &image);
  palette = palette_of (map);
  memsim_map_palette_block_color (palette, "a", &a);

  g_assert_false (memsim_map_render_walks (&(MemsimMapScene) {
    .heap = memsim_session_get_heap (session), .range = *memsim_memory_map_get_range (MEMSIM_MEMORY_MAP (map)) }));
  /* A column inside a keeps a's colour, top to bottom. */
  assert_pixel (&image, 10, 2, &a);
  assert_pixel (&image, 10, 100, &a);
  /* A column of four small blocks, half used: grey below, hatched above. */
  assert_pixel (&image, 200, 100, &palette->mixed);
  assert_pixel (&image, 200, 60, &palette->mixed);
  g_assert_false (pixel_is (&image, 200, 40, &palette->mixed));
  g_assert_false (pixel_is (&image, 200, 10, &palette->mixed));

  g_free (image.pixels);
  gtk_window_destroy (window);
}

/* Buddy, 1 KiB, min block 64: a of 64 bytes splits [0, 1024) down to
 * [0, 64): brackets for [0, 1024), [0, 512), [0, 256), [0, 128). */
static void
test_render_buddy_band (void)
{
  g_autoptr(MemsimSession) session = new_session (1024, MEMSIM_POLICY_BUDDY);
  GtkWidget *map = memsim_memory_map_new ();
  GtkWindow *window;
  GdkRGBA a;
  Image image;

  alloc (session, "a", 64, MEMSIM_ROUND_DEFAULT);
  memsim_memory_map_set_session (MEMSIM_MEMORY_MAP (map), session);
  window = show_in_window (map, 1024, 120);
  render_widget (map, "memory-map-buddy.png", &image);
  memsim_map_palette_block_color (palette_of (map), "a", &a);

  /* The bar moves down by the band: [30, 102). */
  assert_pixel (&image, 32, 90, &a);
  assert_same_pixel (&image, 600, 1, 600, 3, FALSE);   /* the root's bracket, row 0 */
  assert_same_pixel (&image, 600, 5, 600, 3, TRUE);    /* [512, 1024) is a leaf: no row 1 there */
  assert_same_pixel (&image, 200, 5, 600, 1, TRUE);    /* [0, 512) is split: row 1 */
  assert_same_pixel (&image, 100, 13, 600, 1, TRUE);   /* [0, 128) split: row 3 */
  assert_same_pixel (&image, 100, 17, 600, 3, TRUE);   /* [0, 64) is a leaf: no row 4 */

  g_free (image.pixels);
  gtk_window_destroy (window);
}

/* One int in the store: arena#1 at 0 (1 MiB), pool 0 carved for 32-byte
 * blocks, the int in its first block at 48 (after the pool header). */
static void
test_render_store (void)
{
  g_autoptr(MemsimSession) session = new_session (2 * 1024 * 1024, MEMSIM_POLICY_FIRST_FIT);
  GtkWidget *map = memsim_memory_map_new ();
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (map);
  const MemsimMapPalette *palette;
  g_autofree char *tooltip = NULL;
  GtkWindow *window;
  GdkRGBA pale;
  Image image;

  store (session, "n", "int", "1000");
  memsim_memory_map_set_session (self, session);
  window = show_in_window (map, 1024, 120);
  palette = palette_of (map);
  memsim_map_palette_waste_color (palette, &palette->arena, &pale);

  /* Pools: 32 bytes a pixel; pool 1 [16384, 32768) starts at x = 256. */
  memsim_memory_map_show_range (self, 8192, 40960);
  render_widget (map, "memory-map-pools.png", &image);
  assert_pixel (&image, 256, 95, &palette->pool_used);  /* pool 1's outline */
  assert_pixel (&image, 100, 95, &pale);                /* pool 0, carved, nearly empty */
  assert_pixel (&image, 500, 95, &palette->arena);      /* pool 1, not carved yet */
  g_free (image.pixels);

  /* Blocks: one byte a pixel; the pool header [0, 48), the int [48, 80). */
  memsim_memory_map_show_range (self, 0, 1024);
  render_widget (map, "memory-map-pool-blocks.png", &image);
  assert_pixel (&image, 20, 60, &palette->mixed_waste);
  assert_pixel (&image, 60, 60, &palette->pool_used);
  assert_pixel (&image, 96, 60, &pale);
  g_free (image.pixels);

  tooltip = memsim_memory_map_tooltip_markup (self, 60);
  g_assert_cmpstr (tooltip, ==, "<b>arena#1</b>\nStart: 0\nSize: 1.0\302\240MiB (1048576 bytes)\n"
                                "Requested: 1.0\302\240MiB (1048576 bytes)\nWaste: 0 bytes\n"
                                "Pool 0: blocks of 32 bytes, 1 of 510 in use\n"
                                "Object 1: int, 28 bytes, 1 reference");
  g_free (tooltip);
  memsim_memory_map_show_range (self, 8192, 40960);
  tooltip = memsim_memory_map_tooltip_markup (self, 500);
  g_assert_true (g_str_has_suffix (tooltip, "Waste: 0 bytes\nPool 1: not carved yet"));
  gtk_window_destroy (window);
}

/* The palette follows the style: dark colours under a dark style. */
static void
test_render_dark (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkWidget *map = memsim_memory_map_new ();
  const MemsimMapPalette *dark = memsim_map_palette_get (TRUE);
  GtkWindow *window;
  GdkRGBA a;
  Image image;

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  memsim_memory_map_set_session (MEMSIM_MEMORY_MAP (map), session);
  window = show_in_window (map, 1024, 120);
  g_assert_true (memsim_memory_map_is_dark (MEMSIM_MEMORY_MAP (map)));
  render_widget (map, "memory-map-dark.png", &image);
  memsim_map_palette_block_color (dark, "a", &a);
  assert_pixel (&image, 200, 90, &a);
  assert_pixel (&image, 256, 90, &dark->background);
  g_free (image.pixels);
  gtk_window_destroy (window);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

/* The whole view, map over overview, on a heap of a few thousand blocks:
 * the PNG is for looking at; the lens is checked. */
static void
test_render_view (void)
{
  g_autoptr(MemsimSession) session = new_session (4 * 1024 * 1024, MEMSIM_POLICY_FIRST_FIT);
  GtkWidget *view = memsim_map_view_new ();
  MemsimMemoryMap *map = MEMSIM_MEMORY_MAP (gtk_widget_get_first_child (view));
  GtkWidget *overview = gtk_widget_get_last_child (view);
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  guint32 seed = 7;
  GtkWindow *window;
  MemsimBlockInfo block;
  Image image;
  double x0, x1;
  int top;

  memsim_session_begin_batch (session);
  for (int i = 0; i < 3000; i++)
    {
      g_autofree char *name = g_strdup_printf ("p%d", i);

      seed = seed * 1103515245u + 12345u;
      alloc (session, name, 16 + (seed >> 16) % 600, (seed >> 8) % 3 == 0 ? MEMSIM_ROUND_POW2
                                                                      : MEMSIM_ROUND_DEFAULT);
    }
  for (int i = 0; i < 3000; i += 3)
    {
      g_autofree char *name = g_strdup_printf ("p%d", i);

      release (session, name);
    }
  memsim_session_end_batch (session);
  store (session, "greeting", "str", "\"hello\"");
  memsim_map_view_set_session (MEMSIM_MAP_VIEW (view), session);
  memsim_map_view_set_selected_name (MEMSIM_MAP_VIEW (view), "p100");
  window = show_in_window (view, 1200, 260);
  memsim_memory_map_show_range (map, 400000, 416000);
  render_widget (view, "memory-map-view.png", &image);

  /* The overview is the last 28 pixels; its lens [400000, 416000) of 4 MiB
   * is 4.6 pixels wide, so drawn 6 wide around x = 116.7, outlined in the
   * accent colour, 2 pixels wide. */
  top = gtk_widget_get_height (view) - gtk_widget_get_height (overview);
  g_assert_cmpint (gtk_widget_get_height (overview), ==, 28);
  memsim_map_overview_get_lens (MEMSIM_MAP_OVERVIEW (overview), 1200, &x0, &x1);
  g_assert_cmpfloat_with_epsilon (x0, 408000.0 / 4194304 * 1200 - 3, 1e-9);
  assert_pixel (&image, (int) ceil (x0), top + 14, &accent);
  assert_pixel (&image, (int) floor (x1) - 1, top + 14, &accent);
  /* The selected block is marked on the strip. */
  g_assert_true (memsim_heap_lookup_name (memsim_session_get_heap (session), "p100", &block));
  assert_pixel (&image, (int) floor (block.start * 1200.0 / 4194304), top + 14,
                &palette_of (GTK_WIDGET (map))->selection);
  g_free (image.pixels);
  gtk_window_destroy (window);
}

/* ---- hit testing, selection, tooltip -------------------------------------- */

static void
test_hit_and_select (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *view = memsim_map_view_new ();
  GtkWidget *map = gtk_widget_get_first_child (view);
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (map);
  MemsimBlockInfo block;
  g_autofree char *tooltip = NULL, *free_tooltip = NULL;
  GtkWindow *window;
  guint notified = 0;

  g_assert_true (MEMSIM_IS_MEMORY_MAP (map));
  g_signal_connect_swapped (view, "notify::selected-name", G_CALLBACK (g_atomic_int_inc), &notified);
  memsim_map_view_set_session (MEMSIM_MAP_VIEW (view), session);
  g_assert_true (memsim_map_view_get_session (MEMSIM_MAP_VIEW (view)) == session);
  window = show_in_window (view, 1024, 160);
  g_assert_cmpint (gtk_widget_get_width (map), ==, 1024);

  g_assert_true (memsim_memory_map_block_at (self, 100, &block));
  g_assert_cmpstr (block.name, ==, "a");
  g_assert_true (memsim_memory_map_block_at (self, 300.5, &block));
  g_assert_cmpstr (block.name, ==, "e");
  g_assert_true (memsim_memory_map_block_at (self, 450, &block));
  g_assert_true (block.free);
  g_assert_cmpuint (block.start, ==, 384);
  g_assert_false (memsim_memory_map_block_at (self, 1030, &block));

  /* A click selects; a click on free space clears. */
  memsim_memory_map_click (self, 600);
  g_assert_cmpstr (memsim_map_view_get_selected_name (MEMSIM_MAP_VIEW (view)), ==, "c");
  g_assert_cmpuint (notified, ==, 1);
  memsim_memory_map_click (self, 601);
  g_assert_cmpuint (notified, ==, 1);
  memsim_memory_map_click (self, 450);
  g_assert_null (memsim_map_view_get_selected_name (MEMSIM_MAP_VIEW (view)));
  g_assert_cmpuint (notified, ==, 2);

  /* Set from outside (the table): notified, and brought into view. */
  memsim_memory_map_show_range (self, 0, 64);
  memsim_map_view_set_selected_name (MEMSIM_MAP_VIEW (view), "c");
  g_assert_cmpstr (memsim_memory_map_get_selected_name (self), ==, "c");
  g_assert_cmpuint (notified, ==, 3);
  /* c is wider than the view: it is shown whole. */
  g_assert_cmpfloat (memsim_memory_map_get_range (self)->span, ==, 256.0);
  g_assert_cmpfloat (memsim_memory_map_get_range (self)->start, ==, 512.0);
  g_object_set (view, "selected-name", NULL, NULL);
  g_assert_cmpuint (notified, ==, 4);
  /* Narrower than the view: centred at the same zoom. */
  memsim_memory_map_show_range (self, 0, 512);
  memsim_map_view_set_selected_name (MEMSIM_MAP_VIEW (view), "c");
  g_assert_cmpfloat (memsim_memory_map_get_range (self)->span, ==, 512.0);
  g_assert_cmpfloat (memsim_memory_map_get_range (self)->start, ==, 384.0);
  /* Already in view: the view stays. */
  memsim_map_view_set_selected_name (MEMSIM_MAP_VIEW (view), NULL);
  memsim_map_view_set_selected_name (MEMSIM_MAP_VIEW (view), "c");
  g_assert_cmpfloat (memsim_memory_map_get_range (self)->start, ==, 384.0);
  g_object_set (view, "selected-name", NULL, NULL);
  g_assert_null (memsim_memory_map_get_selected_name (self));
  memsim_map_view_zoom_to_fit (MEMSIM_MAP_VIEW (view));
  g_assert_true (memsim_map_range_is_fit (memsim_memory_map_get_range (self)));

  tooltip = memsim_memory_map_tooltip_markup (self, 300);
  g_assert_cmpstr (tooltip, ==, "<b>e</b>\nStart: 256\nSize: 128 bytes\nRequested: 80 bytes\n"
                                "Waste: 48 bytes");
  free_tooltip = memsim_memory_map_tooltip_markup (self, 900);
  g_assert_cmpstr (free_tooltip, ==, "<b>Free</b>\nStart: 768\nSize: 256 bytes");

  gtk_window_destroy (window);
}

/* The overview's lens follows the view and drives it. */
static void
test_overview_lens (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *view = memsim_map_view_new ();
  MemsimMemoryMap *map = MEMSIM_MEMORY_MAP (gtk_widget_get_first_child (view));
  MemsimMapOverview *overview = MEMSIM_MAP_OVERVIEW (gtk_widget_get_last_child (view));
  GtkWindow *window;
  double x0, x1;

  memsim_map_view_set_session (MEMSIM_MAP_VIEW (view), session);
  window = show_in_window (view, 1024, 160);
  memsim_memory_map_show_range (map, 256, 512);
  memsim_map_overview_get_lens (overview, 1024, &x0, &x1);
  g_assert_cmpfloat (x0, ==, 256.0);
  g_assert_cmpfloat (x1, ==, 512.0);
  /* At the deepest zoom the lens keeps a width that can be grabbed. */
  memsim_memory_map_show_range (map, 500, 501);
  g_assert_cmpfloat (memsim_memory_map_get_range (map)->span, ==, 32.0);
  memsim_map_overview_get_lens (overview, 100, &x0, &x1);
  g_assert_cmpfloat (x1 - x0, ==, 6.0);
  g_assert_cmpfloat (x0 + x1, ==, 2 * 500.5 * 100 / 1024);
  memsim_memory_map_set_lens (map, 1024, 0, 128);
  g_assert_cmpfloat (memsim_memory_map_get_range (map)->start, ==, 0.0);
  g_assert_cmpfloat (memsim_memory_map_get_range (map)->span, ==, 128.0);
  gtk_window_destroy (window);
}

/* The wheel, drags and clicks, without their events (1 KiB at 1024 px). */
static void
test_pointer (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *map = memsim_memory_map_new ();
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (map);
  const MemsimMapRange *range = memsim_memory_map_get_range (self);
  GtkWindow *window;

  memsim_memory_map_set_session (self, session);
  window = show_in_window (map, 1024, 120);

  /* A wheel notch up zooms in 1.25× around the pointer; down zooms out. */
  self->pointer_x = 300;
  memsim_memory_map_scroll (self, 0, -1, FALSE, TRUE);
  g_assert_cmpfloat_with_epsilon (range->span, 1024 / 1.25, 1e-9);
  g_assert_cmpfloat_with_epsilon (memsim_map_range_address_at (range, 300), 300, 1e-9);
  memsim_memory_map_scroll (self, 0, 1, FALSE, TRUE);
  g_assert_true (memsim_map_range_is_fit (range));

  /* Shift + wheel pans, 48 pixels a notch (half a byte a pixel here). */
  memsim_memory_map_show_range (self, 256, 768);
  memsim_memory_map_scroll (self, 0, 1, TRUE, TRUE);
  g_assert_cmpfloat (range->start, ==, 280.0);
  memsim_memory_map_scroll (self, -1, 0, FALSE, TRUE);
  g_assert_cmpfloat (range->start, ==, 256.0);

  /* A drag pans once it has moved 4 pixels, and then does not select. */
  memsim_memory_map_drag_begin (self, 500, FALSE);
  memsim_memory_map_drag_update (self, 2);
  g_assert_cmpfloat (range->start, ==, 256.0);
  memsim_memory_map_drag_update (self, 100);
  g_assert_cmpfloat (range->start, ==, 206.0);
  memsim_memory_map_drag_end (self, 100);
  g_assert_null (memsim_memory_map_get_selected_name (self));

  /* A press and release in place is a click: c lies under x = 700. */
  memsim_memory_map_drag_begin (self, 700, FALSE);
  memsim_memory_map_drag_update (self, 1);
  memsim_memory_map_drag_end (self, 1);
  g_assert_cmpstr (memsim_memory_map_get_selected_name (self), ==, "c");

  /* Shift + drag zooms into the range it marks, whichever way. */
  memsim_memory_map_zoom_to_fit (self);
  memsim_memory_map_drag_begin (self, 300, TRUE);
  memsim_memory_map_drag_update (self, -200);
  memsim_memory_map_drag_end (self, -200);
  g_assert_cmpfloat (range->start, ==, 100.0);
  g_assert_cmpfloat (range->span, ==, 200.0);
  gtk_window_destroy (window);
}

/* Dragging the overview's lens pans; its edges zoom; a press outside
 * centres it there (1 KiB across 1024 px, so one byte a pixel). */
static void
test_overview_drag (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *view = memsim_map_view_new ();
  MemsimMemoryMap *map = MEMSIM_MEMORY_MAP (gtk_widget_get_first_child (view));
  MemsimMapOverview *overview = MEMSIM_MAP_OVERVIEW (gtk_widget_get_last_child (view));
  const MemsimMapRange *range = memsim_memory_map_get_range (map);
  GtkWindow *window;

  memsim_map_view_set_session (MEMSIM_MAP_VIEW (view), session);
  window = show_in_window (view, 1024, 200);
  memsim_memory_map_show_range (map, 256, 512);

  memsim_map_overview_drag_begin (overview, 400, 1024);
  memsim_map_overview_drag_update (overview, 50, 1024);
  memsim_map_overview_drag_update (overview, 100, 1024);
  memsim_map_overview_drag_end (overview);
  g_assert_cmpfloat (range->start, ==, 356.0);
  g_assert_cmpfloat (range->span, ==, 256.0);

  /* The left edge, grabbed within 5 pixels, moves alone. */
  memsim_map_overview_drag_begin (overview, 358, 1024);
  memsim_map_overview_drag_update (overview, -100, 1024);
  memsim_map_overview_drag_end (overview);
  g_assert_cmpfloat (range->start, ==, 256.0);
  g_assert_cmpfloat (range->span, ==, 356.0);

  /* So does the right one; past the left edge the lens is empty, and the
   * view stops at its narrowest (1024 / 32 bytes), centred there. */
  memsim_map_overview_drag_begin (overview, 610, 1024);
  memsim_map_overview_drag_update (overview, 100, 1024);
  g_assert_cmpfloat (range->start, ==, 256.0);
  g_assert_cmpfloat (range->span, ==, 456.0);
  memsim_map_overview_drag_update (overview, -1000, 1024);
  memsim_map_overview_drag_end (overview);
  g_assert_cmpfloat (range->span, ==, 32.0);
  g_assert_cmpfloat (range->start, ==, 240.0);

  /* A press outside the lens centres it under the pointer. */
  memsim_memory_map_show_range (map, 0, 256);
  memsim_map_overview_drag_begin (overview, 700, 1024);
  g_assert_cmpfloat (range->start, ==, 572.0);
  memsim_map_overview_drag_update (overview, 1000, 1024);
  memsim_map_overview_drag_end (overview);
  g_assert_cmpfloat (range->start, ==, 768.0);
  g_assert_cmpfloat (range->span, ==, 256.0);
  gtk_window_destroy (window);
}

/* ---- accessibility -------------------------------------------------------- */

static gboolean
description_is (GtkWidget  *widget,
                const char *expected)
{
  g_autofree char *mismatch =
    gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);

  return mismatch == NULL;
}

static void
test_accessible (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *map = memsim_memory_map_new ();
  const char *after = "2 blocks in use, 3 free blocks, largest hole 256 bytes, heap of 1.0\302\240KiB";
  gint64 deadline;
  GtkWindow *window;

  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Memory map");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "No heap");
  g_assert_true (gtk_widget_get_focusable (map));
  memsim_memory_map_set_session (MEMSIM_MEMORY_MAP (map), session);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "3 blocks in use, 2 free blocks, largest hole 256 bytes, "
                                       "heap of 1.0\302\240KiB");

  /* Unmapped, a change waits for the map to be shown. */
  alloc (session, "g", 16, MEMSIM_ROUND_DEFAULT);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "3 blocks in use, 2 free blocks, largest hole 256 bytes, "
                                       "heap of 1.0\302\240KiB");
  window = show_in_window (map, 400, 100);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (map), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "4 blocks in use, 2 free blocks, largest hole 256 bytes, "
                                       "heap of 1.0\302\240KiB");
  release (session, "g");

  /* Mapped, a change is described on the next frame, not at once. */
  release (session, "a");
  g_assert_false (description_is (map, after));
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!description_is (map, after))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_frames (5);
    }
  gtk_window_destroy (window);
}

/* Keys are widget actions. */
static void
test_keyboard_actions (void)
{
  g_autoptr(MemsimSession) session = sample_session ();
  GtkWidget *map = memsim_memory_map_new ();
  MemsimMemoryMap *self = MEMSIM_MEMORY_MAP (map);
  const MemsimMapRange *range = memsim_memory_map_get_range (self);
  GtkWindow *window;

  memsim_memory_map_set_session (self, session);
  window = show_in_window (map, 512, 100);
  g_assert_true (gtk_widget_activate_action (map, "map.zoom-in", NULL));
  g_assert_cmpfloat_with_epsilon (range->span, 1024.0 / 1.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (range->start + range->span / 2, 512.0, 1e-9);
  g_assert_true (gtk_widget_activate_action (map, "map.pan-right", NULL));
  g_assert_cmpfloat_with_epsilon (range->start + range->span / 2, 512.0 + range->span / 8, 1e-9);
  g_assert_true (gtk_widget_activate_action (map, "map.zoom-out", NULL));
  g_assert_true (gtk_widget_activate_action (map, "map.zoom-fit", NULL));
  g_assert_true (memsim_map_range_is_fit (range));
  memsim_memory_map_set_selected_name (self, "a");
  g_assert_true (gtk_widget_activate_action (map, "map.select-none", NULL));
  g_assert_null (memsim_memory_map_get_selected_name (self));
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/map/range/fit-and-limits", test_range_fit_and_limits);
  g_test_add_func ("/map/range/zoom-keeps-point", test_range_zoom_keeps_point);
  g_test_add_func ("/map/range/pan-and-show", test_range_pan_and_show);
  g_test_add_func ("/map/range/lens", test_range_lens);
  g_test_add_func ("/map/render/blocks", test_render_blocks);
  g_test_add_func ("/map/render/columns", test_render_columns);
  g_test_add_func ("/map/render/buddy-band", test_render_buddy_band);
  g_test_add_func ("/map/render/store", test_render_store);
  g_test_add_func ("/map/render/dark", test_render_dark);
  g_test_add_func ("/map/render/view", test_render_view);
  g_test_add_func ("/map/hit/click-and-select", test_hit_and_select);
  g_test_add_func ("/map/overview/lens", test_overview_lens);
  g_test_add_func ("/map/overview/drag", test_overview_drag);
  g_test_add_func ("/map/pointer/wheel-drag-click", test_pointer);
  g_test_add_func ("/map/a11y/description", test_accessible);
  g_test_add_func ("/map/keyboard/actions", test_keyboard_actions);
  return g_test_run ();
}
