/* Compiled by the C shim matrix test in every configuration (C and C++, glibc
   and musl, both include orders, with and without _GNU_SOURCE). It prints
   which implementation the headers chose and checks the EBADF answer. */
#ifdef WITH_GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#if defined(ORDER_SHIM_FIRST)
# include <sysshim.h>
# include <sys/mman.h>
#elif defined(ORDER_LIBC_FIRST)
# include <sys/mman.h>
# include <sysshim.h>
#else
/* ORDER_REPLACEMENT: a program written for glibc 2.36, unchanged. */
# include <sys/mman.h>
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>

int
main(void)
{
    int result;

    errno = 0;
    result = process_mrelease(-1, 0);
    printf("path=%s result=%d errno=%s\n",
           SYSSHIM_LIBC_HAS_process_mrelease ? "libc" : "shim",
           result, errno == EBADF ? "EBADF" : strerror(errno));
    return result == -1 && errno == EBADF ? 0 : 1;
}
