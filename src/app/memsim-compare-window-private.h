/* memsim-compare-window-private.h: the comparison window's insides, shared by its files */
#pragma once

#include "memsim-chart.h"
#include "memsim-compare-window.h"

G_BEGIN_DECLS

#define MEMSIM_COMPARE_N_CHARTS 4

/* One policy's place in the stack. */
typedef struct {
  GtkWidget  *box;
  GtkWidget  *summary;   /* GtkLabel */
  GtkWidget  *map;       /* GtkDrawingArea */
  MemsimChart *charts[MEMSIM_COMPARE_N_CHARTS];
  MemsimHeap *heap;      /* at event, drawn by map */
  guint64     event;
  guint64     total;
} MemsimCompareRow;

struct _MemsimCompareWindow {
  AdwWindow          parent_instance;

  AdwToastOverlay   *toast_overlay;
  AdwWindowTitle    *window_title;
  GtkStack          *stack;
  GtkWidget         *policy_checks[MEMSIM_N_POLICIES];
  GtkEntry          *total_entry;
  GtkWidget         *compare_button;
  GtkWidget         *progress_bar;
  GtkWidget         *cancel_button;
  GtkWidget         *export_button;
  GtkBox            *rows_box;
  GtkScale          *scrubber;
  GtkLabel          *position_label;
  char              *last_toast;

  char              *trace_path;
  MemsimCompareResult *result;
  MemsimCompareRow   rows[MEMSIM_COMPARE_MAX_POLICIES];
  guint              n_rows;

  GCancellable      *replay_cancellable;
  MemsimCompareProgress progress;       /* written by the replay's thread */
  guint              progress_source;
  GCancellable      *seek_cancellable;
  gboolean           setting_scrubber;

  GSubprocess       *recorder;
  char              *record_path;
};

/* memsim-compare-record.c */
void     memsim_compare_window_show_record_dialog (MemsimCompareWindow *self);
char    *memsim_compare_find_cli                  (void);
void     memsim_compare_window_stop_recording     (MemsimCompareWindow *self);

/* memsim-compare-export.c */
void     memsim_compare_window_show_export_dialog (MemsimCompareWindow *self);

/* memsim-compare-export-svg.c: @node (the rows box's) onto an SVG surface's @cr */
void     memsim_compare_window_draw_svg (MemsimCompareWindow *self,
                                         GskRenderNode       *node,
                                         cairo_t             *cr);

/* memsim-compare-rows.c */
void     memsim_compare_window_build_rows (MemsimCompareWindow *self);
void     memsim_compare_window_clear_rows (MemsimCompareWindow *self);
void     memsim_compare_row_set_heap      (MemsimCompareRow    *row,
                                           MemsimHeap          *heap,
                                           guint64              event);
/* The row's map at @width × @height, as its drawing area draws it. */
void     memsim_compare_row_draw_map      (MemsimCompareRow    *row,
                                           cairo_t             *cr,
                                           int                  width,
                                           int                  height);

G_END_DECLS
