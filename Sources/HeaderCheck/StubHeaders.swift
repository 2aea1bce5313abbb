import SyscallSpec

/// The system headers of the foreign and simulated configurations: this machine
/// has no C library for mips or s390x, so the validator hands libclang small
/// stand-ins from memory (with `-nostdlibinc`, so only these and the compiler's
/// own builtin headers such as <stddef.h> and <stdint.h> are found).
///
/// They model a C library that declares none of the catalogue's calls and whose
/// <sys/syscall.h> has no `__NR_*` numbers, so the generated headers take their
/// own path everywhere: the shim's wrappers and the spec's per-ABI number table.
/// Types follow each target's data model through the compiler's predefined
/// macros (`__SIZE_TYPE__`, `__PTRDIFF_TYPE__`); the kernel's fixed-width types
/// use the `long long` convention every architecture's UAPI headers use.
enum StubHeaders {
    /// Where the stubs appear to live. The directory does not exist on disk;
    /// `sysshim validate --emit-clang-commands` writes the same files there
    /// under its own directory instead.
    static let virtualDirectory = "/__sysshim_validate__/include"

    static let files: [(path: String, contents: String)] = [
        ("features.h", """
        /* Stub: a C library that is neither glibc nor declares any of sysshim's calls.
           Like musl, it shows POSIX and BSD declarations unless the compiler is in
           a strict ISO mode and no feature-test macro asks for them. */
        #ifndef _SYSSHIM_STUB_FEATURES_H
        #define _SYSSHIM_STUB_FEATURES_H 1
        #if !defined(_POSIX_SOURCE) && !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) \\
            && !defined(_GNU_SOURCE) && !defined(_BSD_SOURCE) && !defined(__STRICT_ANSI__)
        # define _BSD_SOURCE 1
        # define _XOPEN_SOURCE 700
        #endif
        #if defined(_POSIX_SOURCE) || defined(_POSIX_C_SOURCE) || defined(_XOPEN_SOURCE) \\
            || defined(_GNU_SOURCE) || defined(_BSD_SOURCE) || defined(_DEFAULT_SOURCE)
        # define _SYSSHIM_STUB_POSIX 1
        #endif
        #endif

        """),
        ("errno.h", """
        #ifndef _SYSSHIM_STUB_ERRNO_H
        #define _SYSSHIM_STUB_ERRNO_H 1
        #ifdef __cplusplus
        extern "C" {
        #endif
        extern int *__errno_location (void);
        #ifdef __cplusplus
        }
        #endif
        #define errno (*__errno_location ())
        #endif

        """),
        ("unistd.h", """
        #ifndef _SYSSHIM_STUB_UNISTD_H
        #define _SYSSHIM_STUB_UNISTD_H 1
        #ifdef __cplusplus
        extern "C" {
        #endif
        extern long syscall (long, ...);
        #ifdef __cplusplus
        }
        #endif
        #endif

        """),
        ("sys/syscall.h", """
        /* Stub: no __NR_* numbers, so the generated headers use the spec's table. */

        """),
        ("sys/types.h", """
        #ifndef _SYSSHIM_STUB_SYS_TYPES_H
        #define _SYSSHIM_STUB_SYS_TYPES_H 1
        #include <stddef.h>
        typedef __PTRDIFF_TYPE__ ssize_t;
        typedef int pid_t;
        typedef unsigned int uid_t;
        typedef unsigned int mode_t;
        #endif

        """),
        ("time.h", """
        #ifndef _SYSSHIM_STUB_TIME_H
        #define _SYSSHIM_STUB_TIME_H 1
        #include <features.h>
        struct timespec { long tv_sec; long tv_nsec; };
        #ifdef _SYSSHIM_STUB_POSIX
        typedef int clockid_t;
        #endif
        #endif

        """),
        ("sys/uio.h", """
        #ifndef _SYSSHIM_STUB_SYS_UIO_H
        #define _SYSSHIM_STUB_SYS_UIO_H 1
        #include <stddef.h>
        struct iovec { void *iov_base; size_t iov_len; };
        #endif

        """),
        ("signal.h", """
        #ifndef _SYSSHIM_STUB_SIGNAL_H
        #define _SYSSHIM_STUB_SIGNAL_H 1
        #include <features.h>
        #ifdef _SYSSHIM_STUB_POSIX
        typedef struct { int si_signo; int si_errno; int si_code; int __si_fields[29]; } siginfo_t;
        #endif
        #endif

        """),
        ("linux/types.h", """
        #ifndef _SYSSHIM_STUB_LINUX_TYPES_H
        #define _SYSSHIM_STUB_LINUX_TYPES_H 1
        typedef signed char __s8;
        typedef unsigned char __u8;
        typedef short __s16;
        typedef unsigned short __u16;
        typedef int __s32;
        typedef unsigned int __u32;
        __extension__ typedef long long __s64;
        __extension__ typedef unsigned long long __u64;
        #define __aligned_u64 __u64 __attribute__ ((__aligned__ (8)))
        #endif

        """),
    ]

    /// The fixed stubs, and an empty stub for every other header that flags of
    /// the catalogue name as `system_header` (<fcntl.h> for O_CLOEXEC): the
    /// generated headers include it, and the constants are the C library's
    /// business, compared with the spec on this machine's own C libraries only.
    static func files(for catalogue: Catalogue) -> [(path: String, contents: String)] {
        let fixed = Set(files.map(\.path))
        let named = Set(catalogue.flagSets.values.flatMap(\.flags).compactMap(\.systemHeader))
        let empty = named.subtracting(fixed).sorted().map { header in
            (header, "/* Stub: <\(header)> of a C library, without the constants the shim leaves to it. */\n")
        }
        return files + empty
    }

    /// The stubs as unsaved files under `directory`.
    static func unsavedFiles(for catalogue: Catalogue, in directory: String = virtualDirectory) -> [ClangIndex.UnsavedFile] {
        files(for: catalogue).map { ClangIndex.UnsavedFile(path: "\(directory)/\($0.path)", contents: $0.contents) }
    }
}
