/* memsim-cli-compare-csv.c: the samples of `memsim-cli compare` as CSV
 *
 * RFC 4180: fields separated by commas, records ended by CRLF, a header
 * row, a field quoted when it holds a comma, a quote or a line break (and
 * its quotes doubled).  Each column's unit is in its name (used_bytes,
 * external_fragmentation_ratio); numbers never depend on the locale
 * (integers as such, fractions through g_ascii_formatd), so a spreadsheet
 * anywhere reads the same values.  One row per policy and sample, in the
 * order the policies were given.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "memsim-cli-compare.h"

static const char header[] =
  "policy,event,used_bytes,free_bytes,requested_bytes,largest_free_bytes,free_blocks,"
  "external_fragmentation_ratio,high_water_bytes,ok_operations,failed_operations,"
  "alloc_ok,alloc_failed,free_ok,free_failed,realloc_ok,realloc_failed\r\n";

static void
write_field (FILE       *out,
             const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      fputs (text, out);
      return;
    }
  fputc ('"', out);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        fputc ('"', out);
      fputc (*p, out);
    }
  fputc ('"', out);
}

static void
write_row (FILE                    *out,
           const char              *policy,
           const MemsimTraceSample *sample)
{
  const MemsimMetrics *m = &sample->metrics;
  char ratio[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (ratio, sizeof ratio, "%.6f", m->external_fragmentation);
  write_field (out, policy);
  fprintf (out, ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%s,%"
           PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%"
           PRIu64 ",%" PRIu64 "\r\n", sample->event, m->used, m->free, m->requested,
           m->largest_free, m->free_blocks, ratio, m->high_water, compare_metrics_ok (m),
           compare_metrics_failed (m), m->alloc_ok, m->alloc_failed, m->free_ok, m->free_failed,
           m->realloc_ok, m->realloc_failed);
}

gboolean
compare_write_csv (const char  *path,
                   CompareRun **runs,
                   guint        n_runs,
                   GError     **error)
{
  FILE *out = fopen (path, "we");
  gboolean ok;
  int saved;

  if (out == NULL)
    {
      saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }

  fputs (header, out);
  for (guint i = 0; i < n_runs; i++)
    {
      guint n;
      const MemsimTraceSample *samples = memsim_trace_sampler_get_samples (runs[i]->sampler, &n);

      for (guint j = 0; j < n; j++)
        write_row (out, memsim_policy_to_string (runs[i]->policy), &samples[j]);
    }

  ok = fflush (out) == 0 && !ferror (out);
  saved = errno;
  ok = fclose (out) == 0 && ok;
  if (!ok)
    g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: cannot write: %s"), path,
                 g_strerror (saved != 0 ? saved : errno));
  return ok;
}
