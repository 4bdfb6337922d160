/* memsim-charts-view.c: the live charts of a session
 *
 * Five charts over the operations of the session's history, from its metric
 * series (memsim-series.h): the share of the heap in use, external and
 * internal fragmentation, the number of free blocks, the allocation success
 * rate so far, and the object store's arenas and pools.
 *
 * Updates are batched on the frame clock: "changed" and notify::position
 * only schedule one tick, and the tick copies the samples that are new since
 * the last one, so a replay of a million operations costs one update a frame.
 *
 * Which samples are new?  The session keeps its samples when it seeks, and
 * replaces the redo tail when an operation is applied after an undo; that
 * happens at the position the session had then.  Every position is either
 * the one at the last update or one that notify::position reported (seeks
 * report even inside a batch), so the lowest of them bounds what may have
 * been replaced.  The charts compare their values from there with the
 * session's samples and keep the common prefix: an undo followed by a new
 * operation costs the samples after the undo, not the whole history.
 *
 * A seek far back (scrubbing the timeline) lowers that bound without
 * replacing anything, and comparing a million samples takes about 10 ms;
 * so the comparison runs VERIFY_BUDGET samples a frame, on later ticks,
 * while new samples and the cursor are shown at once.  A tail
 * replaced inside a batch at the same length may thus show its old values
 * for a few frames (the public API cannot tell it from a plain seek).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "memsim-chart-private.h"
#include "memsim-charts-view-private.h"

/* Samples compared with the session's in one frame (under 1 ms), and
 * samples copied into the charts in one frame (a new session of a million
 * operations fills in over a few frames instead of freezing one). */
#define VERIFY_BUDGET 65536
#define APPEND_BUDGET 131072

enum {
  VALUE_USED,
  VALUE_EXTERNAL,
  VALUE_INTERNAL,
  VALUE_FREE_BLOCKS,
  VALUE_SUCCESS,
  VALUE_ARENAS,
  VALUE_POOLS,
  N_VALUES
};

static const struct {
  const char      *title;
  MemsimChartUnit  unit;
  guint            first_value;
  guint            n_values;
} chart_specs[MEMSIM_CHARTS_VIEW_N_CHARTS] = {
  [MEMSIM_CHARTS_VIEW_USED] = { N_("Heap Used"), MEMSIM_CHART_UNIT_FRACTION, VALUE_USED, 1 },
  [MEMSIM_CHARTS_VIEW_FRAGMENTATION] = { N_("Fragmentation"), MEMSIM_CHART_UNIT_FRACTION, VALUE_EXTERNAL, 2 },
  [MEMSIM_CHARTS_VIEW_FREE_BLOCKS] = { N_("Free Blocks"), MEMSIM_CHART_UNIT_COUNT, VALUE_FREE_BLOCKS, 1 },
  [MEMSIM_CHARTS_VIEW_SUCCESS] = { N_("Allocation Success Rate"), MEMSIM_CHART_UNIT_FRACTION, VALUE_SUCCESS, 1 },
  [MEMSIM_CHARTS_VIEW_OBJECT_STORE] = { N_("Object Store"), MEMSIM_CHART_UNIT_COUNT, VALUE_ARENAS, 2 },
};

static const struct {
  const char       *label;
  MemsimChartColor  color;
} value_specs[N_VALUES] = {
  [VALUE_USED] = { N_("Used"), MEMSIM_CHART_COLOR_BLUE },
  [VALUE_EXTERNAL] = { N_("External"), MEMSIM_CHART_COLOR_ORANGE },
  [VALUE_INTERNAL] = { N_("Internal"), MEMSIM_CHART_COLOR_PURPLE },
  [VALUE_FREE_BLOCKS] = { N_("Free blocks"), MEMSIM_CHART_COLOR_GREEN },
  [VALUE_SUCCESS] = { N_("Succeeded"), MEMSIM_CHART_COLOR_BLUE },
  [VALUE_ARENAS] = { N_("Arenas"), MEMSIM_CHART_COLOR_RED },
  [VALUE_POOLS] = { N_("Pools"), MEMSIM_CHART_COLOR_GREEN },
};

struct _MemsimChartsView {
  GtkWidget      parent_instance;

  MemsimSession *session;
  GtkWidget     *header;
  MemsimChart   *charts[MEMSIM_CHARTS_VIEW_N_CHARTS];
  guint          synced;      /* samples copied into the charts */
  guint          low_water;   /* lowest position seen since the last update */
  guint          unverified;  /* samples from here on may be stale (G_MAXUINT: none) */
  gboolean       session_moved; /* a signal came since the last update */
  guint          tick_id;
  gboolean       windowed;
};

enum {
  PROP_0,
  PROP_SESSION,
  PROP_WINDOWED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MemsimChartsView, memsim_charts_view, GTK_TYPE_WIDGET)

GtkWidget *
memsim_charts_view_new (void)
{
  return g_object_new (MEMSIM_TYPE_CHARTS_VIEW, NULL);
}

MemsimSession *
memsim_charts_view_get_session (MemsimChartsView *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHARTS_VIEW (self), NULL);
  return self->session;
}

MemsimChart *
memsim_charts_view_get_chart (MemsimChartsView      *self,
                              MemsimChartsViewChart  chart)
{
  g_return_val_if_fail (MEMSIM_IS_CHARTS_VIEW (self), NULL);
  g_return_val_if_fail (chart < MEMSIM_CHARTS_VIEW_N_CHARTS, NULL);
  return self->charts[chart];
}

/* ---- samples to values ------------------------------------------------ */

static void
extract_values (const MemsimSample *sample,
                double              values[N_VALUES])
{
  guint64 total = sample->used + sample->free;

  values[VALUE_USED] = total == 0 ? 0.0 : (double) sample->used / (double) total;
  values[VALUE_EXTERNAL] = memsim_sample_external_fragmentation (sample);
  values[VALUE_INTERNAL] = memsim_sample_internal_fragmentation (sample);
  values[VALUE_FREE_BLOCKS] = sample->free_blocks;
  values[VALUE_SUCCESS] = memsim_sample_success_rate (sample);
  values[VALUE_ARENAS] = sample->arenas;
  values[VALUE_POOLS] = sample->pools;
}

/* The values the charts hold, one array per value of extract_values(). */
static void
peek_values (MemsimChartsView *self,
             const float      *stored[N_VALUES])
{
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    for (guint s = 0; s < chart_specs[c].n_values; s++)
      stored[chart_specs[c].first_value + s] =
        memsim_chart_pyramid_peek (memsim_chart_get_pyramid (self->charts[c], s), NULL);
}

/* The first index in [from, end) where the charts differ from @samples
 * (compared as the floats the charts store). */
static guint
first_difference (MemsimChartsView   *self,
                  const MemsimSample *samples,
                  guint               from,
                  guint               end)
{
  const float *stored[N_VALUES];

  peek_values (self, stored);
  for (guint i = from; i < end; i++)
    {
      double values[N_VALUES];

      extract_values (&samples[i], values);
      for (guint v = 0; v < N_VALUES; v++)
        if (stored[v][i] != (float) values[v])
          return i;
    }
  return end;
}

static void
append_samples (MemsimChartsView   *self,
                const MemsimSample *samples,
                guint               from,
                guint               end)
{
  for (guint i = from; i < end; i++)
    {
      double values[N_VALUES];

      extract_values (&samples[i], values);
      for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
        memsim_chart_append (self->charts[c], &values[chart_specs[c].first_value]);
    }
}

static void
set_cursor (MemsimChartsView *self,
            guint             cursor)
{
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    {
      memsim_chart_set_cursor (self->charts[c], cursor);
      memsim_chart_update_description (self->charts[c]);
    }
}

/* One update: at most APPEND_BUDGET new samples, and at most VERIFY_BUDGET
 * of the samples that may have been replaced.  Returns TRUE when work is
 * left for the next frame. */
static gboolean
sync_step (MemsimChartsView *self)
{
  const MemsimSample *samples;
  guint length, kept;

  if (self->session == NULL)
    {
      for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
        memsim_chart_truncate (self->charts[c], 0);
      self->synced = 0;
      set_cursor (self, 0);
      return FALSE;
    }
  samples = memsim_series_peek (memsim_session_get_series (self->session), &length);
  kept = MIN (self->synced, length);
  /* Only a session that did something can have replaced samples: without
   * this, a check spread over frames would restart at the cursor forever. */
  if (self->session_moved)
    self->unverified = MIN (self->unverified, self->low_water);
  self->session_moved = FALSE;
  if (self->unverified < kept)
    {
      guint end = kept - self->unverified > VERIFY_BUDGET ? self->unverified + VERIFY_BUDGET : kept;
      guint differs = first_difference (self, samples, self->unverified, end);

      if (differs < end)
        kept = differs;
      self->unverified = differs == end && end < kept ? end : G_MAXUINT;
    }
  else
    self->unverified = G_MAXUINT;
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    memsim_chart_truncate (self->charts[c], kept);
  self->synced = kept + MIN (length - kept, APPEND_BUDGET);
  append_samples (self, samples, kept, self->synced);
  self->low_water = memsim_session_get_position (self->session);
  set_cursor (self, self->low_water);
  return self->unverified != G_MAXUINT || self->synced < length;
}

void
memsim_charts_view_sync (MemsimChartsView *self)
{
  g_return_if_fail (MEMSIM_IS_CHARTS_VIEW (self));

  while (sync_step (self))
    ;
}

/* ---- the frame clock -------------------------------------------------- */

static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  MemsimChartsView *self = MEMSIM_CHARTS_VIEW (widget);

  if (sync_step (self))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
queue_sync (MemsimChartsView *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), on_tick, NULL, NULL);
}

static void
on_session_changed (MemsimSession    *session,
                    MemsimChartsView *self)
{
  self->session_moved = TRUE;
  queue_sync (self);
}

static void
on_position_changed (MemsimSession    *session,
                     GParamSpec       *pspec,
                     MemsimChartsView *self)
{
  self->low_water = MIN (self->low_water, memsim_session_get_position (session));
  self->session_moved = TRUE;
  queue_sync (self);
}

void
memsim_charts_view_set_session (MemsimChartsView *self,
                                MemsimSession    *session)
{
  g_return_if_fail (MEMSIM_IS_CHARTS_VIEW (self));
  g_return_if_fail (session == NULL || MEMSIM_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    {
      g_signal_connect (session, "changed", G_CALLBACK (on_session_changed), self);
      g_signal_connect (session, "notify::position", G_CALLBACK (on_position_changed), self);
    }
  /* Another session's samples share nothing with these. */
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    memsim_chart_truncate (self->charts[c], 0);
  self->synced = 0;
  self->low_water = 0;
  self->unverified = G_MAXUINT;
  queue_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

static void
set_windowed (MemsimChartsView *self,
              gboolean          windowed)
{
  windowed = !!windowed;
  if (self->windowed == windowed)
    return;
  self->windowed = windowed;
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    memsim_chart_set_window (self->charts[c], windowed ? MEMSIM_CHARTS_VIEW_WINDOW : 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOWED]);
}

/* ---- GObject and GtkWidget -------------------------------------------- */

static void
memsim_charts_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  MemsimChartsView *self = MEMSIM_CHARTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      memsim_charts_view_set_session (self, g_value_get_object (value));
      break;
    case PROP_WINDOWED:
      set_windowed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_charts_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MemsimChartsView *self = MEMSIM_CHARTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_WINDOWED:
      g_value_set_boolean (value, self->windowed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_charts_view_dispose (GObject *object)
{
  MemsimChartsView *self = MEMSIM_CHARTS_VIEW (object);
  GtkWidget *child;

  memsim_charts_view_set_session (self, NULL);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (memsim_charts_view_parent_class)->dispose (object);
}

static void
memsim_charts_view_class_init (MemsimChartsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = memsim_charts_view_set_property;
  object_class->get_property = memsim_charts_view_get_property;
  object_class->dispose = memsim_charts_view_dispose;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MEMSIM_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WINDOWED] =
    g_param_spec_boolean ("windowed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_property_action (widget_class, "charts.windowed", "windowed");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "memsim-charts-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
build_header (void)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *toggle = gtk_check_button_new_with_mnemonic (_("_Follow the Last 1000 Operations"));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (toggle), "charts.windowed");
  gtk_widget_set_tooltip_text (toggle, _("Show the latest operations instead of the whole history"));
  gtk_widget_set_halign (toggle, GTK_ALIGN_END);
  gtk_widget_set_hexpand (toggle, TRUE);
  gtk_box_append (GTK_BOX (header), toggle);
  return header;
}

static void
memsim_charts_view_init (MemsimChartsView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->unverified = G_MAXUINT;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Charts"), -1);

  self->header = build_header ();
  gtk_widget_set_parent (self->header, GTK_WIDGET (self));
  for (guint c = 0; c < MEMSIM_CHARTS_VIEW_N_CHARTS; c++)
    {
      GtkWidget *chart = memsim_chart_new (_(chart_specs[c].title), chart_specs[c].unit);

      for (guint s = 0; s < chart_specs[c].n_values; s++)
        {
          guint value = chart_specs[c].first_value + s;

          memsim_chart_add_series (MEMSIM_CHART (chart), _(value_specs[value].label),
                                   value_specs[value].color);
        }
      gtk_widget_set_vexpand (chart, TRUE);
      gtk_widget_set_parent (chart, GTK_WIDGET (self));
      self->charts[c] = MEMSIM_CHART (chart);
      memsim_chart_update_description (self->charts[c]);
    }
}
