/* memsim-compare-window.h: one trace replayed under several policies, side by side
 *
 * docs/compare.md ("In the app") says what it shows and why.
 */
#pragma once

#include <adwaita.h>

#include "memsim-compare-replay.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_COMPARE_WINDOW (memsim_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (MemsimCompareWindow, memsim_compare_window, MEMSIM, COMPARE_WINDOW, AdwWindow)

MemsimCompareWindow *memsim_compare_window_new          (GtkApplication      *application);

/* Takes the trace and replays it under the checked policies at once. */
void                 memsim_compare_window_open_trace   (MemsimCompareWindow *self,
                                                         const char          *path);
/* Checks exactly @policies (order does not matter: runs go in policy order). */
void                 memsim_compare_window_set_policies (MemsimCompareWindow *self,
                                                         const MemsimPolicy  *policies,
                                                         guint                n_policies);
/* "16M", "256K", …: as memsim_parse_size() reads it. */
void                 memsim_compare_window_set_total    (MemsimCompareWindow *self,
                                                         const char          *text);
/* Replays the current trace again (after a change of policies or size). */
void                 memsim_compare_window_compare      (MemsimCompareWindow *self);
void                 memsim_compare_window_cancel       (MemsimCompareWindow *self);
gboolean             memsim_compare_window_is_busy      (MemsimCompareWindow *self);
/* NULL before the first comparison ends. */
const MemsimCompareResult *
                     memsim_compare_window_get_result   (MemsimCompareWindow *self);

/* The shared scrubber: every map and chart moves to @event. */
void                 memsim_compare_window_seek         (MemsimCompareWindow *self,
                                                         guint64              event);
/* Where run @run's map is (the event its heap is at; G_MAXUINT64: none yet)
 * and its charts' cursor. */
guint64              memsim_compare_window_get_map_event    (MemsimCompareWindow *self,
                                                             guint                run);
guint                memsim_compare_window_get_chart_cursor (MemsimCompareWindow *self,
                                                             guint                run,
                                                             guint                chart);

/* The stacked maps and charts as drawn, into FILE.png or FILE.svg. */
gboolean             memsim_compare_window_export       (MemsimCompareWindow *self,
                                                         const char          *path,
                                                         GError             **error);

/* Records @command_line (a shell-quoted command) with `memsim-cli record`
 * and opens the trace it leaves. */
void                 memsim_compare_window_record       (MemsimCompareWindow *self,
                                                         const char          *command_line);
void                 memsim_compare_window_add_toast    (MemsimCompareWindow *self,
                                                         const char          *message);
/* What the last toast said, for the tests. */
const char          *memsim_compare_window_get_last_toast (MemsimCompareWindow *self);

G_END_DECLS

G_BEGIN_DECLS

/* The main window's "compare", "import-trace" and "record-program"
 * actions: each opens @window's comparison window (one a main window). */
void memsim_compare_window_add_actions (GtkApplicationWindow *window);

G_END_DECLS
