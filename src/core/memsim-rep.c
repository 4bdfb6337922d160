/* memsim-rep.c: a streaming reader of CS:APP malloc-lab traces
 *
 * The reader sits on the replay's hot path (millions of lines), so it keeps
 * to a few habits:
 *
 *   - one buffer of REP_BUFFER_SIZE bytes, filled with read(2); a line that
 *     straddles the end of the buffer is moved to its start before the next
 *     read, so a line is always contiguous and never copied otherwise;
 *   - memchr() finds the end of a line, integers are parsed by hand with an
 *     overflow check (no sscanf, no strtoull, no locale);
 *   - nothing is allocated per line; errors allocate their message only.
 *
 * The header is read by memsim_rep_reader_open(): numeric lines up to the
 * first operation, which must be 4 (heap size, ids, ops, weight) or 2
 * (ids, ops).  The number of operations it announces is checked against
 * the file: fewer means the file was cut (truncated), more means it is not
 * what the header says.  Blank lines are skipped; "\r\n" ends a line too.
 */
#include "config.h"

#include "memsim-rep.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#define REP_BUFFER_SIZE  (256 * 1024)
#define REP_LINE_MAX     4096
#define REP_ID_MAX       ((guint64) G_MAXINT64)

struct _MemsimRepReader {
  char    *path;
  int      fd;
  gboolean eof;          /* read(2) returned 0 */
  gboolean failed;       /* an error was reported: stop */
  char    *buffer;
  char    *pos;          /* unread bytes: [pos, end) */
  char    *end;
  guint64  line;         /* lines consumed */
  guint    n_header_lines;
  guint64  header[4];    /* heap size, ids, ops, weight */
  guint64  n_ops_read;   /* operation lines, free(NULL) included */
  guint64  n_null_frees;
};

enum { LINE_OK, LINE_EOF, LINE_ERROR };

static gboolean G_GNUC_PRINTF (4, 5)
reader_fail (MemsimRepReader *r,
             GError         **error,
             int              code,
             const char      *format,
             ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  r->failed = TRUE;
  if (r->line > 0)
    g_set_error (error, MEMSIM_ERROR, code, "%s:%" G_GUINT64_FORMAT ": %s",
                 r->path, r->line, what);
  else
    g_set_error (error, MEMSIM_ERROR, code, "%s: %s", r->path, what);
  return FALSE;
}

/* Moves the partial line to the start of the buffer and reads more. */
static gboolean
reader_refill (MemsimRepReader *r,
               GError         **error)
{
  gsize kept = r->end - r->pos;
  gssize n;

  memmove (r->buffer, r->pos, kept);
  r->pos = r->buffer;
  r->end = r->buffer + kept;

  do
    n = read (r->fd, r->end, REP_BUFFER_SIZE - kept);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved = errno;
      return reader_fail (r, error, MEMSIM_ERROR_IO, _("cannot read: %s"),
                          g_strerror (saved));
    }

  r->eof = n == 0;
  r->end += n;
  return TRUE;
}

static int
fail_long_line (MemsimRepReader *r,
                GError         **error)
{
  r->line++;
  reader_fail (r, error, MEMSIM_ERROR_LIMIT, _("line is longer than %d bytes "
                                               "(is this a .rep trace?)"), REP_LINE_MAX);
  return LINE_ERROR;
}

/* Finds the next line: [*out_start, *out_end), without "\n" or "\r\n". */
static int
reader_next_line (MemsimRepReader *r,
                  const char     **out_start,
                  const char     **out_end,
                  GError         **error)
{
  char *nl;

  while ((nl = memchr (r->pos, '\n', r->end - r->pos)) == NULL)
    {
      if (r->eof)
        {
          if (r->pos == r->end)
            return LINE_EOF;
          nl = r->end;          /* a last line without a newline */
          break;
        }
      /* Longer than the limit and its "\r" already: no need to read on. */
      if (r->end - r->pos > REP_LINE_MAX + 1)
        return fail_long_line (r, error);
      if (!reader_refill (r, error))
        return LINE_ERROR;
    }

  r->line++;
  *out_start = r->pos;
  *out_end = nl > r->pos && nl[-1] == '\r' ? nl - 1 : nl;
  r->pos = nl < r->end ? nl + 1 : nl;
  /* The same limit whether the line straddles a buffer or not. */
  if (*out_end - *out_start > REP_LINE_MAX)
    {
      r->line--;
      return fail_long_line (r, error);
    }
  return LINE_OK;
}

static inline const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

/* What an unexpected byte looks like in an error message. */
static char *
describe_byte (const char *p,
               const char *end)
{
  if (p == end)
    return g_strdup (_("the end of the line"));
  if (g_ascii_isprint (*p))
    return g_strdup_printf ("'%c'", *p);
  return g_strdup_printf (_("byte 0x%02x (is this a .rep trace?)"), (guchar) *p);
}

enum { NUMBER_OK, NUMBER_NONE, NUMBER_TOO_LARGE };

/* Parses decimal digits at *pp, at most @max; moves *pp past them. */
static inline int
parse_number (const char **pp,
              const char  *end,
              guint64      max,
              guint64     *out_value)
{
  const char *p = *pp;
  guint64 value = 0;

  if (p == end || (guint) (*p - '0') > 9)
    return NUMBER_NONE;

  for (; p < end && (guint) (*p - '0') <= 9; p++)
    {
      guint digit = *p - '0';

      if (value > (max - digit) / 10)
        return NUMBER_TOO_LARGE;
      value = value * 10 + digit;
    }

  *pp = p;
  *out_value = value;
  return NUMBER_OK;
}

static gboolean
fail_unexpected (MemsimRepReader *r,
                 const char      *p,
                 const char      *end,
                 const char      *expected,
                 GError         **error)
{
  g_autofree char *found = describe_byte (p, end);

  return reader_fail (r, error, MEMSIM_ERROR_SYNTAX, _("expected %s, found %s"),
                      expected, found);
}

/* The id of an operation; a negative one (free(NULL)) sets *out_null. */
static gboolean
parse_id (MemsimRepReader *r,
          const char     **pp,
          const char      *end,
          gboolean         may_be_null,
          MemsimRepEvent  *event,
          gboolean        *out_null,
          GError         **error)
{
  gboolean negative = *pp < end && **pp == '-';
  guint64 limit = negative ? REP_ID_MAX + 1 : REP_ID_MAX;

  if (negative && !may_be_null)
    return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                        _("negative id on an allocation (only 'f' takes one)"));

  *pp += negative;
  switch (parse_number (pp, end, limit, &event->id))
    {
    case NUMBER_NONE:
      return fail_unexpected (r, *pp, end, _("an id"), error);
    case NUMBER_TOO_LARGE:
      return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                          _("id is beyond 2^63 - 1 = %" PRIu64), REP_ID_MAX);
    default:
      *out_null = negative;
      return TRUE;
    }
}

static gboolean
parse_size (MemsimRepReader *r,
            const char     **pp,
            const char      *end,
            MemsimRepEvent  *event,
            GError         **error)
{
  switch (parse_number (pp, end, G_MAXUINT64, &event->size))
    {
    case NUMBER_NONE:
      return fail_unexpected (r, *pp, end,
                              *pp < end && **pp == '-' ? _("a size (not a negative one)")
                                                       : _("a size in bytes"), error);
    case NUMBER_TOO_LARGE:
      return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                          _("size is beyond 2^64 - 1 bytes"));
    default:
      return TRUE;
    }
}

/* Parses one operation line; *out_null is set for free(NULL). */
static gboolean
parse_operation (MemsimRepReader *r,
                 const char      *p,
                 const char      *end,
                 MemsimRepEvent  *event,
                 gboolean        *out_null,
                 GError         **error)
{
  char c = *p++;

  if (c == 'a')
    event->kind = MEMSIM_REP_ALLOC;
  else if (c == 'r')
    event->kind = MEMSIM_REP_REALLOC;
  else if (c == 'f')
    event->kind = MEMSIM_REP_FREE;
  else
    return fail_unexpected (r, p - 1, end, _("an operation ('a', 'r' or 'f')"), error);

  if (p == end || (*p != ' ' && *p != '\t'))
    return fail_unexpected (r, p, end, _("a blank after the operation"), error);

  p = skip_blanks (p, end);
  if (!parse_id (r, &p, end, c == 'f', event, out_null, error))
    return FALSE;

  event->size = 0;
  if (c != 'f')
    {
      const char *after_id = p;

      p = skip_blanks (p, end);
      if (p == after_id && p < end)
        return fail_unexpected (r, p, end, _("a blank after the id"), error);
      if (!parse_size (r, &p, end, event, error))
        return FALSE;
    }

  p = skip_blanks (p, end);
  if (p != end)
    return fail_unexpected (r, p, end, _("the end of the line"), error);

  event->line = r->line;
  return TRUE;
}

static gboolean
check_count (MemsimRepReader *r,
             GError         **error)
{
  guint64 announced = r->header[2];

  if (r->n_ops_read == announced)
    return TRUE;

  return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                      _("truncated trace: the header announces %" PRIu64
                        " operations, the file ends after %" PRIu64),
                      announced, r->n_ops_read);
}

gboolean
memsim_rep_reader_next (MemsimRepReader *reader,
                        MemsimRepEvent  *event,
                        GError         **error)
{
  const char *start, *end;
  gboolean is_null;

  g_return_val_if_fail (reader != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  while (!reader->failed)
    {
      switch (reader_next_line (reader, &start, &end, error))
        {
        case LINE_EOF:
          check_count (reader, error);
          reader->failed = TRUE;        /* nothing more to read either way */
          return FALSE;
        case LINE_ERROR:
          return FALSE;
        default:
          break;
        }

      start = skip_blanks (start, end);
      if (start == end)
        continue;
      if (reader->n_ops_read == reader->header[2])
        return reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                            _("more operations than the %" PRIu64
                              " the header announces"), reader->header[2]);
      if (!parse_operation (reader, start, end, event, &is_null, error))
        return FALSE;

      reader->n_ops_read++;
      if (!is_null)
        return TRUE;
      reader->n_null_frees++;
    }

  return FALSE;
}

/* Reads one header number from [p, end); FALSE when the line is not one
 * (*out_is_number tells a wrong number from an operation line). */
static gboolean
parse_header_line (MemsimRepReader *r,
                   const char      *p,
                   const char      *end,
                   guint64         *out_value,
                   gboolean        *out_is_number,
                   GError         **error)
{
  *out_is_number = *p == '-' || g_ascii_isdigit (*p);
  if (!*out_is_number)
    return FALSE;
  if (*p == '-')
    return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                        _("negative number in the header"));
  if (parse_number (&p, end, G_MAXUINT64, out_value) != NUMBER_OK)
    return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                        _("header number is beyond 2^64 - 1"));

  p = skip_blanks (p, end);
  if (p != end)
    return fail_unexpected (r, p, end, _("the end of the header line"), error);
  return TRUE;
}

static gboolean
set_header (MemsimRepReader *r,
            const guint64   *numbers,
            guint            n,
            GError         **error)
{
  if (n == 0 && r->pos == r->end)
    return reader_fail (r, error, MEMSIM_ERROR_SYNTAX, r->line == 0
                        ? _("empty file, not a .rep trace")
                        : _("not a .rep trace: only blank lines, no header"));
  if (n == 0)
    {
      r->line++;
      return reader_fail (r, error, MEMSIM_ERROR_SYNTAX, _("not a .rep trace: "
                                                           "it does not start with a numeric header"));
    }
  if (n != 2 && n != 4)
    return reader_fail (r, error, MEMSIM_ERROR_SYNTAX,
                        ngettext ("the header has %u number; a .rep header has 4 (heap size, "
                                  "ids, ops, weight) or 2 (ids, ops)",
                                  "the header has %u numbers; a .rep header has 4 (heap size, "
                                  "ids, ops, weight) or 2 (ids, ops)", n), n);

  r->n_header_lines = n;
  if (n == 4)
    memcpy (r->header, numbers, sizeof r->header);
  else
    {
      r->header[1] = numbers[0];
      r->header[2] = numbers[1];
    }
  return TRUE;
}

/* Reads the numeric lines before the first operation and leaves that
 * operation unread. */
static gboolean
read_header (MemsimRepReader *r,
             GError         **error)
{
  guint64 numbers[4];
  guint n = 0;

  while (n < 4)
    {
      const char *start, *end, *p;
      gboolean is_number;
      int got = reader_next_line (r, &start, &end, error);

      if (got == LINE_ERROR)
        return FALSE;
      if (got == LINE_EOF)
        break;

      p = skip_blanks (start, end);
      if (p == end)
        continue;
      if (parse_header_line (r, p, end, &numbers[n], &is_number, error))
        {
          n++;
          continue;
        }
      if (is_number)
        return FALSE;

      r->pos = (char *) start;        /* an operation: leave it unread */
      r->line--;
      break;
    }

  return set_header (r, numbers, n, error);
}

static int
open_input (const char *path,
            GError    **error)
{
  int fd;

  if (strcmp (path, "-") == 0)
    return STDIN_FILENO;

  do
    fd = open (path, O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);

  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path,
                   g_strerror (saved));
    }
  return fd;
}

MemsimRepReader *
memsim_rep_reader_open (const char *path,
                        GError    **error)
{
  g_autoptr (MemsimRepReader) r = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = open_input (path, error);
  if (fd < 0)
    return NULL;

  r = g_new0 (MemsimRepReader, 1);
  r->path = g_strdup (path);
  r->fd = fd;
  r->buffer = g_malloc (REP_BUFFER_SIZE);
  r->pos = r->end = r->buffer;

  if (!read_header (r, error))
    return NULL;
  return g_steal_pointer (&r);
}

void
memsim_rep_reader_free (MemsimRepReader *reader)
{
  if (reader == NULL)
    return;

  if (reader->fd > STDIN_FILENO)
    close (reader->fd);
  g_free (reader->buffer);
  g_free (reader->path);
  g_free (reader);
}

guint
memsim_rep_reader_get_n_header_lines (MemsimRepReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->n_header_lines;
}

guint64
memsim_rep_reader_get_heap_size (MemsimRepReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->header[0];
}

guint64
memsim_rep_reader_get_n_ids (MemsimRepReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->header[1];
}

guint64
memsim_rep_reader_get_n_ops (MemsimRepReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->header[2];
}

guint64
memsim_rep_reader_get_weight (MemsimRepReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->header[3];
}

guint64
memsim_rep_reader_get_n_null_frees (MemsimRepReader *reader)
{
  g_return_val_if_fail (reader != NULL, 0);
  return reader->n_null_frees;
}
