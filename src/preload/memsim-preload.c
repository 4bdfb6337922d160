/* memsim-preload.c: libmemsim-preload.so, the malloc interposer that records
 * a real program for Memsim (docs/trace-formats.md)
 *
 *   LD_PRELOAD=libmemsim-preload.so MEMSIM_TRACE_FILE=FILE PROGRAM ARGS…
 *
 * (or `memsim-cli record -o FILE -- PROGRAM ARGS…`, which sets both).
 *
 * Every malloc, calloc, realloc, free, posix_memalign, aligned_alloc,
 * memalign, valloc and pvalloc is forwarded to the next definition (glibc's)
 * and appended, as one 40-byte record, to a buffer that goes to FILE with
 * write(2) when it is full.  The design follows from the places an
 * interposer runs where ordinary code cannot:
 *
 *   - Before dlsym() has returned the real functions, dlsym itself may call
 *     calloc: those requests get memory from a static bootstrap arena that
 *     is never given back (free() of such a pointer does nothing).
 *   - Any thread may call malloc at any time: records go into the buffer
 *     under one mutex.  A free is recorded before the memory is released and
 *     an allocation after it is obtained, and a realloc holds the mutex
 *     across the call, so that the file's order is an order in which the
 *     program could have run (no address is handed out twice in the file
 *     before it is freed).
 *   - The hooks call libc, which may call malloc again: a thread-local flag
 *     (initial-exec TLS, whose access never allocates) passes such nested
 *     calls straight through, unrecorded.
 *   - The program may end by returning from main or exit() (a destructor
 *     flushes, then every later event is written at once), by a fatal
 *     signal (a handler flushes what is committed and re-raises it), or by
 *     exec (execve and friends flush first: memsim-preload-exec.c).  _exit() and SIGKILL lose the
 *     last buffer: nothing can run then.
 *   - Child processes are not recorded unless MEMSIM_RECORD_CHILDREN=1: the
 *     constructor takes this library out of LD_PRELOAD, so the programs this
 *     one starts do not load it, and a fork()ed child stops recording.  The
 *     recorded process itself, when it execs (a wrapper script that execs
 *     the real program), puts it back for the new image, which appends to
 *     FILE (memsim-preload-exec.c).  With MEMSIM_RECORD_CHILDREN=1,
 *     LD_PRELOAD is left alone and each child writes FILE.PID.
 */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "memsim-preload.h"
#include "memsim-trace-format.h"

#define THREAD_LOCAL  __thread __attribute__ ((tls_model ("initial-exec")))
#define N_RECORDS     (1024 * 1024 / sizeof (MemsimTraceRecord))
#define BOOTSTRAP_SIZE (64 * 1024)

extern char **environ;

/* The real functions. */
static void *(*real_malloc) (size_t);
static void *(*real_calloc) (size_t, size_t);
static void *(*real_realloc) (void *, size_t);
static void  (*real_free) (void *);
static int   (*real_posix_memalign) (void **, size_t, size_t);
static void *(*real_aligned_alloc) (size_t, size_t);
static void *(*real_memalign) (size_t, size_t);
static void *(*real_valloc) (size_t);
static void *(*real_pvalloc) (size_t);

enum { STATE_UNRESOLVED, STATE_RESOLVING, STATE_READY };
static volatile int state = STATE_UNRESOLVED;

/* The bootstrap arena: 16-byte headers holding the size, for realloc. */
static char bootstrap[BOOTSTRAP_SIZE] __attribute__ ((aligned (16)));
static size_t bootstrap_used;

static THREAD_LOCAL int in_hook;
static THREAD_LOCAL uint32_t thread_id;

/* The recording: all of it under @lock, except the reads of trace_fd that
 * decide whether to record at all. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int trace_fd = -1;
static MemsimTraceRecord records[N_RECORDS];
static volatile size_t n_records;       /* committed: safe to write */
static int unbuffered;                  /* after the destructor */
static int record_children;
static uint64_t start_ns;
static char trace_path[4096];
static char trace_base[4096 - 32];      /* MEMSIM_TRACE_FILE */
static char self_preload[4096];         /* our LD_PRELOAD entry, taken out */
static int forked_child;                /* after fork(), before exec */
static dev_t trace_dev;                 /* what trace_fd must still be */
static ino_t trace_ino;

static int
is_bootstrap (const void *p)
{
  return (const char *) p >= bootstrap && (const char *) p < bootstrap + BOOTSTRAP_SIZE;
}

static void *
bootstrap_alloc (size_t size)
{
  size_t need = 16 + ((size + 15) & ~(size_t) 15);
  char *block;

  if (size > BOOTSTRAP_SIZE || need > BOOTSTRAP_SIZE - bootstrap_used)
    return NULL;
  block = bootstrap + bootstrap_used;
  bootstrap_used += need;
  memcpy (block, &size, sizeof size);
  return block + 16;
}

static size_t
bootstrap_size (const void *p)
{
  size_t size;

  memcpy (&size, (const char *) p - 16, sizeof size);
  return size;
}

static void
resolve (void)
{
  if (state != STATE_UNRESOLVED)
    return;
  state = STATE_RESOLVING;
  real_malloc = dlsym (RTLD_NEXT, "malloc");
  real_calloc = dlsym (RTLD_NEXT, "calloc");
  real_realloc = dlsym (RTLD_NEXT, "realloc");
  real_free = dlsym (RTLD_NEXT, "free");
  real_posix_memalign = dlsym (RTLD_NEXT, "posix_memalign");
  real_aligned_alloc = dlsym (RTLD_NEXT, "aligned_alloc");
  real_memalign = dlsym (RTLD_NEXT, "memalign");
  real_valloc = dlsym (RTLD_NEXT, "valloc");
  real_pvalloc = dlsym (RTLD_NEXT, "pvalloc");
  state = STATE_READY;
}

static uint64_t
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
}

static uint32_t
current_thread (void)
{
  if (thread_id == 0)
    thread_id = (uint32_t) syscall (SYS_gettid);
  return thread_id;
}

/* write(2) all of it; async-signal-safe. */
static int
write_all (int         fd,
           const void *data,
           size_t      length)
{
  const char *p = data;

  while (length > 0)
    {
      ssize_t n = write (fd, p, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return -1;
      p += n;
      length -= (size_t) n;
    }
  return 0;
}

static void
report (const char *what)
{
  static const char prefix[] = "libmemsim-preload: ";
  int saved = errno;

  write_all (STDERR_FILENO, prefix, sizeof prefix - 1);
  write_all (STDERR_FILENO, what, strlen (what));
  write_all (STDERR_FILENO, trace_path, strlen (trace_path));
  write_all (STDERR_FILENO, "\n", 1);
  errno = saved;
}

/* With @lock held.  A write error (a full disk) stops the recording rather
 * than the program. */
/* TRUE while trace_fd is still the file we opened: a program that closes
 * every descriptor (a daemon) may have reused the number for its own file,
 * which must never receive a trace.  fstat() is async-signal-safe. */
static int
fd_is_ours (int fd)
{
  struct stat st;

  return fstat (fd, &st) == 0 && st.st_dev == trace_dev && st.st_ino == trace_ino;
}

static void
flush_locked (void)
{
  int saved = errno;

  if (trace_fd >= 0 && n_records > 0 && !fd_is_ours (trace_fd))
    {
      report ("the program closed the trace file, recording stopped: ");
      trace_fd = -1;
    }
  else if (trace_fd >= 0 && n_records > 0
           && write_all (trace_fd, records, n_records * sizeof (MemsimTraceRecord)) < 0)
    {
      report ("cannot write, recording stopped: ");
      close (trace_fd);
      trace_fd = -1;
    }
  n_records = 0;
  errno = saved;
}

static void
append_locked (MemsimTraceRecordKind kind,
               uint64_t              time_ns,
               uint64_t              result,
               uint64_t              size,
               uint64_t              arg)
{
  MemsimTraceRecord *r;

  if (trace_fd < 0)
    return;
  r = &records[n_records];
  r->kind = (uint8_t) kind;
  r->reserved[0] = r->reserved[1] = r->reserved[2] = 0;
  r->thread = current_thread ();
  r->time_ns = time_ns - start_ns;
  r->result = result;
  r->size = size;
  r->arg = arg;
  __atomic_store_n (&n_records, n_records + 1, __ATOMIC_RELEASE);
  if (n_records == N_RECORDS || unbuffered)
    flush_locked ();
}

static void
append (MemsimTraceRecordKind kind,
        const void           *result,
        uint64_t              size,
        uint64_t              arg)
{
  uint64_t time_ns = now_ns ();

  pthread_mutex_lock (&lock);
  append_locked (kind, time_ns, (uint64_t) (uintptr_t) result, size, arg);
  pthread_mutex_unlock (&lock);
}

/* TRUE when this call is to be recorded; then in_hook is set. */
static inline int
begin_hook (void)
{
  if (in_hook || trace_fd < 0)
    return 0;
  in_hook = 1;
  return 1;
}

PUBLIC void *
malloc (size_t size)
{
  void *p;

  if (__builtin_expect (state != STATE_READY, 0))
    {
      if (state == STATE_RESOLVING)
        return bootstrap_alloc (size);
      resolve ();
    }
  if (!begin_hook ())
    return real_malloc (size);
  p = real_malloc (size);
  append (MEMSIM_TRACE_RECORD_MALLOC, p, size, 0);
  in_hook = 0;
  return p;
}

PUBLIC void *
calloc (size_t nmemb,
        size_t size)
{
  size_t total;
  void *p;

  if (__builtin_expect (state != STATE_READY, 0))
    {
      if (state == STATE_RESOLVING)
        return __builtin_mul_overflow (nmemb, size, &total) ? NULL : bootstrap_alloc (total);
      resolve ();
    }
  if (!begin_hook ())
    return real_calloc (nmemb, size);
  p = real_calloc (nmemb, size);
  if (__builtin_mul_overflow (nmemb, size, &total))
    total = SIZE_MAX;
  append (MEMSIM_TRACE_RECORD_CALLOC, p, total, 0);
  in_hook = 0;
  return p;
}

static void *
realloc_bootstrap (void   *old,
                   size_t  size)
{
  size_t old_size = bootstrap_size (old);
  void *p = malloc (size);

  if (p != NULL)
    memcpy (p, old, old_size < size ? old_size : size);
  return p;
}

PUBLIC void *
realloc (void   *old,
         size_t  size)
{
  void *p;

  if (__builtin_expect (state != STATE_READY, 0))
    {
      if (state == STATE_RESOLVING)
        return old == NULL ? bootstrap_alloc (size) : NULL;
      resolve ();
    }
  if (old != NULL && is_bootstrap (old))
    return realloc_bootstrap (old, size);
  if (!begin_hook ())
    return real_realloc (old, size);

  pthread_mutex_lock (&lock);
  p = real_realloc (old, size);
  append_locked (MEMSIM_TRACE_RECORD_REALLOC, now_ns (), (uint64_t) (uintptr_t) p, size,
                 (uint64_t) (uintptr_t) old);
  pthread_mutex_unlock (&lock);
  in_hook = 0;
  return p;
}

PUBLIC void
free (void *p)
{
  if (p == NULL || is_bootstrap (p))
    return;
  if (__builtin_expect (state != STATE_READY, 0))
    resolve ();
  if (!begin_hook ())
    {
      real_free (p);
      return;
    }
  append (MEMSIM_TRACE_RECORD_FREE, NULL, 0, (uint64_t) (uintptr_t) p);
  real_free (p);
  in_hook = 0;
}

static void *
record_aligned (void   *p,
                size_t  alignment,
                size_t  size)
{
  append (MEMSIM_TRACE_RECORD_MEMALIGN, p, size, alignment);
  in_hook = 0;
  return p;
}

PUBLIC int
posix_memalign (void   **out,
                size_t   alignment,
                size_t   size)
{
  int status;

  resolve ();
  if (real_posix_memalign == NULL)
    return ENOMEM;   /* called by dlsym itself */
  if (!begin_hook ())
    return real_posix_memalign (out, alignment, size);
  status = real_posix_memalign (out, alignment, size);
  record_aligned (status == 0 ? *out : NULL, alignment, size);
  return status;
}

PUBLIC void *
aligned_alloc (size_t alignment,
               size_t size)
{
  resolve ();
  if (real_aligned_alloc == NULL)
    return NULL;   /* called by dlsym itself */
  if (!begin_hook ())
    return real_aligned_alloc (alignment, size);
  return record_aligned (real_aligned_alloc (alignment, size), alignment, size);
}

PUBLIC void *
memalign (size_t alignment,
          size_t size)
{
  resolve ();
  if (real_memalign == NULL)
    return NULL;   /* called by dlsym itself */
  if (!begin_hook ())
    return real_memalign (alignment, size);
  return record_aligned (real_memalign (alignment, size), alignment, size);
}

PUBLIC void *
valloc (size_t size)
{
  resolve ();
  if (real_valloc == NULL)
    return NULL;   /* called by dlsym itself */
  if (!begin_hook ())
    return real_valloc (size);
  return record_aligned (real_valloc (size), (size_t) sysconf (_SC_PAGESIZE), size);
}

PUBLIC void *
pvalloc (size_t size)
{
  resolve ();
  if (real_pvalloc == NULL)
    return NULL;   /* called by dlsym itself */
  if (!begin_hook ())
    return real_pvalloc (size);
  return record_aligned (real_pvalloc (size), (size_t) sysconf (_SC_PAGESIZE), size);
}

/* ---- the end of the program: exit, signals, exec ---- */

const char *
memsim_preload_self (void)
{
  if (record_children || forked_child || trace_fd < 0 || self_preload[0] == '\0')
    return NULL;
  return self_preload;
}

void
memsim_preload_flush (void)
{
  if (trace_fd < 0)
    return;
  pthread_mutex_lock (&lock);
  flush_locked ();
  pthread_mutex_unlock (&lock);
}

/* Writes what is committed without the lock (the interrupted thread may
 * hold it), then dies of the same signal. */
static void
on_fatal_signal (int sig)
{
  size_t n = __atomic_load_n (&n_records, __ATOMIC_ACQUIRE);
  int fd = trace_fd;

  if (fd >= 0 && n > 0 && fd_is_ours (fd))
    {
      n_records = 0;
      write_all (fd, records, n * sizeof (MemsimTraceRecord));
    }
  trace_fd = -1;
  raise (sig);          /* SA_RESETHAND restored the default action */
}

static void
install_signal_handlers (void)
{
  static const int fatal[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGABRT, SIGFPE, SIGSEGV, SIGBUS, SIGPIPE,
    SIGALRM, SIGTERM, SIGUSR1, SIGUSR2, SIGXCPU, SIGXFSZ, SIGSYS,
  };
  struct sigaction action;

  memset (&action, 0, sizeof action);
  action.sa_handler = on_fatal_signal;
  action.sa_flags = SA_RESETHAND | SA_NODEFER;
  sigemptyset (&action.sa_mask);

  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++)
    {
      struct sigaction current;

      /* An ignored signal stays ignored (nohup), a handled one handled. */
      if (sigaction (fatal[i], NULL, &current) == 0 && current.sa_handler == SIG_DFL
          && !(current.sa_flags & SA_SIGINFO))
        sigaction (fatal[i], &action, NULL);
    }
}

/* ---- opening the trace ---- */

/* Removes every libmemsim-preload entry from LD_PRELOAD, in place, so that
 * the programs this one starts do not even load the recorder; the first
 * entry is kept in self_preload for an exec of this very process. */
static void
strip_ld_preload (void)
{
  for (char **e = environ; e != NULL && *e != NULL; e++)
    {
      char *value, *out, *token;

      if (strncmp (*e, "LD_PRELOAD=", 11) != 0)
        continue;
      value = out = *e + 11;
      token = value;
      while (*token != '\0')
        {
          size_t length = strcspn (token, ": ");
          char saved = token[length];
          int ours;

          token[length] = '\0';
          ours = strstr (token, "libmemsim-preload") != NULL;
          if (ours && self_preload[0] == '\0' && length < sizeof self_preload)
            memcpy (self_preload, token, length + 1);
          token[length] = saved;
          if (!ours && length > 0)
            {
              if (out != value)
                *out++ = ':';
              memmove (out, token, length);
              out += length;
            }
          token += length + (saved != '\0');
        }
      *out = '\0';
    }
}

static int
open_trace_file (int append_mode)
{
  MemsimTraceHeader header;
  struct timespec ts;
  struct stat st;
  int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (append_mode ? O_APPEND : O_TRUNC);
  int fd = open (trace_path, flags, 0644);
  int high;

  if (fd < 0)
    {
      report ("cannot create the trace file ");
      return -1;
    }
  /* Out of the way of the program's own descriptors, which take the
   * lowest free numbers. */
  if ((high = fcntl (fd, F_DUPFD_CLOEXEC, 900)) >= 0)
    {
      close (fd);
      fd = high;
    }
  if (fstat (fd, &st) == 0)
    {
      trace_dev = st.st_dev;
      trace_ino = st.st_ino;
    }
  if (append_mode && fstat (fd, &st) == 0 && st.st_size > 0)
    return fd;          /* the image before exec wrote the header */

  memset (&header, 0, sizeof header);
  memcpy (header.magic, MEMSIM_TRACE_MAGIC, MEMSIM_TRACE_MAGIC_SIZE);
  header.version = MEMSIM_TRACE_VERSION;
  header.record_size = sizeof (MemsimTraceRecord);
  clock_gettime (CLOCK_REALTIME, &ts);
  header.start_realtime_ns = (uint64_t) ts.tv_sec * 1000000000u + (uint64_t) ts.tv_nsec;
  header.pid = (uint32_t) getpid ();
  if (write_all (fd, &header, sizeof header) < 0)
    {
      report ("cannot write the trace file ");
      close (fd);
      return -1;
    }
  return fd;
}

static void
set_path (const char *base,
          int         with_pid)
{
  if (with_pid)
    snprintf (trace_path, sizeof trace_path, "%s.%d", base, (int) getpid ());
  else
    snprintf (trace_path, sizeof trace_path, "%s", base);
}

static void
atfork_prepare (void)
{
  pthread_mutex_lock (&lock);
}

static void
atfork_parent (void)
{
  pthread_mutex_unlock (&lock);
}

/* The parent writes what it buffered; the child starts its own file, or
 * stops recording. */
static void
atfork_child (void)
{
  pthread_mutex_init (&lock, NULL);
  thread_id = 0;
  n_records = 0;
  forked_child = 1;
  if (trace_fd < 0)
    return;
  close (trace_fd);
  trace_fd = -1;
  if (!record_children)
    return;

  set_path (trace_base, 1);
  start_ns = now_ns ();
  trace_fd = open_trace_file (0);
}

static void
remember_owner (void)
{
  char pid[24];

  snprintf (pid, sizeof pid, "%d", (int) getpid ());
  setenv ("MEMSIM_TRACE_OWNER", pid, 1);
}

__attribute__ ((constructor)) static void
memsim_preload_init (void)
{
  const char *path, *children, *owner;
  int append_mode = 0, with_pid = 0;

  in_hook = 1;
  resolve ();
  path = getenv ("MEMSIM_TRACE_FILE");
  if (path == NULL || *path == '\0')
    {
      in_hook = 0;
      return;
    }

  children = getenv ("MEMSIM_RECORD_CHILDREN");
  record_children = children != NULL && strcmp (children, "1") == 0;
  owner = getenv ("MEMSIM_TRACE_OWNER");
  if (!record_children)
    strip_ld_preload ();
  if (owner == NULL)
    remember_owner ();  /* the recorded program itself */
  else if (atoi (owner) == (int) getpid ())
    append_mode = 1;    /* the same process after exec (a wrapper script) */
  else if (record_children)
    with_pid = append_mode = 1;   /* a child; after its own exec, append */
  else
    {
      in_hook = 0;                /* a child: not recorded */
      return;
    }

  snprintf (trace_base, sizeof trace_base, "%s", path);
  set_path (trace_base, with_pid);
  start_ns = now_ns ();
  trace_fd = open_trace_file (append_mode);
  if (trace_fd >= 0)
    {
      pthread_atfork (atfork_prepare, atfork_parent, atfork_child);
      install_signal_handlers ();
    }
  in_hook = 0;
}

__attribute__ ((destructor)) static void
memsim_preload_fini (void)
{
  pthread_mutex_lock (&lock);
  flush_locked ();
  unbuffered = 1;       /* frees from later destructors go out at once */
  pthread_mutex_unlock (&lock);
}
