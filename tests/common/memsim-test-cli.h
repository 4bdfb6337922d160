/* memsim-test-cli.h: running the built memsim-cli from a test */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int   status;   /* the exit status */
  char *out;
  char *err;
} MemsimCliResult;

void memsim_test_cli_result_clear (MemsimCliResult *r);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MemsimCliResult, memsim_test_cli_result_clear)

/* Runs the memsim-cli that meson names in MEMSIM_CLI with the
 * NULL-terminated arguments; the test fails if it does not exit normally. */
void memsim_test_run_cli (MemsimCliResult *r,
                          const char      *first,
                          ...);

/* Removes @dir and the files in it (tests make flat temporary folders). */
void memsim_test_remove_dir (const char *dir);

G_END_DECLS
