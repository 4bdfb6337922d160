/* memsim-window-files.h: the window's session file, its exports and autosave
 *
 * The window calls these few functions; everything else about files —
 * Save, Save As, Open Recent, File → Export, the unsaved mark in the title,
 * the prompt before closing and the autosave — lives behind them
 * (memsim-window-files.c, memsim-window-export.c, memsim-autosave.c).
 */
#pragma once

#include "memsim-window.h"

G_BEGIN_DECLS

typedef struct _MemsimFiles MemsimFiles;

/* memsim-window-files.c */
/* Installs the actions and follows the session (after the session exists). */
void        memsim_window_files_init           (MemsimWindow *self);
void        memsim_window_files_free           (MemsimWindow *self);
/* A save, an open or an export is running: the session must not change. */
gboolean    memsim_window_files_busy           (MemsimWindow *self);
void        memsim_window_files_update_actions (MemsimWindow *self,
                                                gboolean      idle);
/* TRUE when a .memsim file was handed over to the session loader. */
gboolean    memsim_window_files_open           (MemsimWindow *self,
                                                GFile        *file);
/* TRUE keeps the window open (it asks first, or waits for a save). */
gboolean    memsim_window_files_hold_close     (MemsimWindow *self);
/* The session file shown in the title, or NULL (for the tests). */
GFile      *memsim_window_files_get_file       (MemsimWindow *self);
gboolean    memsim_window_files_is_dirty       (MemsimWindow *self);
/* Writes the autosave now instead of after the pause (for the tests). */
gboolean    memsim_window_files_autosave_now   (MemsimWindow *self);
gboolean    memsim_window_files_autosave_pending (MemsimWindow *self);

/* An export runs: busy until memsim_window_files_end_export(), which
 * returns FALSE when the window was destroyed meanwhile. */
void        memsim_window_files_begin_export   (MemsimWindow *self);
gboolean    memsim_window_files_end_export     (MemsimWindow *self);

/* memsim-window-export.c */
void        memsim_window_export_install       (MemsimWindow *self);
/* memsim-window-workload.c: win.workload (the templates of memsim-workload.h) */
void        memsim_window_workload_install     (MemsimWindow *self);
/* Writes table @what ("ops", "blocks", "objects", "stats" or "json") to
 * @file in a thread; a toast says how it went. */
void        memsim_window_export_to            (MemsimWindow *self,
                                                const char   *what,
                                                GFile        *file);

/* memsim-autosave.c: one autosave file and one "running" marker per user */
char       *memsim_autosave_get_path           (void);
/* At start: notes whether the last run left its marker behind (it did not
 * exit cleanly), moves its autosave aside for a restore, writes the marker. */
void        memsim_autosave_begin_run          (void);
/* At a clean exit: removes the marker and the autosave (when this
 * process began a run). */
void        memsim_autosave_end_run            (void);
/* The autosave left by a run that crashed, once (then NULL); free it. */
char       *memsim_autosave_take_recovered     (void);

G_END_DECLS
