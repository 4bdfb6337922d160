/* memsim-window-tables.c: the process table, the object table and the activity log
 *
 * The process table is a GtkColumnView over MemsimBlockList, which sorts
 * itself (see memsim-block-sorter.c for how the headers tell it by what).
 * Its selection is the window's "selected-name" (the first selected row),
 * which the memory map binds to.  Cells are plain labels filled at bind
 * time; only the age column follows the session while bound.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "memsim-block-item.h"
#include "memsim-block-sorter.h"
#include "memsim-history-item.h"
#include "memsim-object-item.h"
#include "memsim-window-private.h"

typedef char *(*FormatFunc) (gpointer item, MemsimWindow *self);

typedef struct {
  FormatFunc    format;
  MemsimWindow *window;
  gboolean      numeric;
} Column;

/* ---- formatting --------------------------------------------------------- */

static char *
format_bytes (guint64 bytes)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, bytes);
}

static char *
format_block_name (gpointer item, MemsimWindow *self)
{
  return g_strdup (memsim_block_item_get_name (item));
}

static char *
format_block_start (gpointer item, MemsimWindow *self)
{
  return g_strdup_printf ("0x%" G_GINT64_MODIFIER "x", memsim_block_item_get_start (item));
}

static char *
format_block_size (gpointer item, MemsimWindow *self)
{
  return format_bytes (memsim_block_item_get_size (item));
}

static char *
format_block_requested (gpointer item, MemsimWindow *self)
{
  return format_bytes (memsim_block_item_get_requested (item));
}

static char *
format_block_waste (gpointer item, MemsimWindow *self)
{
  return format_bytes (memsim_block_item_get_waste (item));
}

static char *
format_block_age (gpointer item, MemsimWindow *self)
{
  guint position = memsim_session_get_position (self->session);
  guint birth = memsim_block_item_get_birth (item);

  return g_strdup_printf ("%u", position > birth ? position - birth - 1 : 0);
}

static char *
format_object_name (gpointer item, MemsimWindow *self)
{
  return g_strdup (memsim_object_item_get_name (item));
}

static char *
format_object_type (gpointer item, MemsimWindow *self)
{
  return g_strdup (memsim_object_item_get_type_name (item));
}

static char *
format_object_size (gpointer item, MemsimWindow *self)
{
  return format_bytes (memsim_object_item_get_size (item));
}

static char *
format_object_refcount (gpointer item, MemsimWindow *self)
{
  return g_strdup_printf ("%u", memsim_object_item_get_refcount (item));
}

static char *
format_object_location (gpointer item, MemsimWindow *self)
{
  return g_strdup (memsim_object_item_get_location (item));
}

/* ---- cells -------------------------------------------------------------- */

static void
refresh_cell (GtkListItem *list_item)
{
  Column *column = g_object_get_data (G_OBJECT (list_item), "memsim-column");
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  gpointer item = gtk_list_item_get_item (list_item);
  g_autofree char *text = item != NULL ? column->format (item, column->window) : NULL;

  gtk_label_set_text (label, text != NULL ? text : "");
}

static void on_cell_pressed (GtkGestureClick *gesture,
                             int              n_press,
                             double           x,
                             double           y,
                             GtkListItem     *list_item);

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            Column                   *column)
{
  GtkWidget *label = gtk_label_new (NULL);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_label_set_xalign (GTK_LABEL (label), column->numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column->numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_cell_pressed), list_item);
  gtk_widget_add_controller (label, GTK_EVENT_CONTROLLER (click));
  g_object_set_data (G_OBJECT (list_item), "memsim-column", column);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           Column                   *column)
{
  refresh_cell (list_item);
  if (column->format == format_block_age)
    {
      /* "changed", not notify::position: a batch (a file being opened,
       * Free Selected) notifies nothing but says "changed" at its end. */
      gulong id = g_signal_connect_object (column->window->session, "changed",
                                           G_CALLBACK (refresh_cell), list_item,
                                           G_CONNECT_SWAPPED);

      g_object_set_data (G_OBJECT (list_item), "memsim-age-handler", GSIZE_TO_POINTER (id));
    }
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             Column                   *column)
{
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "memsim-age-handler"));

  /* The table may go after the window has let go of its session. */
  if (id != 0 && column->window->session != NULL
      && g_signal_handler_is_connected (column->window->session, id))
    g_signal_handler_disconnect (column->window->session, id);
  g_object_set_data (G_OBJECT (list_item), "memsim-age-handler", NULL);
}

static GtkColumnViewColumn *
add_column (MemsimWindow  *self,
            GtkColumnView *view,
            const char    *title,
            FormatFunc     format,
            gboolean       numeric,
            GtkSorter     *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  Column *column = g_new0 (Column, 1);
  GtkColumnViewColumn *view_column;

  column->format = format;
  column->window = self;
  column->numeric = numeric;
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), column);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), column);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), column);
  g_object_set_data_full (G_OBJECT (factory), "memsim-column", column, g_free);

  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_column_set_expand (view_column, !numeric);
  if (sorter != NULL)
    gtk_column_view_column_set_sorter (view_column, sorter);
  g_clear_object (&sorter);
  gtk_column_view_append_column (view, view_column);
  g_object_unref (view_column);
  return view_column;
}

/* ---- the process table -------------------------------------------------- */

GPtrArray *
memsim_window_get_selected_names (MemsimWindow *self)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->process_selection));
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (names, g_strdup (memsim_block_list_get_name (self->block_list, position)));
  return names;
}

static void
on_selection_changed (MemsimWindow *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->syncing)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->process_selection));
  self->syncing = TRUE;
  memsim_window_set_selected_name (self, gtk_bitset_is_empty (selected) ? NULL
                                   : memsim_block_list_get_name (self->block_list,
                                                                 gtk_bitset_get_minimum (selected)));
  self->syncing = FALSE;
}

/* A rebuilt list (compaction, seek) forgets its selection: keep the
 * selected block selected as long as it lives. */
static void
on_blocks_changed (MemsimWindow *self)
{
  guint position;

  if (self->selected_name == NULL || self->syncing)
    return;
  if (!memsim_block_list_find (self->block_list, self->selected_name, &position))
    return;
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->process_selection), position))
    {
      self->syncing = TRUE;
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->process_selection), position, FALSE);
      self->syncing = FALSE;
    }
}

static void
on_sort_changed (MemsimWindow *self)
{
  MemsimBlockSortKey key = MEMSIM_BLOCK_SORT_START;
  gboolean descending = FALSE;

  if (self->process_view == NULL)   /* the columns go with the window */
    return;
  memsim_block_sorter_probe (gtk_column_view_get_sorter (self->process_view), &key, &descending);
  memsim_block_list_set_sort (self->block_list, key, descending);
  on_blocks_changed (self);
}

static void
on_cell_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkListItem     *list_item)
{
  GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  MemsimWindow *self = MEMSIM_WINDOW (gtk_widget_get_root (cell));
  guint position = gtk_list_item_get_position (list_item);
  double px, py;

  if (!MEMSIM_IS_BLOCK_ITEM (gtk_list_item_get_item (list_item)))
    return;
  if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->process_selection), position))
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->process_selection), position, TRUE);
  if (!gtk_widget_translate_coordinates (cell, GTK_WIDGET (self->process_view), x, y, &px, &py))
    return;
  gtk_popover_set_pointing_to (self->process_popover, &(GdkRectangle) { (int) px, (int) py, 1, 1 });
  gtk_popover_popup (self->process_popover);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Shift+F10 and the Menu key open the same menu from the keyboard. */
static gboolean
popup_process_menu (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  MemsimWindow *self = user_data;

  gtk_popover_set_pointing_to (self->process_popover,
                               &(GdkRectangle) { gtk_widget_get_width (widget) / 2, 32, 1, 1 });
  gtk_popover_popup (self->process_popover);
  return TRUE;
}

static void
set_up_process_menu (MemsimWindow *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_callback_action_new (popup_process_menu, self, NULL);

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_F10, GDK_SHIFT_MASK),
                                                                                       gtk_keyval_trigger_new (GDK_KEY_Menu, 0)),
                                                          action));
  gtk_widget_add_controller (GTK_WIDGET (self->process_view), shortcuts);
}

static void
set_up_process_table (MemsimWindow *self)
{
  GtkColumnView *view = self->process_view;
  GtkColumnViewColumn *start;

  self->process_selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->block_list)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (self->process_selection));
  g_signal_connect_object (self->process_selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->block_list, "items-changed",
                           G_CALLBACK (on_blocks_changed), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  add_column (self, view, _("Name"), format_block_name, FALSE,
              memsim_block_sorter_new (MEMSIM_BLOCK_SORT_NAME));
  start = add_column (self, view, _("Start"), format_block_start, TRUE,
                      memsim_block_sorter_new (MEMSIM_BLOCK_SORT_START));
  add_column (self, view, _("Size"), format_block_size, TRUE,
              memsim_block_sorter_new (MEMSIM_BLOCK_SORT_SIZE));
  add_column (self, view, _("Requested"), format_block_requested, TRUE,
              memsim_block_sorter_new (MEMSIM_BLOCK_SORT_REQUESTED));
  add_column (self, view, _("Waste"), format_block_waste, TRUE,
              memsim_block_sorter_new (MEMSIM_BLOCK_SORT_WASTE));
  add_column (self, view, _("Age"), format_block_age, TRUE,
              memsim_block_sorter_new (MEMSIM_BLOCK_SORT_AGE));
  gtk_column_view_sort_by_column (view, start, GTK_SORT_ASCENDING);
  g_signal_connect_object (gtk_column_view_get_sorter (view), "changed",
                           G_CALLBACK (on_sort_changed), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Processes: the live blocks of the heap"), -1);
  set_up_process_menu (self);
}

/* GTK 4.8 has no gtk_column_view_scroll_to(): its list view has the
 * list.scroll-to-item action. */
void
memsim_window_scroll_to_row (MemsimWindow *self,
                             guint         position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->process_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
}

/* ---- the object table --------------------------------------------------- */

static char *
object_location (const MemsimObjectInfo *info)
{
  if (info->large)
    return g_strdup_printf (_("heap block obj#%" PRIu64 " at 0x%" PRIx64),
                            info->id, info->address);
  return g_strdup_printf (_("arena %u, pool %u, block %u"), info->arena, info->pool, info->block);
}

void
memsim_window_refresh_objects (MemsimWindow *self)
{
  const MemsimObjectStore *store = memsim_session_get_object_store (self->session);
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) items = NULL;

  /* The store may hold many objects: only the visible table pays. */
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "objects") != 0
      && g_list_model_get_n_items (G_LIST_MODEL (self->objects)) == memsim_object_store_get_n_names (store)
      && memsim_object_store_get_n_names (store) == 0)
    return;
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "objects") != 0)
    {
      self->objects_dirty = TRUE;
      return;
    }
  self->objects_dirty = FALSE;
  names = memsim_object_store_list_names (store);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      MemsimObjectInfo info;
      g_autofree char *location = NULL;
      const char *type;

      if (!memsim_object_store_lookup_name (store, name, &info))
        continue;
      location = object_location (&info);
      type = info.label != NULL ? info.label : memsim_py_type_to_string (info.type);
      g_ptr_array_add (items, memsim_object_item_new (name, type, info.size, info.refcount, location));
    }
  g_list_store_splice (self->objects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->objects)),
                       items->pdata, items->len);
}

static void
set_up_object_table (MemsimWindow *self)
{
  GtkColumnView *view = self->object_view;

  self->objects = g_list_store_new (MEMSIM_TYPE_OBJECT_ITEM);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->objects)))));
  add_column (self, view, _("Name"), format_object_name, FALSE, NULL);
  add_column (self, view, _("Type"), format_object_type, FALSE, NULL);
  add_column (self, view, _("Size"), format_object_size, TRUE, NULL);
  add_column (self, view, _("References"), format_object_refcount, TRUE, NULL);
  add_column (self, view, _("Arena / Pool / Block"), format_object_location, FALSE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Objects of the object store"), -1);
}

/* ---- the activity log --------------------------------------------------- */

static void
setup_log_row (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *time = gtk_label_new (NULL);
  GtkWidget *command = gtk_label_new (NULL);
  GtkWidget *result = gtk_label_new (NULL);

  gtk_widget_add_css_class (time, "dim-label");
  gtk_widget_add_css_class (time, "numeric");
  gtk_label_set_xalign (GTK_LABEL (command), 0);
  gtk_label_set_ellipsize (GTK_LABEL (command), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (result), 0);
  gtk_label_set_ellipsize (GTK_LABEL (result), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (result, TRUE);
  gtk_widget_set_size_request (command, 220, -1);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_box_append (GTK_BOX (box), time);
  gtk_box_append (GTK_BOX (box), command);
  gtk_box_append (GTK_BOX (box), result);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_log_row (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  MemsimHistoryItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *time = gtk_widget_get_first_child (box);
  GtkWidget *command = gtk_widget_get_next_sibling (time);
  GtkWidget *result = gtk_widget_get_next_sibling (command);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (memsim_history_item_get_time (item) / G_USEC_PER_SEC);
  g_autofree char *clock = g_date_time_format (when, "%H:%M:%S");
  g_autofree char *text = NULL;
  gboolean ok = memsim_history_item_get_succeeded (item);
  const char *error = memsim_history_item_get_error (item);

  if (ok)
    text = g_strdup (_("done"));
  else if (error != NULL)
    text = g_strdup_printf (_("failed: %s"), error);
  else
    text = g_strdup (_("failed"));
  gtk_label_set_text (GTK_LABEL (time), clock);
  gtk_label_set_text (GTK_LABEL (command), memsim_history_item_get_command (item));
  gtk_label_set_text (GTK_LABEL (result), text);
  gtk_widget_set_tooltip_text (result, text);
  if (ok)
    gtk_widget_remove_css_class (box, "error");
  else
    gtk_widget_add_css_class (box, "error");
  if (memsim_history_item_get_undone (item))
    gtk_widget_add_css_class (box, "dim-label");
  else
    gtk_widget_remove_css_class (box, "dim-label");
}

/* Activating a row goes to the state just after that operation. */
static void
on_log_activate (GtkListView  *view,
                 guint         position,
                 MemsimWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "seek",
                                  g_variant_new_uint32 (position + 1));
}

static void
set_up_log (MemsimWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_log_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_log_row), NULL);
  gtk_list_view_set_factory (self->log_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->log_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history_list)))));
  g_signal_connect_object (self->log_view, "activate", G_CALLBACK (on_log_activate), self, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->log_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Activity log: every operation and its result"), -1);
}

void
memsim_window_setup_tables (MemsimWindow *self)
{
  self->process_popover = GTK_POPOVER (gtk_popover_menu_new_from_model (self->process_menu));
  gtk_popover_set_has_arrow (self->process_popover, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->process_popover), GTK_ALIGN_START);
  gtk_widget_set_parent (GTK_WIDGET (self->process_popover), GTK_WIDGET (self->process_view));

  set_up_process_table (self);
  set_up_object_table (self);
  set_up_log (self);
}
