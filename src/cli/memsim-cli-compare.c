/* memsim-cli-compare.c: `memsim-cli compare TRACE --policies LIST --total SIZE`
 *
 * Replays one trace under several policies, each in its own thread (a
 * GThreadPool of at most as many threads as the machine has cores), each
 * with its own streaming reader, so that nothing holds the trace.
 *
 * Every replay samples the heap's metrics with a MemsimTraceSampler of
 * COMPARE_MAX_SAMPLES (memsim-trace-replay.h): a trace of any length ends
 * with 512 to 1024 samples, at the same events for every policy, so the
 * CSV's rows and the charts line up.
 *
 * The summary ranks the policies by requests that failed, then by peak heap
 * (high_water), then by heap_overhead: the first is the one that served the
 * program in the least memory.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "memsim-cli-compare.h"

static char *opt_policies;
static char *opt_total;
static char *opt_format;
static char *opt_csv;
static char *opt_plot;

static const GOptionEntry compare_entries[] = {
  { "policies", 'p', 0, G_OPTION_ARG_STRING, &opt_policies,
    N_("Comma-separated policies (default: first-fit,next-fit,best-fit,worst-fit,buddy)"),
    N_("LIST") },
  { "total", 't', 0, G_OPTION_ARG_STRING, &opt_total,
    N_("Size of the simulated heap (required), e.g. 16M"), N_("SIZE") },
  { "format", 'f', 0, G_OPTION_ARG_STRING, &opt_format,
    N_("Trace format: native, rep or mtrace (default: detected from the content)"),
    N_("FORMAT") },
  { "csv", 0, 0, G_OPTION_ARG_FILENAME, &opt_csv,
    N_("Write the sampled metrics of every policy to FILE (RFC 4180 CSV)"), N_("FILE") },
  { "plot", 0, 0, G_OPTION_ARG_FILENAME, &opt_plot,
    N_("Draw the charts into FILE.png or FILE.svg"), N_("FILE") },
  { NULL }
};

static void
replay_run (CompareRun *run)
{
  g_autoptr (MemsimTraceReader) reader = NULL;
  MemsimHeap *heap = memsim_heap_new (&run->config, &run->error);

  /* only the final map is read by address: index the free blocks alone
   * until then (memsim_heap_set_live_indexed()) */
  if (heap != NULL)
    memsim_heap_set_live_indexed (heap, FALSE);
  if (heap != NULL && (reader = memsim_trace_reader_open (run->path, run->format, &run->error))
      && memsim_trace_replay (reader, heap, run->sampler, NULL, &run->n_events, &run->error))
    {
      memsim_heap_get_metrics (heap, &run->final);
      memsim_heap_aggregate (heap, 0, run->config.total, COMPARE_MAP_COLUMNS, run->map);
    }
  g_clear_pointer (&heap, memsim_heap_free);
}

static void
replay_in_thread (gpointer data,
                  gpointer user_data)
{
  replay_run (data);
}

static void
run_all (CompareRun **runs,
         guint        n_runs)
{
  guint n_threads = MIN (n_runs, g_get_num_processors ());
  GThreadPool *pool = g_thread_pool_new (replay_in_thread, NULL, MAX (n_threads, 1), FALSE, NULL);

  for (guint i = 0; i < n_runs; i++)
    g_thread_pool_push (pool, runs[i], NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
}

static int
compare_ranking (gconstpointer a,
                 gconstpointer b)
{
  const CompareRun *x = *(CompareRun * const *) a;
  const CompareRun *y = *(CompareRun * const *) b;
  guint64 fx = compare_run_failures (x), fy = compare_run_failures (y);

  if (fx != fy)
    return fx < fy ? -1 : 1;
  if (x->final.high_water != y->final.high_water)
    return x->final.high_water < y->final.high_water ? -1 : 1;
  if (x->final.heap_overhead != y->final.heap_overhead)
    return x->final.heap_overhead < y->final.heap_overhead ? -1 : 1;
  return (int) x->policy - (int) y->policy;
}

static void
print_ranking (CompareRun **runs,
               guint        n_runs)
{
  g_autofree CompareRun **ranked = g_memdup2 (runs, n_runs * sizeof *runs);

  qsort (ranked, n_runs, sizeof *ranked, compare_ranking);
  printf ("%s\n", _("ranking (fewest failed requests, then lowest high_water, then heap_overhead)"));
  printf ("  %-4s %-10s %10s %14s %14s %10s %10s\n", _("rank"), _("policy"), _("failed"),
          "high_water", "heap_overhead", "ext_frag", "free_blks");
  for (guint i = 0; i < n_runs; i++)
    {
      const MemsimMetrics *m = &ranked[i]->final;

      printf ("  %-4u %-10s %10" PRIu64 " %14" PRIu64 " %14.4f %10.4f %10" PRIu64 "\n", i + 1,
              memsim_policy_to_string (ranked[i]->policy), compare_run_failures (ranked[i]),
              m->high_water, m->heap_overhead, m->external_fragmentation, m->free_blocks);
    }
}

/* "a,b" → policies; FALSE (printed) on an unknown or repeated one. */
static gboolean
parse_policies (const char   *text,
                MemsimPolicy *policies,
                guint        *out_n)
{
  g_auto (GStrv) names = g_strsplit (text != NULL ? text : "first-fit,next-fit,best-fit,"
                                     "worst-fit,buddy", ",", -1);
  guint seen = 0;

  *out_n = 0;
  for (guint i = 0; names[i] != NULL; i++)
    {
      MemsimPolicy policy;

      g_strstrip (names[i]);
      if (!memsim_policy_from_string (names[i], &policy))
        {
          memsim_cli_usage_error (&memsim_cli_compare_command,
                                  _("--policies: unknown policy \"%s\" (expected first-fit, "
                                    "next-fit, best-fit, worst-fit or buddy)"), names[i]);
          return FALSE;
        }
      if (seen & (1u << policy))
        {
          memsim_cli_usage_error (&memsim_cli_compare_command,
                                  _("--policies: \"%s\" is given twice"), names[i]);
          return FALSE;
        }
      seen |= 1u << policy;
      policies[(*out_n)++] = policy;
    }
  return TRUE;
}

static gboolean
check_plot_name (void)
{
  if (opt_plot == NULL || g_str_has_suffix (opt_plot, ".png") || g_str_has_suffix (opt_plot, ".svg"))
    return TRUE;
  memsim_cli_usage_error (&memsim_cli_compare_command,
                          _("--plot: \"%s\" must end in .png or .svg"), opt_plot);
  return FALSE;
}

static gboolean
parse_options (MemsimPolicy      *policies,
               guint             *n_policies,
               MemsimTraceFormat *format,
               MemsimHeapConfig  *config)
{
  guint64 total;

  if (opt_total == NULL)
    {
      memsim_cli_usage_error (&memsim_cli_compare_command, _("--total SIZE is required"));
      return FALSE;
    }
  if (!memsim_cli_parse_size ("--total", opt_total, &total)
      || !parse_policies (opt_policies, policies, n_policies)
      || !memsim_cli_parse_format (opt_format, format) || !check_plot_name ())
    return FALSE;
  memsim_heap_config_init (config, total);
  return TRUE;
}

static gboolean
write_outputs (const char  *path,
               CompareRun **runs,
               guint        n_runs)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *total = memsim_cli_format_iec (runs[0]->config.total);
  g_autofree char *title = g_strdup_printf (_("%s on a %s heap"), base, total);

  if (opt_csv != NULL && !compare_write_csv (opt_csv, runs, n_runs, &error))
    {
      memsim_cli_error ("%s", error->message);
      return FALSE;
    }
  if (opt_plot != NULL && !compare_write_plot (opt_plot, title, runs, n_runs, &error))
    {
      memsim_cli_error ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static int
compare_trace (const char              *path,
               const MemsimPolicy      *policies,
               guint                    n_policies,
               MemsimTraceFormat        format,
               const MemsimHeapConfig  *config)
{
  CompareRun *runs[MEMSIM_N_POLICIES];
  int status = MEMSIM_CLI_EXIT_OK;

  for (guint i = 0; i < n_policies; i++)
    {
      runs[i] = g_new0 (CompareRun, 1);
      runs[i]->policy = policies[i];
      runs[i]->path = path;
      runs[i]->format = format;
      runs[i]->config = *config;
      runs[i]->config.policy = policies[i];
      runs[i]->sampler = memsim_trace_sampler_new (COMPARE_MAX_SAMPLES);
    }

  run_all (runs, n_policies);
  for (guint i = 0; i < n_policies && status == MEMSIM_CLI_EXIT_OK; i++)
    if (runs[i]->error != NULL)
      {
        memsim_cli_error ("%s", runs[i]->error->message);
        status = MEMSIM_CLI_EXIT_USAGE;
      }
  if (status == MEMSIM_CLI_EXIT_OK)
    {
      printf (_("%s: %" PRIu64 " events replayed under %u policies\n\n"), path,
              runs[0]->n_events, n_policies);
      print_ranking (runs, n_policies);
      if (!write_outputs (path, runs, n_policies))
        status = MEMSIM_CLI_EXIT_USAGE;
    }

  for (guint i = 0; i < n_policies; i++)
    {
      memsim_trace_sampler_free (runs[i]->sampler);
      g_clear_error (&runs[i]->error);
      g_free (runs[i]);
    }
  return status;
}

static int
compare_main (int    argc,
              char **argv)
{
  MemsimPolicy policies[MEMSIM_N_POLICIES];
  MemsimHeapConfig config;
  MemsimTraceFormat format;
  guint n_policies;
  int status = MEMSIM_CLI_EXIT_USAGE;

  if (memsim_cli_parse_args (&memsim_cli_compare_command, &argc, &argv, 1)
      && parse_options (policies, &n_policies, &format, &config))
    {
      if (strcmp (argv[1], "-") == 0)
        memsim_cli_usage_error (&memsim_cli_compare_command, _("TRACE is read once per policy: "
                                                               "give a file, not \"-\""));
      else
        status = compare_trace (argv[1], policies, n_policies, format, &config);
    }

  g_clear_pointer (&opt_policies, g_free);
  g_clear_pointer (&opt_total, g_free);
  g_clear_pointer (&opt_format, g_free);
  g_clear_pointer (&opt_csv, g_free);
  g_clear_pointer (&opt_plot, g_free);
  return status;
}

const MemsimCliCommand memsim_cli_compare_command = {
  .name = "compare",
  .parameter = N_("TRACE"),
  .summary = N_("Replay one trace under several policies; rank them, write CSV and charts"),
  .description =
    N_("Replays TRACE (any format replay reads) under each policy in parallel and\n"
    "prints the policies ranked by failed requests, then peak heap (high_water),\n"
    "then heap_overhead.  --csv writes the metrics sampled over time (about\n"
    "500-1000 rows per policy, the same events for every policy) with a policy\n"
    "column; --plot draws used and free bytes, external fragmentation, free\n"
    "blocks, successful and failed operations over time and the final memory\n"
    "map of each policy (docs/compare.md).\n"
    "Example: memsim-cli compare xterm.rep --total 1M --csv xterm.csv --plot xterm.png\n"),
  .entries = compare_entries,
  .main = compare_main,
};
