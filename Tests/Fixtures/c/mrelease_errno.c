/* Calls process_mrelease(-1, 0) once and prints what came back, so tests can
   run it under strace or with the call made to fail by a seccomp filter. */
#define _GNU_SOURCE 1
#include <sysshim.h>
#include <errno.h>
#include <stdio.h>

int
main(void)
{
    int result;

    errno = 0;
    result = process_mrelease(-1, 0);
    printf("path=%s result=%d errno=%d\n", SYSSHIM_LIBC_HAS_process_mrelease ? "libc" : "shim", result, errno);
    return 0;
}
