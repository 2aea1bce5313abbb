/* Calls the shim's wrapper with garbage in the upper halves of the argument
   registers, as a caller compiled from another language or an older prototype
   might leave them (the x86_64 ABI leaves them undefined for 32-bit
   arguments). The wrapper must hand the kernel the values of its declared C
   types: strace -e raw= shows exactly what reached the kernel. Calling through
   a pointer of another type is undefined in ISO C; it is done here on purpose,
   at the ABI level, the way strace's own tests do. */
#include <sysshim.h>
#include <errno.h>
#include <stdio.h>

typedef int (*wide_signature)(unsigned long, unsigned long);

int
main(void)
{
    wide_signature call = (wide_signature) (void (*)(void)) sysshim_process_mrelease;
    /* Low halves: pidfd -1, flags 0. */
    int result = call(0xdeadbeefffffffffUL, 0xdeadbeef00000000UL);

    printf("result=%d errno=%d\n", result, errno);
    return result == -1 && errno == EBADF ? 0 : 1;
}
