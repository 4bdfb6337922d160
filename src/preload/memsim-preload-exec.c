/* memsim-preload-exec.c: exec flushes the recorder's buffer first
 *
 * exec replaces the process image without running destructors, so the
 * records still in the buffer would be lost: execve, execv, execvp and
 * execvpe write them out, then call glibc's.  glibc's execl, execlp and
 * execle call its execve internally, where no interposer sees it, so they
 * are rebuilt here on the interposed ones.  (fexecve is not covered.)
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <unistd.h>

#include "memsim-preload.h"

PUBLIC int
execve (const char  *path,
        char *const  argv[],
        char *const  envp[])
{
  static int (*real_execve) (const char *, char *const[], char *const[]);

  if (real_execve == NULL)
    real_execve = dlsym (RTLD_NEXT, "execve");
  memsim_preload_flush ();
  return real_execve (path, argv, envp);
}

PUBLIC int
execv (const char  *path,
       char *const  argv[])
{
  static int (*real_execv) (const char *, char *const[]);

  if (real_execv == NULL)
    real_execv = dlsym (RTLD_NEXT, "execv");
  memsim_preload_flush ();
  return real_execv (path, argv);
}

PUBLIC int
execvp (const char  *file,
        char *const  argv[])
{
  static int (*real_execvp) (const char *, char *const[]);

  if (real_execvp == NULL)
    real_execvp = dlsym (RTLD_NEXT, "execvp");
  memsim_preload_flush ();
  return real_execvp (file, argv);
}

PUBLIC int
execvpe (const char  *file,
         char *const  argv[],
         char *const  envp[])
{
  static int (*real_execvpe) (const char *, char *const[], char *const[]);

  if (real_execvpe == NULL)
    real_execvpe = dlsym (RTLD_NEXT, "execvpe");
  memsim_preload_flush ();
  return real_execvpe (file, argv, envp);
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
