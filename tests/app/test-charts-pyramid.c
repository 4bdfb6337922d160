/* test-charts-pyramid.c: the charts' level-of-detail pyramid and axis labels */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "memsim-chart-format.h"
#include "memsim-chart-pyramid.h"

/* A deterministic, jumpy series: every range has a different min and max. */
static float
jumpy (guint i)
{
  return (float) ((i * 37u + (i / 13u) * 11u) % 101u);
}

static void
brute_range (const MemsimChartPyramid *pyramid,
             guint                     start,
             guint                     end,
             float                    *min,
             float                    *max)
{
  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = start; i < end; i++)
    {
      *min = MIN (*min, memsim_chart_pyramid_get (pyramid, i));
      *max = MAX (*max, memsim_chart_pyramid_get (pyramid, i));
    }
}

/* Every range with ends on a coarse grid, plus ranges around block edges. */
static void
assert_ranges_exact (const MemsimChartPyramid *pyramid)
{
  guint length = memsim_chart_pyramid_get_length (pyramid);
  static const guint edges[] = { 0, 1, 7, 8, 9, 63, 64, 65, 511, 512, 513, 4095, 4096, 4097 };

  for (guint start = 0; start < length; start += 29)
    for (guint end = start + 1; end <= length; end += 31)
      {
        float min, max, want_min, want_max;

        memsim_chart_pyramid_range (pyramid, start, end, &min, &max);
        brute_range (pyramid, start, end, &want_min, &want_max);
        g_assert_cmpfloat (min, ==, want_min);
        g_assert_cmpfloat (max, ==, want_max);
      }
  for (guint a = 0; a < G_N_ELEMENTS (edges); a++)
    for (guint b = 0; b < G_N_ELEMENTS (edges); b++)
      {
        guint start = edges[a], end = edges[b] + 1;
        float min, max, want_min, want_max;

        if (start >= end || end > length)
          continue;
        memsim_chart_pyramid_range (pyramid, start, end, &min, &max);
        brute_range (pyramid, start, end, &want_min, &want_max);
        g_assert_cmpfloat (min, ==, want_min);
        g_assert_cmpfloat (max, ==, want_max);
      }
}

static void
test_levels (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();

  g_assert_cmpuint (memsim_chart_pyramid_get_n_levels (pyramid), ==, 0);
  for (guint i = 0; i < 7; i++)
    memsim_chart_pyramid_append (pyramid, i);
  g_assert_cmpuint (memsim_chart_pyramid_get_n_levels (pyramid), ==, 0);
  memsim_chart_pyramid_append (pyramid, 7);
  g_assert_cmpuint (memsim_chart_pyramid_get_n_levels (pyramid), ==, 1);
  for (guint i = 8; i < 1000; i++)
    memsim_chart_pyramid_append (pyramid, i);
  /* 1000 / 8 = 125 entries, 15 of 64, 1 of 512. */
  g_assert_cmpuint (memsim_chart_pyramid_get_n_levels (pyramid), ==, 3);
  memsim_chart_pyramid_truncate (pyramid, 511);
  g_assert_cmpuint (memsim_chart_pyramid_get_n_levels (pyramid), ==, 2);
  memsim_chart_pyramid_truncate (pyramid, 0);
  g_assert_cmpuint (memsim_chart_pyramid_get_n_levels (pyramid), ==, 0);
  g_assert_cmpuint (memsim_chart_pyramid_get_length (pyramid), ==, 0);
}

static void
test_range_known_values (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();
  float min, max;

  for (guint i = 0; i < 5000; i++)
    memsim_chart_pyramid_append (pyramid, i == 3333 ? -5.f : (float) i);
  memsim_chart_pyramid_range (pyramid, 5, 700, &min, &max);
  g_assert_cmpfloat (min, ==, 5);
  g_assert_cmpfloat (max, ==, 699);
  memsim_chart_pyramid_range (pyramid, 64, 4096, &min, &max);
  g_assert_cmpfloat (min, ==, -5);
  g_assert_cmpfloat (max, ==, 4095);
  memsim_chart_pyramid_range (pyramid, 3334, 3335, &min, &max);
  g_assert_cmpfloat (min, ==, 3334);
  g_assert_cmpfloat (max, ==, 3334);
  memsim_chart_pyramid_range (pyramid, 0, 5000, &min, &max);
  g_assert_cmpfloat (min, ==, -5);
  g_assert_cmpfloat (max, ==, 4999);
}

static void
test_range_matches_scan (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();

  for (guint i = 0; i < 5000; i++)
    memsim_chart_pyramid_append (pyramid, jumpy (i));
  assert_ranges_exact (pyramid);
}

/* Truncating drops whole summaries and keeps the rest; appending after it
 * summarises the new values, not the dropped ones. */
static void
test_truncate_then_append (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();
  float min, max;

  for (guint i = 0; i < 5000; i++)
    memsim_chart_pyramid_append (pyramid, 1000.f + i);
  memsim_chart_pyramid_truncate (pyramid, 1517);
  g_assert_cmpuint (memsim_chart_pyramid_get_length (pyramid), ==, 1517);
  memsim_chart_pyramid_range (pyramid, 0, 1517, &min, &max);
  g_assert_cmpfloat (min, ==, 1000);
  g_assert_cmpfloat (max, ==, 2516);
  for (guint i = 0; i < 3000; i++)
    memsim_chart_pyramid_append (pyramid, jumpy (i));
  g_assert_cmpuint (memsim_chart_pyramid_get_length (pyramid), ==, 4517);
  memsim_chart_pyramid_range (pyramid, 1517, 4517, &min, &max);
  g_assert_cmpfloat (min, ==, 0);
  g_assert_cmpfloat (max, ==, 100);
  memsim_chart_pyramid_range (pyramid, 1500, 1600, &min, &max);
  g_assert_cmpfloat (max, ==, 2516);
  assert_ranges_exact (pyramid);

  /* Truncating to the length or beyond changes nothing. */
  memsim_chart_pyramid_truncate (pyramid, 9999);
  g_assert_cmpuint (memsim_chart_pyramid_get_length (pyramid), ==, 4517);
}

/* 100 samples in 10 columns: 0 … 9 repeated, a spike of 100 at sample 57. */
static void
test_columns_exact (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();
  MemsimChartColumn columns[10];

  for (guint i = 0; i < 100; i++)
    memsim_chart_pyramid_append (pyramid, i == 57 ? 100.f : (float) (i % 10));
  memsim_chart_pyramid_columns (pyramid, 0, 100, 10, columns);
  for (guint c = 0; c < 10; c++)
    {
      g_assert_cmpuint (columns[c].first, ==, c * 10);
      g_assert_cmpuint (columns[c].end, ==, c * 10 + 10);
      g_assert_cmpfloat (columns[c].min, ==, 0);
      g_assert_cmpfloat (columns[c].max, ==, c == 5 ? 100 : 9);
      g_assert_cmpfloat (columns[c].last, ==, 9);
    }

  /* 7 columns over [30, 100): 10 samples each; then a domain that runs past
   * the data leaves its last columns empty. */
  memsim_chart_pyramid_columns (pyramid, 30, 70, 7, columns);
  g_assert_cmpfloat (columns[2].max, ==, 100);
  g_assert_cmpfloat (columns[3].max, ==, 9);
  memsim_chart_pyramid_columns (pyramid, 80, 40, 4, columns);
  g_assert_cmpuint (columns[1].first, ==, 90);
  g_assert_cmpuint (columns[1].end, ==, 100);
  g_assert_cmpuint (columns[2].first, ==, columns[2].end);
  g_assert_true (isnan (columns[3].last));

  /* Uneven columns: 100 samples in 3 are 33, 33 and 34 samples wide. */
  memsim_chart_pyramid_columns (pyramid, 0, 100, 3, columns);
  g_assert_cmpuint (columns[0].end, ==, 33);
  g_assert_cmpuint (columns[1].end, ==, 66);
  g_assert_cmpuint (columns[2].end, ==, 100);
  g_assert_cmpfloat (columns[0].last, ==, 2);
  g_assert_cmpfloat (columns[1].max, ==, 100);
  g_assert_cmpfloat (columns[2].max, ==, 9);
}

/* After a truncation and new appends the columns see the new values. */
static void
test_columns_after_truncate (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();
  MemsimChartColumn columns[4];

  for (guint i = 0; i < 4096; i++)
    memsim_chart_pyramid_append (pyramid, 50);
  memsim_chart_pyramid_truncate (pyramid, 2048);
  for (guint i = 0; i < 2048; i++)
    memsim_chart_pyramid_append (pyramid, i == 1000 ? 7.f : 60.f);
  memsim_chart_pyramid_columns (pyramid, 0, 4096, 4, columns);
  g_assert_cmpfloat (columns[0].max, ==, 50);
  g_assert_cmpfloat (columns[1].min, ==, 50);
  g_assert_cmpfloat (columns[2].min, ==, 7);
  g_assert_cmpfloat (columns[2].max, ==, 60);
  g_assert_cmpfloat (columns[3].min, ==, 60);
  g_assert_cmpfloat (columns[3].last, ==, 60);
}

/* A range of columns is filled exactly like the same columns of the whole
 * split, and nothing else is touched (the chart fills only the columns of
 * a changed tile).  Narrower and wider than the samples. */
static void
test_columns_range (void)
{
  g_autoptr(MemsimChartPyramid) pyramid = memsim_chart_pyramid_new ();
  static const guint64 spans[] = { 100000, 37, 5 };

  for (guint i = 0; i < 100000; i++)
    memsim_chart_pyramid_append (pyramid, (float) ((i * 7919) % 1009) + (i == 61234 ? 5000.f : 0.f));
  for (guint k = 0; k < G_N_ELEMENTS (spans); k++)
    {
      MemsimChartColumn whole[300], part[300];

      memsim_chart_pyramid_columns (pyramid, 0, spans[k], 300, whole);
      memset (part, 0xab, sizeof part);
      memsim_chart_pyramid_columns_range (pyramid, 0, spans[k], 300, 17, 230, part);
      for (guint c = 0; c < 300; c++)
        {
          if (c < 17 || c >= 230)
            {
              g_assert_cmpuint (part[c].first, ==, 0xabababab);
              continue;
            }
          g_assert_cmpuint (part[c].first, ==, whole[c].first);
          g_assert_cmpuint (part[c].end, ==, whole[c].end);
          if (whole[c].first == whole[c].end)
            continue;
          g_assert_cmpfloat (part[c].min, ==, whole[c].min);
          g_assert_cmpfloat (part[c].max, ==, whole[c].max);
          g_assert_cmpfloat (part[c].last, ==, whole[c].last);
        }
    }
  /* The spike at 61234 is in column 183 of 300 over every sample. */
  {
    MemsimChartColumn column;

    memsim_chart_pyramid_column (pyramid, 0, 100000, 300, 183, &column);
    g_assert_cmpuint (column.first, ==, 61000);
    g_assert_cmpfloat (column.max, ==, 5000 + (61234 * 7919) % 1009);
  }
}

static void
assert_tick (double          value,
             double          step,
             double          top,
             MemsimChartUnit unit,
             const char     *expected)
{
  g_autofree char *label = memsim_chart_format_tick (value, step, top, unit);

  g_assert_cmpstr (label, ==, expected);
}

/* Sizes keep their unit on the same line: a no-break space, as g_format_size (). */
static void
test_format (void)
{
  g_autofree char *fraction = memsim_chart_format_value (0.425, MEMSIM_CHART_UNIT_FRACTION);
  g_autofree char *bytes = memsim_chart_format_value (1536, MEMSIM_CHART_UNIT_BYTES);
  g_autofree char *count = memsim_chart_format_value (1234567, MEMSIM_CHART_UNIT_COUNT);

  g_assert_cmpfloat (memsim_chart_nice_step (1000, 4, MEMSIM_CHART_UNIT_COUNT), ==, 500);
  g_assert_cmpfloat (memsim_chart_nice_step (730, 4, MEMSIM_CHART_UNIT_COUNT), ==, 200);
  g_assert_cmpfloat (memsim_chart_nice_step (3, 4, MEMSIM_CHART_UNIT_COUNT), ==, 1);
  g_assert_cmpfloat (memsim_chart_nice_step (1.0, 4, MEMSIM_CHART_UNIT_FRACTION), ==, 0.5);
  g_assert_cmpfloat (memsim_chart_nice_step (1.0, 5, MEMSIM_CHART_UNIT_FRACTION), ==, 0.2);
  /* 3 MiB over 4 ticks: 1 MiB steps, not 1,000,000. */
  g_assert_cmpfloat (memsim_chart_nice_step (3 << 20, 4, MEMSIM_CHART_UNIT_BYTES), ==, 1 << 20);
  g_assert_cmpfloat (memsim_chart_nice_top (730, 4, MEMSIM_CHART_UNIT_COUNT), ==, 800);
  g_assert_cmpfloat (memsim_chart_nice_top (0, 4, MEMSIM_CHART_UNIT_COUNT), ==, 1);
  g_assert_cmpfloat (memsim_chart_nice_top (0.3, 4, MEMSIM_CHART_UNIT_FRACTION), ==, 1);

  assert_tick (0.4, 0.2, 1, MEMSIM_CHART_UNIT_FRACTION, "40%");
  assert_tick (0.25, 0.05, 1, MEMSIM_CHART_UNIT_FRACTION, "25%");
  assert_tick (1572864, 524288, 2097152, MEMSIM_CHART_UNIT_BYTES, "1.5\302\240MiB");
  assert_tick (512, 256, 1024, MEMSIM_CHART_UNIT_BYTES, "0.50\302\240KiB");
  assert_tick (0, 256, 1024, MEMSIM_CHART_UNIT_BYTES, "0");
  assert_tick (250000, 50000, 1e6, MEMSIM_CHART_UNIT_COUNT, "0.25M");
  assert_tick (250000, 50000, 500000, MEMSIM_CHART_UNIT_COUNT, "250k");
  assert_tick (600, 200, 800, MEMSIM_CHART_UNIT_COUNT, "600");

  g_assert_cmpstr (fraction, ==, "42.5%");
  g_assert_cmpstr (bytes, ==, "1.5\302\240KiB");
  g_assert_cmpstr (count, ==, "1234567");
}

int
main (int argc, char *argv[])
{
  /* Decimal points in the expected labels. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/app/charts/pyramid/levels", test_levels);
  g_test_add_func ("/app/charts/pyramid/range-known-values", test_range_known_values);
  g_test_add_func ("/app/charts/pyramid/range-matches-scan", test_range_matches_scan);
  g_test_add_func ("/app/charts/pyramid/truncate-then-append", test_truncate_then_append);
  g_test_add_func ("/app/charts/pyramid/columns-exact", test_columns_exact);
  g_test_add_func ("/app/charts/pyramid/columns-after-truncate", test_columns_after_truncate);
  g_test_add_func ("/app/charts/pyramid/columns-range", test_columns_range);
  g_test_add_func ("/app/charts/format", test_format);
  return g_test_run ();
}
