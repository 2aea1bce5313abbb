/* One process_mrelease(-1, 0) per iteration (EBADF, the cheapest kernel
 * path), through the entry point VARIANT selects. The benchmark counts the
 * instructions of two runs with different iteration counts under callgrind;
 * their difference divided by the extra iterations is the cost of one call,
 * startup and exit cancelled out. Callgrind sees user-space instructions
 * only, which is what the wrappers differ in.
 *
 *   VARIANT_RAW            the syscall instruction, inline (the floor)
 *   VARIANT_GLIBC          glibc 2.36's own process_mrelease
 *   VARIANT_GLIBC_SYSCALL  glibc's syscall(2)
 *   VARIANT_SHIM           the shim: sysshim_process_mrelease from libsysshim,
 *                          or inline with -DSYSSHIM_INLINE (header path)
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef VARIANT_SHIM
# include <sysshim.h>
#endif

static inline long
raw_process_mrelease(int pidfd, unsigned int flags)
{
    long ret;
    __asm__ __volatile__ ("syscall" : "=a" (ret)
                          : "a" ((long) SYS_process_mrelease), "D" ((long) pidfd), "S" ((long) (unsigned long) flags)
                          : "rcx", "r11", "memory");
    return ret;
}

int
main(int argc, char *argv[])
{
    long iterations = argc > 1 ? atol(argv[1]) : 1000;
    long failures = 0;
    long i;

    for (i = 0; i < iterations; i++) {
#if defined(VARIANT_RAW)
        failures += raw_process_mrelease(-1, 0) == -EBADF;
#elif defined(VARIANT_GLIBC)
        failures += process_mrelease(-1, 0) == -1;
#elif defined(VARIANT_GLIBC_SYSCALL)
        failures += syscall(SYS_process_mrelease, -1, 0) == -1;
#elif defined(VARIANT_SHIM)
        failures += sysshim_process_mrelease(-1, 0) == -1;
#else
# error "define a VARIANT_*"
#endif
    }
    /* Every call must have failed with EBADF, or the count measured something else. */
    if (failures != iterations) {
        fprintf(stderr, "expected %ld failures, got %ld\n", iterations, failures);
        return 1;
    }
    return 0;
}
