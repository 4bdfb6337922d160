/* memsim-cli-soak.c: `memsim-cli bench --soak [--ops N] [--live L]`
 *
 * A soak test of the engine: for each policy, in this process, a heap is
 * filled with L live blocks (the warm-up) and then driven through N more
 * operations that keep the live set at L:
 *
 *   7 times in 8   free a live block picked at random, allocate a new one
 *                  in its place (2 operations);
 *   1 time in 8    realloc a random live block to a new size (1 operation).
 *
 * Sizes are log-uniform from 16 B to 8 KiB, as in the bench trace; the heap
 * is large enough that no request fails for lack of room (it is simulated:
 * its size costs nothing).  Ids are never reused, so names keep changing.
 * The resident set size (/proc/self/statm) is sampled at the end of the
 * warm-up and then every N/20 operations: once the live set is steady it
 * must stay flat, whatever N — a leak or an index that grows with the
 * number of operations shows as a rising column.  Each policy runs in its
 * own child process, so every column starts from the same baseline.
 */
#include "config.h"

#include "memsim-cli-soak.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>
#include <errno.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "memsim-bench-trace.h"

#define N_SAMPLES 20

typedef struct {
  double  seconds;
  guint64 n_ops;          /* after the warm-up */
  guint64 n_failed;
  double  rss_mib[N_SAMPLES + 1];   /* [0] at the end of the warm-up */
} SoakResult;

typedef struct {
  MemsimHeap *heap;
  GRand      *rand;
  guint64    *slots;      /* the id live in each slot */
  guint64     n_slots;
  guint64     next_id;
  guint64     n_failed;
} Soak;

static double
resident_mib (void)
{
  unsigned long size = 0, resident = 0;
  FILE *statm = fopen ("/proc/self/statm", "r");

  if (statm == NULL)
    return 0;
  if (fscanf (statm, "%lu %lu", &size, &resident) != 2)
    resident = 0;
  fclose (statm);
  return (double) resident * sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static guint64
draw_size (Soak *s)
{
  static const double log_min = 2.772588722239781;   /* ln 16 */
  static const double log_max = 9.010913347279289;   /* ln 8192 */
  double x = exp (g_rand_double_range (s->rand, log_min, log_max));

  return CLAMP ((guint64) (x + 0.5), MEMSIM_BENCH_SIZE_MIN, MEMSIM_BENCH_SIZE_MAX);
}

static const char *
format_id (guint64 id,
           char    buf[24])
{
  char *p = buf + 23;

  *p = '\0';
  do
    *--p = '0' + id % 10;
  while ((id /= 10) != 0);
  return p;
}

static void
alloc_into (Soak    *s,
            guint64  slot)
{
  char buf[24];

  s->slots[slot] = s->next_id++;
  if (!memsim_heap_alloc (s->heap, format_id (s->slots[slot], buf), draw_size (s),
                          MEMSIM_ROUND_DEFAULT, NULL, NULL))
    s->n_failed++;
}

/* One step: 2 operations (free + alloc) or 1 (realloc). */
static guint
step (Soak *s)
{
  guint64 slot = (guint64) g_rand_int_range (s->rand, 0, (gint32) s->n_slots);
  char buf[24];
  const char *name = format_id (s->slots[slot], buf);

  if (g_rand_int_range (s->rand, 0, 8) == 0)
    {
      if (!memsim_heap_realloc (s->heap, name, draw_size (s), NULL, NULL))
        s->n_failed++;
      return 1;
    }
  if (!memsim_heap_free_block (s->heap, name, NULL))
    s->n_failed++;
  alloc_into (s, slot);
  return 2;
}

/* Room for every block at its largest, twice that under buddy. */
static MemsimHeap *
soak_heap (MemsimPolicy policy,
           guint64      n_live)
{
  MemsimHeapConfig config;
  guint64 total = 1 << 20;

  while (total < n_live * MEMSIM_BENCH_SIZE_MAX * 2)
    total <<= 1;
  memsim_heap_config_init (&config, MIN (total, MEMSIM_TOTAL_MAX));
  config.policy = policy;
  return memsim_heap_new (&config, NULL);
}

static void
soak_policy (MemsimPolicy  policy,
             guint64       n_ops,
             guint64       n_live,
             guint64       seed,
             SoakResult   *out)
{
  Soak s = { soak_heap (policy, n_live), g_rand_new_with_seed ((guint32) seed),
             g_new (guint64, n_live), n_live, 0, 0 };
  guint64 done = 0, every = MAX (n_ops / N_SAMPLES, 1);
  gint64 start = g_get_monotonic_time ();
  guint sample = 1;

  for (guint64 i = 0; i < n_live; i++)
    alloc_into (&s, i);
  out->rss_mib[0] = resident_mib ();
  while (done < n_ops)
    {
      done += step (&s);
      if (done >= every * sample && sample <= N_SAMPLES)
        out->rss_mib[sample++] = resident_mib ();
    }
  while (sample <= N_SAMPLES)
    out->rss_mib[sample++] = resident_mib ();
  out->seconds = (g_get_monotonic_time () - start) / 1e6;
  out->n_ops = done;
  out->n_failed = s.n_failed;

  memsim_heap_free (s.heap);
  g_rand_free (s.rand);
  g_free (s.slots);
}

/* Each policy runs in a child process, so that its RSS starts from the
 * same baseline and owes nothing to the policies before it. */
static gboolean
soak_policy_in_child (MemsimPolicy  policy,
                      guint64       n_ops,
                      guint64       n_live,
                      guint64       seed,
                      SoakResult   *out)
{
  int fds[2], status = 0;
  gssize n = 0;
  pid_t pid;

  if (pipe (fds) != 0)
    return FALSE;
  fflush (stdout);
  pid = fork ();
  if (pid == 0)
    {
      close (fds[0]);
      soak_policy (policy, n_ops, n_live, seed, out);
      _exit (write (fds[1], out, sizeof *out) == sizeof *out ? 0 : 1);
    }
  close (fds[1]);
  if (pid > 0)
    {
      do
        n = read (fds[0], out, sizeof *out);
      while (n < 0 && errno == EINTR);
      while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
        ;
    }
  close (fds[0]);
  return pid > 0 && n == sizeof *out && WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

/* As soon as a policy is done, so that a long soak shows its progress. */
static void
print_policy_line (MemsimPolicy      policy,
                   const SoakResult *r)
{
  double max = r->rss_mib[1];

  for (guint i = 2; i <= N_SAMPLES; i++)
    max = MAX (max, r->rss_mib[i]);
  printf (_("%-10s %" PRIu64 " operations in %.1f s; RSS %.1f MiB after the "
            "warm-up, %.1f at the end, at most %.1f\n"),
          memsim_policy_to_string (policy), r->n_ops, r->seconds, r->rss_mib[0],
          r->rss_mib[N_SAMPLES], max);
}

static void
print_table (const SoakResult *results,
             guint64           n_ops,
             guint64           n_live)
{
  guint64 every = MAX (n_ops / N_SAMPLES, 1);

  printf ("\n%-22s", _("RSS MiB after ops"));
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    printf (" %10s", memsim_policy_to_string (p));
  for (guint i = 0; i <= N_SAMPLES; i++)
    {
      if (i == 0)
        printf ("\n%-22s", _("warm-up"));
      else
        printf ("\n%-22" G_GUINT64_FORMAT, i < N_SAMPLES ? every * i : results[0].n_ops);
      for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
        printf (" %10.1f", results[p].rss_mib[i]);
    }
  printf ("\n%-22s", _("growth after warm-up"));
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    printf (" %10.1f", results[p].rss_mib[N_SAMPLES] - results[p].rss_mib[0]);
  printf ("\n%-22s", _("seconds"));
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    printf (" %10.1f", results[p].seconds);
  printf ("\n%-22s", _("ns/op, warm-up too"));
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    printf (" %10.1f", results[p].seconds * 1e9 / (results[p].n_ops + n_live));
  printf ("\n%-22s", _("failed operations"));
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    printf (" %10" G_GUINT64_FORMAT, results[p].n_failed);
  printf ("\n");
}

int
memsim_cli_soak (guint64 n_ops,
                 guint64 n_live,
                 guint64 seed)
{
  SoakResult results[MEMSIM_N_POLICIES] = { { 0 } };

  printf (_("soak: %" PRIu64 " operations per policy after a warm-up of %"
            PRIu64 " allocations; the live set stays at %" PRIu64
            " blocks\n(7/8 free+alloc of a random block, 1/8 realloc; sizes log-uniform %d B "
            "to %d B, seed %" PRIu64 ");\nRSS of this process from /proc/self/statm, "
            "sampled every %" PRIu64 " operations\n"),
          n_ops, n_live, n_live, MEMSIM_BENCH_SIZE_MIN, MEMSIM_BENCH_SIZE_MAX, seed,
          MAX (n_ops / N_SAMPLES, 1));
  for (guint p = 0; p < MEMSIM_N_POLICIES; p++)
    {
      if (!soak_policy_in_child (p, n_ops, n_live, seed, &results[p]))
        {
          memsim_cli_error (_("the soak of %s failed (out of memory?)"),
                            memsim_policy_to_string (p));
          return MEMSIM_CLI_EXIT_FAILED;
        }
      print_policy_line (p, &results[p]);
      fflush (stdout);
    }
  print_table (results, n_ops, n_live);
  return MEMSIM_CLI_EXIT_OK;
}
