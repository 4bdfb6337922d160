/* test-soak.c: `memsim-cli bench --soak` on a small run
 *
 * The full soak (10^8 operations) is a benchmark, run by hand; this checks
 * that the small one drives every policy, samples the RSS 21 times, and
 * that no operation fails for lack of room.
 */
#include <string.h>

#include "memsim-test-cli.h"

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], prefix);
  return n;
}

static void
test_soak_small (void)
{
  static const char * const policies[] = {
    "first-fit", "next-fit", "best-fit", "worst-fit", "buddy",
  };
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "bench", "--soak", "--ops", "20000", "--live", "100", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (r.out, "soak: 20000 operations per policy after a "
                                   "warm-up of 100 allocations; the live set stays at 100 blocks\n"));
  for (guint i = 0; i < G_N_ELEMENTS (policies); i++)
    {
      g_autofree char *done = g_strdup_printf ("%-10s 200", policies[i]);

      g_assert_cmpuint (count_lines_starting (r.out, done), ==, 1);
    }
  /* warm-up, then every 1000 operations up to 20000 */
  g_assert_cmpuint (count_lines_starting (r.out, "warm-up "), ==, 1);
  g_assert_cmpuint (count_lines_starting (r.out, "1000 "), ==, 1);
  g_assert_cmpuint (count_lines_starting (r.out, "19000 "), ==, 1);
  g_assert_nonnull (strstr (r.out, "\nfailed operations               0          0          0"
                            "          0          0\n"));
}

static void
test_soak_usage (void)
{
  g_auto (MemsimCliResult) r = { 0 };

  memsim_test_run_cli (&r, "bench", "--soak", "--ops", "0", NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_true (g_str_has_prefix (r.err, "memsim-cli: bench: --ops must be at least 1 and "
                                   "--live at most 2147483647 with --soak\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/soak/small", test_soak_small);
  g_test_add_func ("/cli/soak/usage", test_soak_usage);
  return g_test_run ();
}
