/* memsim-window-private.h: what the window's files share (and the tests read) */
#pragma once

#include "memsim-block-list.h"
#include "memsim-history-list.h"
#include "memsim-window.h"

G_BEGIN_DECLS

typedef struct _MemsimLoad MemsimLoad;

#define MEMSIM_N_STATS 28

struct _MemsimWindow {
  AdwApplicationWindow parent_instance;

  GSettings           *settings;
  MemsimSession       *session;
  MemsimBlockList     *block_list;
  MemsimHistoryList   *history_list;
  GListStore          *objects;
  GtkMultiSelection   *process_selection;
  char                *selected_name;
  guint                first_init;       /* cached index of the first successful init */
  gboolean             syncing;          /* widgets are being set from the model */
  gboolean             objects_dirty;
  char                *last_toast;       /* what the last toast said (for the tests) */
  AdwToast            *shown_toast;      /* weak: the toast on screen, if any */

  /* playback */
  guint                play_source;
  gint64               play_last;
  double               play_credit;
  guint                play_from;        /* where a loaded file's operations start */

  MemsimLoad          *load;             /* a file being opened, or NULL */

  GtkLabel            *stat_labels[MEMSIM_N_STATS];
  GtkPopover          *process_popover;
  GMenuModel          *process_menu;

  /* template children */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkRevealer         *progress_revealer;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  AdwFlap             *flap;
  GtkStack            *content_stack;
  AdwBin              *map_pane;
  AdwBin              *charts_pane;
  AdwViewStack        *view_stack;
  GtkColumnView       *process_view;
  GtkColumnView       *object_view;
  GtkListView         *log_view;
  GtkBox              *stats_box;
  GtkScale            *timeline_scale;
  GtkAdjustment       *timeline_adjustment;
  GtkLabel            *position_label;
  GtkDropDown         *speed_dropdown;
  GtkToggleButton     *play_button;
  GtkAdjustment       *heap_size_adjustment;
  GtkDropDown         *heap_unit_dropdown;
  AdwComboRow         *policy_row;
  AdwEntryRow         *process_name_row;
  GtkAdjustment       *process_size_adjustment;
  GtkDropDown         *process_unit_dropdown;
  AdwEntryRow         *object_name_row;
  AdwComboRow         *object_type_row;
  AdwEntryRow         *object_value_row;
};

/* memsim-window.c */
gboolean memsim_window_apply             (MemsimWindow   *self,
                                          const MemsimOp *op);
gboolean memsim_window_heap_ready        (MemsimWindow   *self);
void     memsim_window_update_actions    (MemsimWindow   *self);
guint64  memsim_window_unit_size         (GtkDropDown    *unit_dropdown);

/* memsim-window-actions.c */
void     memsim_window_install_actions   (MemsimWindow   *self);
void     memsim_window_sync_settings     (MemsimWindow   *self);
void     memsim_window_stop_playing      (MemsimWindow   *self);

/* memsim-window-tables.c */
void     memsim_window_setup_tables      (MemsimWindow   *self);
void     memsim_window_refresh_objects   (MemsimWindow   *self);
/* The names of the selected rows of the process table, in row order. */
GPtrArray *memsim_window_get_selected_names (MemsimWindow *self);
void     memsim_window_scroll_to_row     (MemsimWindow   *self,
                                          guint           position);

/* memsim-window-stats.c */
void     memsim_window_setup_stats       (MemsimWindow   *self);
void     memsim_window_update_stats      (MemsimWindow   *self);

/* memsim-window-loader.c */
void     memsim_window_cancel_load       (MemsimWindow   *self);
void     memsim_window_free_load         (MemsimWindow   *self);

G_END_DECLS
