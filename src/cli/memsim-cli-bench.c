/* memsim-cli-bench.c: `memsim-cli bench`
 *
 * Times the replay engine against the system's malloc on the same trace:
 *
 *   1. writes a large trace (--live blocks, then --pairs free+alloc pairs)
 *      and a 10× smaller one, in .rep format (memsim-bench-trace.c);
 *   2. runs, for each trace, `memsim-sysreplay TRACE` (real malloc, realloc
 *      and free) and `memsim-cli replay TRACE --policy P --total T --strict`
 *      for the five policies, each as its own process, and takes its wall
 *      time (monotonic clock around spawn and wait), its CPU time (user +
 *      system) and its peak RSS (wait4's rusage);
 *   3. does so --repeat times, in rounds (every runner once on both
 *      traces, then again), and keeps each runner's fastest run of each
 *      trace;
 *   4. prints one row per runner: wall and CPU seconds, CPU ns per trace
 *      operation, peak RSS, the CPU time relative to system malloc, the
 *      growth of ns/op from the small trace to the large one (1.0 =
 *      cost per op does not grow with the heap; O(log n) gives a little
 *      above 1), and how far its slowest large run was from its fastest.
 *
 * The ratios use CPU time: on a shared machine (CI, a laptop running a
 * build) the wall time of a run mostly measures the other processes,
 * while the CPU time is what the runner itself cost.  Wall time is shown
 * beside it.
 *
 * The best of a few runs, not one: another process on the machine, or a
 * slower host under a virtual machine, only ever adds time, and one run
 * of the small trace (a third of a second) moved by 15 % from one bench
 * to the next, enough to move a growth ratio by 0.2.  Rounds rather than
 * back-to-back runs, so that a slow minute slows every runner alike.  The
 * spread column shows what the noise was.
 *
 * Every run reads the trace through the same MemsimRepReader, so reading
 * and parsing cost the same in every row.
 *
 * Then (or alone, with --objects-only) the object store: store+release
 * pairs timed in this process on a warmed store (its arena allocated, the
 * shared values already there), per kind of value — the raw path
 * (memsim_object_store_new_ref / _decref of a parsed value), by name, and
 * from the text of a script line.
 */
#include "config.h"

#include "memsim-cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memsim-bench-trace.h"
#include "memsim-cli-bench-history.h"
#include "memsim-cli-soak.h"
#include "memsim-object-store.h"

extern char **environ;

static gint64 opt_live = 1000000;
static gint64 opt_pairs = 4000000;
static gint64 opt_seed = 42;
static gint64 opt_repeat = 3;
static char *opt_keep;
static gint64 opt_object_pairs = 10000000;
static gboolean opt_objects_only;
static gint64 opt_history_ops = 1000000;
static gboolean opt_history_only;
static gboolean opt_soak;
static gint64 opt_ops = 100000000;

static const GOptionEntry bench_entries[] = {
  { "live", 0, 0, G_OPTION_ARG_INT64, &opt_live,
    N_("Blocks allocated before the churn starts (default 1000000)"), N_("N") },
  { "pairs", 0, 0, G_OPTION_ARG_INT64, &opt_pairs,
    N_("Free+allocate pairs after that (default 4000000)"), N_("N") },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed,
    N_("Seed of the random sizes and victims (default 42)"), N_("S") },
  { "repeat", 0, 0, G_OPTION_ARG_INT64, &opt_repeat,
    N_("Runs of each replay, in rounds; the fastest is kept (default 3)"), N_("N") },
  { "keep", 0, 0, G_OPTION_ARG_FILENAME, &opt_keep,
    N_("Write the large trace to FILE and the small one to FILE.small, and keep them"),
    N_("FILE") },
  { "object-pairs", 0, 0, G_OPTION_ARG_INT64, &opt_object_pairs,
    N_("Store+release pairs per object-store case (default 10000000; 0 skips them)"), N_("N") },
  { "objects-only", 0, 0, G_OPTION_ARG_NONE, &opt_objects_only,
    N_("Run only the object-store cases, not the trace replays"), NULL },
  { "history-ops", 0, 0, G_OPTION_ARG_INT64, &opt_history_ops,
    N_("Operations in the history of the undo and seek cases (default 1000000; 0 skips them)"),
    N_("N") },
  { "history-only", 0, 0, G_OPTION_ARG_NONE, &opt_history_only,
    N_("Run only the undo and seek cases"), NULL },
  { "soak", 0, 0, G_OPTION_ARG_NONE, &opt_soak,
    N_("Instead, drive every policy through --ops operations around --live blocks and sample the RSS"),
    NULL },
  { "ops", 0, 0, G_OPTION_ARG_INT64, &opt_ops,
    N_("Operations per policy of --soak (default 100000000)"), N_("N") },
  { NULL }
};

typedef struct {
  char                *path;
  MemsimBenchTraceSpec spec;
  MemsimBenchTraceInfo info;
  char                *fit_total;    /* --total for the four fit policies */
  char                *buddy_total;
} Trace;

typedef struct {
  double seconds;       /* wall */
  double cpu_seconds;   /* user + system */
  double rss_mib;
  int    status;        /* as from wait4 */
} Measure;

/* A runner's runs of one trace: the fastest, and how slow the slowest was. */
typedef struct {
  Measure best;             /* the run of least CPU time; its status the first failure's */
  double  worst_cpu_seconds;
  double  max_rss_mib;
  guint   n_runs;
} Runs;

static const char * const runners[] = {
  NULL,                 /* system malloc */
  "first-fit", "next-fit", "best-fit", "worst-fit", "buddy",
};

static guint64
pow2_ceil (guint64 x)
{
  guint64 p = 1;

  while (p < x)
    p <<= 1;
  return p;
}

/* Enough room that no request fails: 4× the peak live bytes for the fits,
 * twice that for buddy (power-of-two rounding and buddy fragmentation). */
static void
choose_totals (Trace *t)
{
  guint64 fit = pow2_ceil (MAX (t->info.peak_live_bytes * 4, 1 << 20));

  t->fit_total = g_strdup_printf ("%" G_GUINT64_FORMAT, fit);
  t->buddy_total = g_strdup_printf ("%" G_GUINT64_FORMAT, fit * 2);
}

static gboolean
trace_path (Trace      *t,
            const char *keep,
            GError    **error)
{
  int fd;

  if (keep != NULL)
    {
      t->path = g_strdup (keep);
      return TRUE;
    }

  fd = g_file_open_tmp ("memsim-bench-XXXXXX.rep", &t->path, error);
  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

static gboolean
make_trace (Trace      *t,
            const char *keep,
            GError    **error)
{
  if (!trace_path (t, keep, error))
    return FALSE;
  if (!memsim_bench_trace_write (t->path, &t->spec, &t->info, error))
    return FALSE;
  choose_totals (t);
  return TRUE;
}

static void
trace_clear (Trace   *t,
             gboolean keep)
{
  if (t->path != NULL && !keep)
    g_unlink (t->path);
  g_free (t->path);
  g_free (t->fit_total);
  g_free (t->buddy_total);
}

/* Runs @argv with stdout on /dev/null and measures it. */
static gboolean
measure (char   **argv,
         Measure *out,
         GError **error)
{
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int rc;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  start = g_get_monotonic_time ();
  rc = posix_spawn (&pid, argv[0], &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  if (rc != 0)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("cannot run %s: %s"),
                   argv[0], g_strerror (rc));
      return FALSE;
    }

  while (wait4 (pid, &out->status, 0, &usage) < 0 && errno == EINTR)
    ;
  out->seconds = (g_get_monotonic_time () - start) / 1e6;
  out->cpu_seconds = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
                     + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  out->rss_mib = usage.ru_maxrss / 1024.0;   /* ru_maxrss is in KiB */
  return TRUE;
}

static gboolean
run_one (const char  *self,
         const char  *sysreplay,
         const char  *policy,
         const Trace *t,
         Measure     *out,
         GError     **error)
{
  const char *total = g_strcmp0 (policy, "buddy") == 0 ? t->buddy_total
                                                       : t->fit_total;
  const char *replay[] = {
    self, "replay", t->path, "--policy", policy, "--total", total, "--strict", NULL
  };
  const char *system[] = { sysreplay, t->path, NULL };

  return measure ((char **) (policy != NULL ? replay : system), out, error);
}

static char *
describe_status (int status)
{
  if (WIFEXITED (status))
    return g_strdup_printf (_("failed: exit status %d"), WEXITSTATUS (status));
  return g_strdup_printf (_("failed: killed by signal %d"), WTERMSIG (status));
}

/* Keeps @run in @runs: the fastest so far, or the first that failed. */
static void
runs_add (Runs          *runs,
          const Measure *run)
{
  gboolean first = runs->n_runs++ == 0;

  runs->max_rss_mib = first ? run->rss_mib : MAX (runs->max_rss_mib, run->rss_mib);
  runs->worst_cpu_seconds = first ? run->cpu_seconds
                                  : MAX (runs->worst_cpu_seconds, run->cpu_seconds);
  if (runs->best.status != 0)
    return;
  if (first || run->status != 0 || run->cpu_seconds < runs->best.cpu_seconds)
    runs->best = *run;
}

static void
print_row (const char  *label,
           const Runs  *large,
           const Runs  *small,
           const Trace *traces,
           double       base_seconds)
{
  const Measure *l = &large->best, *s = &small->best;
  double ns_large = l->cpu_seconds * 1e9 / traces[0].info.n_ops;
  double ns_small = s->cpu_seconds * 1e9 / traces[1].info.n_ops;
  g_autofree char *why = NULL;

  if (l->status != 0 || s->status != 0)
    {
      why = describe_status (l->status != 0 ? l->status : s->status);
      printf ("%-14s %s\n", label, why);
      return;
    }

  printf ("%-14s %8.3f %8.3f %8.1f %13.1f %10.2f %12.1f %7.2f %6.0f %%\n", label, l->seconds,
          l->cpu_seconds, ns_large, large->max_rss_mib, l->cpu_seconds / base_seconds,
          ns_small, ns_large / ns_small,
          (large->worst_cpu_seconds / l->cpu_seconds - 1) * 100);
}

static void
print_header (const Trace *traces,
              guint        n_runs)
{
  for (int i = 0; i < 2; i++)
    {
      const Trace *t = &traces[i];
      g_autofree char *size = memsim_cli_format_iec (t->info.file_size);
      g_autofree char *peak = memsim_cli_format_iec (t->info.peak_live_bytes);

      /* TRANSLATORS: the first %s is "large" or "small". */
      printf (_("%s trace: %" PRIu64 " live blocks, then %" PRIu64
                " free+alloc pairs = %" PRIu64 " ops, peak live %s\n"
                "  %s (%s); --total %s (buddy %s)\n"),
              i == 0 ? _("large") : _("small"), t->spec.n_live, t->spec.n_pairs,
              t->info.n_ops, peak, t->path, size, t->fit_total, t->buddy_total);
    }
  printf (_("sizes log-uniform %d B to %d B, seed %" PRIu64
            "; ns/op = CPU time (user + system) / trace ops; vs malloc = CPU time / malloc's;\n"
            "growth = ns/op large / ns/op small; each the fastest of %u runs (in rounds);\n"
            "spread = how much slower the slowest large run was\n\n"),
          MEMSIM_BENCH_SIZE_MIN, MEMSIM_BENCH_SIZE_MAX, traces[0].spec.seed, n_runs);
  printf ("%-14s %8s %8s %8s %13s %10s %12s %7s %8s\n", "runner", "wall s", "CPU s", "ns/op",
          "peak RSS MiB", "vs malloc", "small ns/op", "growth", "spread");
  fflush (stdout);
}

/* One round: every runner once on the small trace, then on the large. */
static gboolean
run_round (const char  *self,
           const char  *sysreplay,
           const Trace *traces,
           Runs        *large,
           Runs        *small,
           GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (runners); i++)
    {
      Measure run;

      if (!run_one (self, sysreplay, runners[i], &traces[1], &run, error))
        return FALSE;
      runs_add (&small[i], &run);
      if (!run_one (self, sysreplay, runners[i], &traces[0], &run, error))
        return FALSE;
      runs_add (&large[i], &run);
    }
  return TRUE;
}

/* Runs every runner on both traces @n_runs times; returns an exit status. */
static int
run_all (const char  *self,
         const char  *sysreplay,
         const Trace *traces,
         guint        n_runs)
{
  Runs large[G_N_ELEMENTS (runners)] = { 0 }, small[G_N_ELEMENTS (runners)] = { 0 };
  int status = MEMSIM_CLI_EXIT_OK;

  print_header (traces, n_runs);
  for (guint round = 0; round < n_runs; round++)
    {
      g_autoptr (GError) error = NULL;

      if (!run_round (self, sysreplay, traces, large, small, &error))
        {
          memsim_cli_error ("%s", error->message);
          return MEMSIM_CLI_EXIT_USAGE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (runners); i++)
    {
      if (large[i].best.status != 0 || small[i].best.status != 0)
        status = MEMSIM_CLI_EXIT_FAILED;
      print_row (runners[i] != NULL ? runners[i] : _("system malloc"), &large[i], &small[i],
                 traces, large[0].best.cpu_seconds);
    }
  fflush (stdout);
  return status;
}

/* memsim-cli itself and memsim-sysreplay, which is built beside it. */
static gboolean
find_programs (char  **out_self,
               char  **out_sysreplay,
               GError **error)
{
  g_autofree char *dir = NULL;

  *out_self = g_file_read_link ("/proc/self/exe", error);
  if (*out_self == NULL)
    return FALSE;

  dir = g_path_get_dirname (*out_self);
  *out_sysreplay = g_build_filename (dir, "memsim-sysreplay", NULL);
  if (g_file_test (*out_sysreplay, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;

  g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s not found: build it "
                                                      "with meson (it is installed beside memsim-cli)"), *out_sysreplay);
  return FALSE;
}

/* ---- the object store ------------------------------------------------------ */

typedef struct {
  const char *label;
  const char *type;
  const char *value;
  gboolean    named;   /* through a name: store + release */
  gboolean    text;    /* parsing the value's text each time */
} ObjectCase;

static const ObjectCase object_cases[] = {
  { "int 7 (small-int cache)", "int", "7", FALSE, FALSE },
  { "float 2.5", "float", "2.5", FALSE, FALSE },
  { "str 'spam' (interned)", "str", "'spam'", FALSE, FALSE },
  { "str 'a b c'", "str", "'a b c'", FALSE, FALSE },
  { "tuple (1, 2.5)", "tuple", "(1, 2.5)", FALSE, FALSE },
  { "record P(x=1, y=2.5)", "record", "P(x=1, y=2.5)", FALSE, FALSE },
  { "int 7, by name", "int", "7", TRUE, FALSE },
  { "float 2.5, by name", "float", "2.5", TRUE, FALSE },
  { "float 2.5, by name, text", "float", "2.5", TRUE, TRUE },
};

#define BENCH_NAMES 64

/* @n store+release pairs of @c; returns the seconds they took. */
static double
time_object_pairs (MemsimObjectStore   *store,
                   MemsimHeap          *heap,
                   const ObjectCase    *c,
                   const MemsimPyValue *value,
                   char               **names,
                   gint64               n)
{
  gint64 start = g_get_monotonic_time ();
  guint32 ref;

  for (gint64 i = 0; i < n; i++)
    {
      const char *name = names[i & (BENCH_NAMES - 1)];

      if (!c->named)
        {
          memsim_object_store_new_ref (store, heap, value, &ref, NULL);
          memsim_object_store_decref (store, heap, ref);
          continue;
        }
      if (c->text)
        memsim_object_store_store_text (store, heap, name, c->type, c->value, NULL);
      else
        memsim_object_store_store (store, heap, name, value, NULL, NULL);
      memsim_object_store_release (store, heap, name, NULL);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

/* A store with its arena, the case's shared values kept alive by one
 * reference (as CPython's caches would), and a round of warm-up. */
static double
run_object_case (const ObjectCase *c,
                 char            **names,
                 gint64            n)
{
  MemsimHeapConfig config;
  MemsimHeap *heap;
  MemsimObjectStore *store = memsim_object_store_new (MEMSIM_OBJECT_PROFILE_DEFAULT);
  g_autoptr (MemsimPyValue) value = NULL;
  MemsimPyType type;
  guint32 keep;
  double seconds;

  memsim_heap_config_init (&config, 64 << 20);
  heap = memsim_heap_new (&config, NULL);
  memsim_py_type_from_string (c->type, &type);
  value = memsim_pyvalue_parse (type, c->value, NULL);
  memsim_object_store_new_ref (store, heap, value, &keep, NULL);
  time_object_pairs (store, heap, c, value, names, MAX (n / 10, 1));
  seconds = time_object_pairs (store, heap, c, value, names, n);
  memsim_object_store_free (store);
  memsim_heap_free (heap);
  return seconds;
}

static void
run_objects (gint64 n)
{
  char *names[BENCH_NAMES];

  for (guint i = 0; i < BENCH_NAMES; i++)
    names[i] = g_strdup_printf ("v%u", i);
  printf (_("object store: %s, in-process, warmed; %" PRId64
            " store+release pairs per case\n"),
          memsim_object_profile_to_string (MEMSIM_OBJECT_PROFILE_DEFAULT), n);
  printf ("\n%-28s %14s %9s\n", "case", "pairs/s", "ns/pair");
  for (guint i = 0; i < G_N_ELEMENTS (object_cases); i++)
    {
      double seconds = run_object_case (&object_cases[i], names, n);

      printf ("%-28s %14.0f %9.1f\n", object_cases[i].label, n / seconds, seconds * 1e9 / n);
      fflush (stdout);
    }
  for (guint i = 0; i < BENCH_NAMES; i++)
    g_free (names[i]);
}

static gboolean
check_options (void)
{
  if (opt_object_pairs < 0)
    {
      memsim_cli_usage_error (&memsim_cli_bench_command, _("--object-pairs must not be negative"));
      return FALSE;
    }
  if (opt_history_ops < 0 || opt_history_ops > G_MAXINT32)
    {
      memsim_cli_usage_error (&memsim_cli_bench_command,
                              _("--history-ops must be between 0 and %d"), G_MAXINT32);
      return FALSE;
    }
  if (opt_repeat < 1 || opt_repeat > 100)
    {
      memsim_cli_usage_error (&memsim_cli_bench_command, _("--repeat must be between 1 and 100"));
      return FALSE;
    }
  if (opt_history_only && opt_history_ops == 0)
    {
      memsim_cli_usage_error (&memsim_cli_bench_command,
                              _("--history-only needs --history-ops of at least 1"));
      return FALSE;
    }
  if (opt_soak && (opt_ops < 1 || opt_live > G_MAXINT32))
    {
      memsim_cli_usage_error (&memsim_cli_bench_command, _("--ops must be at least 1 and "
                                                           "--live at most %d with --soak"), G_MAXINT32);
      return FALSE;
    }
  if (opt_live < 10 || opt_pairs < 0 || opt_seed < 0)
    {
      memsim_cli_usage_error (&memsim_cli_bench_command, _("--live must be at least "
                                                           "10, --pairs and --seed not negative"));
      return FALSE;
    }
  return TRUE;
}

static int
bench_main (int    argc,
            char **argv)
{
  g_autofree char *self = NULL, *sysreplay = NULL, *small_keep = NULL;
  g_autoptr (GError) error = NULL;
  Trace traces[2] = { 0 };
  int status = MEMSIM_CLI_EXIT_USAGE;

  if (!memsim_cli_parse_args (&memsim_cli_bench_command, &argc, &argv, 0)
      || !check_options ())
    return MEMSIM_CLI_EXIT_USAGE;
  if (opt_soak)
    return memsim_cli_soak ((guint64) opt_ops, (guint64) opt_live, (guint64) opt_seed);
  if (opt_objects_only)
    {
      run_objects (MAX (opt_object_pairs, 1));
      return MEMSIM_CLI_EXIT_OK;
    }
  if (opt_history_only)
    {
      memsim_cli_bench_history ((guint64) opt_history_ops, (guint64) opt_seed);
      return MEMSIM_CLI_EXIT_OK;
    }

  traces[0].spec = (MemsimBenchTraceSpec) { opt_live, opt_pairs, opt_seed };
  traces[1].spec = (MemsimBenchTraceSpec) { opt_live / 10, opt_pairs / 10, opt_seed };
  small_keep = opt_keep != NULL ? g_strconcat (opt_keep, ".small", NULL) : NULL;

  if (!find_programs (&self, &sysreplay, &error)
      || !make_trace (&traces[0], opt_keep, &error)
      || !make_trace (&traces[1], small_keep, &error))
    memsim_cli_error ("%s", error->message);
  else
    status = run_all (self, sysreplay, traces, (guint) opt_repeat);
  if (status != MEMSIM_CLI_EXIT_USAGE && opt_object_pairs > 0)
    {
      printf ("\n");
      run_objects (opt_object_pairs);
    }
  if (status != MEMSIM_CLI_EXIT_USAGE && opt_history_ops > 0)
    {
      printf ("\n");
      memsim_cli_bench_history ((guint64) opt_history_ops, (guint64) opt_seed);
    }

  trace_clear (&traces[0], opt_keep != NULL);
  trace_clear (&traces[1], opt_keep != NULL);
  g_clear_pointer (&opt_keep, g_free);
  return status;
}

const MemsimCliCommand memsim_cli_bench_command = {
  .name = "bench",
  .parameter = "",
  .summary = N_("Time the replay of a generated trace under every policy"),
  .description =
    N_("Generates a trace of --live allocations followed by --pairs free+allocate\n"
    "pairs (sizes log-uniform from 16 B to 8 KiB, random victims, fixed seed),\n"
    "and a 10x smaller one, then runs `memsim-cli replay --strict` on each for\n"
    "the five policies and memsim-sysreplay (the system's malloc on the same\n"
    "trace), each as its own process, --repeat times in rounds, and keeps\n"
    "each one's fastest run.  Prints wall and CPU seconds, CPU ns\n"
    "per trace operation, peak RSS, the CPU time relative to system malloc,\n"
    "the growth of ns/op from the small trace to the large one (CPU time,\n"
    "because on a shared machine wall time measures the other processes\n"
    "too), and the spread of the large runs.  Takes a few minutes\n"
    "with the defaults; needs about 2 GiB of memory and 250 MiB in $TMPDIR.\n"
    "Then times the object store in this process: --object-pairs\n"
    "store+release pairs of each kind of value on a warmed store, raw, by\n"
    "name and from text (--objects-only runs just these).\n"
    "Then times undo and seek in a session whose history holds --history-ops\n"
    "operations, with 1000, 10000 and 100000 live blocks (--history-only runs\n"
    "just these).\n"
    "--soak runs instead the soak test: every policy, in this process, through\n"
    "--ops operations that keep --live blocks live (free+alloc and realloc of\n"
    "random blocks), with the RSS sampled every --ops/20 operations; the table\n"
    "shows that memory stays flat once the live set is steady.\n"),
  .entries = bench_entries,
  .main = bench_main,
};
