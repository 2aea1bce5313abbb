/* A C++ program written for glibc 2.36: <sys/pidfd.h> and pidfd_open().
   glibc 2.36's header declares pidfd_open without extern "C"; through the
   shim's replacement header the call must still link, to glibc's function
   or (forced) to the shim's. Compiled as C++ (-x c++). */
#include <sys/pidfd.h>
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int
main(void)
{
    int pidfd = pidfd_open(getpid(), 0);
    if (pidfd < 0) {
        printf("pidfd_open failed: errno %d\n", errno);
        return 1;
    }
    close(pidfd);
    printf("pidfd_open ok\n");
    return 0;
}
