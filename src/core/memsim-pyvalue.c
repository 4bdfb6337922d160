/* memsim-pyvalue.c: value trees and their sizes on CPython 3.11 (64-bit)
 *
 * Every size is sys.getsizeof() of the same value on CPython 3.11.7,
 * 64-bit, which is also what the object asks obmalloc for (getsizeof adds
 * the GC header of tracked objects, and that header is allocated with
 * the object).  tests/objects/test-pyvalue.c checks each rule against the
 * machine's own python3 when it is a 3.11.
 *
 *   int     24 + 4·max(1, ⌈bits/30⌉)  digits of 30 bits; 0 has one digit in 3.11
 *   float   24
 *   str     ASCII 49 + n;  latin-1 73 + n;  UCS-2 74 + 2n;  UCS-4 76 + 4n
 *           (PyASCIIObject 48 / PyCompactUnicodeObject 72, plus n + 1 code
 *           units of the narrowest kind that holds the largest code point)
 *   bytes   33 + n
 *   tuple   40 + 8n  (24 + 8n, plus the 16-byte GC header)
 *   record  the instance: 56 (3.11: 24 bytes of object, a 16-byte pre-header
 *           for the managed __dict__ pointers, the 16-byte GC header)
 *           and its __dict__, a second object: 296 while the class's
 *           shared keys hold the fields (up to 29), then a combined dict
 *           that grows as CPython's dictresize() grows it.
 *
 * The parser is in memsim-pyvalue-parse.c.
 */
#include "memsim-pyvalue.h"

#include <string.h>

static const char * const type_names[] = {
  [MEMSIM_PY_INT] = "int",
  [MEMSIM_PY_FLOAT] = "float",
  [MEMSIM_PY_STR] = "str",
  [MEMSIM_PY_BYTES] = "bytes",
  [MEMSIM_PY_TUPLE] = "tuple",
  [MEMSIM_PY_RECORD] = "record",
  [MEMSIM_PY_DICT] = "dict",
};

const char *
memsim_py_type_to_string (MemsimPyType type)
{
  g_return_val_if_fail ((guint) type < MEMSIM_PY_N_TYPES, NULL);
  return type_names[type];
}

/* The types a script may name: dict is not one (it comes with a record). */
gboolean
memsim_py_type_from_string (const char   *text,
                            MemsimPyType *out_type)
{
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < MEMSIM_PY_DICT; i++)
    if (strcmp (text, type_names[i]) == 0)
      {
        *out_type = i;
        return TRUE;
      }
  return FALSE;
}

void
memsim_pyvalue_free (MemsimPyValue *value)
{
  if (value == NULL)
    return;

  for (guint i = 0; i < value->n_children; i++)
    {
      memsim_pyvalue_free (value->children[i]);
      if (value->fields != NULL)
        g_free (value->fields[i]);
    }
  g_free (value->children);
  g_free (value->fields);
  g_free (value->key);
  g_free (value->label);
  g_free (value);
}

guint
memsim_pyvalue_count (const MemsimPyValue *value)
{
  guint n = 1;

  g_return_val_if_fail (value != NULL, 0);

  for (guint i = 0; i < value->n_children; i++)
    n += memsim_pyvalue_count (value->children[i]);
  return n;
}

/* ---- sizes ------------------------------------------------------------ */

#define PY_GC_HEADER       16   /* sizeof (PyGC_Head) */
#define PY_LONG_HEADER     24   /* offsetof (PyLongObject, ob_digit) */
#define PY_LONG_SHIFT      30   /* bits per digit */
#define PY_ASCII_HEADER    48   /* sizeof (PyASCIIObject) */
#define PY_COMPACT_HEADER  72   /* sizeof (PyCompactUnicodeObject) */
#define PY_BYTES_HEADER    33   /* offsetof (PyBytesObject, ob_sval) + 1 */
#define PY_TUPLE_HEADER    24   /* offsetof (PyTupleObject, ob_item) */
#define PY_INSTANCE_SIZE   56   /* object 24 + managed-dict pre-header 16 + GC 16 */
#define PY_DICT_OBJECT     48   /* sizeof (PyDictObject) */
#define PY_DICT_KEYS       32   /* sizeof (PyDictKeysObject) */
#define PY_SHARED_FIELDS   29   /* fields a class's shared keys take (3.11) */
#define PY_SHARED_SLOTS    29   /* value slots a split dict counts (3.11) */
#define PY_UNICODE_ENTRY   16   /* PyDictUnicodeEntry: key, value */

guint64
memsim_py_int_size (guint64 bit_length)
{
  guint64 digits = MAX ((bit_length + PY_LONG_SHIFT - 1) / PY_LONG_SHIFT, 1);

  return PY_LONG_HEADER + 4 * digits;
}

guint64
memsim_py_str_size (guint64  length,
                    gunichar max_char)
{
  if (max_char < 0x80)
    return PY_ASCII_HEADER + length + 1;
  if (max_char < 0x100)
    return PY_COMPACT_HEADER + length + 1;
  if (max_char < 0x10000)
    return PY_COMPACT_HEADER + 2 * (length + 1);
  return PY_COMPACT_HEADER + 4 * (length + 1);
}

guint64
memsim_py_bytes_size (guint64 length)
{
  return PY_BYTES_HEADER + length;
}

guint64
memsim_py_tuple_size (guint64 length)
{
  return PY_TUPLE_HEADER + 8 * length + PY_GC_HEADER;
}

guint64
memsim_py_instance_size (void)
{
  return PY_INSTANCE_SIZE;
}

/* USABLE_FRACTION (2^log2 slots) */
static guint64
dict_usable (guint log2_size)
{
  return (G_GUINT64_CONSTANT (2) << log2_size) / 3;
}

static guint
ceil_log2 (guint64 n)
{
  guint log2 = 0;

  while ((G_GUINT64_CONSTANT (1) << log2) < n)
    log2++;
  return log2;
}

/* A split dict (the values live in the instance, the keys are the class's)
 * counts its object and the 29 value slots the shared keys can hold.  A
 * 30th field does not fit the shared keys: CPython 3.11 turns the dict into
 * a combined one, resized to hold 3 × 29 entries (128 slots), and from then
 * on every insertion that finds no usable slot resizes to ≥ 3 × used
 * (dictresize (…, calculate_log2_keysize (GROWTH_RATE (mp)))).  A combined
 * dict counts its object, its keys object, the index (1, 2, 4 or 8 bytes a
 * slot) and the usable entries.  Each step was checked with python3 3.11.7
 * for 0 to 3000 fields. */
guint64
memsim_py_dict_size (guint64 n_fields)
{
  guint log2_size, index_bytes;

  if (n_fields <= PY_SHARED_FIELDS)
    return PY_DICT_OBJECT + PY_GC_HEADER + 8 * PY_SHARED_SLOTS;

  log2_size = ceil_log2 (3 * PY_SHARED_FIELDS);
  while (n_fields > dict_usable (log2_size))
    log2_size = ceil_log2 (3 * dict_usable (log2_size));

  index_bytes = log2_size < 8 ? 1 : log2_size < 16 ? 2 : log2_size < 32 ? 4 : 8;
  return PY_DICT_OBJECT + PY_GC_HEADER + PY_DICT_KEYS
         + (G_GUINT64_CONSTANT (1) << log2_size) * index_bytes
         + dict_usable (log2_size) * PY_UNICODE_ENTRY;
}
