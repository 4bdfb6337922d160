/* memsim-preload-exec.c: exec keeps the recording of this process whole
 *
 * exec replaces the process image without running destructors, so the
 * records still in the buffer would be lost: execve, execv, execvp and
 * execvpe write them out first.  The recorder took itself out of
 * LD_PRELOAD so that child programs do not load it; when the recorded
 * process itself execs (a wrapper script execs the real program), the
 * hooks put it back into the new image's environment, which then appends to
 * the same trace.  A fork()ed child's exec gets the environment as it is.
 * glibc's execl, execlp and execle call its execve internally, where no
 * interposer sees it, so they are rebuilt here on the interposed ones.
 * (fexecve is not covered.)
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "memsim-preload.h"

#define MAX_ENV 8192

extern char **environ;

/* @envp with our library first in LD_PRELOAD, when this process keeps
 * recording after exec (memsim_preload_self()); else @envp itself.  The
 * arrays are static: exec is about to discard the process, and the
 * recorder must not record its own allocations. */
static char **
with_preload (char *const envp[])
{
  static char *env[MAX_ENV + 2];
  static char ld_preload[8192];
  const char *self = memsim_preload_self ();
  const char *existing = "";
  int n = 0;

  if (self == NULL || envp == NULL)
    return (char **) envp;
  for (int i = 0; envp[i] != NULL; i++)
    {
      if (strncmp (envp[i], "LD_PRELOAD=", 11) == 0)
        existing = envp[i] + 11;
      else if (n < MAX_ENV)
        env[n++] = envp[i];
      else
        return (char **) envp;        /* too many to rebuild: as it is */
    }
  if (snprintf (ld_preload, sizeof ld_preload, "LD_PRELOAD=%s%s%s", self,
                *existing != '\0' ? ":" : "", existing) >= (int) sizeof ld_preload)
    return (char **) envp;
  env[n++] = ld_preload;
  env[n] = NULL;
  return env;
}

static void *
next_symbol (void      **cache,
             const char *name)
{
  if (*cache == NULL)
    *cache = dlsym (RTLD_NEXT, name);
  return *cache;
}

PUBLIC int
execve (const char  *path,
        char *const  argv[],
        char *const  envp[])
{
  static void *real;
  int (*real_execve) (const char *, char *const[], char *const[]) = next_symbol (&real, "execve");

  memsim_preload_flush ();
  return real_execve (path, argv, with_preload (envp));
}

PUBLIC int
execv (const char  *path,
       char *const  argv[])
{
  return execve (path, argv, environ);
}

PUBLIC int
execvpe (const char  *file,
         char *const  argv[],
         char *const  envp[])
{
  static void *real;
  int (*real_execvpe) (const char *, char *const[], char *const[]) = next_symbol (&real, "execvpe");

  memsim_preload_flush ();
  return real_execvpe (file, argv, with_preload (envp));
}

PUBLIC int
execvp (const char  *file,
        char *const  argv[])
{
  return execvpe (file, argv, environ);
}

/* execl and friends: glibc's call its execve internally, unseen, so they
 * are rebuilt here on execv, execvp and execve (which flush). */
#define MAX_EXECL_ARGS 4096

static int
collect_args (const char  *arg0,
              va_list     *args,
              char       **argv)
{
  int n = 0;

  argv[n++] = (char *) arg0;
  if (arg0 == NULL)
    return 0;
  while (n < MAX_EXECL_ARGS)
    if ((argv[n++] = va_arg (*args, char *)) == NULL)
      return 0;
  errno = E2BIG;
  return -1;
}

PUBLIC int
execl (const char *path,
       const char *arg0,
       ...)
{
  char *argv[MAX_EXECL_ARGS];
  va_list args;
  int ok;

  va_start (args, arg0);
  ok = collect_args (arg0, &args, argv);
  va_end (args);
  return ok < 0 ? -1 : execv (path, argv);
}

PUBLIC int
execlp (const char *file,
        const char *arg0,
        ...)
{
  char *argv[MAX_EXECL_ARGS];
  va_list args;
  int ok;

  va_start (args, arg0);
  ok = collect_args (arg0, &args, argv);
  va_end (args);
  return ok < 0 ? -1 : execvp (file, argv);
}

PUBLIC int
execle (const char *path,
        const char *arg0,
        ...)
{
  char *argv[MAX_EXECL_ARGS];
  char **envp;
  va_list args;
  int ok;

  va_start (args, arg0);
  ok = collect_args (arg0, &args, argv);
  envp = ok < 0 ? NULL : va_arg (args, char **);
  va_end (args);
  return ok < 0 ? -1 : execve (path, argv, envp);
}
