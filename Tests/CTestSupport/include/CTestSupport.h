/* C helpers for the Swift tests: calls the tests need that have no Swift
   spelling (variadic syscall(2)), kept out of the bindings under test. */
#ifndef CTESTSUPPORT_H
#define CTESTSUPPORT_H

#include <sys/types.h>

/* pidfd_open(2) through syscall(2), independent of the C library's wrapper. */
int ctest_pidfd_open(pid_t pid, unsigned int flags);

#endif
