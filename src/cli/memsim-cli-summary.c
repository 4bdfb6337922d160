/* memsim-cli-summary.c: the summary table that run and replay print
 *
 * Two columns: the label (the metric's name as in the JSON, so that the
 * table and `--json` read alike) and its value.  Byte counts are exact,
 * followed by their IEC size from 1 KiB on (plain ASCII, whatever the
 * locale: the output is meant for scripts too); fractions are printed
 * with 4 decimals and as a percentage.
 */
#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "memsim-cli.h"

#include "memsim-json.h"

#define LABEL_WIDTH 24

void
memsim_cli_print_row (FILE       *out,
                      const char *label,
                      const char *format,
                      ...)
{
  va_list args;
  g_autofree char *value = NULL;

  va_start (args, format);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (out, "  %-*s %s\n", LABEL_WIDTH, label, value);
}

char *
memsim_cli_format_iec (guint64 bytes)
{
  static const char * const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double value = bytes;
  guint unit = 0;

  while (value >= 1024.0 && unit + 1 < G_N_ELEMENTS (units))
    {
      value /= 1024.0;
      unit++;
    }
  if (unit == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);
  return g_strdup_printf ("%.1f %s", value, units[unit]);
}

void
memsim_cli_print_bytes (FILE       *out,
                        const char *label,
                        guint64     bytes)
{
  g_autofree char *iec = NULL;

  if (bytes < 1024)
    {
      memsim_cli_print_row (out, label, "%" G_GUINT64_FORMAT " B", bytes);
      return;
    }

  iec = memsim_cli_format_iec (bytes);
  memsim_cli_print_row (out, label, "%" G_GUINT64_FORMAT " B (%s)", bytes, iec);
}

static void
print_fraction (FILE       *out,
                const char *label,
                double      value)
{
  memsim_cli_print_row (out, label, "%.4f (%.2f %%)", value, value * 100.0);
}

static void
print_count (FILE       *out,
             const char *label,
             guint64     value)
{
  memsim_cli_print_row (out, label, "%" G_GUINT64_FORMAT, value);
}

static void
print_settings (FILE                   *out,
                const MemsimHeapConfig *config)
{
  fprintf (out, "%s\n", _("heap"));
  memsim_cli_print_row (out, "policy", "%s", memsim_policy_to_string (config->policy));
  memsim_cli_print_bytes (out, "total", config->total);
  memsim_cli_print_bytes (out, "align", config->align);
  memsim_cli_print_bytes (out, "header", config->header);
  if (config->policy == MEMSIM_POLICY_BUDDY)
    memsim_cli_print_bytes (out, "min_block", config->min_block);
  memsim_cli_print_row (out, "round_pow2", "%s", config->round_pow2 ? "on" : "off");
  memsim_cli_print_row (out, "auto_compact", "%s", config->auto_compact ? "on" : "off");
}

static void
print_metrics (FILE                *out,
               const MemsimMetrics *m)
{
  fprintf (out, "\n%s\n", _("metrics"));
  memsim_cli_print_bytes (out, "used", m->used);
  memsim_cli_print_bytes (out, "requested", m->requested);
  memsim_cli_print_bytes (out, "free", m->free);
  memsim_cli_print_bytes (out, "largest_free", m->largest_free);
  print_count (out, "free_blocks", m->free_blocks);
  print_count (out, "live_blocks", m->live_blocks);
  if (m->unusable != 0)
    memsim_cli_print_bytes (out, "unusable", m->unusable);
  print_fraction (out, "external_fragmentation", m->external_fragmentation);
  print_fraction (out, "internal_fragmentation", m->internal_fragmentation);
  memsim_cli_print_bytes (out, "high_water", m->high_water);
  memsim_cli_print_bytes (out, "peak_requested", m->peak_requested);
  print_fraction (out, "heap_overhead", m->heap_overhead);
}

static void
print_counts (FILE                *out,
              const MemsimMetrics *m)
{
  fprintf (out, "\nops\n");
  print_count (out, "alloc_ok", m->alloc_ok);
  memsim_cli_print_row (out, "alloc_failed", _("%" PRIu64 " (%" PRIu64
                                                    " no space, %" PRIu64 " fragmented)"),
                        m->alloc_failed, m->failed_no_space, m->failed_fragmented);
  print_count (out, "free_ok", m->free_ok);
  print_count (out, "free_failed", m->free_failed);
  print_count (out, "realloc_ok", m->realloc_ok);
  print_count (out, "realloc_failed", m->realloc_failed);
  print_count (out, "compactions", m->compactions);
  memsim_cli_print_bytes (out, "bytes_moved", m->bytes_moved);
}

void
memsim_cli_print_heap (FILE             *out,
                       const MemsimHeap *heap)
{
  MemsimMetrics metrics;

  memsim_heap_get_metrics (heap, &metrics);
  print_settings (out, memsim_heap_get_config (heap));
  print_metrics (out, &metrics);
  print_counts (out, &metrics);
}

void
memsim_cli_print_json (const MemsimHeap *heap)
{
  g_autofree char *json = memsim_json_final_state (heap);

  fputs (json, stdout);
}
