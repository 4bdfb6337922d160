/* memsim-preload.h: what the files of libmemsim-preload.so share (private) */
#pragma once

#define PUBLIC  __attribute__ ((visibility ("default")))

/* Writes the buffered records out now (takes the recorder's lock). */
void memsim_preload_flush (void);
