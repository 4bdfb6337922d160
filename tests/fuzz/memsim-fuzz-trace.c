/* memsim-fuzz-trace.c: what the mtrace and native targets share
 *
 * Both readers take a path (they read with stdio), so the input goes into
 * an anonymous memory file opened as /proc/self/fd/N, and the reader is
 * opened with its format named, as `memsim-cli replay --format F` does.
 * Every event is read and checked; the first MEMSIM_FUZZ_MAX_OPS are
 * applied with memsim_trace_apply() (the replay's own rule) on a 1 MiB
 * heap, with every heap check after each, and the metrics sampled as the
 * app's replay samples them.  When the whole trace fits in that bound it
 * is read and replayed a second time by memsim_trace_replay(), which must
 * end on the same metrics and fail with the same error.
 */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "memsim-fuzz.h"

#include "memsim-trace-replay.h"

#define FUZZ_TRACE_TOTAL   (1024 * 1024)
#define FUZZ_TRACE_SAMPLES 8

int
memsim_fuzz_memory_file (const guint8 *data,
                         gsize         size)
{
  int fd = memfd_create ("fuzz.trace", MFD_CLOEXEC);

  if (fd < 0)
    memsim_fuzz_fail ("memfd_create: %s", g_strerror (errno));
  for (gsize done = 0; done < size;)
    {
      gssize n = write (fd, data + done, size - done);

      if (n < 0)
        memsim_fuzz_fail ("write: %s", g_strerror (errno));
      done += (gsize) n;
    }
  return fd;
}

/* A reader's error is ours and starts with the file's name. */
static void
check_reader_error (const GError *error,
                    const char   *path,
                    const char   *where)
{
  memsim_fuzz_check_error (error, where);
  if (!g_str_has_prefix (error->message, path))
    memsim_fuzz_fail ("%s: error without the file's name: %s", where, error->message);
}

/* What any event of a native or mtrace trace must be. */
static void
check_event (const MemsimTraceEvent *event,
             MemsimTraceFormat       format,
             guint64                 max_line,
             guint64                 previous_line,
             const MemsimTraceStats *stats)
{
  if (event->kind > MEMSIM_TRACE_FREE || event->call > MEMSIM_TRACE_CALL_MEMALIGN)
    memsim_fuzz_fail ("line %" G_GUINT64_FORMAT ": kind %d, call %d out of range",
                      event->line, event->kind, event->call);
  if (event->line == 0 || event->line > max_line || event->line < previous_line)
    memsim_fuzz_fail ("event at line %" G_GUINT64_FORMAT " after line %" G_GUINT64_FORMAT
                      " (at most %" G_GUINT64_FORMAT ")", event->line, previous_line, max_line);
  if (event->id >= stats->n_ids)
    memsim_fuzz_fail ("line %" G_GUINT64_FORMAT ": id %" G_GUINT64_FORMAT " of %"
                      G_GUINT64_FORMAT " given", event->line, event->id, stats->n_ids);
  if (event->address == 0)
    memsim_fuzz_fail ("line %" G_GUINT64_FORMAT ": an event at address 0", event->line);
  /* realloc (p, 0) is a free too: only the size is fixed. */
  if (event->kind == MEMSIM_TRACE_FREE && event->size != 0)
    memsim_fuzz_fail ("line %" G_GUINT64_FORMAT ": a free of %" G_GUINT64_FORMAT " bytes",
                      event->line, event->size);
  if (format == MEMSIM_TRACE_FORMAT_MTRACE && (event->thread != 0 || event->time_ns != 0))
    memsim_fuzz_fail ("line %" G_GUINT64_FORMAT ": mtrace has no thread or time", event->line);
}

static MemsimHeap *
new_heap (MemsimPolicy policy)
{
  MemsimHeapConfig config;
  MemsimHeap *heap;

  memsim_heap_config_init (&config, FUZZ_TRACE_TOTAL);
  config.policy = policy;
  heap = memsim_heap_new (&config, NULL);
  if (heap == NULL)
    memsim_fuzz_fail ("no heap of 1 MiB");
  return heap;
}

static void
check_samples (MemsimTraceSampler *sampler,
               guint64             n_applied)
{
  const MemsimTraceSample *samples;
  guint n;

  samples = memsim_trace_sampler_get_samples (sampler, &n);
  if (n == 0 || n > FUZZ_TRACE_SAMPLES + 1 || samples[0].event != 0
      || samples[n - 1].event != n_applied)
    memsim_fuzz_fail ("%u samples from event %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT
                      " of %" G_GUINT64_FORMAT, n, n > 0 ? samples[0].event : 0,
                      n > 0 ? samples[n - 1].event : 0, n_applied);
  for (guint i = 1; i < n; i++)
    if (samples[i].event <= samples[i - 1].event)
      memsim_fuzz_fail ("samples out of order at %u", i);
}

/* memsim_trace_replay() on the same bytes must end where the steps did. */
static void
replay_again (const char          *path,
              MemsimTraceFormat    format,
              MemsimPolicy         policy,
              const MemsimMetrics *expected,
              guint64              n_expected,
              const GError        *expected_error)
{
  g_autoptr (MemsimTraceReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  MemsimHeap *heap = new_heap (policy);
  MemsimMetrics metrics;
  guint64 n_events = 0;
  gboolean ok;

  reader = memsim_trace_reader_open (path, format, &error);
  if (reader == NULL)
    memsim_fuzz_fail ("the trace opens once, not twice: %s", error->message);
  ok = memsim_trace_replay (reader, heap, NULL, NULL, &n_events, &error);
  if (ok != (expected_error == NULL)
      || (!ok && g_strcmp0 (error->message, expected_error->message) != 0))
    memsim_fuzz_fail ("replayed whole: %s; step by step: %s",
                      ok ? "no error" : error->message,
                      expected_error ? expected_error->message : "no error");
  memsim_heap_get_metrics (heap, &metrics);
  /* MemsimMetrics is all 8-byte fields: no padding to differ. */
  if (n_events != n_expected || memcmp (&metrics, expected, sizeof metrics) != 0)
    memsim_fuzz_fail ("replayed whole: %" G_GUINT64_FORMAT " events, %" G_GUINT64_FORMAT
                      " bytes used; step by step: %" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT,
                      n_events, metrics.used, n_expected, expected->used);
  memsim_fuzz_check_heap (heap);
  memsim_heap_free (heap);
}

static void
read_and_replay (MemsimTraceReader *reader,
                 const char        *path,
                 MemsimPolicy       policy,
                 guint64            max_line)
{
  MemsimTraceFormat format = memsim_trace_reader_get_format (reader);
  g_autoptr (MemsimTraceSampler) sampler = memsim_trace_sampler_new (FUZZ_TRACE_SAMPLES);
  g_autoptr (GError) error = NULL;
  MemsimHeap *heap = new_heap (policy);
  MemsimTraceEvent event;
  MemsimTraceStats stats;
  MemsimMetrics metrics;
  guint64 n_events = 0, line = 0;

  memsim_trace_sampler_add (sampler, 0, heap);
  while (memsim_trace_reader_next (reader, &event, &error))
    {
      memsim_trace_reader_get_stats (reader, &stats);
      check_event (&event, format, max_line, line, &stats);
      line = event.line;
      if (n_events++ < MEMSIM_FUZZ_MAX_OPS)
        {
          g_autoptr (GError) refused = NULL;

          if (!memsim_trace_apply (heap, &event, &refused))
            memsim_fuzz_check_error (refused, "an event");
          memsim_fuzz_check_heap (heap);
          memsim_trace_sampler_add (sampler, n_events, heap);
        }
    }
  if (error != NULL)
    check_reader_error (error, path, "the reader");
  if (memsim_trace_reader_next (reader, &event, NULL))
    memsim_fuzz_fail ("an event after the end or an error");

  memsim_trace_sampler_finish (sampler, MIN (n_events, MEMSIM_FUZZ_MAX_OPS), heap);
  check_samples (sampler, MIN (n_events, MEMSIM_FUZZ_MAX_OPS));
  memsim_heap_get_metrics (heap, &metrics);
  if (n_events <= MEMSIM_FUZZ_MAX_OPS)
    replay_again (path, format, policy, &metrics, n_events, error);
  memsim_heap_free (heap);
}

void
memsim_fuzz_trace (const guint8      *data,
                   gsize              size,
                   MemsimTraceFormat  format,
                   MemsimPolicy       policy,
                   guint64            max_line)
{
  g_autoptr (MemsimTraceReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  fd = memsim_fuzz_memory_file (data, size);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  reader = memsim_trace_reader_open (path, format, &error);
  if (reader == NULL)
    check_reader_error (error, path, "opening the trace");
  else if (memsim_trace_reader_get_format (reader) != format)
    memsim_fuzz_fail ("opened as %s, not %s",
                      memsim_trace_format_to_string (memsim_trace_reader_get_format (reader)),
                      memsim_trace_format_to_string (format));
  else
    read_and_replay (reader, path, policy, max_line);
  g_clear_pointer (&reader, memsim_trace_reader_free);
  close (fd);
}
