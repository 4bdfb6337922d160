/* memsim-cli-soak.h: the soak benchmark of `memsim-cli bench --soak` */
#pragma once

#include "memsim-cli.h"

G_BEGIN_DECLS

/* Drives every policy through @n_ops operations around a steady live set of
 * @n_live blocks (1 … G_MAXINT32) and prints the process's RSS, sampled
 * every @n_ops / 20 operations; returns an exit status. */
int memsim_cli_soak (guint64 n_ops,
                     guint64 n_live,
                     guint64 seed);

G_END_DECLS
