/* memsim-workload.h: synthetic workloads, deterministic for a seed (docs/trace-formats.md)
 *
 *   template  what it models                                       default total
 *   classic   the textbook analytics mix: 60 % allocate, 30 % free,  64 MiB
 *             10 % compact, sizes 32–512 KiB
 *   churn     many small short-lived objects (16–256 B, about 64    8 MiB
 *             live) and a few long-lived large ones (64 KiB–1 MiB)
 *   phases    four phases whose sizes change: 16–128 B, 1–8 KiB,     64 MiB
 *             64–256 KiB, then small again; old objects die slowly
 *   queue     a producer–consumer queue of messages (64 B–16 KiB,    4 MiB
 *             log-uniform) whose production rate swings in waves
 *
 * A workload is an iterator: the same template, seed and number of
 * operations give the same operations, on every machine (GRand).  The app
 * and `memsim-cli generate` share it.
 */
#pragma once

#include "memsim-types.h"

G_BEGIN_DECLS

typedef enum {
  MEMSIM_WORKLOAD_CLASSIC,
  MEMSIM_WORKLOAD_CHURN,
  MEMSIM_WORKLOAD_PHASES,
  MEMSIM_WORKLOAD_QUEUE,
  MEMSIM_N_WORKLOADS
} MemsimWorkloadTemplate;

const char *memsim_workload_template_to_string   (MemsimWorkloadTemplate  template_);
gboolean    memsim_workload_template_from_string (const char             *text,
                                                  MemsimWorkloadTemplate *out_template);
/* One line for a list of templates. */
const char *memsim_workload_template_describe    (MemsimWorkloadTemplate  template_);

typedef enum {
  MEMSIM_WORKLOAD_OP_ALLOC,
  MEMSIM_WORKLOAD_OP_FREE,
  MEMSIM_WORKLOAD_OP_COMPACT,
} MemsimWorkloadOpKind;

typedef struct {
  MemsimWorkloadOpKind kind;
  guint64              id;      /* 0, 1, 2… in the order of allocation */
  guint64              size;    /* bytes, on an allocation */
} MemsimWorkloadOp;

typedef struct {
  MemsimWorkloadTemplate template_;
  guint32                seed;
  guint64                n_ops;
  guint64                total;  /* the heap the workload is meant for */
} MemsimWorkloadParams;

#define MEMSIM_WORKLOAD_DEFAULT_SEED 42

/* The template's defaults: seed 42, its total, 1000 operations (classic)
 * or 5000 (the others). */
void memsim_workload_params_init (MemsimWorkloadParams   *params,
                                  MemsimWorkloadTemplate  template_);

typedef struct _MemsimWorkload MemsimWorkload;

MemsimWorkload *memsim_workload_new  (const MemsimWorkloadParams *params);
void            memsim_workload_free (MemsimWorkload             *workload);
/* The next operation; FALSE after n_ops of them. */
gboolean        memsim_workload_next (MemsimWorkload             *workload,
                                      MemsimWorkloadOp           *out_op);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MemsimWorkload, memsim_workload_free)

typedef enum {
  MEMSIM_WORKLOAD_FILE_MSIM,    /* a script: init, alloc pN, free pN, compact */
  MEMSIM_WORKLOAD_FILE_REP,     /* a .rep trace: compactions cannot be written */
} MemsimWorkloadFile;

typedef struct {
  guint64 n_ops[3];             /* by MemsimWorkloadOpKind, as generated */
  guint64 n_written;            /* lines of operations written */
} MemsimWorkloadCounts;

/* Writes the workload to @path; @out_counts may be NULL. */
gboolean memsim_workload_write (const MemsimWorkloadParams *params,
                                MemsimWorkloadFile          file,
                                const char                 *path,
                                MemsimWorkloadCounts       *out_counts,
                                GError                    **error);

G_END_DECLS
