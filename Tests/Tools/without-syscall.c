/* without-syscall NR ERRNO PROGRAM [ARGS...]
 *
 * Runs PROGRAM with a seccomp filter that makes system call NR fail with
 * ERRNO (e.g. ENOSYS = 38 to play a kernel that lacks the call, or EINTR).
 * Tests use it to exercise paths a healthy kernel never takes. The filter
 * allows every other call; no_new_privs is set first so no privilege is needed.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

#if defined(__x86_64__)
# define ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
# define ARCH AUDIT_ARCH_AARCH64
#else
# error "without-syscall: add this architecture's AUDIT_ARCH"
#endif

int
main(int argc, char *argv[])
{
    unsigned long nr, error;
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = { sizeof filter / sizeof filter[0], filter };

    if (argc < 4) {
        fprintf(stderr, "usage: %s NR ERRNO PROGRAM [ARGS...]\n", argv[0]);
        return 2;
    }
    nr = strtoul(argv[1], NULL, 0);
    error = strtoul(argv[2], NULL, 0);
    filter[4].k = (unsigned int) nr;
    filter[5].k = SECCOMP_RET_ERRNO | (error & SECCOMP_RET_DATA);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        perror("prctl(PR_SET_NO_NEW_PRIVS)");
        return 2;
    }
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
        perror("prctl(PR_SET_SECCOMP)");
        return 2;
    }
    execvp(argv[3], argv + 3);
    perror(argv[3]);
    return 127;
}
