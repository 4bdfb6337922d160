/* memsim-cli.h: what the subcommands of memsim-cli share (private) */
#pragma once

#include <stdio.h>

#include "memsim-heap.h"
#include "memsim-trace.h"
#include "memsim-session.h"

G_BEGIN_DECLS

/* Exit statuses (docs/memsim-cli.md). */
enum {
  MEMSIM_CLI_EXIT_OK = 0,
  MEMSIM_CLI_EXIT_FAILED = 1,   /* an operation failed under --strict */
  MEMSIM_CLI_EXIT_USAGE = 2,    /* bad input or usage */
};

typedef struct {
  const char         *name;
  const char         *parameter;    /* "FILE.msim" */
  const char         *summary;      /* one line for the command list */
  const char         *description;  /* the paragraph after the options */
  const GOptionEntry *entries;
  int               (*main) (int    argc,
                             char **argv);
} MemsimCliCommand;

extern const MemsimCliCommand memsim_cli_run_command;
extern const MemsimCliCommand memsim_cli_replay_command;
extern const MemsimCliCommand memsim_cli_bench_command;
extern const MemsimCliCommand memsim_cli_record_command;
extern const MemsimCliCommand memsim_cli_convert_command;
extern const MemsimCliCommand memsim_cli_generate_command;
extern const MemsimCliCommand memsim_cli_compare_command;
extern const MemsimCliCommand memsim_cli_open_command;
extern const MemsimCliCommand memsim_cli_info_command;
extern const MemsimCliCommand memsim_cli_export_command;

/* Parses @argv (argv[0] is the command name) with the command's options and
 * checks that exactly @n_args arguments are left; prints the reason and
 * returns FALSE otherwise. */
gboolean memsim_cli_parse_args (const MemsimCliCommand *command,
                                int                    *argc,
                                char                 ***argv,
                                int                     n_args);

/* --format (NULL: AUTO); prints the reason on failure. */
gboolean memsim_cli_parse_format     (const char             *text,
                                      MemsimTraceFormat      *out_format);

/* "memsim-cli: MESSAGE" on stderr. */
void     memsim_cli_error      (const char *format,
                                ...) G_GNUC_PRINTF (1, 2);
/* Like memsim_cli_error(), then returns MEMSIM_CLI_EXIT_USAGE. */
int      memsim_cli_usage_error (const MemsimCliCommand *command,
                                 const char             *format,
                                 ...) G_GNUC_PRINTF (2, 3);
/* Parses a size option ("16G"); prints the reason on failure. */
gboolean memsim_cli_parse_size (const char *option,
                                const char *text,
                                guint64    *out_size);

/* The summary table (memsim-cli-summary.c). */
void     memsim_cli_print_row  (FILE       *out,
                                const char *label,
                                const char *format,
                                ...) G_GNUC_PRINTF (3, 4);
/* "4.0 KiB": one decimal, IEC units, plain ASCII. */
char    *memsim_cli_format_iec (guint64     bytes);
void     memsim_cli_print_bytes (FILE       *out,
                                 const char *label,
                                 guint64     bytes);
void     memsim_cli_print_heap (FILE             *out,
                                const MemsimHeap *heap);
/* The object store's part of the summary, when it was used (run.c). */
void     memsim_cli_print_store_summary (const MemsimObjectStore *store);
/* A session from a .memsim file, or from running a .msim script (by the
 * extension); NULL once the reason was printed (memsim-cli-open.c). */
MemsimSession *memsim_cli_load_session (const char *path);
/* Writes the §10 JSON of @heap on stdout. */
void     memsim_cli_print_json (const MemsimHeap *heap);

G_END_DECLS
