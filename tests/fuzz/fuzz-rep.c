/* fuzz-rep.c: the .rep reader, then a heap that replays what it reads
 *
 * The reader takes a path (it streams the file with read(2)), so the input
 * goes into an anonymous memory file opened as /proc/self/fd/N.  The heap
 * takes the trace's own header where it can: its heap size when that is a
 * legal total (else 1 MiB) and the policy weight % 5, so that the fuzzer
 * reaches every policy by editing one number.  Events are applied as
 * `memsim-cli replay` applies them, with every check after each one.
 */
#include "config.h"

#include <unistd.h>

#include "memsim-fuzz.h"

#include "memsim-rep.h"

static MemsimHeap *
heap_for_trace (MemsimRepReader *reader)
{
  MemsimHeapConfig config;
  guint64 total = memsim_rep_reader_get_heap_size (reader);

  if (total == 0 || total > MEMSIM_TOTAL_MAX)
    total = 1024 * 1024;
  memsim_heap_config_init (&config, total);
  config.policy = (MemsimPolicy) (memsim_rep_reader_get_weight (reader) % MEMSIM_N_POLICIES);
  config.align = MIN (config.align, total & -total);     /* a power of two <= total */
  config.min_block = MAX (config.min_block, config.align);
  return memsim_heap_new (&config, NULL);
}

/* The replay's rules (memsim-cli-replay.c): ids are names, 0 bytes is 1,
 * realloc of an id that is not live allocates. */
static gboolean
apply_event (MemsimHeap           *heap,
             const MemsimRepEvent *event,
             GError              **error)
{
  char name[24];
  guint64 size = MAX (event->size, 1);

  g_snprintf (name, sizeof name, "%" G_GUINT64_FORMAT, event->id);
  if (event->kind == MEMSIM_REP_FREE)
    return memsim_heap_free_block (heap, name, error);
  if (event->kind == MEMSIM_REP_REALLOC && memsim_heap_lookup_name (heap, name, NULL))
    return memsim_heap_realloc (heap, name, size, NULL, error);
  return memsim_heap_alloc (heap, name, size, MEMSIM_ROUND_DEFAULT, NULL, error);
}

static void
replay (MemsimRepReader *reader)
{
  MemsimHeap *heap = heap_for_trace (reader);
  g_autoptr (GError) error = NULL;
  MemsimRepEvent event;
  guint n = 0;

  if (heap == NULL)
    memsim_fuzz_fail ("no heap for a legal total");
  while (n++ < MEMSIM_FUZZ_MAX_OPS && memsim_rep_reader_next (reader, &event, &error))
    {
      g_autoptr (GError) failure = NULL;

      if (event.id > G_MAXINT64 || event.kind > MEMSIM_REP_FREE)
        memsim_fuzz_fail ("line %" G_GUINT64_FORMAT ": event out of range", event.line);
      if (!apply_event (heap, &event, &failure))
        memsim_fuzz_check_error (failure, "an event");
      memsim_fuzz_check_heap (heap);
    }
  if (error != NULL)
    memsim_fuzz_check_error (error, "the reader");
  memsim_heap_free (heap);
}

int
memsim_fuzz_rep (const guint8 *data,
                 gsize         size)
{
  g_autoptr (MemsimRepReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  int fd;

  memsim_fuzz_init ();
  if (size > MEMSIM_FUZZ_MAX_INPUT)
    return 0;

  fd = memsim_fuzz_memory_file (data, size);
  path = g_strdup_printf ("/proc/self/fd/%d", fd);
  reader = memsim_rep_reader_open (path, &error);
  close (fd);
  if (reader == NULL)
    {
      memsim_fuzz_check_error (error, "opening the trace");
      if (!g_str_has_prefix (error->message, path))
        memsim_fuzz_fail ("error without the file's name: %s", error->message);
      return 0;
    }

  replay (reader);
  return 0;
}
