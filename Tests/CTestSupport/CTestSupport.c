#define _GNU_SOURCE 1
#include "CTestSupport.h"
#include <sys/syscall.h>
#include <unistd.h>

int
ctest_pidfd_open(pid_t pid, unsigned int flags)
{
    return (int) syscall(SYS_pidfd_open, pid, flags);
}
