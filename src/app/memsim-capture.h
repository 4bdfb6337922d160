/* memsim-capture.h: the app photographing and timing itself */
#pragma once

#include "memsim-window.h"

G_BEGIN_DECLS

/* Once @window has opened its file and drawn a few frames, renders it to
 * the PNG @path and quits @app (make screenshots). */
void memsim_capture_screenshot  (MemsimWindow *window,
                                 const char   *path,
                                 GApplication *app);
/* Prints the time from @start_usec (g_get_monotonic_time() at main()) to
 * the end of @window's first painted frame, then quits @app. */
void memsim_capture_first_frame (MemsimWindow *window,
                                 gint64        start_usec,
                                 GApplication *app);

G_END_DECLS
