/* memsim-capture.c: the app photographing and timing itself
 *
 * The README's screenshots come from the app (`make screenshots`): the
 * window renders itself through its own GSK renderer into a texture, so
 * the picture is exactly the window, without a desktop around it and
 * without screen-capture tools.  The start-up figure is measured the same
 * way a user sees it: until the frame clock has painted the first frame.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-capture.h"

typedef struct {
  MemsimWindow *window;
  char         *path;
  GApplication *app;
  guint         quiet_ticks;
} Shot;

static gboolean
save_window (MemsimWindow  *window,
             const char    *path,
             GError       **error)
{
  GtkWidget *widget = GTK_WIDGET (window);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window drew nothing"));
      return FALSE;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s"), path);
      return FALSE;
    }
  return TRUE;
}

/* Waits until the file is open and the window has been still for a
 * moment (layout, the toast of the open), then shoots. */
static gboolean
shot_tick (gpointer user_data)
{
  Shot *shot = user_data;
  g_autoptr(GError) error = NULL;

  if (memsim_window_is_loading (shot->window) || !gtk_widget_get_mapped (GTK_WIDGET (shot->window)))
    {
      shot->quiet_ticks = 0;
      return G_SOURCE_CONTINUE;
    }
  /* After a second of quiet, the toast of the open goes; half a second
   * later its animation is over. */
  if (++shot->quiet_ticks == 4)
    memsim_window_dismiss_toast (shot->window);
  if (shot->quiet_ticks < 6)
    return G_SOURCE_CONTINUE;
  if (save_window (shot->window, shot->path, &error))
    g_print ("%s\n", shot->path);
  else
    g_printerr ("memsim: %s\n", error->message);
  g_application_quit (shot->app);
  g_object_unref (shot->window);
  g_free (shot->path);
  g_free (shot);
  return G_SOURCE_REMOVE;
}

void
memsim_capture_screenshot (MemsimWindow *window,
                           const char   *path,
                           GApplication *app)
{
  Shot *shot = g_new0 (Shot, 1);

  shot->window = g_object_ref (window);
  shot->path = g_strdup (path);
  shot->app = app;
  g_timeout_add (250, shot_tick, shot);
}

typedef struct {
  gint64        start;
  GApplication *app;
  gulong        handler;
} FirstFrame;

static void
on_after_paint (GdkFrameClock *clock,
                FirstFrame    *first)
{
  gint64 now = g_get_monotonic_time ();

  g_print ("startup: %.1f ms from main() to the end of the first frame (target: 500 ms)\n",
           (now - first->start) / 1000.0);
  g_signal_handler_disconnect (clock, first->handler);
  g_application_quit (first->app);
  g_free (first);
}

static void
on_realize (GtkWidget  *widget,
            FirstFrame *first)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  first->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), first);
}

void
memsim_capture_first_frame (MemsimWindow *window,
                            gint64        start_usec,
                            GApplication *app)
{
  FirstFrame *first = g_new0 (FirstFrame, 1);

  g_print ("startup: %.1f ms from main() to the window built\n",
           (g_get_monotonic_time () - start_usec) / 1000.0);
  first->start = start_usec;
  first->app = app;
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_realize (GTK_WIDGET (window), first);
  else
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), first);
}
