/* memsim-chart.c: a live chart of one or more series over operations
 *
 * The chart keeps its series (memsim-chart-pyramid.c) and draws them in
 * snapshot() (memsim-chart-draw.c).  A frame never looks at every sample:
 * each pixel column asks the pyramid for the extremes of its samples, so a
 * frame costs O(width · log n) however long the history is.  Appends and
 * truncations only queue a redraw, which GTK coalesces to one per frame.
 *
 * The x axis is the operation index; the timeline cursor splits the samples
 * into the past (drawn in full colour) and the redo tail (muted).  With a
 * window of N operations the chart follows the latest sample while the
 * cursor is at the end, and keeps the cursor in view otherwise.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "memsim-chart-draw.h"
#include "memsim-chart-private.h"

enum {
  PROP_0,
  PROP_TITLE,
  PROP_UNIT,
  PROP_CURSOR,
  PROP_WINDOW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MemsimChart, memsim_chart, GTK_TYPE_WIDGET)

static void
series_clear (gpointer data)
{
  MemsimChartSeries *series = data;

  g_clear_pointer (&series->label, g_free);
  g_clear_pointer (&series->values, memsim_chart_pyramid_free);
}

GtkWidget *
memsim_chart_new (const char      *title,
                  MemsimChartUnit  unit)
{
  return g_object_new (MEMSIM_TYPE_CHART, "title", title, "unit", (guint) unit, NULL);
}

const char *
memsim_chart_get_title (MemsimChart *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), NULL);
  return self->title;
}

MemsimChartUnit
memsim_chart_get_unit (MemsimChart *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), MEMSIM_CHART_UNIT_COUNT);
  return self->unit;
}

guint
memsim_chart_add_series (MemsimChart      *self,
                         const char       *label,
                         MemsimChartColor  color)
{
  MemsimChartSeries series = { g_strdup (label), color, memsim_chart_pyramid_new () };

  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  g_return_val_if_fail (label != NULL, 0);
  g_return_val_if_fail (memsim_chart_get_length (self) == 0, 0);

  g_array_append_val (self->series, series);
  self->truncations++;
  memsim_chart_data_changed (self);
  return self->series->len - 1;
}

guint
memsim_chart_get_n_series (MemsimChart *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  return self->series->len;
}

const char *
memsim_chart_get_series_label (MemsimChart *self,
                               guint        series)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  return memsim_chart_series (self, series)->label;
}

const MemsimChartPyramid *
memsim_chart_get_pyramid (MemsimChart *self,
                          guint        series)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  return memsim_chart_series (self, series)->values;
}

void
memsim_chart_append (MemsimChart  *self,
                     const double *values)
{
  g_return_if_fail (MEMSIM_IS_CHART (self));
  g_return_if_fail (values != NULL || self->series->len == 0);

  for (guint s = 0; s < self->series->len; s++)
    memsim_chart_pyramid_append (memsim_chart_series (self, s)->values, (float) values[s]);
  self->length++;
  memsim_chart_data_changed (self);
}

void
memsim_chart_truncate (MemsimChart *self,
                       guint        length)
{
  g_return_if_fail (MEMSIM_IS_CHART (self));

  if (length >= self->length)
    return;
  for (guint s = 0; s < self->series->len; s++)
    memsim_chart_pyramid_truncate (memsim_chart_series (self, s)->values, length);
  self->length = length;
  self->truncations++;
  memsim_chart_data_changed (self);
}

guint
memsim_chart_get_length (MemsimChart *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  return self->length;
}

double
memsim_chart_get_value (MemsimChart *self,
                        guint        series,
                        guint        index)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);
  g_return_val_if_fail (index < self->length, 0);
  return memsim_chart_pyramid_get (memsim_chart_series (self, series)->values, index);
}

void
memsim_chart_set_cursor (MemsimChart *self,
                         guint        cursor)
{
  g_return_if_fail (MEMSIM_IS_CHART (self));

  if (self->cursor == cursor)
    return;
  self->cursor = cursor;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURSOR]);
}

guint
memsim_chart_get_cursor (MemsimChart *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  return self->cursor;
}

void
memsim_chart_set_window (MemsimChart *self,
                         guint        window)
{
  g_return_if_fail (MEMSIM_IS_CHART (self));

  if (self->window == window)
    return;
  self->window = window;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW]);
}

guint
memsim_chart_get_window (MemsimChart *self)
{
  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  return self->window;
}

/* The x extent of the whole history: the length itself while it is short,
 * else the length rounded up to an eighth of a power of two.  During a
 * replay the scale then stays put for many frames, and each frame only
 * draws the columns the new samples fall in (memsim-chart-layer.c); the
 * history fills 8/9 of the width or more. */
static guint64
history_extent (guint length)
{
  guint64 power = 1, step;

  if (length <= 4096)
    return MAX (length, 1);
  while (power * 2 <= length)
    power *= 2;
  step = power / 8;
  return (length + step - 1) / step * step;
}

void
memsim_chart_get_visible_range (MemsimChart *self,
                                guint64     *start,
                                guint64     *span)
{
  guint64 end;

  g_return_if_fail (MEMSIM_IS_CHART (self));

  if (self->window == 0)
    {
      *start = 0;
      *span = history_extent (self->length);
      return;
    }
  /* Follow the latest sample, or keep the cursor three quarters across. */
  if (self->cursor >= self->length)
    end = self->length;
  else
    end = MIN ((guint64) self->length, (guint64) self->cursor + self->window / 4);
  *start = end > self->window ? end - self->window : 0;
  *span = self->window;
}

/* ---- text ------------------------------------------------------------- */

static char *
describe_values (MemsimChart *self,
                 guint        index,
                 const char  *separator)
{
  GString *text = g_string_new (NULL);

  for (guint s = 0; s < self->series->len; s++)
    {
      g_autofree char *value = memsim_chart_format_value (memsim_chart_get_value (self, s, index),
                                                          self->unit);

      if (s > 0)
        g_string_append (text, separator);
      /* TRANSLATORS: a series and its value in a chart, e.g. "Used: 42.5%" */
      g_string_append_printf (text, _("%s: %s"), memsim_chart_get_series_label (self, s), value);
    }
  return g_string_free (text, FALSE);
}

char *
memsim_chart_describe_at (MemsimChart *self,
                          guint        index)
{
  g_autofree char *values = NULL;

  g_return_val_if_fail (MEMSIM_IS_CHART (self), NULL);
  g_return_val_if_fail (index < self->length, NULL);

  values = describe_values (self, index, ", ");
  /* TRANSLATORS: the state after an operation, e.g. "Operation 12: Used: 40.0%" */
  return g_strdup_printf (_("Operation %u: %s"), index + 1, values);
}

void
memsim_chart_update_description (MemsimChart *self)
{
  g_autofree char *description = NULL;

  g_return_if_fail (MEMSIM_IS_CHART (self));

  /* The cursor may be ahead of the samples while they are being copied. */
  if (self->cursor == 0 || self->length == 0)
    description = g_strdup (_("No operations yet"));
  else
    description = memsim_chart_describe_at (self, MIN (self->cursor, self->length) - 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

/* ---- geometry --------------------------------------------------------- */

void
memsim_chart_get_plot_area (MemsimChart     *self,
                            graphene_rect_t *area)
{
  MemsimChartFrame frame;

  g_return_if_fail (MEMSIM_IS_CHART (self));
  memsim_chart_frame_init (self, &frame);
  *area = frame.plot;
}

double
memsim_chart_x_for_index (MemsimChart *self,
                          guint        index)
{
  MemsimChartFrame frame;

  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  memsim_chart_frame_init (self, &frame);
  return memsim_chart_frame_x (&frame, index);
}

double
memsim_chart_y_for_value (MemsimChart *self,
                          double       value)
{
  MemsimChartFrame frame;

  g_return_val_if_fail (MEMSIM_IS_CHART (self), 0);
  memsim_chart_frame_init (self, &frame);
  return memsim_chart_frame_y (&frame, value);
}

/* ---- hover ------------------------------------------------------------ */

void
memsim_chart_hover (MemsimChart *self,
                    double       x)
{
  g_return_if_fail (MEMSIM_IS_CHART (self));

  if (self->hover_x == x)
    return;
  self->hover_x = x;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
memsim_chart_hovered_index (MemsimChart *self,
                            guint       *index)
{
  MemsimChartFrame frame;

  if (self->hover_x < 0)
    return FALSE;
  memsim_chart_frame_init (self, &frame);
  return memsim_chart_frame_index_at (&frame, self->hover_x, index);
}

char *
memsim_chart_get_readout (MemsimChart *self)
{
  g_autofree char *values = NULL;
  guint index;

  g_return_val_if_fail (MEMSIM_IS_CHART (self), NULL);

  if (!memsim_chart_hovered_index (self, &index))
    return NULL;
  values = describe_values (self, index, "\n");
  /* TRANSLATORS: the first line of a chart's hover readout */
  return g_strdup_printf (_("Operation %u\n%s"), index + 1, values);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MemsimChart              *self)
{
  memsim_chart_hover (self, x);
}

static void
on_leave (GtkEventControllerMotion *controller,
          MemsimChart              *self)
{
  memsim_chart_hover (self, -1);
}

/* ---- colours ---------------------------------------------------------- */

/* The GNOME palette: a darker shade on light backgrounds, a lighter one on
 * dark backgrounds, so that lines keep their contrast in both styles. */
static const char *const palette[][2] = {
  [MEMSIM_CHART_COLOR_BLUE] = { "#1c71d8", "#62a0ea" },
  [MEMSIM_CHART_COLOR_GREEN] = { "#26a269", "#57e389" },
  [MEMSIM_CHART_COLOR_ORANGE] = { "#e66100", "#ffa348" },
  [MEMSIM_CHART_COLOR_PURPLE] = { "#813d9c", "#c061cb" },
  [MEMSIM_CHART_COLOR_RED] = { "#c01c28", "#f66151" },
};

void
memsim_chart_get_series_rgba (MemsimChart *self,
                              guint        series,
                              GdkRGBA     *rgba)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  g_return_if_fail (MEMSIM_IS_CHART (self));
  g_return_if_fail (series < self->series->len);
  gdk_rgba_parse (rgba, palette[memsim_chart_series (self, series)->color][dark ? 1 : 0]);
}

static void
on_dark_changed (AdwStyleManager *style,
                 GParamSpec      *pspec,
                 MemsimChart     *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ---- GObject and GtkWidget -------------------------------------------- */

static void
memsim_chart_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 96;
      *natural = 160;
    }
}

static void
memsim_chart_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MemsimChart *self = MEMSIM_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
      break;
    case PROP_UNIT:
      self->unit = g_value_get_uint (value);
      break;
    case PROP_CURSOR:
      memsim_chart_set_cursor (self, g_value_get_uint (value));
      break;
    case PROP_WINDOW:
      memsim_chart_set_window (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_chart_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MemsimChart *self = MEMSIM_CHART (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_UNIT:
      g_value_set_uint (value, self->unit);
      break;
    case PROP_CURSOR:
      g_value_set_uint (value, self->cursor);
      break;
    case PROP_WINDOW:
      g_value_set_uint (value, self->window);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
memsim_chart_dispose (GObject *object)
{
  MemsimChart *self = MEMSIM_CHART (object);

  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  G_OBJECT_CLASS (memsim_chart_parent_class)->dispose (object);
}

static void
memsim_chart_finalize (GObject *object)
{
  MemsimChart *self = MEMSIM_CHART (object);

  g_clear_pointer (&self->series, g_array_unref);
  g_clear_pointer (&self->columns, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  memsim_chart_layer_finalize (self);
  G_OBJECT_CLASS (memsim_chart_parent_class)->finalize (object);
}

static void
memsim_chart_class_init (MemsimChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->set_property = memsim_chart_set_property;
  object_class->get_property = memsim_chart_get_property;
  object_class->dispose = memsim_chart_dispose;
  object_class->finalize = memsim_chart_finalize;
  widget_class->measure = memsim_chart_measure;
  widget_class->snapshot = memsim_chart_snapshot;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT] =
    g_param_spec_uint ("unit", NULL, NULL, MEMSIM_CHART_UNIT_COUNT, MEMSIM_CHART_UNIT_FRACTION,
                       MEMSIM_CHART_UNIT_COUNT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURSOR] = g_param_spec_uint ("cursor", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_WINDOW] = g_param_spec_uint ("window", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "memsim-chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
memsim_chart_init (MemsimChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->series = g_array_new (FALSE, FALSE, sizeof (MemsimChartSeries));
  g_array_set_clear_func (self->series, series_clear);
  self->columns = g_array_new (FALSE, FALSE, sizeof (MemsimChartColumn));
  memsim_chart_layer_init (self);
  self->hover_x = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                    G_CALLBACK (on_dark_changed), self);
}
