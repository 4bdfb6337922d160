/* memsim-chart-format.c: axis ticks and value labels of the charts
 *
 * Ticks follow the 1-2-5 rule (the steps a reader adds up without effort);
 * byte axes use the same rule on multiples of KiB, MiB or GiB, so that a
 * tick reads "1.5 MiB" rather than "1572864".  Numbers go through printf,
 * so the decimal separator is the user's.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "memsim-chart-format.h"

static const char *const byte_units[] = { N_("B"), N_("KiB"), N_("MiB"), N_("GiB"), N_("TiB") };

/* The multiple of 1024 to show @value in: 0 for bytes, 1 for KiB, … */
static guint
byte_exponent (double value)
{
  guint exponent = 0;

  while (exponent + 1 < G_N_ELEMENTS (byte_units) && value >= pow (1024.0, exponent + 1))
    exponent++;
  return exponent;
}

/* The smallest of 1, 2, 5 × 10^k that is at least @x. */
static double
nice_decimal (double x)
{
  double power, fraction;

  if (!(x > 0))
    return 1.0;
  power = pow (10.0, floor (log10 (x)));
  fraction = x / power;
  if (fraction <= 1.0 + 1e-9)
    return power;
  if (fraction <= 2.0 + 1e-9)
    return 2.0 * power;
  if (fraction <= 5.0 + 1e-9)
    return 5.0 * power;
  return 10.0 * power;
}

double
memsim_chart_nice_step (double          range,
                        guint           max_ticks,
                        MemsimChartUnit unit)
{
  double base = 1.0, step;

  g_return_val_if_fail (max_ticks > 0, 1.0);

  if (unit == MEMSIM_CHART_UNIT_BYTES)
    base = pow (1024.0, byte_exponent (range));
  step = nice_decimal (range / base / max_ticks) * base;
  if (unit != MEMSIM_CHART_UNIT_FRACTION)
    step = MAX (step, 1.0);
  return step;
}

double
memsim_chart_nice_top (double          max,
                       guint           max_ticks,
                       MemsimChartUnit unit)
{
  double step;

  if (unit == MEMSIM_CHART_UNIT_FRACTION)
    return 1.0;
  if (!(max > 0))
    return 1.0;
  step = memsim_chart_nice_step (max, max_ticks, unit);
  return MAX (1.0, ceil (max / step - 1e-9)) * step;
}

/* Decimals that @step needs once divided by @divisor: 0.5 → 1, 0.25 → 2. */
static int
decimals_for (double step,
              double divisor)
{
  double scaled = step / divisor;
  int decimals = 0;

  while (decimals < 3 && fabs (scaled * pow (10.0, decimals) - round (scaled * pow (10.0, decimals))) > 1e-6)
    decimals++;
  return decimals;
}

static char *
format_count_tick (double value,
                   double step,
                   double top)
{
  /* TRANSLATORS: suffixes of short axis labels: 250k is 250,000, 1.5M is 1,500,000 */
  const char *suffix = top >= 1e6 ? C_("thousands", "M") : top >= 1e4 ? C_("thousands", "k") : "";
  double divisor = top >= 1e6 ? 1e6 : top >= 1e4 ? 1e3 : 1.0;

  if (value == 0)
    return g_strdup ("0");
  return g_strdup_printf ("%.*f%s", decimals_for (step, divisor), value / divisor, suffix);
}

char *
memsim_chart_format_tick (double          value,
                          double          step,
                          double          top,
                          MemsimChartUnit unit)
{
  guint exponent;
  double divisor;

  switch (unit)
    {
    case MEMSIM_CHART_UNIT_FRACTION:
      /* TRANSLATORS: a percentage on a chart's axis, e.g. "40%" */
      return g_strdup_printf (_("%.*f%%"), decimals_for (step * 100, 1.0), value * 100);
    case MEMSIM_CHART_UNIT_BYTES:
      if (value == 0)
        return g_strdup ("0");
      exponent = byte_exponent (top);
      divisor = pow (1024.0, exponent);
      /* TRANSLATORS: a size on a chart's axis: a number, a no-break space
       * (as in g_format_size) and a unit, e.g. "1.5 MiB" */
      return g_strdup_printf (_("%.*f\302\240%s"), decimals_for (step, divisor), value / divisor,
                              _(byte_units[exponent]));
    case MEMSIM_CHART_UNIT_COUNT:
    default:
      return format_count_tick (value, step, top);
    }
}

char *
memsim_chart_format_value (double          value,
                           MemsimChartUnit unit)
{
  switch (unit)
    {
    case MEMSIM_CHART_UNIT_FRACTION:
      /* TRANSLATORS: a percentage in a chart's readout, e.g. "42.5%" */
      return g_strdup_printf (_("%.1f%%"), value * 100);
    case MEMSIM_CHART_UNIT_BYTES:
      return g_format_size_full ((guint64) MAX (value, 0), G_FORMAT_SIZE_IEC_UNITS);
    case MEMSIM_CHART_UNIT_COUNT:
    default:
      return g_strdup_printf ("%.0f", value);
    }
}
