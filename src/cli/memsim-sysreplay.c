/* memsim-sysreplay.c: replay a .rep trace with the system's malloc
 *
 *   memsim-sysreplay TRACE.rep
 *
 * The baseline of `memsim-cli bench`: the same MemsimRepReader as
 * `memsim-cli replay`, but each event calls malloc, realloc or free for
 * real.  The blocks are never written to (the program touches only what
 * malloc itself touches), and the table from trace id to pointer is a flat
 * array, so what is measured is the reader plus the allocator.
 *
 * Exit status: 0 done, 1 an allocation failed, 2 bad usage or trace.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memsim-rep.h"

#define SYSREPLAY_ID_MAX  (G_GUINT64_CONSTANT (1) << 32)

typedef struct {
  void  **blocks;     /* by trace id; NULL when not live */
  guint64 n_blocks;
} Table;

static gboolean
table_reserve (Table  *table,
               guint64 id)
{
  guint64 n = MAX (table->n_blocks, 1024);

  if (id < table->n_blocks)
    return TRUE;
  if (id >= SYSREPLAY_ID_MAX)
    return FALSE;

  while (n <= id)
    n *= 2;
  table->blocks = g_renew (void *, table->blocks, n);
  memset (table->blocks + table->n_blocks, 0,
          (n - table->n_blocks) * sizeof (void *));
  table->n_blocks = n;
  return TRUE;
}

/* FALSE when malloc or realloc failed. */
static gboolean
apply (Table                *table,
       const MemsimRepEvent *event)
{
  void **slot = &table->blocks[event->id];
  size_t size = MAX (event->size, 1);
  void *p;

  switch (event->kind)
    {
    case MEMSIM_REP_FREE:
      free (*slot);
      *slot = NULL;
      return TRUE;
    case MEMSIM_REP_REALLOC:
      p = realloc (*slot, size);
      break;
    case MEMSIM_REP_ALLOC:
    default:
      free (*slot);             /* a live id allocated again: drop the old block */
      p = malloc (size);
      break;
    }

  if (p == NULL)
    return FALSE;
  *slot = p;
  return TRUE;
}

static int
replay (MemsimRepReader *reader,
        Table           *table,
        guint64         *out_n_events)
{
  g_autoptr (GError) error = NULL;
  MemsimRepEvent event;

  while (memsim_rep_reader_next (reader, &event, &error))
    {
      if (!table_reserve (table, event.id))
        {
          fprintf (stderr, _("memsim-sysreplay: line %" PRIu64 ": id %"
                             PRIu64 " is too large for this replayer\n"),
                   event.line, event.id);
          return 2;
        }
      if (!apply (table, &event))
        {
          fprintf (stderr, _("memsim-sysreplay: line %" PRIu64 ": out of "
                             "memory (%" PRIu64 " bytes)\n"), event.line, event.size);
          return 1;
        }
      (*out_n_events)++;
    }

  if (error == NULL)
    return 0;
  fprintf (stderr, "memsim-sysreplay: %s\n", error->message);
  return 2;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (MemsimRepReader) reader = NULL;
  g_autoptr (GError) error = NULL;
  Table table = { 0 };
  guint64 n_events = 0;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc != 2)
    {
      fprintf (stderr, _("Usage: memsim-sysreplay TRACE.rep\n"));
      return 2;
    }

  reader = memsim_rep_reader_open (argv[1], &error);
  if (reader == NULL)
    {
      fprintf (stderr, "memsim-sysreplay: %s\n", error->message);
      return 2;
    }

  /* calloc'ed: the pages of ids never used are never touched */
  table.n_blocks = MIN (memsim_rep_reader_get_n_ids (reader), SYSREPLAY_ID_MAX);
  table.blocks = g_new0 (void *, table.n_blocks);
  status = replay (reader, &table, &n_events);
  for (guint64 i = 0; i < table.n_blocks; i++)
    free (table.blocks[i]);
  g_free (table.blocks);

  printf ("%" G_GUINT64_FORMAT " events\n", n_events);
  return status;
}
