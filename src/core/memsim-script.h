/* memsim-script.h: the .msim script language (SEMANTICS.md §8) */
#pragma once

#include "memsim-op.h"

G_BEGIN_DECLS

/* Parses a whole script into a GPtrArray of MemsimOp (owned, free func set).
 * On a syntax error returns NULL and sets MEMSIM_ERROR_SYNTAX with a message
 * "FILE:LINE:COLUMN: what is wrong"; nothing is half-parsed. */
GPtrArray *memsim_script_parse      (const char  *text,
                                     gssize       length,
                                     const char  *filename,
                                     GError     **error);
GPtrArray *memsim_script_parse_file (const char  *path,
                                     GError     **error);

G_END_DECLS
