/* memsim-preload.h: what the files of libmemsim-preload.so share (private) */
#pragma once

#define PUBLIC  __attribute__ ((visibility ("default")))

/* Writes the buffered records out now (takes the recorder's lock). */
void memsim_preload_flush (void);
/* Our LD_PRELOAD entry when an exec of this process must keep recording
 * (not a fork()ed child, children not recorded otherwise); else NULL. */
const char *memsim_preload_self (void);
