/* trace-victim.c: a program with known allocations, for the recorder tests
 *
 *   trace-victim basic     every interposed call, with sizes no libc uses
 *   trace-victim threads   4 threads × 1000 malloc (777) + free
 *   trace-victim exit      50 malloc (4343), then exit (3) with them buffered
 *   trace-victim sigterm   50 malloc (4242), then SIGTERM to itself
 *   trace-victim spawn     10 malloc (5050), then runs `trace-victim leaf`
 *   trace-victim exec      10 malloc (6060), then execl (itself, "leaf")
 *   trace-victim leaf      10 malloc (5151); prints whether the recorder is
 *                          loaded ("leaf: preloaded" or "leaf: clean")
 *   trace-victim mtrace    mtrace (), the calls of "basic" that mtrace sees
 *
 * Each call goes through a volatile function pointer so that the compiler
 * cannot pair a malloc with its free and drop both.
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <mcheck.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void *(* volatile do_malloc) (size_t) = malloc;
static void *(* volatile do_calloc) (size_t, size_t) = calloc;
static void *(* volatile do_realloc) (void *, size_t) = realloc;
static void  (* volatile do_free) (void *) = free;

/* 20 malloc (1000 + i), 1 calloc (3 × 333), 5 realloc growing them,
 * 1 realloc (NULL, 1234), 1 realloc (p, 0), and 4 aligned calls
 * (memalign, posix_memalign, aligned_alloc, valloc); then every block is
 * freed: 20 + 1 + 1 + 4 = 26 free. */
static void
basic (int aligned)
{
  void *p[20], *c, *r, *z, *a[4];

  for (int i = 0; i < 20; i++)
    p[i] = do_malloc (1000 + i);
  c = do_calloc (3, 333);
  for (int i = 0; i < 5; i++)
    p[i] = do_realloc (p[i], 2000 + i);
  r = do_realloc (NULL, 1234);
  z = do_malloc (1111);
  z = do_realloc (z, 0);                /* frees: glibc returns NULL */
  if (aligned)
    {
      a[0] = memalign (64, 1300);
      if (posix_memalign (&a[1], 128, 1301) != 0)
        abort ();
      a[2] = aligned_alloc (256, 1536);
      a[3] = valloc (1303);
    }
  for (int i = 0; i < 20; i++)
    do_free (p[i]);
  do_free (c);
  do_free (r);
  do_free (z);                          /* free (NULL): not recorded */
  for (int i = 0; aligned && i < 4; i++)
    do_free (a[i]);
}

static void *
thread_main (void *data)
{
  for (int i = 0; i < 1000; i++)
    do_free (do_malloc (777));
  return NULL;
}

static void
threads (void)
{
  pthread_t t[4];

  for (int i = 0; i < 4; i++)
    pthread_create (&t[i], NULL, thread_main, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join (t[i], NULL);
}

static void
many (int    n,
      size_t size)
{
  for (int i = 0; i < n; i++)
    do_malloc (size);
}

static int
spawn (const char *self)
{
  pid_t pid;
  int status;

  many (10, 5050);
  pid = fork ();
  if (pid == 0)
    {
      execl (self, self, "leaf", (char *) NULL);
      _exit (127);
    }
  waitpid (pid, &status, 0);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 1;
}

/* Whether libmemsim-preload.so is mapped into this process. */
static int
leaf_report (void)
{
  FILE *maps = fopen ("/proc/self/maps", "r");
  char line[4096];
  int loaded = 0;

  while (maps != NULL && fgets (line, sizeof line, maps) != NULL)
    loaded |= strstr (line, "libmemsim-preload") != NULL;
  if (maps != NULL)
    fclose (maps);
  printf ("leaf: %s\n", loaded ? "preloaded" : "clean");
  return 0;
}

int
main (int    argc,
      char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "";

  if (strcmp (mode, "basic") == 0)
    basic (1);
  else if (strcmp (mode, "threads") == 0)
    threads ();
  else if (strcmp (mode, "exit") == 0)
    {
      many (50, 4343);
      exit (3);
    }
  else if (strcmp (mode, "sigterm") == 0)
    {
      many (50, 4242);
      kill (getpid (), SIGTERM);
      pause ();
    }
  else if (strcmp (mode, "spawn") == 0)
    return spawn (argv[0]);
  else if (strcmp (mode, "exec") == 0)
    {
      many (10, 6060);
      execl (argv[0], argv[0], "leaf", (char *) NULL);
      return 127;
    }
  else if (strcmp (mode, "leaf") == 0)
    {
      many (10, 5151);
      return leaf_report ();
    }
  else if (strcmp (mode, "mtrace") == 0)
    {
      mtrace ();
      basic (0);
      muntrace ();
    }
  else
    {
      fprintf (stderr, "usage: trace-victim basic|threads|exit|sigterm|spawn|exec|leaf|mtrace\n");
      return 2;
    }
  return 0;
}
