/* bench-compare.c: what a comparison costs — the replay, then seeks
 *
 * Not a test: `bench-compare TRACE [SIZE]` prints the time to replay TRACE
 * under all five policies as the comparison window does (one reader, every
 * policy's heap, samples and checkpoints), then the mean time of 20 seeks
 * spread over the trace (rebuild every heap from its checkpoint).
 */
#include "config.h"

#include <stdio.h>

#include "memsim-compare-replay.h"

int
main (int    argc,
      char **argv)
{
  static const MemsimPolicy policies[] = {
    MEMSIM_POLICY_FIRST_FIT, MEMSIM_POLICY_NEXT_FIT, MEMSIM_POLICY_BEST_FIT,
    MEMSIM_POLICY_WORST_FIT, MEMSIM_POLICY_BUDDY,
  };
  g_autoptr(MemsimCompareResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint64 total = 16 * 1024 * 1024;
  gint64 start, replay_us, seek_us = 0;
  const guint n_seeks = 20;

  if (argc < 2 || (argc > 2 && !memsim_parse_size (argv[2], &total, NULL)))
    {
      fprintf (stderr, "usage: bench-compare TRACE [SIZE]\n");
      return 2;
    }
  start = g_get_monotonic_time ();
  result = memsim_compare_replay (argv[1], policies, G_N_ELEMENTS (policies), total, NULL, NULL,
                                  &error);
  replay_us = g_get_monotonic_time () - start;
  if (result == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  for (guint i = 1; i <= n_seeks; i++)
    {
      guint64 event = result->n_events * i / (n_seeks + 1);
      g_autoptr(GPtrArray) heaps = NULL;

      start = g_get_monotonic_time ();
      heaps = memsim_compare_heaps_at (result, event, NULL, &error);
      seek_us += g_get_monotonic_time () - start;
      g_assert_no_error (error);
    }
  printf ("%s: %" G_GUINT64_FORMAT " events, 5 policies, heap of %" G_GUINT64_FORMAT " bytes\n",
          argv[1], result->n_events, total);
  printf ("  replay: %.1f ms (%.0f ns an event a policy)\n", replay_us / 1000.0,
          replay_us * 1000.0 / MAX (result->n_events, 1) / G_N_ELEMENTS (policies));
  printf ("  seek:   %.2f ms on average over %u seeks (%u checkpoints, %" G_GUINT64_FORMAT
          " events apart)\n", seek_us / 1000.0 / n_seeks, n_seeks, result->checkpoint_events->len,
          result->checkpoint_events->len > 1
          ? g_array_index (result->checkpoint_events, guint64, 1) : 0);
  return 0;
}
