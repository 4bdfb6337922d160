/* memsim-types.c: policies, configuration, sizes and names as users type them */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "memsim-types.h"

G_DEFINE_QUARK (memsim-error-quark, memsim_error)

static const char *const policy_names[MEMSIM_N_POLICIES] = {
  "first-fit", "next-fit", "best-fit", "worst-fit", "buddy",
};

const char *
memsim_policy_to_string (MemsimPolicy policy)
{
  g_return_val_if_fail (policy < MEMSIM_N_POLICIES, NULL);
  return policy_names[policy];
}

static const char *const policy_labels[MEMSIM_N_POLICIES] = {
  N_("First fit"), N_("Next fit"), N_("Best fit"), N_("Worst fit"), N_("Buddy"),
};

const char *
memsim_policy_to_label (MemsimPolicy policy)
{
  g_return_val_if_fail (policy < MEMSIM_N_POLICIES, NULL);
  return _(policy_labels[policy]);
}

gboolean
memsim_policy_from_string (const char   *text,
                           MemsimPolicy *out_policy)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < MEMSIM_N_POLICIES; i++)
    if (g_ascii_strcasecmp (text, policy_names[i]) == 0)
      {
        *out_policy = (MemsimPolicy) i;
        return TRUE;
      }
  return FALSE;
}

void
memsim_heap_config_init (MemsimHeapConfig *config,
                         guint64           total)
{
  memset (config, 0, sizeof *config);
  config->total = total;
  config->align = 16;
  config->header = 0;
  config->min_block = 64;
  config->policy = MEMSIM_POLICY_FIRST_FIT;
}

static gboolean
is_pow2 (guint64 value)
{
  return value != 0 && (value & (value - 1)) == 0;
}

gboolean
memsim_heap_config_check (const MemsimHeapConfig *config,
                          GError                **error)
{
  if (config->total == 0 || config->total > MEMSIM_TOTAL_MAX)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
                        _("The heap size must be between 1 byte and 256 TiB")), FALSE;
  if (!is_pow2 (config->align) || config->align > config->total)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                        _("The alignment must be a power of two no larger than the heap")), FALSE;
  if (config->header >= config->total)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                        _("The block header must be smaller than the heap")), FALSE;
  if (!is_pow2 (config->min_block) || config->min_block < config->align)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                        _("The minimum buddy block must be a power of two no smaller than the alignment")), FALSE;
  if (config->policy >= MEMSIM_N_POLICIES)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SETTING,
                        _("Unknown placement policy")), FALSE;
  return TRUE;
}

static guint
suffix_shift (const char *suffix)
{
  static const struct { const char *text; guint shift; } suffixes[] = {
    { "", 0 }, { "b", 0 },
    { "k", 10 }, { "kib", 10 }, { "kb", 10 },
    { "m", 20 }, { "mib", 20 }, { "mb", 20 },
    { "g", 30 }, { "gib", 30 }, { "gb", 30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_ascii_strcasecmp (suffix, suffixes[i].text) == 0)
      return suffixes[i].shift;
  return G_MAXUINT;
}

gboolean
memsim_parse_size (const char  *text,
                   guint64     *out_size,
                   GError     **error)
{
  guint64 value = 0;
  const char *p = text;
  guint shift;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_ascii_isdigit (*p))
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
                        _("“%s” is not a size: expected a whole number of bytes, optionally with K, M or G"),
                        text), FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      guint digit = (guint) (*p - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
                            _("“%s” is too large: sizes stop at 2^64 − 1 bytes"), text), FALSE;
      value = value * 10 + digit;
    }
  shift = suffix_shift (p);
  if (shift == G_MAXUINT)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
                        _("“%s” has an unknown unit “%s”: use K, M or G (KiB, MiB, GiB)"),
                        text, p), FALSE;
  if (shift > 0 && value > (G_MAXUINT64 >> shift))
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_SIZE,
                        _("“%s” is too large: sizes stop at 2^64 − 1 bytes"), text), FALSE;
  *out_size = value << shift;
  return TRUE;
}

gboolean
memsim_name_is_valid (const char  *name,
                      GError     **error)
{
  gsize length;

  g_return_val_if_fail (name != NULL, FALSE);

  /* Fast path: printable ASCII, as every trace id is. */
  for (length = 0; length <= MEMSIM_NAME_MAX; length++)
    if (name[length] < 0x20 || name[length] > 0x7e)
      break;
  if (name[length] == '\0' && length > 0 && length <= MEMSIM_NAME_MAX)
    return TRUE;

  length = strlen (name);
  if (length == 0)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME,
                        _("A name cannot be empty")), FALSE;
  if (length > MEMSIM_NAME_MAX)
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME,
                        _("A name is at most %d bytes long; this one has %zu"),
                        MEMSIM_NAME_MAX, length), FALSE;
  if (!g_utf8_validate (name, (gssize) length, NULL))
    return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME,
                        _("A name must be valid UTF-8")), FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return g_set_error (error, MEMSIM_ERROR, MEMSIM_ERROR_INVALID_NAME,
                          _("A name cannot contain control characters")), FALSE;
  return TRUE;
}
