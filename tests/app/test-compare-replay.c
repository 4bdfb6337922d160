/* test-compare-replay.c: the comparison's replays, samples and seeks, without GTK
 *
 * xterm.rep (MEMSIM_TRACES; skipped when missing) with small limits, both
 * with the counting pass and without it (then a short trace thins its
 * samples and checkpoints many times): every kept sample and every seek
 * must equal a direct replay of as many events, and both ways must keep
 * the same samples and checkpoints.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "memsim-compare-replay.h"

#define TOTAL (640 * 1024)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimHeap, memsim_heap_free)

static const MemsimPolicy policies[] = { MEMSIM_POLICY_NEXT_FIT, MEMSIM_POLICY_BUDDY };

static char *
xterm_path (void)
{
  const char *dir = g_getenv ("MEMSIM_TRACES");
  char *path = g_build_filename (dir != NULL ? dir : "", "malloclab", "xterm.rep", NULL);

  if (dir == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

/* Replays @path's events one by one and calls @check after each (and before the first). */
static void
replay_directly (const char   *path,
                 MemsimPolicy  policy,
                 void        (*check) (const MemsimHeap *heap, guint64 n, gpointer data),
                 gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                  &error);
  g_autoptr(MemsimHeap) heap = NULL;
  MemsimHeapConfig config;
  MemsimTraceEvent event;
  guint64 n = 0;

  g_assert_no_error (error);
  memsim_heap_config_init (&config, TOTAL);
  config.policy = policy;
  heap = memsim_heap_new (&config, &error);
  g_assert_no_error (error);
  check (heap, 0, data);
  while (memsim_trace_reader_next (reader, &event, &error))
    {
      memsim_trace_apply (heap, &event, NULL);
      check (heap, ++n, data);
    }
  g_assert_no_error (error);
}

typedef struct {
  const MemsimCompareResult *result;
  guint                      run;
  guint                      n_checked;
} SampleCheck;

static void
check_sample (const MemsimHeap *heap,
              guint64           n,
              gpointer          data)
{
  SampleCheck *check = data;
  const MemsimCompareResult *result = check->result;
  GArray *samples = result->runs[check->run].samples;
  const MemsimCompareSample *sample;
  MemsimMetrics m;
  guint index;

  if (n % result->sample_stride != 0 && n != result->n_events)
    return;
  index = n == result->n_events ? samples->len - 1 : (guint) (n / result->sample_stride);
  sample = &g_array_index (samples, MemsimCompareSample, index);
  memsim_heap_get_metrics (heap, &m);
  g_assert_cmpfloat (sample->used, ==, (float) m.used);
  g_assert_cmpfloat (sample->external_fragmentation, ==, (float) m.external_fragmentation);
  g_assert_cmpfloat (sample->free_blocks, ==, (float) m.free_blocks);
  g_assert_cmpfloat (sample->failed, ==, (float) (m.alloc_failed + m.free_failed + m.realloc_failed));
  check->n_checked++;
}

/* Counted first (@data TRUE) or thinned as the replay goes: the same samples. */
static void
test_samples (gconstpointer data)
{
  g_autofree char *path = xterm_path ();
  g_autoptr(MemsimCompareResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MemsimCompareProgress progress = { 0, 0 };
  gboolean count_first = GPOINTER_TO_INT (data);

  if (path == NULL)
    {
      g_test_skip ("malloclab/xterm.rep is not in MEMSIM_TRACES");
      return;
    }
  result = memsim_compare_replay_with_limits (path, policies, 2, TOTAL, 64, 8, count_first,
                                              &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->format, ==, MEMSIM_TRACE_FORMAT_REP);
  g_assert_cmpuint (result->n_events, ==, 11913);
  g_assert_cmpint (progress.events, ==, 11913);
  g_assert_cmpint (progress.total, ==, count_first ? 11913 : 0);
  /* 11913 events in at most 64 samples: a stride of 256 (47 samples), plus the last event. */
  g_assert_cmpuint (result->sample_stride, ==, 256);
  for (guint r = 0; r < 2; r++)
    {
      SampleCheck check = { result, r, 0 };

      g_assert_cmpuint (result->runs[r].samples->len, ==, 11913 / 256 + 1 + 1);
      replay_directly (path, policies[r], check_sample, &check);
      g_assert_cmpuint (check.n_checked, ==, result->runs[r].samples->len);
    }
  g_assert_cmpuint (memsim_compare_samples_until (result, 0), ==, 1);
  g_assert_cmpuint (memsim_compare_samples_until (result, 255), ==, 1);
  g_assert_cmpuint (memsim_compare_samples_until (result, 256), ==, 2);
  g_assert_cmpuint (memsim_compare_samples_until (result, 11912), ==, 47);
  g_assert_cmpuint (memsim_compare_samples_until (result, 11913), ==, 48);
  /* At most 8 checkpoints, evenly spaced from 0: every 2048 events. */
  g_assert_cmpuint (result->checkpoint_events->len, ==, 11913 / 2048 + 1);
  g_assert_cmpuint (g_array_index (result->checkpoint_events, guint64, 1), ==, 2048);
  for (guint c = 0; c < result->checkpoint_events->len; c++)
    g_assert_cmpuint (g_array_index (result->checkpoint_events, guint64, c), ==,
                      c * g_array_index (result->checkpoint_events, guint64, 1));
}

typedef struct {
  GPtrArray *heaps;       /* from memsim_compare_heaps_at */
  guint      run;
  guint64    event;
} SeekCheck;

static void
check_seek (const MemsimHeap *heap,
            guint64           n,
            gpointer          data)
{
  SeekCheck *check = data;
  MemsimMetrics want, got;

  if (n != check->event)
    return;
  memsim_heap_get_metrics (heap, &want);
  memsim_heap_get_metrics (check->heaps->pdata[check->run], &got);
  g_assert_cmpmem (&got, sizeof got, &want, sizeof want);
  g_assert_cmpuint (memsim_heap_get_n_blocks (check->heaps->pdata[check->run]), ==,
                    memsim_heap_get_n_blocks (heap));
}

static void
test_seeks (gconstpointer data)
{
  static const guint64 events[] = { 0, 1, 1489, 1490, 5000, 11912, 11913, 99999 };
  g_autofree char *path = xterm_path ();
  g_autoptr(MemsimCompareResult) result = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    {
      g_test_skip ("malloclab/xterm.rep is not in MEMSIM_TRACES");
      return;
    }
  result = memsim_compare_replay_with_limits (path, policies, 2, TOTAL, 64, 8,
                                              GPOINTER_TO_INT (data), NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autoptr(GPtrArray) heaps = memsim_compare_heaps_at (result, events[i], NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (heaps->len, ==, 2);
      for (guint r = 0; r < 2; r++)
        {
          /* Past the end is the end. */
          SeekCheck check = { heaps, r, MIN (events[i], result->n_events) };

          g_assert_true (memsim_heap_check (heaps->pdata[r], NULL));
          replay_directly (path, policies[r], check_seek, &check);
        }
    }
}

static void
test_cancelled_and_broken (void)
{
  g_autofree char *path = xterm_path ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = NULL;
  MemsimCompareResult *result;
  int fd;

  if (path != NULL)
    {
      g_cancellable_cancel (cancellable);
      result = memsim_compare_replay (path, policies, 2, TOTAL, NULL, cancellable, &error);
      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_clear_error (&error);
    }

  /* A .rep event with a size that is not a number: the error names the line. */
  fd = g_file_open_tmp ("memsim-compare-XXXXXX.rep", &broken, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (broken, "20000\n2\n2\n1\na 0 16\na 1 lots\nf 0\n", -1, NULL));
  result = memsim_compare_replay (broken, policies, 2, TOTAL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_nonnull (error);
  g_assert_true (strstr (error->message, broken) != NULL);
  g_clear_error (&error);
  g_unlink (broken);

  result = memsim_compare_replay ("/nonexistent/trace.rep", policies, 2, TOTAL, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_cmpstr (error->message, ==, "/nonexistent/trace.rep: No such file or directory");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/compare-replay/samples/counted", GINT_TO_POINTER (TRUE), test_samples);
  g_test_add_data_func ("/compare-replay/samples/thinned", GINT_TO_POINTER (FALSE), test_samples);
  g_test_add_data_func ("/compare-replay/seeks/counted", GINT_TO_POINTER (TRUE), test_seeks);
  g_test_add_data_func ("/compare-replay/seeks/thinned", GINT_TO_POINTER (FALSE), test_seeks);
  g_test_add_func ("/compare-replay/cancelled-and-broken", test_cancelled_and_broken);
  return g_test_run ();
}
