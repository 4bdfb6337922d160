/* memsim-cli-generate.c: `memsim-cli generate TEMPLATE -o FILE.msim|.rep`
 *
 * Writes a synthetic workload (memsim-workload.h) as a script or a .rep
 * trace, chosen by the extension of FILE.  The same template, seed and
 * number of operations always give the same file.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdlib.h>

#include "memsim-cli.h"

#include "memsim-workload.h"

static char *opt_output;
static char *opt_seed;
static char *opt_ops;
static char *opt_total;

static const GOptionEntry generate_entries[] = {
  { "output", 'o', 0, G_OPTION_ARG_FILENAME, &opt_output,
    N_("Write to FILE.msim (a script) or FILE.rep (a trace; required)"), N_("FILE") },
  { "seed", 's', 0, G_OPTION_ARG_STRING, &opt_seed,
    N_("Seed of the random numbers (default 42)"), N_("N") },
  { "ops", 'n', 0, G_OPTION_ARG_STRING, &opt_ops,
    N_("Number of operations (default 1000 for classic, 5000 for the others)"), N_("N") },
  { "total", 't', 0, G_OPTION_ARG_STRING, &opt_total,
    N_("Heap size the workload is written for (default: the template's)"), N_("SIZE") },
  { NULL }
};

static gboolean
parse_count (const char *option,
             const char *text,
             guint64     max,
             guint64    *out_value)
{
  g_autoptr (GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (g_ascii_string_to_unsigned (text, 10, 0, max, out_value, &error))
    return TRUE;
  memsim_cli_usage_error (&memsim_cli_generate_command, "%s: %s", option, error->message);
  return FALSE;
}

static gboolean
parse_params (const char           *name,
              MemsimWorkloadParams *params)
{
  MemsimWorkloadTemplate template_;
  guint64 seed = MEMSIM_WORKLOAD_DEFAULT_SEED;

  if (!memsim_workload_template_from_string (name, &template_))
    {
      memsim_cli_usage_error (&memsim_cli_generate_command, _("unknown template \"%s\" "
                                                              "(expected classic, churn, phases or queue)"),
                              name);
      return FALSE;
    }
  memsim_workload_params_init (params, template_);
  if (!parse_count ("--seed", opt_seed, G_MAXUINT32, &seed)
      || !parse_count ("--ops", opt_ops, G_GUINT64_CONSTANT (1) << 40, &params->n_ops)
      || (opt_total != NULL && !memsim_cli_parse_size ("--total", opt_total, &params->total)))
    return FALSE;
  params->seed = (guint32) seed;
  return TRUE;
}

static gboolean
output_file (MemsimWorkloadFile *out_file)
{
  if (opt_output == NULL)
    {
      memsim_cli_usage_error (&memsim_cli_generate_command, _("-o FILE is required"));
      return FALSE;
    }
  if (g_str_has_suffix (opt_output, ".msim") || g_str_has_suffix (opt_output, ".rep"))
    {
      *out_file = g_str_has_suffix (opt_output, ".rep") ? MEMSIM_WORKLOAD_FILE_REP
                                                        : MEMSIM_WORKLOAD_FILE_MSIM;
      return TRUE;
    }
  memsim_cli_usage_error (&memsim_cli_generate_command,
                          _("-o: \"%s\" must end in .msim (a script) or .rep (a trace)"),
                          opt_output);
  return FALSE;
}

static void
print_counts (const MemsimWorkloadParams *params,
              const MemsimWorkloadCounts *counts,
              MemsimWorkloadFile          file)
{
  const guint64 *n = counts->n_ops;

  printf ("%s\n", _("workload"));
  memsim_cli_print_row (stdout, _("template"), "%s",
                        memsim_workload_template_to_string (params->template_));
  memsim_cli_print_row (stdout, _("seed"), "%" PRIu32, params->seed);
  memsim_cli_print_bytes (stdout, _("total"), params->total);
  memsim_cli_print_row (stdout, _("operations"), _("%" PRIu64 " (%" PRIu64 " alloc, %" PRIu64
                                                   " free, %" PRIu64 " compact)"),
                        params->n_ops, n[MEMSIM_WORKLOAD_OP_ALLOC], n[MEMSIM_WORKLOAD_OP_FREE],
                        n[MEMSIM_WORKLOAD_OP_COMPACT]);
  memsim_cli_print_row (stdout, _("file"), "%s", opt_output);
  if (file == MEMSIM_WORKLOAD_FILE_REP && n[MEMSIM_WORKLOAD_OP_COMPACT] > 0)
    memsim_cli_print_row (stdout, _("left out"), _("%" PRIu64 " compactions (.rep has none)"),
                          n[MEMSIM_WORKLOAD_OP_COMPACT]);
}

static int
generate_main (int    argc,
               char **argv)
{
  g_autoptr (GError) error = NULL;
  MemsimWorkloadParams params;
  MemsimWorkloadCounts counts;
  MemsimWorkloadFile file;
  int status = MEMSIM_CLI_EXIT_USAGE;

  if (memsim_cli_parse_args (&memsim_cli_generate_command, &argc, &argv, 1)
      && parse_params (argv[1], &params) && output_file (&file))
    {
      if (memsim_workload_write (&params, file, opt_output, &counts, &error))
        {
          print_counts (&params, &counts, file);
          status = MEMSIM_CLI_EXIT_OK;
        }
      else
        memsim_cli_error ("%s", error->message);
    }

  g_clear_pointer (&opt_output, g_free);
  g_clear_pointer (&opt_seed, g_free);
  g_clear_pointer (&opt_ops, g_free);
  g_clear_pointer (&opt_total, g_free);
  return status;
}

const MemsimCliCommand memsim_cli_generate_command = {
  .name = "generate",
  .parameter = N_("TEMPLATE"),
  .summary = N_("Write a synthetic workload as a script (.msim) or a trace (.rep)"),
  .description =
    N_("Templates:\n"
    "  classic  60 % allocate, 30 % free, 10 % compact; sizes 32-512 KiB (64M)\n"
    "  churn    many small short-lived objects, a few long-lived large ones (8M)\n"
    "  phases   four phases whose object sizes change (64M)\n"
    "  queue    a producer-consumer queue of messages, production in waves (4M)\n"
    "The same template, seed and --ops give the same file on every machine.\n"
    "A .rep trace cannot hold compactions: they are left out (and counted).\n"
    "Example: memsim-cli generate classic -o classic.msim && memsim-cli run classic.msim\n"),
  .entries = generate_entries,
  .main = generate_main,
};
