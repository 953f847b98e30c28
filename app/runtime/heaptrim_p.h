// Gives freed heap back to the system after a burst of large buffers.
#pragma once

namespace starling::detail {

// glibc keeps freed heap for later allocations, so a process that once held many large buffers (stuck
// streams' backlogs, request bodies held by slow clients) would keep that peak for good. This asks for a
// malloc_trim(0) one second from now (the buffers go with sockets and generators deleted a little later),
// pushed back by each further request of a burst (for at most ten seconds), at most once per ten seconds: it
// walks the whole heap, so it never runs in a hot path. Does nothing without glibc. Main thread only; needs a
// QCoreApplication.
void scheduleHeapTrim();

} // namespace starling::detail
