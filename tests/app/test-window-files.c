/* test-window-files.c: Save, Open, the unsaved mark, autosave and its
 * restore offer, and File → Export, driven through the window's actions
 * and checked with the core's own readers.
 *
 * XDG_STATE_HOME and XDG_DATA_HOME point into a temporary folder before
 * anything reads them, so that the autosave, its marker and the recent
 * files of the tests never touch the user's.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "classic-workload.h"
#include "memsim-application.h"
#include "memsim-json.h"
#include "memsim-session-file.h"
#include "memsim-window-private.h"

static MemsimApplication *shared_app;
static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static MemsimWindow *
new_window (void)
{
  MemsimWindow *window = memsim_window_new (shared_app);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
wait_while_busy (MemsimWindow *window)
{
  while (memsim_window_files_busy (window) || memsim_window_is_loading (window))
    g_main_context_iteration (NULL, TRUE);
}

/* Until the window that opened a session is gone (*window is a weak
 * pointer) or has given up. */
static void
wait_until_replaced (MemsimWindow **window)
{
  g_object_add_weak_pointer (G_OBJECT (*window), (gpointer *) window);
  while (*window != NULL && memsim_window_files_busy (*window))
    g_main_context_iteration (NULL, TRUE);
}

/* The classic workload, in one batch: one redraw, not one per operation. */
static void
run_workload (MemsimWindow *window,
              guint         n_ops,
              guint32       seed)
{
  memsim_session_begin_batch (window->session);
  classic_workload_run (window->session, n_ops, seed);
  memsim_session_end_batch (window->session);
}

static const char *
title_of (MemsimWindow *window)
{
  return adw_window_title_get_title (window->window_title);
}

static char *
final_state (MemsimSession *session)
{
  return memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                             memsim_session_get_object_store (session));
}

static void
assert_same_session (MemsimSession *a,
                     MemsimSession *b)
{
  const MemsimSeries *sa = memsim_session_get_series (a), *sb = memsim_session_get_series (b);
  g_autofree char *ja = final_state (a);
  g_autofree char *jb = final_state (b);

  g_assert_cmpuint (memsim_session_get_n_ops (a), ==, memsim_session_get_n_ops (b));
  g_assert_cmpuint (memsim_session_get_position (a), ==, memsim_session_get_position (b));
  g_assert_cmpstr (ja, ==, jb);    /* blocks, every metric, the ops counts */
  g_assert_cmpuint (memsim_series_get_length (sa), ==, memsim_series_get_length (sb));
  for (guint i = 0; i < memsim_series_get_length (sa); i++)
    g_assert_cmpmem (memsim_series_get (sa, i), sizeof (MemsimSample),
                     memsim_series_get (sb, i), sizeof (MemsimSample));
}

/* The window that shows @path, other than @except. */
static MemsimWindow *
window_of_file (const char   *path,
                MemsimWindow *except)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (shared_app)); l; l = l->next)
    {
      GFile *shown;

      if (!MEMSIM_IS_WINDOW (l->data) || l->data == except)
        continue;
      shown = memsim_window_files_get_file (l->data);
      if (shown != NULL && g_file_equal (shown, file))
        return l->data;
    }
  return NULL;
}

/* Whether the Open Recent menu's first item opens @uri. */
static gboolean
recent_first_is (GMenuModel *menu,
                 const char *uri)
{
  g_autoptr(GVariant) target = NULL;

  if (g_menu_model_get_n_items (menu) == 0)
    return FALSE;
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  return target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* The primary menu's Open Recent lists @path first.  GtkRecentManager
 * writes its list from a timeout and only then says it changed; under
 * AddressSanitizer that takes seconds, so the test waits for the menu
 * itself, iterating the main context, for up to a minute. */
static void
assert_recent (MemsimWindow *window,
               const char   *path)
{
  GMenuModel *menu = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                  MEMSIM_TYPE_WINDOW,
                                                                  "recent_menu"));
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *uri = g_file_get_uri (file);
  g_autoptr(GVariant) target = NULL;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  guint waker = g_timeout_add (50, wake_up, NULL);

  while (!recent_first_is (menu, uri) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (waker);

  g_assert_cmpint (g_menu_model_get_n_items (menu), >, 0);
  target = g_menu_model_get_item_attribute_value (menu, 0, G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  g_assert_nonnull (target);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);
}

static void
test_save_and_reopen (void)
{
  MemsimWindow *window = new_window ();
  MemsimWindow *empty = new_window ();
  MemsimWindow *reopened;
  g_autofree char *path = tmp_path ("classic.memsim");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MemsimSession) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (title_of (window), ==, "Memsim");
  g_assert_false (memsim_window_files_is_dirty (window));
  run_workload (window, 2000, 7);
  g_assert_cmpstr (title_of (window), ==, "• Unsaved Session");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Unsaved Session");

  g_action_group_activate_action (G_ACTION_GROUP (window), "save-to", g_variant_new_string (path));
  /* While the thread writes, nothing may change the session. */
  g_assert_true (memsim_window_files_busy (window));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "compact"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "save"));
  wait_while_busy (window);
  g_assert_cmpstr (window->last_toast, ==, NULL);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "compact"));
  g_assert_cmpstr (title_of (window), ==, "classic.memsim");
  g_assert_false (memsim_window_files_is_dirty (window));

  assert_recent (window, path);

  /* The file holds the session, as the core reads it. */
  loaded = memsim_session_file_load (path, NULL, &error);
  g_assert_no_error (error);
  assert_same_session (window->session, loaded);

  /* An operation marks it again; saving clears the mark. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "compact", NULL);
  g_assert_cmpstr (title_of (window), ==, "• classic.memsim");
  g_action_group_activate_action (G_ACTION_GROUP (window), "save", NULL);
  wait_while_busy (window);
  g_assert_cmpstr (title_of (window), ==, "classic.memsim");

  /* Opened from an empty window: the new window replaces it. */
  memsim_window_open_file (empty, file);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (empty), "allocate"));
  wait_until_replaced (&empty);
  g_assert_null (empty);
  reopened = window_of_file (path, window);
  g_assert_nonnull (reopened);
  assert_same_session (window->session, reopened->session);
  g_assert_cmpstr (title_of (reopened), ==, "classic.memsim");
  g_assert_false (memsim_window_files_is_dirty (reopened));
  g_assert_cmpstr (reopened->last_toast, ==, "Opened “classic.memsim”: 2002 operations");

  gtk_window_destroy (GTK_WINDOW (reopened));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_corrupt_keeps_session (void)
{
  MemsimWindow *window = new_window ();
  g_autofree char *good = tmp_path ("good.memsim");
  g_autofree char *bad = tmp_path ("bad.memsim");
  g_autofree char *junk = tmp_path ("junk.memsim");
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) junk_file = g_file_new_for_path (junk);

  run_workload (window, 300, 3);
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-to", g_variant_new_string (good));
  wait_while_busy (window);
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  /* Cut in half: SQLite finds pages missing. */
  g_assert_true (g_file_set_contents (bad, contents, length / 2, NULL));
  g_assert_true (g_file_set_contents (junk, "not a session at all\n", -1, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (window), "compact", NULL);
  g_assert_true (memsim_window_files_is_dirty (window));
  before = final_state (window->session);

  memsim_window_open_file (window, bad_file);
  wait_while_busy (window);
  g_assert_nonnull (window->last_toast);
  g_assert_nonnull (strstr (window->last_toast, bad));
  g_assert_null (window_of_file (bad, NULL));

  memsim_window_open_file (window, junk_file);
  wait_while_busy (window);
  g_assert_nonnull (strstr (window->last_toast, junk));

  /* The session on screen is the one it was, still unsaved. */
  g_assert_cmpuint (memsim_session_get_n_ops (window->session), ==, 302);
  after = final_state (window->session);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (memsim_window_files_is_dirty (window));
  g_assert_cmpstr (title_of (window), ==, "• good.memsim");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "compact"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_autosave_writes_file (void)
{
  MemsimWindow *window = new_window ();
  g_autofree char *path = memsim_autosave_get_path ();
  g_autoptr(MemsimSession) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_remove (path);
  g_assert_false (memsim_window_files_autosave_pending (window));
  run_workload (window, 100, 5);
  g_assert_true (memsim_window_files_autosave_pending (window));
  g_assert_true (memsim_window_files_autosave_now (window));
  wait_while_busy (window);
  g_assert_true (g_str_has_prefix (path, tmp_dir));
  loaded = memsim_session_file_load (path, NULL, &error);
  g_assert_no_error (error);
  assert_same_session (window->session, loaded);
  /* An autosave is not a save: the work is still unsaved. */
  g_assert_true (memsim_window_files_is_dirty (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* main () left a marker and an autosave behind, as a crash does. */
static void
test_restore_offer (void)
{
  MemsimWindow *window = new_window ();
  MemsimWindow *restored;
  g_autofree char *recovered = g_build_filename (tmp_dir, "state", "memsim", "recovered.memsim",
                                                 NULL);

  g_assert_cmpstr (window->last_toast, ==, "Memsim did not close properly last time");
  g_assert_true (g_file_test (recovered, G_FILE_TEST_EXISTS));
  /* Offered once only. */
  restored = new_window ();
  g_assert_null (restored->last_toast);
  gtk_window_destroy (GTK_WINDOW (restored));

  g_action_group_activate_action (G_ACTION_GROUP (window), "restore-autosave",
                                  g_variant_new_string (recovered));
  wait_until_replaced (&window);
  g_assert_null (window);       /* it was empty: the restored one replaced it */
  restored = MEMSIM_WINDOW (gtk_application_get_windows (GTK_APPLICATION (shared_app))->data);
  g_assert_cmpuint (memsim_session_get_n_ops (restored->session), ==, 51);
  g_assert_cmpstr (title_of (restored), ==, "• Recovered Session");
  g_assert_null (memsim_window_files_get_file (restored));
  gtk_window_destroy (GTK_WINDOW (restored));
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; (p = strstr (p, "\r\n")) != NULL; p += 2)
    n++;
  return n;
}

static void
test_export_csv (void)
{
  MemsimWindow *window = new_window ();
  g_autofree char *ops = tmp_path ("ops.csv");
  g_autofree char *blocks = tmp_path ("blocks.csv");
  g_autofree char *json = tmp_path ("state.json");
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GFile) ops_file = g_file_new_for_path (ops);
  g_autoptr(GFile) blocks_file = g_file_new_for_path (blocks);
  g_autoptr(GFile) json_file = g_file_new_for_path (json);

  run_workload (window, 500, 11);
  memsim_window_export_to (window, "ops", ops_file);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  wait_while_busy (window);
  g_assert_cmpstr (window->last_toast, ==, "Exported “ops.csv”");
  g_assert_true (g_file_get_contents (ops, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "index,line,time_ns,operation,name,size_bytes,result,"));
  /* A header and one row per operation: the workload's init makes none. */
  g_assert_cmpuint (count_lines (text), ==, 1 + 500);
  g_clear_pointer (&text, g_free);

  memsim_window_export_to (window, "blocks", blocks_file);
  wait_while_busy (window);
  g_assert_true (g_file_get_contents (blocks, &text, NULL, NULL));
  g_assert_cmpuint (memsim_heap_get_n_live (memsim_session_get_heap (window->session)), >, 0);
  g_assert_cmpuint (count_lines (text), ==,
                    1 + memsim_heap_get_n_live (memsim_session_get_heap (window->session)));
  g_clear_pointer (&text, g_free);

  memsim_window_export_to (window, "json", json_file);
  wait_while_busy (window);
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  expected = final_state (window->session);
  g_assert_cmpstr (text, ==, expected);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Save / Discard / Cancel dialog in front of @window. */
static AdwMessageDialog *
close_dialog_of (MemsimWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item))
          && gtk_window_get_transient_for (GTK_WINDOW (item)) == GTK_WINDOW (window))
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

static void
test_close_asks_first (void)
{
  MemsimWindow *window = new_window ();
  g_autofree char *path = tmp_path ("closing.memsim");
  g_autoptr(MemsimSession) loaded = NULL;
  AdwMessageDialog *dialog;

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  /* Nothing to lose: it closes at once. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_null (window);

  window = new_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  run_workload (window, 40, 9);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_nonnull (window);
  dialog = close_dialog_of (window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  adw_message_dialog_response (dialog, "cancel");
  g_assert_nonnull (window);

  /* Save, with a file already: written, then closed. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "save-to", g_variant_new_string (path));
  wait_while_busy (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "compact", NULL);
  gtk_window_close (GTK_WINDOW (window));
  adw_message_dialog_response (close_dialog_of (window), "save");
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
  loaded = memsim_session_file_load (path, NULL, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (memsim_session_get_n_ops (loaded), ==, 42);

  /* Discard closes without a word. */
  window = new_window ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  run_workload (window, 10, 9);
  gtk_window_close (GTK_WINDOW (window));
  adw_message_dialog_response (close_dialog_of (window), "discard");
  while (window != NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* What a run that crashed leaves: its marker and an autosave of 50
 * operations of the workload. */
static void
leave_crash_behind (void)
{
  g_autofree char *folder = g_build_filename (tmp_dir, "state", "memsim", NULL);
  g_autofree char *marker = g_build_filename (folder, "running", NULL);
  g_autofree char *autosave = g_build_filename (folder, "autosave.memsim", NULL);
  g_autoptr(MemsimSession) session = memsim_session_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  classic_workload_run (session, 50, 1);
  g_assert_true (memsim_session_file_save (session, autosave, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (marker, "", 0, NULL));
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL
         && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  g_autofree char *state = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  tmp_dir = g_dir_make_tmp ("memsim-files-XXXXXX", &error);
  g_assert_no_error (error);
  state = g_build_filename (tmp_dir, "state", NULL);
  data = g_build_filename (tmp_dir, "data", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  leave_crash_behind ();

  shared_app = memsim_application_new ();
  g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, NULL));

  /* First: the restore offer goes to the first window only. */
  g_test_add_func ("/app/files/restore-offer", test_restore_offer);
  g_test_add_func ("/app/files/save-and-reopen", test_save_and_reopen);
  g_test_add_func ("/app/files/open-corrupt-keeps-session", test_open_corrupt_keeps_session);
  g_test_add_func ("/app/files/autosave", test_autosave_writes_file);
  g_test_add_func ("/app/files/export-csv", test_export_csv);
  g_test_add_func ("/app/files/close-asks-first", test_close_asks_first);
  status = g_test_run ();
  g_object_unref (shared_app);
  {
    g_autoptr(GFile) tmp = g_file_new_for_path (tmp_dir);

    remove_tree (tmp);
  }
  return status;
}
