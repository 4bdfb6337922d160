/* memsim-op.c: one operation of a script, a trace or the app's controls
 *
 * A MemsimOp is a plain record: the script parser fills it, the session
 * applies and records it, the history writes it back with
 * memsim_op_to_script().  Writing an op back and parsing the line again gives
 * the same op (tests/cli/test-script.c checks the round trip).
 */
#include "memsim-op.h"

#include <string.h>

static const char * const kind_names[] = {
  [MEMSIM_OP_INIT] = "init",
  [MEMSIM_OP_POLICY] = "policy",
  [MEMSIM_OP_SET] = "set",
  [MEMSIM_OP_ALLOC] = "alloc",
  [MEMSIM_OP_FREE] = "free",
  [MEMSIM_OP_REALLOC] = "realloc",
  [MEMSIM_OP_COMPACT] = "compact",
  [MEMSIM_OP_RESET] = "reset",
  [MEMSIM_OP_STORE] = "store",
  [MEMSIM_OP_RELEASE] = "release",
  [MEMSIM_OP_COLLECT] = "collect",
};

MemsimOp *
memsim_op_new (MemsimOpKind kind)
{
  MemsimOp *op;

  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  op = g_new0 (MemsimOp, 1);
  op->kind = kind;
  op->round = MEMSIM_ROUND_DEFAULT;
  return op;
}

MemsimOp *
memsim_op_copy (const MemsimOp *op)
{
  MemsimOp *copy;

  g_return_val_if_fail (op != NULL, NULL);

  copy = g_memdup2 (op, sizeof *op);
  copy->name = g_strdup (op->name);
  copy->type = g_strdup (op->type);
  copy->value = g_strdup (op->value);
  return copy;
}

void
memsim_op_free (MemsimOp *op)
{
  if (op == NULL)
    return;

  g_free (op->name);
  g_free (op->type);
  g_free (op->value);
  g_free (op);
}

const char *
memsim_op_kind_to_string (MemsimOpKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

/* init, policy, set and reset shape the heap; the others place, move or
 * drop allocations (compact moves them, so it gets a row too). */
gboolean
memsim_op_is_allocation (const MemsimOp *op)
{
  g_return_val_if_fail (op != NULL, FALSE);

  switch (op->kind)
    {
    case MEMSIM_OP_ALLOC:
    case MEMSIM_OP_FREE:
    case MEMSIM_OP_REALLOC:
    case MEMSIM_OP_COMPACT:
    case MEMSIM_OP_STORE:
    case MEMSIM_OP_RELEASE:
    case MEMSIM_OP_COLLECT:
      return TRUE;
    case MEMSIM_OP_INIT:
    case MEMSIM_OP_POLICY:
    case MEMSIM_OP_SET:
    case MEMSIM_OP_RESET:
    default:
      return FALSE;
    }
}

/* A name goes out bare when the parser would read it back as one token:
 * no blank, quote, backslash or '#', and not empty. */
static gboolean
name_needs_quotes (const char *name)
{
  if (*name == '\0')
    return TRUE;

  for (const char *p = name; *p != '\0'; p++)
    if (strchr (" \t\"\\#", *p) != NULL)
      return TRUE;

  return FALSE;
}

static void
append_name (GString    *out,
             const char *name)
{
  if (name == NULL)
    name = "";

  if (!name_needs_quotes (name))
    {
      g_string_append (out, name);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_setting (GString        *out,
                const MemsimOp *op)
{
  const char *on_off = op->size != 0 ? "on" : "off";

  switch (op->setting)
    {
    case MEMSIM_SETTING_ALIGN:
      g_string_append_printf (out, "align %" G_GUINT64_FORMAT, op->size);
      break;
    case MEMSIM_SETTING_HEADER:
      g_string_append_printf (out, "header %" G_GUINT64_FORMAT, op->size);
      break;
    case MEMSIM_SETTING_MIN_BLOCK:
      g_string_append_printf (out, "min-block %" G_GUINT64_FORMAT, op->size);
      break;
    case MEMSIM_SETTING_AUTO_COMPACT:
      g_string_append_printf (out, "auto-compact %s", on_off);
      break;
    case MEMSIM_SETTING_ROUND_POW2:
    default:
      g_string_append_printf (out, "round pow2 %s", on_off);
      break;
    }
}

static void
append_arguments (GString        *out,
                  const MemsimOp *op)
{
  switch (op->kind)
    {
    case MEMSIM_OP_INIT:
      g_string_append_printf (out, " %" G_GUINT64_FORMAT, op->size);
      break;
    case MEMSIM_OP_POLICY:
      g_string_append_printf (out, " %s", memsim_policy_to_string (op->policy));
      break;
    case MEMSIM_OP_SET:
      g_string_append_c (out, ' ');
      append_setting (out, op);
      break;
    case MEMSIM_OP_ALLOC:
    case MEMSIM_OP_REALLOC:
      g_string_append_c (out, ' ');
      append_name (out, op->name);
      g_string_append_printf (out, " %" G_GUINT64_FORMAT, op->size);
      if (op->kind == MEMSIM_OP_ALLOC && op->round != MEMSIM_ROUND_DEFAULT)
        g_string_append (out, op->round == MEMSIM_ROUND_POW2 ? " pow2" : " exact");
      break;
    case MEMSIM_OP_FREE:
    case MEMSIM_OP_RELEASE:
      g_string_append_c (out, ' ');
      append_name (out, op->name);
      break;
    case MEMSIM_OP_RESET:
      if (op->size != 0)
        g_string_append_printf (out, " %" G_GUINT64_FORMAT, op->size);
      break;
    case MEMSIM_OP_STORE:
      g_string_append_c (out, ' ');
      append_name (out, op->name);
      g_string_append_printf (out, " %s %s", op->type ? op->type : "",
                              op->value ? op->value : "");
      break;
    case MEMSIM_OP_COMPACT:
    case MEMSIM_OP_COLLECT:
    default:
      break;
    }
}

char *
memsim_op_to_script (const MemsimOp *op)
{
  GString *out;

  g_return_val_if_fail (op != NULL, NULL);

  out = g_string_new (memsim_op_kind_to_string (op->kind));
  append_arguments (out, op);
  return g_string_free (out, FALSE);
}
