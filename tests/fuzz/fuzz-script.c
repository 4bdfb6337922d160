/* fuzz-script.c: the .msim parser, then the session that runs its result
 *
 * For any bytes:
 *   - the parser returns operations or a syntax error "fuzz.msim:LINE:COL: …";
 *   - every operation, written back as a script line, parses to itself;
 *   - the first MEMSIM_FUZZ_MAX_OPS operations run through a MemsimSession
 *     with the heap's and the object store's checks after each one;
 *   - the final state's JSON is well-formed, and seeking back to the middle
 *     of the history and forward again gives the same JSON (replay is
 *     deterministic).
 */
#include "config.h"

#include <string.h>

#include "memsim-fuzz.h"

#include "memsim-json.h"
#include "memsim-script.h"

#define FILENAME "fuzz.msim"

static gboolean
ops_equal (const MemsimOp *a,
           const MemsimOp *b)
{
  return a->kind == b->kind && a->policy == b->policy && a->setting == b->setting
    && a->round == b->round && a->size == b->size
    && g_strcmp0 (a->name, b->name) == 0 && g_strcmp0 (a->type, b->type) == 0
    && g_strcmp0 (a->value, b->value) == 0;
}

/* memsim_op_to_script() is what the app saves; it must read back. */
static void
check_round_trip (const MemsimOp *op)
{
  g_autofree char *line = memsim_op_to_script (op);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) again = memsim_script_parse (line, -1, FILENAME, &error);

  if (again == NULL)
    memsim_fuzz_fail ("line %u written back as \"%s\" does not parse: %s",
                      op->line, line, error->message);
  if (again->len != 1 || !ops_equal (op, g_ptr_array_index (again, 0)))
    memsim_fuzz_fail ("line %u written back as \"%s\" parses to something else",
                      op->line, line);
}

static char *
final_json (MemsimSession *session)
{
  char *json = memsim_json_final_state_with_store (memsim_session_get_heap (session),
                                                   memsim_session_get_object_store (session));

  if (!memsim_fuzz_json_is_valid (json))
    memsim_fuzz_fail ("the final state is not valid JSON:\n%s", json);
  return json;
}

static void
run_ops (GPtrArray *ops)
{
  g_autoptr (MemsimSession) session = memsim_session_new ();
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  guint n = MIN (ops->len, MEMSIM_FUZZ_MAX_OPS);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;

      if (!memsim_session_apply (session, g_ptr_array_index (ops, i), &error))
        memsim_fuzz_check_error (error, "an operation");
      memsim_fuzz_check_session (session);
    }

  json = final_json (session);
  memsim_session_seek (session, n / 2);
  memsim_fuzz_check_session (session);
  memsim_session_seek (session, n);
  memsim_fuzz_check_session (session);
  again = final_json (session);
  if (strcmp (json, again) != 0)
    memsim_fuzz_fail ("seeking to %u and back changed the final state", n / 2);
}

int
memsim_fuzz_script (const guint8 *data,
                    gsize         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) ops = NULL;

  memsim_fuzz_init ();
  if (size > MEMSIM_FUZZ_MAX_INPUT)
    return 0;

  ops = memsim_script_parse ((const char *) data, (gssize) size, FILENAME, &error);
  if (ops == NULL)
    {
      memsim_fuzz_check_error (error, "the parser");
      if (!g_str_has_prefix (error->message, FILENAME ":"))
        memsim_fuzz_fail ("syntax error without FILE:LINE: %s", error->message);
      return 0;
    }

  for (guint i = 0; i < ops->len; i++)
    check_round_trip (g_ptr_array_index (ops, i));
  run_ops (ops);
  return 0;
}
