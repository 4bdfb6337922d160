/* fuzz-session.c: the .memsim session loader, then the loaded session
 *
 * The loader opens a path with SQLite, so the input is written to one
 * file per process in a tmpfs folder ($TMPDIR when set, else /dev/shm),
 * overwritten by each input and removed at exit (a finding aborts and
 * leaves it: it is the input, as libFuzzer's crash file is).  A file whose meta says
 * it holds more than MEMSIM_FUZZ_MAX_OPS operations is skipped before the
 * replay, to keep one input to milliseconds (libFuzzer's inputs are small
 * enough that such a file is nearly always a lie that the loader refuses).
 *
 * A refusal must be a MEMSIM_SESSION_FILE_ERROR (the loader's domain, see
 * memsim-session-file.h) whose message is a UTF-8 sentence naming the
 * file.  An accepted file must give a session that passes every check,
 * agrees with what memsim_session_file_read_info() (the open dialog's
 * preview) says of the same file, and stays consistent when seeked to the
 * middle of its history and to its end.  Either way the file is left as
 * it was: loading never writes.
 *
 * SQLite itself is not instrumented: the fuzzer's guidance comes from
 * Memsim's loader and engine only.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memsim-fuzz.h"

#include "memsim-session-file.h"

static char *session_path;

/* SQLite's companions of a database file, never created by a read-only
 * load, removed in case a hostile file talked SQLite into it. */
static void
remove_files (void)
{
  static const char *const suffixes[] = { "", "-journal", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (session_path, suffixes[i], NULL);

      unlink (path);
    }
}

static const char *
get_session_path (void)
{
  const char *dir = g_getenv ("TMPDIR");

  if (session_path != NULL)
    return session_path;
  if (dir == NULL || dir[0] == '\0')
    dir = g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm" : g_get_tmp_dir ();
  session_path = g_strdup_printf ("%s/memsim-fuzz-session-%d.memsim", dir, (int) getpid ());
  atexit (remove_files);
  return session_path;
}

static void
write_file (const char   *path,
            const guint8 *data,
            gsize         size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd < 0)
    memsim_fuzz_fail ("%s: %s", path, g_strerror (errno));
  for (gsize done = 0; done < size;)
    {
      gssize n = write (fd, data + done, size - done);

      if (n < 0)
        memsim_fuzz_fail ("write: %s", g_strerror (errno));
      done += (gsize) n;
    }
  close (fd);
}

static void
check_unchanged (const char   *path,
                 const guint8 *data,
                 gsize         size)
{
  g_autofree char *now = NULL;
  gsize now_size;

  if (!g_file_get_contents (path, &now, &now_size, NULL))
    memsim_fuzz_fail ("%s is gone after loading it", path);
  if (now_size != size || memcmp (now, data, size) != 0)
    memsim_fuzz_fail ("loading %s changed it", path);
}

static void
check_file_error (const GError *error,
                  const char   *path,
                  const char   *where)
{
  if (error == NULL)
    memsim_fuzz_fail ("%s failed without saying why", where);
  if (error->domain != MEMSIM_SESSION_FILE_ERROR
      || error->code < MEMSIM_SESSION_FILE_ERROR_IO
      || error->code > MEMSIM_SESSION_FILE_ERROR_MISMATCH)
    memsim_fuzz_fail ("%s: error %s %d: %s", where, g_quark_to_string (error->domain),
                      error->code, error->message);
  if (error->message == NULL || error->message[0] == '\0'
      || !g_utf8_validate (error->message, -1, NULL))
    memsim_fuzz_fail ("%s: an empty or invalid message", where);
  if (strstr (error->message, path) == NULL)
    memsim_fuzz_fail ("%s: error without the file's name: %s", where, error->message);
}

/* The preview of the open dialog says what the loaded session is. */
static void
check_info (MemsimSession               *session,
            const MemsimSessionFileInfo *info)
{
  const MemsimHeapConfig *config = memsim_heap_get_config (memsim_session_get_heap (session));

  if (info->n_ops != memsim_session_get_n_ops (session)
      || info->position != memsim_session_get_position (session))
    memsim_fuzz_fail ("the preview says %u operations at %u; the session has %u at %u",
                      info->n_ops, info->position, memsim_session_get_n_ops (session),
                      memsim_session_get_position (session));
  if (info->policy != config->policy || info->total != config->total)
    memsim_fuzz_fail ("the preview says %s, %" G_GUINT64_FORMAT " bytes; the session has %s, %"
                      G_GUINT64_FORMAT, memsim_policy_to_string (info->policy), info->total,
                      memsim_policy_to_string (config->policy), config->total);
  if (info->profile != memsim_object_store_get_profile (memsim_session_get_object_store (session)))
    memsim_fuzz_fail ("the preview and the session have different object profiles");
}

static void
seek_and_check (MemsimSession *session,
                guint          position)
{
  memsim_session_seek (session, position);
  if (memsim_session_get_position (session) != position)
    memsim_fuzz_fail ("seek to %u went to %u", position, memsim_session_get_position (session));
  memsim_fuzz_check_session (session);
}

static void
load_and_check (const char *path)
{
  g_autoptr (MemsimSession) session = NULL;
  g_autoptr (GError) error = NULL;
  MemsimSessionFileInfo info;
  gboolean has_info;
  guint n_ops;

  has_info = memsim_session_file_read_info (path, &info, &error);
  if (!has_info)
    check_file_error (error, path, "reading the preview");
  else if (info.n_ops > MEMSIM_FUZZ_MAX_OPS)
    {
      memsim_session_file_info_clear (&info);
      return;
    }
  g_clear_error (&error);

  session = memsim_session_file_load (path, NULL, &error);
  if (session == NULL)
    {
      check_file_error (error, path, "loading");
      if (has_info)
        memsim_session_file_info_clear (&info);
      return;
    }
  if (!has_info)
    memsim_fuzz_fail ("the file loads but its preview cannot be read");

  memsim_fuzz_check_session (session);
  check_info (session, &info);
  memsim_session_file_info_clear (&info);
  n_ops = memsim_session_get_n_ops (session);
  seek_and_check (session, n_ops / 2);
  seek_and_check (session, n_ops);
}

int
memsim_fuzz_session (const guint8 *data,
                     gsize         size)
{
  const char *path;

  memsim_fuzz_init ();
  if (size > MEMSIM_FUZZ_MAX_INPUT)
    return 0;

  path = get_session_path ();
  remove_files ();              /* nothing of the last input may remain */
  write_file (path, data, size);
  load_and_check (path);
  check_unchanged (path, data, size);
  return 0;
}
