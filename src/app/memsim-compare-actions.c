/* memsim-compare-actions.c: the main window's way into the comparison
 *
 * One comparison window a main window, kept by a weak reference so that
 * either may be closed first; the actions present it (and, for the import
 * and record ones, open their dialog in it).
 */
#include "config.h"

#include "memsim-compare-window-private.h"

#define DATA_KEY "memsim-compare-window"

static MemsimCompareWindow *
get_compare_window (GtkApplicationWindow *window)
{
  GWeakRef *ref = g_object_get_data (G_OBJECT (window), DATA_KEY);
  MemsimCompareWindow *compare = g_weak_ref_get (ref);

  if (compare == NULL)
    {
      compare = memsim_compare_window_new (gtk_window_get_application (GTK_WINDOW (window)));
      g_weak_ref_set (ref, compare);
    }
  else
    g_object_unref (compare);   /* the window list keeps it */
  gtk_window_present (GTK_WINDOW (compare));
  return compare;
}

static void
compare_activated (GSimpleAction *action, GVariant *parameter, gpointer window)
{
  get_compare_window (window);
}

static void
import_trace_activated (GSimpleAction *action, GVariant *parameter, gpointer window)
{
  gtk_widget_activate_action (GTK_WIDGET (get_compare_window (window)), "compare.import", NULL);
}

static void
record_program_activated (GSimpleAction *action, GVariant *parameter, gpointer window)
{
  memsim_compare_window_show_record_dialog (get_compare_window (window));
}

static const GActionEntry actions[] = {
  { "compare", compare_activated },
  { "import-trace", import_trace_activated },
  { "record-program", record_program_activated },
};

static void
free_weak_ref (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

void
memsim_compare_window_add_actions (GtkApplicationWindow *window)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, NULL);
  g_object_set_data_full (G_OBJECT (window), DATA_KEY, ref, free_weak_ref);
  g_action_map_add_action_entries (G_ACTION_MAP (window), actions, G_N_ELEMENTS (actions), window);
}
