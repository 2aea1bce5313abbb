/* Calls sysshim_raw_process_mrelease(-1, 0) once, errno preset to a value no
   call sets, and prints what came back: the raw wrapper must return the
   kernel's -errno and leave errno as it was. */
#define _GNU_SOURCE 1
#include <sysshim.h>
#include <errno.h>
#include <stdio.h>

int
main(void)
{
    int result;

    errno = 12345;
    result = sysshim_raw_process_mrelease(-1, 0);
    printf("result=%d errno=%d\n", result, errno);
    return 0;
}
