/* memsim-script.c: the .msim script language (SEMANTICS.md §8)
 *
 * The parser works one line at a time and never backtracks:
 *
 *   line    := blank* [command (blank+ argument)*] blank* ['#' comment]
 *   argument:= bare | '"' (char | '\"' | '\\')* '"'
 *
 * A bare token runs up to the next blank (space or tab), '#' or the end of
 * the line; a quoted one may hold blanks and '#'.  Only names may be quoted.
 * `store NAME TYPE VALUE` takes the rest of the line as VALUE, verbatim,
 * except for a trailing comment outside quotes.
 *
 * The whole text is parsed before anything is returned: the first error
 * stops the parse and the caller gets no operation at all.  Errors read
 * "FILE:LINE:COLUMN: what is wrong"; columns count characters from 1.
 * docs/script-language.md describes the language and its limits.
 */
#include "config.h"

#include "memsim-script.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#define SCRIPT_LINE_MAX  (64 * 1024)         /* bytes, without the newline */
#define SCRIPT_FILE_MAX  (64 * 1024 * 1024)  /* bytes */
#define SHOWN_TEXT_MAX   40                  /* characters of a token in errors */

typedef struct {
  const char *filename;
  guint       line_no;
  const char *line;       /* the current line (after a BOM on line 1) */
  const char *line_end;   /* exclusive, without "\r\n" */
  const char *cursor;
  GError    **error;
} Parser;

typedef struct {
  const char *start;      /* where the token begins in the line */
  char       *text;       /* unescaped text, owned */
  gboolean    quoted;
} Token;

static void
token_clear (Token *tok)
{
  g_clear_pointer (&tok->text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Token, token_clear)

static guint
parser_column (const Parser *p,
               const char   *at)
{
  return (guint) g_utf8_strlen (p->line, at - p->line) + 1;
}

static gboolean G_GNUC_PRINTF (3, 4)
parser_fail (Parser     *p,
             const char *at,
             const char *format,
             ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (p->error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX, "%s:%u:%u: %s",
               p->filename, p->line_no, parser_column (p, at), what);
  return FALSE;
}

/* The token as shown in an error: quoted, cut after SHOWN_TEXT_MAX
 * characters. */
static char *
shown (const Token *tok)
{
  const char *text = tok->text;

  if (g_utf8_strlen (text, -1) <= SHOWN_TEXT_MAX)
    return g_strdup_printf ("\"%s\"", text);

  return g_strdup_printf ("\"%.*s…\"",
                          (int) (g_utf8_offset_to_pointer (text, SHOWN_TEXT_MAX) - text),
                          text);
}

static inline gboolean
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static void
skip_blanks (Parser *p)
{
  while (p->cursor < p->line_end && is_blank (*p->cursor))
    p->cursor++;
}

static gboolean
at_line_end (Parser *p)
{
  skip_blanks (p);
  return p->cursor == p->line_end || *p->cursor == '#';
}

static gboolean
read_quoted (Parser *p,
             Token  *tok)
{
  GString *text = g_string_new (NULL);
  const char *c = p->cursor + 1;

  for (; c < p->line_end && *c != '"'; c++)
    {
      if (*c == '\\')
        {
          if (c + 1 == p->line_end || (c[1] != '"' && c[1] != '\\'))
            {
              g_string_free (text, TRUE);
              return parser_fail (p, c, _("unknown escape sequence in a quoted name "
                                          "(only \\\" and \\\\ are allowed)"));
            }
          c++;
        }
      g_string_append_c (text, *c);
    }

  tok->text = g_string_free (text, FALSE);
  if (c == p->line_end)
    return parser_fail (p, p->cursor, _("unterminated quote"));

  p->cursor = c + 1;
  if (p->cursor < p->line_end && !is_blank (*p->cursor) && *p->cursor != '#')
    return parser_fail (p, p->cursor, _("expected a blank after the closing quote"));

  return TRUE;
}

static gboolean
read_bare (Parser *p,
           Token  *tok)
{
  const char *c = p->cursor;

  while (c < p->line_end && !is_blank (*c) && *c != '#')
    {
      if (*c == '"')
        return parser_fail (p, c, _("unexpected quote inside a word "
                                    "(quote the whole name: \"…\")"));
      c++;
    }

  tok->text = g_strndup (p->cursor, c - p->cursor);
  p->cursor = c;
  return TRUE;
}

/* Reads the next token; @what names it in the error when the line ends. */
static gboolean
next_token (Parser     *p,
            Token      *tok,
            const char *command,
            const char *what)
{
  if (at_line_end (p))
    /* TRANSLATORS: "init needs a size": a command, then what it lacks. */
    return parser_fail (p, p->cursor, _("%s needs %s"), command, what);

  tok->start = p->cursor;
  tok->quoted = *p->cursor == '"';
  return tok->quoted ? read_quoted (p, tok) : read_bare (p, tok);
}

/* Sizes, keywords and commands are bare words. */
static gboolean
expect_bare (Parser      *p,
             const Token *tok)
{
  if (!tok->quoted)
    return TRUE;
  return parser_fail (p, tok->start, _("only names may be quoted"));
}

static gboolean
expect_end (Parser     *p,
            const char *command)
{
  g_auto (Token) extra = { 0 };
  g_autofree char *text = NULL;
  const char *end;

  if (at_line_end (p))
    return TRUE;

  extra.start = end = p->cursor;
  while (end < p->line_end && !is_blank (*end))
    end++;
  extra.text = g_strndup (extra.start, end - extra.start);
  text = shown (&extra);
  return parser_fail (p, extra.start, _("unexpected argument %s after %s"),
                      text, command);
}

/* When memsim_parse_size() refuses @text although it is digits and a
 * suffix it accepts, the number is either 0 ("0", "00", "0K": a size that
 * parses and that the heap refuses at run time) or beyond 2^64 - 1.
 * The suffix is checked by parsing it after a "1". */
static gboolean
is_number_with_suffix (const char *text,
                       gboolean   *out_zero)
{
  g_autofree char *one = NULL;
  const char *suffix = text;
  guint64 ignored;

  *out_zero = TRUE;
  for (; g_ascii_isdigit (*suffix); suffix++)
    *out_zero = *out_zero && *suffix == '0';
  if (suffix == text)
    return FALSE;

  one = g_strconcat ("1", suffix, NULL);
  return memsim_parse_size (one, &ignored, NULL);
}

static gboolean
next_size (Parser     *p,
           const char *command,
           const char *what,
           guint64    *out_size)
{
  g_auto (Token) tok = { 0 };
  g_autofree char *text = NULL;
  gboolean zero;

  if (!next_token (p, &tok, command, what) || !expect_bare (p, &tok))
    return FALSE;

  if (memsim_parse_size (tok.text, out_size, NULL))
    return TRUE;
  if (is_number_with_suffix (tok.text, &zero) && zero)
    {
      *out_size = 0;
      return TRUE;
    }

  text = shown (&tok);
  if (is_number_with_suffix (tok.text, &zero))
    return parser_fail (p, tok.start, _("size %s is too large"), text);
  return parser_fail (p, tok.start, _("invalid size %s (expected a number of bytes, "
                                      "optionally followed by K, M or G)"), text);
}

static gboolean
check_name (Parser      *p,
            const Token *tok)
{
  const char *c;

  if (tok->text[0] == '\0')
    return parser_fail (p, tok->start, _("empty name"));
  if (strlen (tok->text) > MEMSIM_NAME_MAX)
    return parser_fail (p, tok->start, _("name is longer than %d bytes"),
                        MEMSIM_NAME_MAX);

  for (c = tok->text; *c != '\0'; c = g_utf8_next_char (c))
    if (g_unichar_iscntrl (g_utf8_get_char (c)))
      return parser_fail (p, tok->start, _("name contains a control character "
                                           "(U+%04X)"), g_utf8_get_char (c));

  return TRUE;
}

static gboolean
next_name (Parser     *p,
           const char *command,
           MemsimOp   *op)
{
  g_auto (Token) tok = { 0 };

  if (!next_token (p, &tok, command, _("a name")) || !check_name (p, &tok))
    return FALSE;

  op->name = g_steal_pointer (&tok.text);
  return TRUE;
}

/* Reads a bare keyword and returns its index in @words (NULL-terminated),
 * or -1 with the error set.  @noun names the argument ("a setting"),
 * @expected lists the words for the error. */
static int
next_keyword (Parser             *p,
              const char         *command,
              const char         *noun,
              const char         *expected,
              const char * const *words)
{
  g_auto (Token) tok = { 0 };
  g_autofree char *text = NULL;

  if (!next_token (p, &tok, command, noun) || !expect_bare (p, &tok))
    return -1;

  for (int i = 0; words[i] != NULL; i++)
    if (strcmp (tok.text, words[i]) == 0)
      return i;

  text = shown (&tok);
  /* TRANSLATORS: "unknown policy \"x\" (expected first-fit, ...)". */
  parser_fail (p, tok.start, _("unknown %s %s (expected %s)"),
               g_str_has_prefix (noun, "a ") ? noun + 2 : noun, text, expected);
  return -1;
}

static gboolean
next_on_off (Parser     *p,
             const char *command,
             guint64    *out_value)
{
  static const char * const words[] = { "on", "off", NULL };
  int i = next_keyword (p, command, _("a switch"),
                        /* TRANSLATORS: on and off are keywords. */
                        _("on or off"), words);

  if (i < 0)
    return FALSE;

  *out_value = i == 0;
  return TRUE;
}

static gboolean
parse_init (Parser   *p,
            MemsimOp *op)
{
  return next_size (p, "init", _("a size"), &op->size);
}

static gboolean
parse_policy (Parser   *p,
              MemsimOp *op)
{
  static const char * const words[] = {
    "first-fit", "next-fit", "best-fit", "worst-fit", "buddy", NULL
  };
  int i = next_keyword (p, "policy",
                        _("a policy"),
                        /* TRANSLATORS: the policy names are keywords. */
                        _("first-fit, next-fit, best-fit, worst-fit or buddy"),
                        words);

  if (i < 0)
    return FALSE;

  return memsim_policy_from_string (words[i], &op->policy)
    || parser_fail (p, p->cursor, _("internal error: policy %s unknown"), words[i]);
}

static gboolean
parse_set (Parser   *p,
           MemsimOp *op)
{
  static const char * const words[] = {
    "align", "header", "min-block", "auto-compact", "round", NULL
  };
  static const char * const pow2[] = { "pow2", NULL };
  int i = next_keyword (p, "set",
                        _("a setting"),
                        /* TRANSLATORS: the settings are keywords. */
                        _("align, header, min-block, auto-compact or round pow2"),
                        words);

  switch (i)
    {
    case 0:
      op->setting = MEMSIM_SETTING_ALIGN;
      return next_size (p, "set align", _("a size"), &op->size);
    case 1:
      op->setting = MEMSIM_SETTING_HEADER;
      return next_size (p, "set header", _("a size"), &op->size);
    case 2:
      op->setting = MEMSIM_SETTING_MIN_BLOCK;
      return next_size (p, "set min-block", _("a size"), &op->size);
    case 3:
      op->setting = MEMSIM_SETTING_AUTO_COMPACT;
      return next_on_off (p, "set auto-compact", &op->size);
    case 4:
      op->setting = MEMSIM_SETTING_ROUND_POW2;
      return next_keyword (p, "set round", _("a word"), "pow2", pow2) == 0
        && next_on_off (p, "set round pow2", &op->size);
    default:
      return FALSE;
    }
}

static gboolean
parse_alloc (Parser   *p,
             MemsimOp *op)
{
  static const char * const words[] = { "pow2", "exact", NULL };
  int i;

  if (!next_name (p, "alloc", op) || !next_size (p, "alloc", _("a size"), &op->size))
    return FALSE;
  if (at_line_end (p))
    return TRUE;

  i = next_keyword (p, "alloc", _("a rounding"),
                    /* TRANSLATORS: pow2 and exact are keywords. */
                    _("pow2 or exact"), words);
  if (i < 0)
    return FALSE;

  op->round = i == 0 ? MEMSIM_ROUND_POW2 : MEMSIM_ROUND_EXACT;
  return TRUE;
}

static gboolean
parse_free (Parser   *p,
            MemsimOp *op)
{
  return next_name (p, "free", op);
}

static gboolean
parse_realloc (Parser   *p,
               MemsimOp *op)
{
  return next_name (p, "realloc", op)
    && next_size (p, "realloc", _("a size"), &op->size);
}

static gboolean
parse_nothing (Parser   *p,
               MemsimOp *op)
{
  return TRUE;
}

/* `reset` keeps the total; `reset SIZE` sets a new one.  The op stores "keep"
 * as 0, so an explicit 0 cannot be told apart and is refused here. */
static gboolean
parse_reset (Parser   *p,
             MemsimOp *op)
{
  const char *start;

  if (at_line_end (p))
    return TRUE;

  start = p->cursor;
  if (!next_size (p, "reset", _("a size"), &op->size))
    return FALSE;
  if (op->size == 0)
    return parser_fail (p, start, _("reset needs a size above 0 (or none, "
                                    "to keep the total)"));
  return TRUE;
}

/* The rest of the line, without a comment that starts outside quotes and
 * without trailing blanks. */
static gboolean
read_value (Parser *p,
            char  **out_value)
{
  const char *c = p->cursor, *end = p->line_end;
  char quote = 0;

  for (; c < p->line_end; c++)
    {
      if (quote != 0 && *c == '\\' && c + 1 < p->line_end)
        c++;
      else if (quote != 0 && *c == quote)
        quote = 0;
      else if (quote == 0 && (*c == '"' || *c == '\''))
        quote = *c;
      else if (quote == 0 && *c == '#')
        break;
    }
  if (quote != 0)
    return parser_fail (p, p->cursor, _("unterminated quote in the value"));

  end = c;
  while (end > p->cursor && is_blank (end[-1]))
    end--;
  *out_value = g_strndup (p->cursor, end - p->cursor);
  p->cursor = p->line_end;
  return TRUE;
}

static gboolean
parse_store (Parser   *p,
             MemsimOp *op)
{
  static const char * const types[] = {
    "int", "float", "str", "bytes", "tuple", "record", NULL
  };
  int i;

  if (!next_name (p, "store", op))
    return FALSE;

  i = next_keyword (p, "store", _("a type"),
                    /* TRANSLATORS: the types are keywords. */
                    _("int, float, str, bytes, tuple or record"), types);
  if (i < 0)
    return FALSE;
  op->type = g_strdup (types[i]);

  if (at_line_end (p))
    return parser_fail (p, p->cursor, _("store needs a value"));
  return read_value (p, &op->value);
}

static gboolean
parse_release (Parser   *p,
               MemsimOp *op)
{
  return next_name (p, "release", op);
}

typedef gboolean (*CommandFunc) (Parser   *p,
                                 MemsimOp *op);

static const struct {
  const char  *name;
  MemsimOpKind kind;
  CommandFunc  parse;
} commands[] = {
  { "init", MEMSIM_OP_INIT, parse_init },
  { "policy", MEMSIM_OP_POLICY, parse_policy },
  { "set", MEMSIM_OP_SET, parse_set },
  { "alloc", MEMSIM_OP_ALLOC, parse_alloc },
  { "free", MEMSIM_OP_FREE, parse_free },
  { "realloc", MEMSIM_OP_REALLOC, parse_realloc },
  { "compact", MEMSIM_OP_COMPACT, parse_nothing },
  { "reset", MEMSIM_OP_RESET, parse_reset },
  { "store", MEMSIM_OP_STORE, parse_store },
  { "release", MEMSIM_OP_RELEASE, parse_release },
  { "collect", MEMSIM_OP_COLLECT, parse_nothing },
};

/* Parses the current line; *out_op stays NULL on a blank line. */
static gboolean
parse_command (Parser    *p,
               MemsimOp **out_op)
{
  g_auto (Token) tok = { 0 };
  g_autoptr (MemsimOp) op = NULL;
  g_autofree char *text = NULL;

  if (at_line_end (p))
    return TRUE;
  if (!next_token (p, &tok, _("a line"), _("a command")) || !expect_bare (p, &tok))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (tok.text, commands[i].name) != 0)
        continue;

      op = memsim_op_new (commands[i].kind);
      op->line = p->line_no;
      if (!commands[i].parse (p, op) || !expect_end (p, tok.text))
        return FALSE;

      *out_op = g_steal_pointer (&op);
      return TRUE;
    }

  text = shown (&tok);
  return parser_fail (p, tok.start, _("unknown command %s"), text);
}

/* Bytes that no script line may hold, and the line length limit. */
static gboolean
check_line (Parser *p)
{
  const char *nul, *bad;
  gsize length = p->line_end - p->line;

  if (length > SCRIPT_LINE_MAX)
    {
      g_set_error (p->error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX,
                   _("%s:%u:1: line is longer than %d bytes"), p->filename,
                   p->line_no, SCRIPT_LINE_MAX);
      return FALSE;
    }

  nul = memchr (p->line, '\0', length);
  if (!g_utf8_validate_len (p->line, nul != NULL ? (gsize) (nul - p->line) : length, &bad))
    return parser_fail (p, bad, _("invalid UTF-8 (is this a text file?)"));
  if (nul != NULL)
    return parser_fail (p, nul, _("NUL byte (is this a text file?)"));
  /* A lone CR would stay in a store VALUE and vanish when the line is
   * written back and read again (it would then end the line). */
  bad = memchr (p->line, '\r', length);
  if (bad != NULL)
    return parser_fail (p, bad, _("carriage return inside a line (only \\r\\n ends a line)"));

  return TRUE;
}

static gboolean
parse_line (Parser    *p,
            MemsimOp **out_op)
{
  if (p->line_no == 1 && p->line_end - p->line >= 3
      && memcmp (p->line, "\xEF\xBB\xBF", 3) == 0)
    p->line += 3;

  p->cursor = p->line;
  *out_op = NULL;
  return check_line (p) && parse_command (p, out_op);
}

GPtrArray *
memsim_script_parse (const char  *text,
                     gssize       length,
                     const char  *filename,
                     GError     **error)
{
  g_autoptr (GPtrArray) ops = NULL;
  Parser p = { filename ? filename : _("<script>"), 0, NULL, NULL, NULL, error };
  const char *end, *next;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (text);
  end = text + length;
  ops = g_ptr_array_new_with_free_func ((GDestroyNotify) memsim_op_free);

  for (const char *line = text; line < end; line = next)
    {
      MemsimOp *op;

      p.line_no++;
      p.line = line;
      p.line_end = memchr (line, '\n', end - line);
      next = p.line_end != NULL ? p.line_end + 1 : end;
      if (p.line_end == NULL)
        p.line_end = end;
      if (p.line_end > line && p.line_end[-1] == '\r')
        p.line_end--;

      if (!parse_line (&p, &op))
        return NULL;
      if (op != NULL)
        g_ptr_array_add (ops, op);
    }

  return g_steal_pointer (&ops);
}

static gboolean
read_script (const char  *path,
             char       **out_text,
             gsize       *out_length,
             GError     **error)
{
  GStatBuf st;
  g_autoptr (GError) local = NULL;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, _("%s: is a directory"), path);
      return FALSE;
    }
  if (st.st_size > SCRIPT_FILE_MAX)
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_LIMIT,
                   _("%s: script is larger than %d MiB"), path, SCRIPT_FILE_MAX >> 20);
      return FALSE;
    }

  if (!g_file_get_contents (path, out_text, out_length, &local))
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
memsim_script_parse_file (const char  *path,
                          GError     **error)
{
  g_autofree char *text = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_script (path, &text, &length, error))
    return NULL;

  return memsim_script_parse (text, length, path, error);
}
