/* memsim-pyvalue-parse.c: the VALUE of `store NAME TYPE VALUE`
 *
 *   value  := int | float | str | bytes | tuple | record
 *   int    := [+-] digit ('_'? digit)*                 no leading 0, ≤ 4300 digits
 *   float  := [+-] (digits '.' [digits] | '.' digits) [exp] | [+-] digits exp
 *             (and, for a stored float, an int literal, inf or nan)
 *   str    := '"' … '"' | "'" … "'"                    Python's escapes
 *   bytes  := ('b' | 'B') str                          ASCII characters only
 *   tuple  := '(' ')' | '(' value ',' ')' | '(' value (',' value)+ [','] ')'
 *   record := Name '(' [field '=' value (',' field '=' value)* [',']] ')'
 *
 * Blanks (space, tab) may separate tokens.  The grammar is Python's literal
 * syntax, so a value can be pasted into python3 to compare sizes.  At the
 * top level the declared TYPE chooses the rule; nested values take their
 * type from their syntax.  One pass, no backtracking; the first error stops
 * the parse with its character position (from 1) in the value.
 */
#include "config.h"

#include "memsim-pyvalue.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-types.h"

typedef struct {
  const char *text;
  const char *p;
  guint       depth;
  GError    **error;
} Parser;

static MemsimPyValue *parse_any (Parser *p);

/* @at NULL: the error is about the whole value. */
static gboolean G_GNUC_PRINTF (3, 4)
fail (Parser     *p,
      const char *at,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (at == NULL)
    g_set_error (p->error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX,
                 /* TRANSLATORS: the value, then what is wrong with it. */
                 _("“%s” %s"), p->text, what);
  else
    g_set_error (p->error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX,
                 _("%s at character %ld of the value “%s”"), what,
                 g_utf8_pointer_to_offset (p->text, at) + 1, p->text);
  return FALSE;
}

static void
skip_blanks (Parser *p)
{
  while (*p->p == ' ' || *p->p == '\t')
    p->p++;
}

static MemsimPyValue *
new_value (MemsimPyType type,
           guint64      size)
{
  MemsimPyValue *value = g_new0 (MemsimPyValue, 1);

  value->type = type;
  value->size = size;
  return value;
}

/* ---- numbers ---------------------------------------------------------- */

/* Digits with single underscores between them; appends them to @digits. */
static gboolean
scan_digits (Parser  *p,
             GString *digits)
{
  if (!g_ascii_isdigit (*p->p))
    return FALSE;
  for (;;)
    {
      g_string_append_c (digits, *p->p++);
      if (*p->p == '_' && g_ascii_isdigit (p->p[1]))
        p->p++;
      else if (!g_ascii_isdigit (*p->p))
        return TRUE;
    }
}

/* The number of bits of the decimal @digits (no sign, no underscore):
 * base-10⁹ chunks multiplied into 32-bit limbs. */
static guint64
decimal_bit_length (const char *digits)
{
  g_autoptr (GArray) limbs = g_array_new (FALSE, FALSE, sizeof (guint32));
  gsize n = strlen (digits);
  guint32 *l;

  for (gsize i = 0; i < n;)
    {
      gsize chunk = MIN (9, n - i);
      guint64 carry = 0, scale = 1;

      for (gsize k = 0; k < chunk; k++, i++)
        {
          carry = carry * 10 + (guint64) (digits[i] - '0');
          scale *= 10;
        }
      for (guint j = 0; j < limbs->len; j++)
        {
          guint64 x = (guint64) g_array_index (limbs, guint32, j) * scale + carry;

          g_array_index (limbs, guint32, j) = (guint32) x;
          carry = x >> 32;
        }
      if (carry != 0)
        {
          guint32 top = (guint32) carry;

          g_array_append_val (limbs, top);
        }
    }
  if (limbs->len == 0)
    return 0;
  l = (guint32 *) limbs->data;
  return 32 * (guint64) (limbs->len - 1) + (32 - __builtin_clz (l[limbs->len - 1]));
}

static MemsimPyValue *
make_int (Parser     *p,
          const char *start,
          gboolean    negative,
          const char *digits)
{
  MemsimPyValue *value;
  gsize n;

  if (digits[0] == '0' && digits[strspn (digits, "0")] != '\0')
    {
      fail (p, start, _("leading zeros in decimal integer literals are not permitted"));
      return NULL;
    }
  digits += strspn (digits, "0");
  if (*digits == '\0')
    digits--;
  n = strlen (digits);
  if (n > MEMSIM_PY_INT_DIGITS_MAX)
    {
      fail (p, start, _("an int of %zu digits exceeds CPython's limit of %d digits"), n,
            MEMSIM_PY_INT_DIGITS_MAX);
      return NULL;
    }

  value = new_value (MEMSIM_PY_INT, memsim_py_int_size (decimal_bit_length (digits)));
  if (n <= 3)
    {
      gint64 v = g_ascii_strtoll (digits, NULL, 10) * (negative ? -1 : 1);

      if (v >= MEMSIM_PY_SMALL_INT_MIN && v <= MEMSIM_PY_SMALL_INT_MAX)
        value->small_int = 1 + (guint32) (v - MEMSIM_PY_SMALL_INT_MIN);
    }
  return value;
}

/* An int or a float, by its syntax. */
static MemsimPyValue *
parse_number (Parser *p)
{
  const char *start = p->p;
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean negative = FALSE, is_float = FALSE, mantissa;

  if (*p->p == '+' || *p->p == '-')
    negative = *p->p++ == '-';
  mantissa = scan_digits (p, digits);
  if (*p->p == '.')
    {
      p->p++;
      is_float = TRUE;
      mantissa |= scan_digits (p, digits);
    }
  if (!mantissa)
    {
      fail (p, start, _("expected a number"));
      return NULL;
    }
  if (*p->p == 'e' || *p->p == 'E')
    {
      p->p++;
      is_float = TRUE;
      if (*p->p == '+' || *p->p == '-')
        p->p++;
      if (!scan_digits (p, digits))
        {
          fail (p, p->p, _("expected the digits of an exponent"));
          return NULL;
        }
    }
  if (is_float)
    return new_value (MEMSIM_PY_FLOAT, 24);
  return make_int (p, start, negative, digits->str);
}

/* ---- str and bytes ---------------------------------------------------- */

typedef struct {
  guint64  length;     /* code points (str) or bytes */
  gunichar max_char;
  gunichar first;
  gboolean identifier; /* only [A-Za-z0-9_] so far */
  GString *text;       /* the characters, while identifier */
} Scanned;

static void
scanned_add (Scanned *s,
             gunichar c)
{
  if (s->length++ == 0)
    s->first = c;
  s->max_char = MAX (s->max_char, c);
  if (!(c < 0x80 && (g_ascii_isalnum (c) || c == '_')))
    s->identifier = FALSE;
  else if (s->identifier)
    g_string_append_c (s->text, (char) c);
}

static void
scanned_clear (Scanned *s)
{
  if (s->text != NULL)
    g_string_free (s->text, TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Scanned, scanned_clear)

static int
hex_value (const char *p,
           guint       n)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      v = v * 16 + g_ascii_xdigit_value (p[i]);
    }
  return v;
}

/* \x, \u, \U: exactly @n hex digits. */
static gboolean
hex_escape (Parser   *p,
            guint     n,
            gunichar *out)
{
  const char *at = p->p - 2;
  gint64 v = 0;

  for (guint i = 0; i < n; i += 4)
    {
      int part = hex_value (p->p + i, MIN (4, n - i));

      if (part < 0)
        return fail (p, at, _("truncated \\%c escape"), at[1]);
      v = (v << (4 * MIN (4, n - i))) | part;
    }
  if (v > 0x10FFFF)
    return fail (p, at, _("illegal Unicode character"));
  p->p += n;
  *out = (gunichar) v;
  return TRUE;
}

/* 1 to 3 octal digits; bytes keep the low 8 bits, as CPython 3.11 does. */
static void
octal_escape (Parser   *p,
              gboolean  bytes,
              gunichar *out)
{
  gunichar v = 0;

  for (guint i = 0; i < 3 && *p->p >= '0' && *p->p <= '7'; i++)
    v = v * 8 + (gunichar) (*p->p++ - '0');
  *out = bytes ? v & 0xff : v;
}

/* After a backslash.  Returns 1 when the escape gave one character, 2
 * for an unknown escape (it stands for itself: the backslash is @out and
 * the next character is read as usual), 0 on error. */
static guint
escape (Parser   *p,
        gboolean  bytes,
        gunichar *out)
{
  static const char simple[] = "\\\\''\"\"a\ab\bf\fn\nr\rt\tv\v";
  char c = *p->p;
  const char *hit = c != '\0' ? strchr (simple, c) : NULL;

  if (hit != NULL && (hit - simple) % 2 == 0)
    {
      p->p++;
      *out = (guchar) hit[1];
      return 1;
    }
  if (c >= '0' && c <= '7')
    {
      octal_escape (p, bytes, out);
      return 1;
    }
  if (c == 'x' || (!bytes && (c == 'u' || c == 'U')))
    {
      p->p++;
      return hex_escape (p, c == 'x' ? 2 : c == 'u' ? 4 : 8, out) ? 1 : 0;
    }
  if (!bytes && c == 'N')
    return fail (p, p->p - 1, _("\\N{…} escapes are not supported")), 0;
  *out = '\\';
  return 2;
}

/* One character of a quoted literal; FALSE on error. */
static gboolean
next_char (Parser   *p,
           gboolean  bytes,
           Scanned  *s)
{
  gunichar c = 0;

  if (*p->p == '\\')
    {
      p->p++;
      if (escape (p, bytes, &c) == 0)
        return FALSE;
      scanned_add (s, c);
      return TRUE;
    }
  c = g_utf8_get_char_validated (p->p, -1);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return fail (p, p->p, _("invalid UTF-8"));
  if (bytes && c >= 0x80)
    return fail (p, p->p, _("bytes can only contain ASCII literal characters"));
  p->p = g_utf8_next_char (p->p);
  scanned_add (s, c);
  return TRUE;
}

static gboolean
scan_quoted (Parser   *p,
             gboolean  bytes,
             Scanned  *s)
{
  const char *start = p->p;
  char quote = *p->p++;

  *s = (Scanned) { 0, 0, 0, TRUE, g_string_new (NULL) };
  while (*p->p != quote)
    {
      if (*p->p == '\0')
        return fail (p, start, bytes ? _("unterminated bytes literal")
                                    : _("unterminated string literal"));
      if (!next_char (p, bytes, s))
        return FALSE;
    }
  p->p++;
  return TRUE;
}

/* Identifier-like strings are interned (as CPython interns the names and
 * name-like constants of code), and so are the one-character latin-1
 * strings, which CPython keeps as singletons. */
static MemsimPyValue *
parse_str (Parser *p)
{
  MemsimPyValue *value;
  g_auto (Scanned) s = { 0 };

  if (!scan_quoted (p, FALSE, &s))
    return NULL;
  value = new_value (MEMSIM_PY_STR, memsim_py_str_size (s.length, s.max_char));
  if (s.identifier)
    value->key = g_strconcat ("s:", s.text->str, NULL);
  else if (s.length == 1 && s.max_char < 0x100)
    value->key = g_strdup_printf ("c:%02x", s.first);
  return value;
}

/* b"" and the 256 one-byte strings are singletons in CPython. */
static MemsimPyValue *
parse_bytes (Parser *p)
{
  MemsimPyValue *value;
  g_auto (Scanned) s = { 0 };

  p->p++;
  if (*p->p != '"' && *p->p != '\'')
    {
      fail (p, p->p, _("expected a quote after b"));
      return NULL;
    }
  if (!scan_quoted (p, TRUE, &s))
    return NULL;
  value = new_value (MEMSIM_PY_BYTES, memsim_py_bytes_size (s.length));
  if (s.length == 0)
    value->key = g_strdup ("b:");
  else if (s.length == 1)
    value->key = g_strdup_printf ("b:%02x", s.first);
  return value;
}

/* ---- tuples and records ----------------------------------------------- */

static void
add_child (MemsimPyValue *parent,
           MemsimPyValue *child,
           char          *field)
{
  guint n = parent->n_children++;

  parent->children = g_renew (MemsimPyValue *, parent->children, n + 1);
  parent->children[n] = child;
  if (field != NULL)
    {
      parent->fields = g_renew (char *, parent->fields, n + 1);
      parent->fields[n] = field;
    }
}

/* After an item: ',' or ')'.  Returns 1 to go on, 0 at the end, -1 on
 * error; *comma says whether a comma was read. */
static int
list_separator (Parser   *p,
                gboolean *comma)
{
  skip_blanks (p);
  *comma = FALSE;
  if (*p->p == ',')
    {
      p->p++;
      *comma = TRUE;
      skip_blanks (p);
    }
  if (*p->p == ')')
    {
      p->p++;
      return 0;
    }
  if (!*comma)
    return fail (p, p->p, _("expected “,” or “)”")), -1;
  return 1;
}

static MemsimPyValue *
parse_tuple (Parser *p)
{
  g_autoptr (MemsimPyValue) value = new_value (MEMSIM_PY_TUPLE, 0);
  const char *start = p->p++;
  gboolean comma = FALSE;
  int more = 1;

  skip_blanks (p);
  if (*p->p == ')')
    {
      p->p++;
      more = 0;
    }
  while (more > 0)
    {
      MemsimPyValue *item = parse_any (p);

      if (item == NULL)
        return NULL;
      add_child (value, item, NULL);
      if ((more = list_separator (p, &comma)) < 0)
        return NULL;
    }
  if (value->n_children == 1 && !comma)
    {
      fail (p, start, _("(x) is not a tuple: write (x,) for a tuple of one item"));
      return NULL;
    }
  value->size = memsim_py_tuple_size (value->n_children);
  if (value->n_children == 0)
    value->key = g_strdup ("t:");
  return g_steal_pointer (&value);
}

/* A Python identifier (ASCII or Unicode letters, digits, '_'). */
static char *
scan_identifier (Parser *p)
{
  const char *start = p->p;
  gunichar c = g_utf8_get_char_validated (p->p, -1);

  if (c == (gunichar) -1 || c == (gunichar) -2 || !(g_unichar_isalpha (c) || c == '_'))
    return NULL;
  while (c == '_' || g_unichar_isalnum (c))
    {
      p->p = g_utf8_next_char (p->p);
      c = g_utf8_get_char_validated (p->p, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
    }
  return g_strndup (start, p->p - start);
}

static gboolean
parse_field (Parser        *p,
             MemsimPyValue *dict)
{
  const char *at = p->p;
  g_autofree char *field = scan_identifier (p);
  MemsimPyValue *item;

  if (field == NULL)
    return fail (p, at, _("expected a field name"));
  for (guint i = 0; i < dict->n_children; i++)
    if (strcmp (dict->fields[i], field) == 0)
      return fail (p, at, _("field “%s” is repeated"), field);
  skip_blanks (p);
  if (*p->p != '=')
    return fail (p, p->p, _("expected “=” after the field name"));
  p->p++;
  skip_blanks (p);
  if ((item = parse_any (p)) == NULL)
    return FALSE;
  add_child (dict, item, g_steal_pointer (&field));
  return TRUE;
}

/* Name(f=v, …): the instance, whose one child is its __dict__, whose
 * children are the field values. */
static MemsimPyValue *
parse_record (Parser *p)
{
  g_autoptr (MemsimPyValue) record = new_value (MEMSIM_PY_RECORD, memsim_py_instance_size ());
  MemsimPyValue *dict = new_value (MEMSIM_PY_DICT, 0);
  const char *at = p->p;
  gboolean comma;
  int more = 1;

  add_child (record, dict, NULL);
  record->label = scan_identifier (p);
  if (record->label == NULL || (skip_blanks (p), *p->p != '('))
    {
      fail (p, at, _("expected a value: an int, a float, \"str\", b\"bytes\", "
                    "(a, tuple) or Name(field=value, …)"));
      return NULL;
    }
  p->p++;
  skip_blanks (p);
  if (*p->p == ')')
    {
      p->p++;
      more = 0;
    }
  while (more > 0)
    if (!parse_field (p, dict) || (more = list_separator (p, &comma)) < 0)
      return NULL;
  dict->size = memsim_py_dict_size (dict->n_children);
  return g_steal_pointer (&record);
}

/* ---- dispatch --------------------------------------------------------- */

static MemsimPyValue *
parse_nested (Parser *p)
{
  char c = *p->p;

  if (c == '"' || c == '\'')
    return parse_str (p);
  if ((c == 'b' || c == 'B') && (p->p[1] == '"' || p->p[1] == '\''))
    return parse_bytes (p);
  if (c == '(')
    return parse_tuple (p);
  if (g_ascii_isdigit (c) || c == '+' || c == '-' || c == '.')
    return parse_number (p);
  return parse_record (p);
}

static MemsimPyValue *
parse_any (Parser *p)
{
  MemsimPyValue *value;

  if (++p->depth > MEMSIM_PY_DEPTH_MAX)
    {
      fail (p, p->p, _("values nest more than %d deep"), MEMSIM_PY_DEPTH_MAX);
      return NULL;
    }
  value = parse_nested (p);
  p->depth--;
  return value;
}

/* A stored float also takes an int literal (float(3)), inf and nan. */
static MemsimPyValue *
parse_float (Parser *p)
{
  const char *at = p->p;
  MemsimPyValue *value;

  if (*at == '+' || *at == '-')
    at++;
  if (g_ascii_strncasecmp (at, "inf", 3) == 0 || g_ascii_strncasecmp (at, "nan", 3) == 0)
    {
      p->p = at + (g_ascii_strncasecmp (at, "infinity", 8) == 0 ? 8 : 3);
      return new_value (MEMSIM_PY_FLOAT, 24);
    }
  value = parse_number (p);
  if (value != NULL && value->type == MEMSIM_PY_INT)
    {
      value->type = MEMSIM_PY_FLOAT;
      value->size = 24;
      value->small_int = 0;
    }
  return value;
}

static MemsimPyValue *
parse_int (Parser *p)
{
  MemsimPyValue *value = parse_number (p);

  if (value != NULL && value->type != MEMSIM_PY_INT)
    {
      fail (p, NULL, _("is a float, not an int"));
      g_clear_pointer (&value, memsim_pyvalue_free);
    }
  return value;
}

/* The top level: the declared type chooses the rule. */
static MemsimPyValue *
parse_top (Parser       *p,
           MemsimPyType  type)
{
  char c = *p->p;

  switch (type)
    {
    case MEMSIM_PY_INT:
      return parse_int (p);
    case MEMSIM_PY_FLOAT:
      return parse_float (p);
    case MEMSIM_PY_STR:
      if (c == '"' || c == '\'')
        return parse_str (p);
      return fail (p, p->p, _("expected a str in quotes, \"…\" or '…'")), NULL;
    case MEMSIM_PY_BYTES:
      if ((c == 'b' || c == 'B') && (p->p[1] == '"' || p->p[1] == '\''))
        return parse_bytes (p);
      return fail (p, p->p, _("expected bytes written b\"…\" or b'…'")), NULL;
    case MEMSIM_PY_TUPLE:
      if (c == '(')
        return parse_tuple (p);
      return fail (p, p->p, _("expected a tuple in parentheses: (a, b)")), NULL;
    case MEMSIM_PY_RECORD:
    case MEMSIM_PY_DICT:
    case MEMSIM_PY_N_TYPES:
    default:
      if (c == '_' || g_ascii_isalpha (c) || (guchar) c >= 0x80)
        return parse_record (p);
      return fail (p, p->p, _("expected a record: Name(field=value, …)")), NULL;
    }
}

MemsimPyValue *
memsim_pyvalue_parse (MemsimPyType   type,
                      const char    *text,
                      GError       **error)
{
  Parser p = { text, text, 0, error };
  g_autoptr (MemsimPyValue) value = NULL;

  g_return_val_if_fail (type < MEMSIM_PY_DICT, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  /* Errors quote the text, and offsets in it count characters. */
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_SYNTAX,
                   _("The value is not valid UTF-8 text"));
      return NULL;
    }
  skip_blanks (&p);
  if ((value = parse_top (&p, type)) == NULL)
    return NULL;
  skip_blanks (&p);
  if (*p.p != '\0')
    {
      fail (&p, p.p, _("unexpected text after the value"));
      return NULL;
    }
  return g_steal_pointer (&value);
}
