/* fuzz-pyvalue.c: the parser of Python values, then the object store
 *
 * The first byte picks the type (int, float, str, bytes, tuple, record),
 * the rest is the value's text as `store NAME TYPE VALUE` carries it.  The
 * text goes to memsim_pyvalue_parse() and, through a session, to the object
 * store twice (the second store shares what the intern rules share), then
 * both names are released and the store collected, with check() after each
 * step.  A value that parses must be stored (the heap has room for any
 * value a line can hold) and, once every name is released, no name is left.
 */
#include "config.h"

#include <string.h>

#include "memsim-fuzz.h"

#include "memsim-pyvalue.h"

static const char *const types[] = { "int", "float", "str", "bytes", "tuple", "record" };

static gboolean
apply (MemsimSession *session,
       MemsimOpKind   kind,
       const char    *name,
       const char    *type,
       const char    *value,
       guint64        size)
{
  g_autoptr (MemsimOp) op = memsim_op_new (kind);
  g_autoptr (GError) error = NULL;
  gboolean ok;

  op->name = g_strdup (name);
  op->type = g_strdup (type);
  op->value = g_strdup (value);
  op->size = size;
  ok = memsim_session_apply (session, op, &error);
  if (!ok)
    memsim_fuzz_check_error (error, memsim_op_kind_to_string (kind));
  memsim_fuzz_check_session (session);
  return ok;
}

static void
store_and_release (const char *type,
                   const char *text,
                   gboolean    parsed)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  const MemsimObjectStore *store = memsim_session_get_object_store (session);

  apply (session, MEMSIM_OP_INIT, NULL, NULL, NULL, 64 * 1024 * 1024);
  if (apply (session, MEMSIM_OP_STORE, "v", type, text, 0) != parsed)
    memsim_fuzz_fail ("the parser %s the value, the store %s it",
                      parsed ? "accepts" : "refuses", parsed ? "refuses" : "accepts");
  if (!parsed)
    return;

  apply (session, MEMSIM_OP_STORE, "w", type, text, 0);
  apply (session, MEMSIM_OP_RELEASE, "v", NULL, NULL, 0);
  apply (session, MEMSIM_OP_COLLECT, NULL, NULL, NULL, 0);
  apply (session, MEMSIM_OP_RELEASE, "w", NULL, NULL, 0);
  apply (session, MEMSIM_OP_COLLECT, NULL, NULL, NULL, 0);
  if (memsim_object_store_get_n_names (store) != 0)
    memsim_fuzz_fail ("%u names left after releasing every name",
                      memsim_object_store_get_n_names (store));
}

int
memsim_fuzz_pyvalue (const guint8 *data,
                     gsize         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (MemsimPyValue) value = NULL;
  g_autofree char *text = NULL;
  MemsimPyType type;

  memsim_fuzz_init ();
  if (size == 0 || size > 64 * 1024)
    return 0;

  if (!memsim_py_type_from_string (types[data[0] % G_N_ELEMENTS (types)], &type))
    memsim_fuzz_fail ("type %s unknown", types[data[0] % G_N_ELEMENTS (types)]);
  text = g_strndup ((const char *) data + 1, size - 1);
  value = memsim_pyvalue_parse (type, text, &error);
  if (value == NULL)
    memsim_fuzz_check_error (error, "the value parser");
  else if (memsim_pyvalue_count (value) == 0 || value->size == 0)
    memsim_fuzz_fail ("a value of no object or no size");

  store_and_release (types[data[0] % G_N_ELEMENTS (types)], text, value != NULL);
  return 0;
}
