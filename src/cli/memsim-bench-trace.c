/* memsim-bench-trace.c: the synthetic .rep trace of `memsim-cli bench`
 *
 * A steady-state workload: n_live allocations build the heap up, then each
 * pair frees a live block picked uniformly at random and allocates a new
 * one, so the number of live blocks stays n_live while the heap churns.
 * Sizes are log-uniform between 16 B and 8 KiB (as many 16–32 B requests as
 * 4–8 KiB ones, as in real programs).  Ids are never reused.  The random
 * numbers come from GRand (Mersenne Twister) with the given seed, so a spec
 * always gives the same file.
 */
#include "config.h"

#include "memsim-bench-trace.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "memsim-types.h"

typedef struct {
  FILE    *file;
  GRand   *rand;
  double   log_min;
  double   log_max;
  guint64 *live_ids;      /* n_live slots */
  guint32 *live_sizes;
  guint64  live_bytes;
  guint64  peak_bytes;
} Writer;

static guint32
draw_size (Writer *w)
{
  double x = exp (g_rand_double_range (w->rand, w->log_min, w->log_max));

  return CLAMP ((guint32) (x + 0.5), MEMSIM_BENCH_SIZE_MIN, MEMSIM_BENCH_SIZE_MAX);
}

/* "c ID[ SIZE]\n" without printf. */
static void
write_line (FILE   *file,
            char    kind,
            guint64 id,
            guint64 size)
{
  char buf[48], *end = buf + sizeof buf, *p = end;

  *--p = '\n';
  if (kind != 'f')
    {
      do
        *--p = '0' + size % 10;
      while ((size /= 10) != 0);
      *--p = ' ';
    }
  do
    *--p = '0' + id % 10;
  while ((id /= 10) != 0);
  *--p = ' ';
  *--p = kind;
  fwrite (p, 1, end - p, file);
}

static void
place (Writer *w,
       guint64 slot,
       guint64 id)
{
  guint32 size = draw_size (w);

  w->live_ids[slot] = id;
  w->live_sizes[slot] = size;
  w->live_bytes += size;
  w->peak_bytes = MAX (w->peak_bytes, w->live_bytes);
  write_line (w->file, 'a', id, size);
}

static void
write_ops (Writer                     *w,
           const MemsimBenchTraceSpec *spec)
{
  guint64 next_id = 0;

  for (guint64 i = 0; i < spec->n_live; i++)
    place (w, i, next_id++);

  for (guint64 i = 0; i < spec->n_pairs; i++)
    {
      guint64 victim = (guint64) (g_rand_double (w->rand) * spec->n_live);

      victim = MIN (victim, spec->n_live - 1);
      write_line (w->file, 'f', w->live_ids[victim], 0);
      w->live_bytes -= w->live_sizes[victim];
      place (w, victim, next_id++);
    }
}

gboolean
memsim_bench_trace_write (const char                 *path,
                          const MemsimBenchTraceSpec *spec,
                          MemsimBenchTraceInfo       *out_info,
                          GError                    **error)
{
  Writer w = { 0 };
  guint64 n_ids = spec->n_live + spec->n_pairs;
  gboolean ok;

  g_return_val_if_fail (spec->n_live > 0 || spec->n_pairs == 0, FALSE);

  w.file = fopen (path, "w");
  if (w.file == NULL)
    {
      int saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }

  setvbuf (w.file, NULL, _IOFBF, 1 << 20);
  w.rand = g_rand_new_with_seed ((guint32) (spec->seed ^ (spec->seed >> 32)));
  w.log_min = log (MEMSIM_BENCH_SIZE_MIN);
  w.log_max = log (MEMSIM_BENCH_SIZE_MAX);
  w.live_ids = g_new (guint64, MAX (spec->n_live, 1));
  w.live_sizes = g_new (guint32, MAX (spec->n_live, 1));

  out_info->n_ops = spec->n_live + 2 * spec->n_pairs;
  fprintf (w.file, "0\n%" G_GUINT64_FORMAT "\n%" G_GUINT64_FORMAT "\n1\n",
           n_ids, out_info->n_ops);
  write_ops (&w, spec);
  out_info->peak_live_bytes = w.peak_bytes;
  out_info->file_size = ftell (w.file);

  ok = !ferror (w.file);
  ok = fclose (w.file) == 0 && ok;
  if (!ok)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: write failed: %s"),
                 path, g_strerror (errno));

  g_rand_free (w.rand);
  g_free (w.live_ids);
  g_free (w.live_sizes);
  return ok;
}
