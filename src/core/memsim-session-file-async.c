/* memsim-session-file-async.c: saving and loading in a GTask thread
 *
 * The app saves, autosaves and opens without blocking its main loop: these
 * wrappers run memsim_session_file_save() and _load() in GTask's thread
 * pool and call back on the caller's main context.  While a save runs, the
 * session must not change (the app disables editing, or saves a copy);
 * a loaded session is created in the thread and handed over only when
 * complete, before any signal handler is connected to it.
 */
#include "config.h"

#include "memsim-session-file.h"

static void
save_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  MemsimSession *session = source_object;
  GError *error = NULL;

  if (memsim_session_file_save (session, task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
memsim_session_file_save_async (MemsimSession       *session,
                                const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (MEMSIM_IS_SESSION (session));
  g_return_if_fail (path != NULL);

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, memsim_session_file_save_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, save_in_thread);
}

gboolean
memsim_session_file_save_finish (MemsimSession  *session,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  MemsimSession *session = memsim_session_file_load (task_data, cancellable, &error);

  if (session != NULL)
    g_task_return_pointer (task, session, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
memsim_session_file_load_async (const char          *path,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, memsim_session_file_load_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_in_thread);
}

MemsimSession *
memsim_session_file_load_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
