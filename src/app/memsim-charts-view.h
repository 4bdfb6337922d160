/* memsim-charts-view.h: the live charts of a session, as the window embeds them */
#pragma once

#include <gtk/gtk.h>

#include "memsim-session.h"

G_BEGIN_DECLS

#define MEMSIM_TYPE_CHARTS_VIEW (memsim_charts_view_get_type ())
G_DECLARE_FINAL_TYPE (MemsimChartsView, memsim_charts_view, MEMSIM, CHARTS_VIEW, GtkWidget)

GtkWidget     *memsim_charts_view_new         (void);
void           memsim_charts_view_set_session (MemsimChartsView *self,
                                               MemsimSession    *session); /* nullable */
MemsimSession *memsim_charts_view_get_session (MemsimChartsView *self);   /* property "session" */

G_END_DECLS
