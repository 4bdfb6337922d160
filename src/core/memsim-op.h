/* memsim-op.h: one operation of a script, a trace or the app's controls */
#pragma once

#include "memsim-types.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_OP_INIT,     /* size = new total */
  MEMSIM_OP_POLICY,   /* policy */
  MEMSIM_OP_SET,      /* setting = size (on/off are 1/0) */
  MEMSIM_OP_ALLOC,    /* name, size, round */
  MEMSIM_OP_FREE,     /* name */
  MEMSIM_OP_REALLOC,  /* name, size */
  MEMSIM_OP_COMPACT,
  MEMSIM_OP_RESET,    /* size = new total, 0 keeps it */
  MEMSIM_OP_STORE,    /* name, type, value */
  MEMSIM_OP_RELEASE,  /* name */
  MEMSIM_OP_COLLECT,
} MemsimOpKind;

typedef struct {
  MemsimOpKind  kind;
  MemsimPolicy  policy;
  MemsimSetting setting;
  MemsimRound   round;
  guint64       size;
  char         *name;
  char         *type;
  char         *value;
  guint         line;      /* 1-based source line in a script, 0 otherwise */
} MemsimOp;

MemsimOp   *memsim_op_new       (MemsimOpKind    kind);
MemsimOp   *memsim_op_copy      (const MemsimOp *op);
void        memsim_op_free      (MemsimOp       *op);
const char *memsim_op_kind_to_string (MemsimOpKind kind);
/* TRUE for the operations that change allocations (a CSV row each);
 * FALSE for settings such as init, policy and set. */
gboolean    memsim_op_is_allocation (const MemsimOp *op);
/* The operation written back as a script line (no newline). */
char       *memsim_op_to_script (const MemsimOp *op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimOp, memsim_op_free)

G_END_DECLS
