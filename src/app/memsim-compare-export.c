/* memsim-compare-export.c: the stacked maps and charts into a PNG or an SVG
 *
 * What is exported is what the window draws: the rows are snapshotted into
 * a render node and the node is drawn with cairo onto an image surface
 * (PNG) or, by memsim-compare-export-svg.c, onto an SVG surface, where the
 * maps' blocks and the charts' axes and text stay vectors.  The background
 * is the window's (light or dark), so that the charts' text stays
 * readable.
 */
#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "memsim-compare-window-private.h"

static GskRenderNode *
snapshot_rows (MemsimCompareWindow *self,
               int                  width,
               int                  height)
{
  GdkPaintable *paintable = gtk_widget_paintable_new (GTK_WIDGET (self->rows_box));
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  g_object_unref (paintable);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
paint_background (cairo_t *cr)
{
  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    cairo_set_source_rgb (cr, 0x24 / 255.0, 0x24 / 255.0, 0x24 / 255.0);
  else
    cairo_set_source_rgb (cr, 0xfa / 255.0, 0xfa / 255.0, 0xfa / 255.0);
  cairo_paint (cr);
}

gboolean
memsim_compare_window_export (MemsimCompareWindow *self,
                              const char          *path,
                              GError             **error)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->rows_box));
  int height = gtk_widget_get_height (GTK_WIDGET (self->rows_box));
  gboolean svg = g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG");
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (self->result == NULL || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no charts to export yet"));
      return FALSE;
    }
  /* Between a change and the next frame, the rows have no picture yet. */
  node = snapshot_rows (self, width, height);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("The charts are still being drawn; "
                                                            "export them again in a moment"));
      return FALSE;
    }
  surface = svg ? cairo_svg_surface_create (path, width, height)
                : cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  paint_background (cr);
  if (svg)
    memsim_compare_window_draw_svg (self, node, cr);
  else
    gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  if (svg)
    cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  if (!svg && status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s: cannot write the charts: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

/* PNG unless the name says .svg; a name with neither gets ".png". */
static char *
export_path (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    return NULL;
  if (g_str_has_suffix (path, ".svg") || g_str_has_suffix (path, ".SVG")
      || g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".PNG"))
    return g_steal_pointer (&path);
  return g_strconcat (path, ".png", NULL);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  MemsimCompareWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = export_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        memsim_compare_window_add_toast (self, _("Charts can only be exported to a local file"));
      else if (!memsim_compare_window_export (self, path, &error))
        memsim_compare_window_add_toast (self, error->message);
      else
        {
          g_autofree char *basename = g_path_get_basename (path);
          g_autofree char *message = g_strdup_printf (_("Charts exported to %s"), basename);

          memsim_compare_window_add_toast (self, message);
        }
    }
  g_object_unref (dialog);
}

void
memsim_compare_window_show_export_dialog (MemsimCompareWindow *self)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;

  if (self->result == NULL)
    {
      memsim_compare_window_add_toast (self, _("There are no charts to export yet"));
      return;
    }
  chooser = gtk_file_chooser_native_new (_("Export the Charts"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "comparison.png");
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PNG or SVG images"));
  gtk_file_filter_add_pattern (filter, "*.png");
  gtk_file_filter_add_pattern (filter, "*.svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  g_signal_connect (chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
