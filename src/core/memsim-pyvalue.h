/* memsim-pyvalue.h: the values of the object store and their CPython sizes
 *
 * `store NAME TYPE VALUE` carries VALUE as text.  This module parses it
 * into a tree of MemsimPyValue and gives each node the size CPython 3.11
 * (64-bit) requests for it: sys.getsizeof() of the same value
 * (SEMANTICS.md §7).  docs/object-store.md lists the rules.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MEMSIM_PY_INT,
  MEMSIM_PY_FLOAT,
  MEMSIM_PY_STR,
  MEMSIM_PY_BYTES,
  MEMSIM_PY_TUPLE,
  MEMSIM_PY_RECORD,   /* an instance of a user-named class ... */
  MEMSIM_PY_DICT,     /* ... and its __dict__, a second object */
  MEMSIM_PY_N_TYPES
} MemsimPyType;

/* CPython's small-int cache: -5 … 256. */
#define MEMSIM_PY_SMALL_INT_MIN  (-5)
#define MEMSIM_PY_SMALL_INT_MAX  256
#define MEMSIM_PY_N_SMALL_INTS   (MEMSIM_PY_SMALL_INT_MAX - MEMSIM_PY_SMALL_INT_MIN + 1)

/* CPython 3.11's limit on decimal digits in int(str) (sys.int_info). */
#define MEMSIM_PY_INT_DIGITS_MAX 4300
/* Values nest at most this deep: (((…))). */
#define MEMSIM_PY_DEPTH_MAX      64

typedef struct _MemsimPyValue MemsimPyValue;

struct _MemsimPyValue {
  MemsimPyType    type;
  guint32         n_children;
  guint64         size;        /* sys.getsizeof() on CPython 3.11, 64-bit */
  /* Shared values (small ints, interned strings, singletons): an int
   * 1 + (value + 5) in the small-int cache, else 0 ... */
  guint32         small_int;
  /* ... or a key that names the value among shared ones, else NULL. */
  char           *key;
  char           *label;       /* record: the class name */
  MemsimPyValue **children;    /* tuple: items; record: [its dict]; dict: field values */
  char          **fields;      /* dict: the field names, n_children of them */
};

const char    *memsim_py_type_to_string   (MemsimPyType   type);
gboolean       memsim_py_type_from_string (const char    *text,
                                           MemsimPyType  *out_type);

/* Parses @text as a value of @type (MEMSIM_PY_DICT is not a type one can
 * store).  Nested values take their type from their syntax: 1, 1.5, "s",
 * b"s", (…), Name(field=…).  On error returns NULL with @error
 * (MEMSIM_ERROR_SYNTAX) saying what is wrong and where. */
MemsimPyValue *memsim_pyvalue_parse       (MemsimPyType   type,
                                           const char    *text,
                                           GError       **error);
void           memsim_pyvalue_free        (MemsimPyValue *value);
/* Objects in the tree (the value, its items, a record's dict...). */
guint          memsim_pyvalue_count       (const MemsimPyValue *value);

/* The size rules, exposed for the tests. */
guint64        memsim_py_int_size         (guint64        bit_length);
guint64        memsim_py_str_size         (guint64        length,
                                           gunichar       max_char);
guint64        memsim_py_bytes_size       (guint64        length);
guint64        memsim_py_tuple_size       (guint64        length);
guint64        memsim_py_instance_size    (void);
guint64        memsim_py_dict_size        (guint64        n_fields);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimPyValue, memsim_pyvalue_free)

G_END_DECLS
