/* memsim-mtrace.c: reading glibc's mtrace() logs (SEMANTICS.md §9)
 *
 * What glibc 2.36 writes (MALLOC_TRACE=FILE, LD_PRELOAD=libc_malloc_debug.so
 * and a program that calls mtrace()), one call a line:
 *
 *   = Start
 *   @ ./prog:[0x11e0] + 0x55ff1c4942a0 0xa        malloc, calloc, memalign…
 *   @ ./prog:[0x1226] - 0x55ff1c4944a0            free, realloc (p, 0)
 *   @ ./prog:[0x1208] < 0x55ff1c4942a0            realloc: the old block,
 *   @ ./prog:[0x1208] > 0x55ff1c4944c0 0x64       then the new one
 *   @ ./prog:[0x1300] ! 0x55ff1c4942a0 0x100000   realloc that failed
 *   = End
 *
 * The caller ("@ …") may hold blanks (a path), so a line is read from its
 * end: the last two or three words are the operation.  Sizes are "%#lx"
 * (so 0 is "0"), pointers "%p" (so NULL is "(nil)").  A '<' must be followed
 * by its '>' (glibc writes both under one lock).
 */
#include "config.h"

#include "memsim-trace-private.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#define MTRACE_LINE_MAX 4096

gboolean
memsim_trace_mtrace_sniff (const char *line)
{
  if (g_str_has_prefix (line, "= Start") || g_str_has_prefix (line, "@ "))
    return TRUE;
  return line[0] != '\0' && strchr ("+-<>!", line[0]) != NULL && line[1] == ' '
         && line[2] == '0' && line[3] == 'x';
}

/* "0x1f", "0" or "(nil)"; FALSE on anything else. */
static gboolean
parse_hex (const char *text,
           gsize       length,
           guint64    *out_value)
{
  guint64 value = 0;

  if (length == 5 && memcmp (text, "(nil)", 5) == 0)
    {
      *out_value = 0;
      return TRUE;
    }
  if (length == 1 && text[0] == '0')
    {
      *out_value = 0;
      return TRUE;
    }
  if (length < 3 || length > 18 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
    return FALSE;
  for (gsize i = 2; i < length; i++)
    {
      int digit = g_ascii_xdigit_value (text[i]);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (guint64) digit;
    }
  *out_value = value;
  return TRUE;
}

typedef struct {
  char    op;
  guint64 address;
  guint64 size;
} MtraceLine;

/* Splits off the last @n words of [line, end): words[0] is the last. */
static guint
last_words (const char *line,
            const char *end,
            const char *words[3],
            gsize       lengths[3])
{
  guint n = 0;

  while (n < 3)
    {
      const char *start;

      while (end > line && end[-1] == ' ')
        end--;
      if (end == line)
        break;
      for (start = end; start > line && start[-1] != ' '; start--)
        ;
      words[n] = start;
      lengths[n] = end - start;
      n++;
      end = start;
    }
  return n;
}

static gboolean
is_op (const char *word,
       gsize       length,
       const char *ops)
{
  return length == 1 && strchr (ops, word[0]) != NULL;
}

/* Everything before the operation must be empty or "@ CALLER". */
static gboolean
prefix_ok (const char *line,
           const char *op)
{
  while (line < op && *line == ' ')
    line++;
  return line == op || *line == '@';
}

static gboolean
parse_line (MemsimTraceReader *reader,
            const char        *line,
            gsize              length,
            MtraceLine        *out,
            GError           **error)
{
  const char *words[3];
  gsize lengths[3];
  guint n = last_words (line, line + length, words, lengths);
  gboolean ok = FALSE;

  if (n >= 2 && is_op (words[1], lengths[1], "-<") && prefix_ok (line, words[1]))
    {
      out->op = words[1][0];
      out->size = 0;
      ok = parse_hex (words[0], lengths[0], &out->address);
    }
  else if (n == 3 && is_op (words[2], lengths[2], "+>!") && prefix_ok (line, words[2]))
    {
      out->op = words[2][0];
      ok = parse_hex (words[1], lengths[1], &out->address)
           && parse_hex (words[0], lengths[0], &out->size);
    }
  if (ok)
    return TRUE;
  return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                   _("expected an mtrace() line such as \"@ CALLER + 0xADDRESS "
                                     "0xSIZE\" or \"@ CALLER - 0xADDRESS\""));
}

/* Applies one parsed line; TRUE when it makes an event. */
static gboolean
apply_line (MemsimTraceReader *reader,
            const MtraceLine  *line,
            MemsimTraceEvent  *event,
            GError           **error,
            gboolean          *out_failed)
{
  *out_failed = FALSE;
  if (reader->mtrace_has_old != (line->op == '>'))
    {
      *out_failed = TRUE;
      return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                       line->op == '>' ? _("'>' without the '<' line of its realloc")
                                                       : _("the '<' line of a realloc is not "
                                                           "followed by its '>' line"));
    }

  switch (line->op)
    {
    case '+':
      event->call = MEMSIM_TRACE_CALL_MALLOC;
      return memsim_trace_map_alloc (reader, line->address, line->size, event);
    case '-':
      event->call = MEMSIM_TRACE_CALL_FREE;
      return memsim_trace_map_free (reader, line->address, event);
    case '<':
      reader->mtrace_has_old = TRUE;
      reader->mtrace_old = line->address;
      return FALSE;
    case '>':
      reader->mtrace_has_old = FALSE;
      event->call = MEMSIM_TRACE_CALL_REALLOC;
      return memsim_trace_map_realloc (reader, reader->mtrace_old, line->address,
                                       line->size, event);
    case '!':
    default:
      reader->stats.n_failed_calls++;
      return FALSE;
    }
}

/* The next line without its "\n" or "\r\n"; -1 at the end, -2 on error. */
static gssize
next_line (MemsimTraceReader *reader,
           GError           **error)
{
  gssize length = getline (&reader->line, &reader->line_size, reader->file);

  if (length < 0)
    {
      if (ferror (reader->file))
        {
          memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_IO, _("cannot read: %s"),
                                    g_strerror (errno));
          return -2;
        }
      return -1;
    }

  reader->position++;
  if (length > 0 && reader->line[length - 1] == '\n')
    length--;
  if (length > 0 && reader->line[length - 1] == '\r')
    length--;
  reader->line[length] = '\0';
  if (length > MTRACE_LINE_MAX)
    {
      memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_LIMIT, _("line is longer than %d "
                                                                     "bytes (is this an mtrace() log?)"),
                                MTRACE_LINE_MAX);
      return -2;
    }
  if (memchr (reader->line, '\0', length) != NULL)
    {
      memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                _("byte 0x00 in a line (is this an mtrace() log?)"));
      return -2;
    }
  return length;
}

gboolean
memsim_trace_mtrace_next (MemsimTraceReader *reader,
                          MemsimTraceEvent  *event,
                          GError           **error)
{
  for (;;)
    {
      gssize length = next_line (reader, error);
      MtraceLine line;
      gboolean failed;

      if (length == -2)
        return FALSE;
      if (length == -1 && reader->mtrace_has_old)
        return memsim_trace_reader_fail (reader, error, MEMSIM_ERROR_SYNTAX,
                                         _("truncated trace: the file ends inside a realloc "
                                           "('<' without its '>')"));
      if (length == -1)
        return FALSE;
      if (length == 0 || reader->line[0] == '=')
        continue;               /* "= Start", "= End" */

      if (!parse_line (reader, reader->line, length, &line, error))
        return FALSE;
      memset (event, 0, sizeof *event);
      event->line = reader->position;
      if (apply_line (reader, &line, event, error, &failed))
        return TRUE;
      if (failed)
        return FALSE;
    }
}
