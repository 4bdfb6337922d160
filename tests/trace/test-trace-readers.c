/* test-trace-readers.c: the common trace reader (memsim-trace.c), the
 * native format (memsim-trace-native.c), mtrace() logs (memsim-mtrace.c)
 * and the workload templates (memsim-workload.c)
 */
#include <glib/gstdio.h>
#include <string.h>

#include "memsim-trace.h"
#include "memsim-trace-format.h"
#include "memsim-trace-replay.h"
#include "memsim-workload.h"

static char *tmp_dir;

static char *
write_file (const char *name,
            const void *data,
            gssize      length)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, length, NULL));
  return path;
}

/* The whole trace as "KIND ID SIZE @LINE;" items ("arf"). */
static char *
read_all (const char        *path,
          MemsimTraceFormat  format,
          MemsimTraceStats  *out_stats,
          GError           **error)
{
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, format, error);
  GString *out = g_string_new (NULL);
  MemsimTraceEvent event;

  if (reader == NULL)
    return g_string_free (out, FALSE);
  while (memsim_trace_reader_next (reader, &event, error))
    g_string_append_printf (out, "%c %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " @%"
                            G_GUINT64_FORMAT ";", "arf"[event.kind], event.id, event.size,
                            event.line);
  if (out_stats != NULL)
    memsim_trace_reader_get_stats (reader, out_stats);
  return g_string_free (out, FALSE);
}

/* ---- native ---- */

static char *
write_native (const char *name,
              void      (*fill) (MemsimTraceWriter *))
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);
  MemsimTraceWriter *writer = memsim_trace_writer_open (path, &error);

  g_assert_no_error (error);
  fill (writer);
  g_assert_true (memsim_trace_writer_close (writer, &error));
  g_assert_no_error (error);
  return path;
}

static void
fill_program (MemsimTraceWriter *w)
{
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_MALLOC, 7, 10, 0x1000, 100, 0);
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_CALLOC, 7, 20, 0x2000, 30, 0);
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_REALLOC, 8, 30, 0x3000, 200, 0x1000);
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_FREE, 8, 40, 0, 0, 0x9999);   /* unknown */
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_MALLOC, 7, 50, 0, 1 << 30, 0); /* failed */
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_MEMALIGN, 7, 60, 0x1000, 64, 64);
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_REALLOC, 7, 70, 0, 0, 0x2000); /* realloc (p, 0) */
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_REALLOC, 7, 80, 0x4000, 8, 0); /* realloc (NULL) */
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_MALLOC, 7, 90, 0x4000, 9, 0);  /* missed free */
  memsim_trace_writer_add (w, MEMSIM_TRACE_CALL_FREE, 7, 99, 0, 0, 0x3000);
}

static void
test_native_events (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_native ("p.trace", fill_program);
  MemsimTraceStats stats;
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_AUTO, &stats, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (events, ==, "a 0 100 @1;a 1 30 @2;r 0 200 @3;a 2 64 @6;f 1 0 @7;"
                   "a 3 8 @8;f 3 0 @9;a 4 9 @9;f 0 0 @10;");
  g_assert_cmpuint (stats.n_unknown_frees, ==, 1);
  g_assert_cmpuint (stats.n_failed_calls, ==, 1);
  g_assert_cmpuint (stats.n_reused, ==, 1);
  g_assert_cmpuint (stats.n_ids, ==, 5);
  g_assert_cmpuint (stats.n_threads, ==, 2);
}

static void
test_native_fields (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_native ("f.trace", fill_program);
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                   &error);
  MemsimTraceEvent event;

  g_assert_no_error (error);
  g_assert_cmpint (memsim_trace_reader_get_format (reader), ==, MEMSIM_TRACE_FORMAT_NATIVE);
  g_assert_true (memsim_trace_reader_next (reader, &event, &error));
  g_assert_true (memsim_trace_reader_next (reader, &event, &error));
  g_assert_cmpint (event.call, ==, MEMSIM_TRACE_CALL_CALLOC);
  g_assert_cmpuint (event.thread, ==, 7);
  g_assert_cmpuint (event.time_ns, ==, 20);
  g_assert_cmpuint (event.address, ==, 0x2000);
  g_assert_true (memsim_trace_reader_next (reader, &event, &error));
  g_assert_cmpint (event.call, ==, MEMSIM_TRACE_CALL_REALLOC);
  g_assert_cmpuint (event.thread, ==, 8);
  g_assert_cmpuint (event.address, ==, 0x3000);
}

/* Native bytes with @n_records records of a damaged kind or a cut end. */
static void
assert_native_fails (const char *name,
                     const void *data,
                     gsize       length,
                     const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file (name, data, length);
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_AUTO, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("%s%s", path, message);

  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_native_hostile (void)
{
  g_autofree char *path = write_native ("h.trace", fill_program);
  g_autofree char *good = NULL;
  gsize length;
  char *bad;

  g_assert_true (g_file_get_contents (path, &good, &length, NULL));
  g_assert_cmpuint (length, ==, 32 + 10 * 40);

  assert_native_fails ("cut.trace", good, length - 7,
                       ": record 10: truncated trace: the last record has 33 of 40 bytes");
  assert_native_fails ("head.trace", good, 20,
                       ": truncated trace: the native header has 20 of 32 bytes");

  bad = g_memdup2 (good, length);
  bad[32 + 40 * 2] = 9;                                 /* kind of record 3 */
  assert_native_fails ("kind.trace", bad, length, ": record 3: not a valid record (kind 9); "
                       "is the file damaged?");
  bad[32 + 40 * 2] = 3;
  bad[32 + 40 * 4 + 2] = 1;                             /* a reserved byte */
  assert_native_fails ("reserved.trace", bad, length, ": record 5: not a valid record (kind 1); "
                       "is the file damaged?");
  bad[32 + 40 * 4 + 2] = 0;
  bad[8] = 2;                                           /* version */
  assert_native_fails ("version.trace", bad, length, ": trace format version 2; this Memsim "
                       "reads version 1");
  bad[8] = 1;
  bad[12] = 48;                                         /* record size */
  assert_native_fails ("size.trace", bad, length, ": records of 48 bytes; version 1 has 40");
  g_free (bad);
}

static void
test_native_forced_on_text (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file ("text.rep", "2\n1\na 0 10\n", -1);
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_NATIVE, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("%s: truncated trace: the native header has 11 "
                                               "of 32 bytes", path);

  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, expected);
}

/* ---- mtrace ---- */

static const char mtrace_log[] =
  "= Start\n"
  "@ ./m:[0x11e0] + 0x55ff1c4942a0 0xa\n"
  "@ ./m:[0x11f3] + 0x55ff1c4944a0 0xf\n"
  "@ ./m:[0x1208] < 0x55ff1c4942a0\n"
  "@ ./m:[0x1208] > 0x55ff1c4944c0 0x64\n"
  "@ /my prog/with blanks:[0x1216] + 0x55ff1c4942a0 0x7\n"
  "@ ./m:[0x1226] - 0x55ff1c4944a0\r\n"
  "@ ./m:[0x1227] - 0x7777\n"
  "@ ./m:[0x1228] ! 0x55ff1c4942a0 0x100000\n"
  "@ /lib/x86_64-linux-gnu/libc.so.6:(__strdup+1a)[0x9e9aa] + 0x55ff1c494580 0x6\n"
  "- 0x55ff1c494580\n"
  "@ ./m:[0x12c6] - 0x55ff1c4944c0\n"
  "= End\n";

static void
test_mtrace_events (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file ("m.log", mtrace_log, -1);
  MemsimTraceStats stats;
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_AUTO, &stats, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (events, ==, "a 0 10 @2;a 1 15 @3;r 0 100 @5;a 2 7 @6;f 1 0 @7;"
                   "a 3 6 @10;f 3 0 @11;f 0 0 @12;");
  g_assert_cmpuint (stats.n_unknown_frees, ==, 1);
  g_assert_cmpuint (stats.n_failed_calls, ==, 1);
}

static void
assert_mtrace_fails (const char *text,
                     int         code,
                     const char *message)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file ("bad.log", text, -1);
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_MTRACE, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("%s%s", path, message);

  g_assert_error (error, MEMSIM_ERROR, code);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_mtrace_hostile (void)
{
  g_autofree char *long_line = g_strnfill (5000, 'x');
  g_autofree char *long_log = g_strconcat ("= Start\n@ ", long_line, " + 0x10 0x1\n", NULL);
  static const char expected_line[] = ": expected an mtrace() line such as \"@ CALLER + "
                                      "0xADDRESS 0xSIZE\" or \"@ CALLER - 0xADDRESS\"";
  g_autofree char *at2 = g_strconcat (":2", expected_line, NULL);

  assert_mtrace_fails ("= Start\nhello world\n", MEMSIM_ERROR_SYNTAX, at2);
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x + 0xZZ 0x1\n", MEMSIM_ERROR_SYNTAX, ":2"
                       ": expected an mtrace() line such as \"@ CALLER + 0xADDRESS 0xSIZE\" or "
                       "\"@ CALLER - 0xADDRESS\"");
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x + 0x20\n@ x * 0x20 0x1\n", MEMSIM_ERROR_SYNTAX, at2);
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x - 0x10 0x4\n@ x + 0x10000000000000000 0x1\n",
                       MEMSIM_ERROR_SYNTAX, at2);
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x > 0x20 0x4\n", MEMSIM_ERROR_SYNTAX,
                       ":2: '>' without the '<' line of its realloc");
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x < 0x10\n@ x + 0x20 0x4\n", MEMSIM_ERROR_SYNTAX,
                       ":3: the '<' line of a realloc is not followed by its '>' line");
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x < 0x10\n", MEMSIM_ERROR_SYNTAX,
                       ":2: truncated trace: the file ends inside a realloc ('<' without its '>')");
  assert_mtrace_fails (long_log, MEMSIM_ERROR_LIMIT,
                       ":2: line is longer than 4096 bytes (is this an mtrace() log?)");
  assert_mtrace_fails ("@ x + 0x10 0x1\n@ x + 0x10 \x01 0x1\n@ x - 0x10 0x1 0x2\n",
                       MEMSIM_ERROR_SYNTAX, at2);
}

static void
test_mtrace_nul_byte (void)
{
  static const char text[] = "@ x + 0x10 0x1\n@ x\0 - 0x10\n";
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file ("nul.log", text, sizeof text - 1);
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_AUTO, NULL, &error);
  g_autofree char *expected = g_strdup_printf ("%s:2: byte 0x00 in a line (is this an mtrace() "
                                               "log?)", path);

  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, expected);
}

/* ---- detection and .rep through the common reader ---- */

static void
test_detection (void)
{
  static const struct {
    const char       *text;
    MemsimTraceFormat format;
  } cases[] = {
    { "= Start\n= End\n", MEMSIM_TRACE_FORMAT_MTRACE },
    { "\n@ ./m:[0x1] + 0x10 0x1\n", MEMSIM_TRACE_FORMAT_MTRACE },
    { "+ 0x10 0x1\n", MEMSIM_TRACE_FORMAT_MTRACE },
    { "2\n1\na 0 10\n", MEMSIM_TRACE_FORMAT_REP },
    { "20000\r\n3\r\n1\r\n1\r\na 0 10\r\n", MEMSIM_TRACE_FORMAT_REP },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *path = write_file ("d.txt", cases[i].text, -1);
      g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                       &error);

      g_assert_no_error (error);
      g_assert_cmpint (memsim_trace_reader_get_format (reader), ==, cases[i].format);
    }
}

static void
test_rep_through_common_reader (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file ("r.rep", "2\n5\nr 0 10\nr 0 40\na 1 0\nf -1\nf 1\n", -1);
  MemsimTraceStats stats;
  g_autofree char *events = read_all (path, MEMSIM_TRACE_FORMAT_AUTO, &stats, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (events, ==, "r 0 10 @3;r 0 40 @4;a 1 0 @5;f 1 0 @7;");
  g_assert_cmpuint (stats.n_null_frees, ==, 1);
}

static void
test_missing_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "nope.trace", NULL);
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                   &error);

  g_assert_null (reader);
  g_assert_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO);
}

static void
test_format_names (void)
{
  MemsimTraceFormat format;

  g_assert_true (memsim_trace_format_from_string ("mtrace", &format));
  g_assert_cmpint (format, ==, MEMSIM_TRACE_FORMAT_MTRACE);
  g_assert_true (memsim_trace_format_from_string ("Native", &format));
  g_assert_cmpint (format, ==, MEMSIM_TRACE_FORMAT_NATIVE);
  g_assert_false (memsim_trace_format_from_string ("csv", &format));
  g_assert_cmpstr (memsim_trace_format_to_string (MEMSIM_TRACE_FORMAT_REP), ==, "rep");
}

/* ---- replay and sampling ---- */

static void
test_replay_sampled (void)
{
  g_autoptr (GError) error = NULL;
  GString *text = g_string_new ("2\n100\n");
  g_autofree char *path = NULL;
  g_autoptr (MemsimTraceReader) reader = NULL;
  g_autoptr (MemsimTraceSampler) sampler = memsim_trace_sampler_new (8);
  const MemsimTraceSample *samples;
  MemsimHeapConfig config;
  MemsimHeap *heap;
  guint64 n_events;
  guint n;

  /* 50 allocations of 100 bytes, then 50 frees */
  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "a %u 100\n", i);
  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "f %u\n", i);
  path = write_file ("s.rep", text->str, -1);
  g_string_free (text, TRUE);

  memsim_heap_config_init (&config, 64 * 1024);
  heap = memsim_heap_new (&config, &error);
  reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO, &error);
  g_assert_no_error (error);
  g_assert_true (memsim_trace_replay (reader, heap, sampler, NULL, &n_events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_events, ==, 100);

  /* stride 1 → 2 → 4 → 8 → 16 as 8 samples fill up: events 0, 16, …, 96, then 100 */
  samples = memsim_trace_sampler_get_samples (sampler, &n);
  g_assert_cmpuint (n, ==, 8);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpuint (samples[i].event, ==, 16 * i);
  g_assert_cmpuint (samples[7].event, ==, 100);
  g_assert_cmpuint (samples[0].metrics.used, ==, 0);
  g_assert_cmpuint (samples[3].metrics.used, ==, 48 * 112);   /* 100 rounded to 16 */
  g_assert_cmpuint (samples[4].metrics.used, ==, 50 * 112 - 14 * 112);
  g_assert_cmpuint (samples[7].metrics.free_ok, ==, 50);
  memsim_heap_free (heap);
}

/* The lookahead hands out what the reader gives, in order, while the
 * heap it prefetches for changes under it; the reader's error comes after
 * every event read before it, with the same message. */
static void
test_lookahead_same_events (void)
{
  g_autoptr (GError) direct_error = NULL;
  g_autoptr (GError) error = NULL;
  GString *text = g_string_new ("2\n601\n");
  g_autofree char *path = NULL;
  g_autoptr (MemsimTraceReader) direct = NULL;
  g_autoptr (MemsimTraceReader) reader = NULL;
  g_autoptr (MemsimTraceLookahead) lookahead = NULL;
  MemsimTraceEvent expected, event;
  MemsimHeapConfig config;
  MemsimHeap *heap;
  guint n = 0;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "a %u %u\n", i, 16 + i % 50);
  for (guint i = 0; i < 300; i += 2)
    g_string_append_printf (text, "f %u\nr %u %u\n", i, i + 1, 200 + i);
  g_string_append (text, "a 7 oops\n");
  path = write_file ("l.rep", text->str, -1);
  g_string_free (text, TRUE);

  memsim_heap_config_init (&config, 1024 * 1024);
  heap = memsim_heap_new (&config, &error);
  g_assert_no_error (error);
  direct = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_REP, &error);
  reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_REP, &error);
  g_assert_no_error (error);
  lookahead = memsim_trace_lookahead_new (reader, heap);
  while (memsim_trace_reader_next (direct, &expected, &direct_error))
    {
      g_assert_true (memsim_trace_lookahead_next (lookahead, &event, &error));
      g_assert_no_error (error);
      g_assert_cmpint (event.kind, ==, expected.kind);
      g_assert_cmpuint (event.id, ==, expected.id);
      g_assert_cmpuint (event.size, ==, expected.size);
      g_assert_cmpuint (event.line, ==, expected.line);
      g_assert_true (memsim_trace_apply (heap, &event, NULL));
      n++;
    }
  g_assert_cmpuint (n, ==, 600);
  g_assert_false (memsim_trace_lookahead_next (lookahead, &event, &error));
  g_assert_nonnull (direct_error);
  g_assert_error (error, direct_error->domain, direct_error->code);
  g_assert_cmpstr (error->message, ==, direct_error->message);
  g_clear_error (&error);
  g_assert_false (memsim_trace_lookahead_next (lookahead, &event, &error));
  g_assert_no_error (error);
  g_assert_true (memsim_heap_check (heap, NULL));
  memsim_heap_free (heap);
}

static void
test_replay_cancelled (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file ("c.rep", "2\n1\na 0 10\n", -1);
  g_autoptr (MemsimTraceReader) reader = memsim_trace_reader_open (path, MEMSIM_TRACE_FORMAT_AUTO,
                                                                   &error);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  MemsimHeapConfig config;
  MemsimHeap *heap;

  memsim_heap_config_init (&config, 1024);
  heap = memsim_heap_new (&config, &error);
  g_cancellable_cancel (cancellable);
  g_assert_false (memsim_trace_replay (reader, heap, NULL, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  memsim_heap_free (heap);
}

/* ---- workloads ---- */

static void
count_workload (const MemsimWorkloadParams *params,
                guint64                     counts[3],
                GChecksum                  *checksum)
{
  g_autoptr (MemsimWorkload) w = memsim_workload_new (params);
  g_autoptr (GHashTable) live = g_hash_table_new (g_direct_hash, g_direct_equal);
  MemsimWorkloadOp op;

  counts[0] = counts[1] = counts[2] = 0;
  while (memsim_workload_next (w, &op))
    {
      counts[op.kind]++;
      guint64 fields[3] = { op.kind, op.id, op.size };   /* not the padding */

      g_checksum_update (checksum, (const guchar *) fields, sizeof fields);
      /* every free names a live id, every alloc a new one */
      if (op.kind == MEMSIM_WORKLOAD_OP_ALLOC)
        g_assert_true (g_hash_table_add (live, GSIZE_TO_POINTER (op.id + 1)));
      else if (op.kind == MEMSIM_WORKLOAD_OP_FREE)
        g_assert_true (g_hash_table_remove (live, GSIZE_TO_POINTER (op.id + 1)));
    }
}

static void
test_workload_classic_mix (void)
{
  MemsimWorkloadParams params;
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint64 n[3];

  memsim_workload_params_init (&params, MEMSIM_WORKLOAD_CLASSIC);
  g_assert_cmpuint (params.seed, ==, 42);
  g_assert_cmpuint (params.n_ops, ==, 1000);
  g_assert_cmpuint (params.total, ==, 64 * 1024 * 1024);
  count_workload (&params, n, checksum);
  g_assert_cmpuint (n[0], ==, 612);
  g_assert_cmpuint (n[1], ==, 292);
  g_assert_cmpuint (n[2], ==, 96);

  /* over many operations, the mix is 60/30/10 within half a point */
  params.n_ops = 100000;
  count_workload (&params, n, checksum);
  g_assert_cmpfloat_with_epsilon (n[0] / 1000.0, 60.0, 0.5);
  g_assert_cmpfloat_with_epsilon (n[1] / 1000.0, 30.0, 0.5);
  g_assert_cmpfloat_with_epsilon (n[2] / 1000.0, 10.0, 0.5);
}

static void
test_workload_deterministic (void)
{
  for (guint t = 0; t < MEMSIM_N_WORKLOADS; t++)
    {
      MemsimWorkloadParams params;
      g_autoptr (GChecksum) a = g_checksum_new (G_CHECKSUM_SHA256);
      g_autoptr (GChecksum) b = g_checksum_new (G_CHECKSUM_SHA256);
      g_autoptr (GChecksum) c = g_checksum_new (G_CHECKSUM_SHA256);
      guint64 n[3];

      memsim_workload_params_init (&params, t);
      count_workload (&params, n, a);
      count_workload (&params, n, b);
      g_assert_cmpuint (n[0] + n[1] + n[2], ==, params.n_ops);
      params.seed = 7;
      count_workload (&params, n, c);
      g_assert_cmpstr (g_checksum_get_string (a), ==, g_checksum_get_string (b));
      g_assert_cmpstr (g_checksum_get_string (a), !=, g_checksum_get_string (c));
    }
}

static void
test_workload_queue_is_fifo (void)
{
  MemsimWorkloadParams params;
  g_autoptr (MemsimWorkload) w = NULL;
  MemsimWorkloadOp op;
  guint64 next_free = 0;

  memsim_workload_params_init (&params, MEMSIM_WORKLOAD_QUEUE);
  w = memsim_workload_new (&params);
  while (memsim_workload_next (w, &op))
    if (op.kind == MEMSIM_WORKLOAD_OP_FREE)
      g_assert_cmpuint (op.id, ==, next_free++);
    else
      g_assert_true (op.size >= 64 && op.size <= 16 * 1024);
  g_assert_cmpuint (next_free, >, 1000);
}

static void
test_workload_phases_sizes (void)
{
  MemsimWorkloadParams params;
  g_autoptr (MemsimWorkload) w = NULL;
  MemsimWorkloadOp op;
  guint64 step = 0;

  memsim_workload_params_init (&params, MEMSIM_WORKLOAD_PHASES);
  w = memsim_workload_new (&params);
  for (; memsim_workload_next (w, &op); step++)
    if (op.kind == MEMSIM_WORKLOAD_OP_ALLOC && step < 1250)
      g_assert_cmpuint (op.size, <=, 128);
    else if (op.kind == MEMSIM_WORKLOAD_OP_ALLOC && step >= 2500 && step < 3750)
      g_assert_cmpuint (op.size, >=, 64 * 1024);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("memsim-trace-XXXXXX", NULL);

  g_test_add_func ("/trace/native/events", test_native_events);
  g_test_add_func ("/trace/native/fields", test_native_fields);
  g_test_add_func ("/trace/native/hostile", test_native_hostile);
  g_test_add_func ("/trace/native/forced-on-text", test_native_forced_on_text);
  g_test_add_func ("/trace/mtrace/events", test_mtrace_events);
  g_test_add_func ("/trace/mtrace/hostile", test_mtrace_hostile);
  g_test_add_func ("/trace/mtrace/nul-byte", test_mtrace_nul_byte);
  g_test_add_func ("/trace/detection", test_detection);
  g_test_add_func ("/trace/rep/common-reader", test_rep_through_common_reader);
  g_test_add_func ("/trace/missing-file", test_missing_file);
  g_test_add_func ("/trace/format-names", test_format_names);
  g_test_add_func ("/trace/replay/sampled", test_replay_sampled);
  g_test_add_func ("/trace/replay/lookahead", test_lookahead_same_events);
  g_test_add_func ("/trace/replay/cancelled", test_replay_cancelled);
  g_test_add_func ("/trace/workload/classic-mix", test_workload_classic_mix);
  g_test_add_func ("/trace/workload/deterministic", test_workload_deterministic);
  g_test_add_func ("/trace/workload/queue-fifo", test_workload_queue_is_fifo);
  g_test_add_func ("/trace/workload/phases-sizes", test_workload_phases_sizes);

  status = g_test_run ();
  {
    g_autoptr (GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
  }
  g_free (tmp_dir);
  return status;
}
