/*
 * Builds every argument class of every role with the constructors the
 * generator emits (argtest_domain_tables.h, written by the test from
 * ArgTestEmitter.domainSelfTestTables()), checks that each built what its
 * class says, then releases it and checks that nothing it made is left: no
 * descriptor, no child, no temporary path. Prints "ok"/"not ok" lines and
 * exits 1 on any failure.
 */
#define _GNU_SOURCE 1
#include "argtest.h"
#include "argtest_domain_tables.h"

static int failures;
static int checks;

static void
check (int condition, const struct argtest_param *param, const char *name, const char *what)
{
    checks++;
    if (!condition) {
        failures++;
        printf ("not ok - %s <%s>: %s\n", param->name, name, what);
    }
}

/* Whether the kernel can copy `length` bytes from (read) or into (write) the
   memory: through a pipe, which copies what it is given (/dev/null does not look). */
static int
readable (const void *memory, size_t length)
{
    int ends[2];
    ssize_t done;
    if (pipe (ends) != 0)
        return 0;
    done = write (ends[1], memory, length);
    close (ends[0]);
    close (ends[1]);
    return done == (ssize_t) length;
}

static int
writable (void *memory, size_t length)
{
    int fd = open ("/dev/zero", O_RDONLY | O_CLOEXEC);
    ssize_t done = read (fd, memory, length);
    close (fd);
    return done == (ssize_t) length;
}

static int
file_type (int fd)
{
    struct stat status;
    return fstat (fd, &status) == 0 ? (int) (status.st_mode & S_IFMT) : -1;
}

/* Whether /proc/self/fd/<fd> (or, for a pid, /proc/<pid>/status) says what is expected. */
static int
link_starts_with (int fd, const char *prefix)
{
    char path[64], target[256];
    ssize_t length;
    snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
    length = readlink (path, target, sizeof target - 1);
    if (length < 0)
        return 0;
    target[length] = '\0';
    return strncmp (target, prefix, strlen (prefix)) == 0;
}

/* The real uid of a process, from /proc/<pid>/status; -1 if unknown. */
static long
process_uid (pid_t pid)
{
    char path[64], line[256];
    long uid = -1;
    FILE *status;
    snprintf (path, sizeof path, "/proc/%ld/status", (long) pid);
    status = fopen (path, "r");
    if (status == NULL)
        return -1;
    while (fgets (line, sizeof line, status) != NULL)
        if (sscanf (line, "Uid: %ld", &uid) == 1)
            break;
    fclose (status);
    return uid;
}

/* The pid of a pidfd, from /proc/self/fdinfo/<fd>. */
static pid_t
pidfd_pid (int fd)
{
    char path[64], line[256];
    long pid = -1;
    FILE *info;
    snprintf (path, sizeof path, "/proc/self/fdinfo/%d", fd);
    info = fopen (path, "r");
    if (info == NULL)
        return -1;
    while (fgets (line, sizeof line, info) != NULL)
        if (sscanf (line, "Pid: %ld", &pid) == 1)
            break;
    fclose (info);
    return (pid_t) pid;
}

/* The memory policy of a page (get_mempolicy with MPOL_F_ADDR), or -1. */
static int
page_policy (void *address)
{
    int mode = -1;
#if defined(SYS_get_mempolicy)
    if (syscall (SYS_get_mempolicy, &mode, NULL, 0UL, address, 2UL /* MPOL_F_ADDR */) != 0)
        return -1;
#else
    (void) address;
#endif
    return mode;
}

/* What each class must have built, by its name and role. */
static void
check_built (const struct argtest_param *param, const char *name, struct argtest_fixture *f)
{
    const char *role = param->role;
    size_t object = param->object_size * (param->element_count ? param->element_count : 1);

    check (argtest_fixture_still_valid (f), param, name, "not in its class's state right after being built");
    if (!strcmp (role, "pidfd") || !strcmp (role, "fd")) {
        int fd = (int) f->value.i;
        if (!strcmp (name, "closed") || !strcmp (name, "fd-max"))
            check (!argtest_fd_is_open (fd), param, name, "the descriptor is open");
        else if (!strcmp (name, "regular-file"))
            check (file_type (fd) == S_IFREG, param, name, "not a regular file");
        else if (!strcmp (name, "pipe"))
            check (file_type (fd) == S_IFIFO, param, name, "not a pipe");
        else if (!strcmp (name, "proc-pid-dir"))
            check (file_type (fd) == S_IFDIR, param, name, "not a directory");
        else if (!strcmp (name, "directory")) {
            struct stat here, there;
            check (fstat (fd, &there) == 0 && stat (".", &here) == 0 && here.st_ino == there.st_ino
                   && here.st_dev == there.st_dev, param, name, "not the working (temporary) directory");
        } else if (!strcmp (name, "o-path"))
            check ((fcntl (fd, F_GETFL) & O_PATH) == O_PATH && file_type (fd) == S_IFDIR, param, name,
                   "not a directory opened with O_PATH");
        else if (!strcmp (name, "memfd"))
            check (link_starts_with (fd, "/memfd:"), param, name, "not a memfd");
        else if (!strcmp (name, "socket"))
            check (file_type (fd) == S_IFSOCK, param, name, "not a socket");
        else if (!strcmp (name, "eventfd"))
            check (link_starts_with (fd, "anon_inode:[eventfd]"), param, name, "not an eventfd");
        else if (!strcmp (name, "nsfs"))
            check (link_starts_with (fd, "mnt:["), param, name, "not a mount namespace file");
        else if (!strcmp (name, "landlock-ruleset"))
            check (link_starts_with (fd, "anon_inode:[landlock-ruleset]"), param, name, "not a Landlock ruleset");
        else if (fd >= 0)
            check (argtest_fd_is_open (fd), param, name, "the descriptor is not open");
        if (!strcmp (name, "other-user-process"))
            check (process_uid (pidfd_pid (fd)) == ARGTEST_NOBODY, param, name, "the child does not run as uid 65534");
        if (!strcmp (name, "pgrp-leader-child"))
            check (getpgid (pidfd_pid (fd)) == pidfd_pid (fd), param, name, "the child does not lead its process group");
        if ((strstr (name, "child") != NULL && strcmp (name, "reaped-child") != 0) || !strcmp (name, "other-user-process"))
            check (f->child >= 0 && argtest_children[f->child].in_use, param, name, "no registered child");
        if (!strcmp (name, "stopped-child"))
            check (argtest_child_state_now (f->child) == ARGTEST_CHILD_STOPPED, param, name, "the child is not stopped");
        if (!strcmp (name, "zombie-child"))
            check (argtest_child_state_now (f->child) == ARGTEST_CHILD_ZOMBIE, param, name, "the child is not a zombie");
        if (!strcmp (name, "reaped-child"))
            check (f->child < 0, param, name, "the reaped child is still registered");
    } else if (!strcmp (role, "pid")) {
        if (!strcmp (name, "live-child"))
            check (kill ((pid_t) f->value.i, 0) == 0, param, name, "no such process");
        if (!strcmp (name, "zombie-child"))
            check (argtest_child_state_now (f->child) == ARGTEST_CHILD_ZOMBIE, param, name, "the child is not a zombie");
        if (!strcmp (name, "reaped-child"))
            check (kill ((pid_t) f->value.i, 0) == -1 && errno == ESRCH, param, name, "the process still exists");
        if (!strcmp (name, "self"))
            check (f->value.i == getpid (), param, name, "not the caller's pid");
        if (!strcmp (name, "other-user-process"))
            check (process_uid ((pid_t) f->value.i) == ARGTEST_NOBODY, param, name, "the child does not run as uid 65534");
        if (!strcmp (name, "non-leader-thread")) {
            char path[64];
            struct stat status;
            snprintf (path, sizeof path, "/proc/self/task/%lld", f->value.i);
            check (f->value.i != getpid () && stat (path, &status) == 0, param, name, "not another thread of the caller");
        }
    } else if (!strcmp (role, "path")) {
        const char *path = f->value.p;
        struct stat status;
        if (!strcmp (name, "null"))
            check (path == NULL, param, name, "not NULL");
        else if (!strcmp (name, "unmapped"))
            check (!readable (path, 1), param, name, "readable");
        else if (!strcmp (name, "empty"))
            check (path[0] == '\0', param, name, "not empty");
        else if (!strcmp (name, "nonexistent"))
            check (stat (path, &status) == -1 && errno == ENOENT, param, name, "exists");
        else if (!strcmp (name, "regular-file"))
            check (stat (path, &status) == 0 && S_ISREG (status.st_mode), param, name, "not a regular file");
        else if (!strcmp (name, "directory"))
            check (stat (path, &status) == 0 && S_ISDIR (status.st_mode), param, name, "not a directory");
        else if (!strcmp (name, "too-long"))
            check (strlen (path) == PATH_MAX + 1, param, name, "not PATH_MAX + 1 bytes long");
        else if (!strcmp (name, "symlink"))
            check (path[0] != '/' && lstat (path, &status) == 0 && S_ISLNK (status.st_mode) && stat (path, &status) == 0
                   && S_ISREG (status.st_mode), param, name, "not a relative symbolic link to a regular file");
        else if (!strcmp (name, "absolute"))
            check (path[0] == '/' && stat (path, &status) == 0 && S_ISREG (status.st_mode), param, name,
                   "not the absolute path of a regular file");
        if (!strcmp (name, "regular-file") || !strcmp (name, "directory") || !strcmp (name, "nonexistent"))
            check (path[0] != '/', param, name, "not relative");
    } else if (param->type == ARGTEST_POINTER && strcmp (role, "address") != 0) {
        char *memory = f->value.p;
        if (!strcmp (name, "null"))
            check (memory == NULL, param, name, "not NULL");
        else if (!strcmp (name, "unmapped"))
            check (!readable (memory, 1) && !writable (memory, 1), param, name, "accessible");
        else if (!strcmp (name, "read-only"))
            check (readable (memory, object) && !writable (memory, 1), param, name, "not read-only");
        else if (!strcmp (name, "valid")) {
            check (object > 0 && readable (memory, object) && writable (memory, object), param, name,
                   "not readable and writable");
            if (param->sized_by >= 0)
                check (readable (memory, argtest_page + 8) && writable (memory, argtest_page + 8), param, name,
                       "no room for the size classes after the object");
            check (!readable ((char *) f->map + f->map_length - argtest_page, 1), param, name, "no guard page after it");
        }
    } else if (!strcmp (role, "address")) {
        char *address = f->value.p;
        if (!strncmp (name, "mapped", 6))
            check ((uintptr_t) address % argtest_page == 0 && writable (address, argtest_page)
                   && !readable (address + argtest_page, 1), param, name, "not a mapped page followed by a hole");
        if (!strcmp (name, "mapped-bind"))
            check (page_policy (address) == ARGTEST_MPOL_BIND, param, name, "no MPOL_BIND policy");
        if (!strcmp (name, "mapped-interleave"))
            check (page_policy (address) == ARGTEST_MPOL_INTERLEAVE, param, name, "no MPOL_INTERLEAVE policy");
        else if (!strcmp (name, "unaligned"))
            check ((uintptr_t) address % argtest_page == 1 && writable (address, 1), param, name, "not one past a mapped page");
        else if (!strcmp (name, "unmapped"))
            check (!readable (address, 1), param, name, "mapped");
    } else if (!strcmp (role, "size")) {
        unsigned long long expected = !strcmp (name, "zero") ? 0 : !strcmp (name, "too-small") ? param->min_size - 1
                                      : !strcmp (name, "exact") ? param->object_size
                                      : !strcmp (name, "too-large") || !strcmp (name, "nonzero-tail") ? param->object_size + 8
                                      : !strcmp (name, "over-page") ? argtest_page + 8 : 1ULL << 30;
        check (param->object_size > 1 && f->value.u == expected, param, name, "not the size its class names");
    } else if (!strcmp (role, "count")) {
        unsigned long long expected = !strcmp (name, "zero") ? 0 : !strcmp (name, "one") ? 1
                                      : !strcmp (name, "matching") ? ARGTEST_ARRAY_LENGTH : 1ULL << 20;
        check (f->value.u == expected, param, name, "not the count its class names");
    } else if (!strcmp (role, "length")) {
        if (!strcmp (name, "page"))
            check (f->value.u == argtest_page, param, name, "not the page size");
        if (!strcmp (name, "overflowing"))
            check (f->value.u % argtest_page == 0 && f->value.u > (1ULL << 48), param, name, "not huge and aligned");
        if (!strcmp (name, "wraps-to-zero"))
            check (f->value.u == ~0ULL && ((f->value.u + argtest_page - 1) & ~(argtest_page - 1)) == 0, param, name,
                   "does not wrap to 0 when rounded up to a page");
    } else if (!strcmp (role, "remote-fd")) {
        if (!strcmp (name, "open-in-target"))
            check (f->value.i == ARGTEST_REMOTE_FD && argtest_fd_is_open (ARGTEST_REMOTE_FD), param, name,
                   "not the open remote descriptor number");
        else if (!strcmp (name, "not-open-in-target"))
            check (f->value.i >= 0 && f->value.i != ARGTEST_REMOTE_FD && !argtest_fd_is_open ((int) f->value.i), param, name,
                   "open");
        else
            check (f->value.i < 0 || f->value.i == INT_MAX, param, name, "not negative or INT_MAX");
    } else if (!strcmp (role, "numa-node")) {
        check (f->value.u == (!strcmp (name, "online-node") ? 0 : ARGTEST_NONEXISTENT_NODE), param, name,
               "not the node its class names");
    }
}

/* Builds a class, checks it, releases it and checks that the release undid everything. */
static void
check_class (const struct argtest_param *param, size_t index)
{
    const char *name = param->class_names[index];
    struct argtest_fixture f;
    int fds[ARGTEST_FIXTURE_FDS], nfds, i, child, result;
    pid_t child_pid = 0;

    argtest_fixture_init (&f);
    f.class_index = (int) index;
    result = param->classes[index].build (param, &f);
    if (result != ARGTEST_BUILT) {
        check (0, param, name, f.detail[0] ? f.detail : "could not be built");
        argtest_fixture_release (&f);
        return;
    }
    f.built = 1;
    check_built (param, name, &f);
    nfds = f.nfds;
    memcpy (fds, f.fds, sizeof fds);
    child = f.child;
    if (child >= 0)
        child_pid = argtest_children[child].pid;
    argtest_fixture_release (&f);
    for (i = 0; i < nfds; i++)
        check (!argtest_fd_is_open (fds[i]), param, name, "a descriptor is still open after release");
    if (child >= 0)
        check (!argtest_children[child].in_use && waitpid (child_pid, NULL, WNOHANG) == -1 && errno == ECHILD,
               param, name, "the child was not reaped");
    printf ("ok - %s <%s>\n", param->name, name);
}

/* Flag terms look at the word's bits (as the parameter's type holds them),
   whatever the word's class: flag 0 is EVERY_KERNEL (0x1), flag 1 PROPOSED (0x2). */
static void
check_flag_terms (const struct argtest_param *param)
{
    static const struct {
        unsigned kind, flag;
        unsigned long long word;
        int accepted;
    } cases[] = {
        { ARGTEST_TERM_FLAG_EXACTLY, 0, 0x1, 1 },
        { ARGTEST_TERM_FLAG_EXACTLY, 0, 0x9, 0 },
        { ARGTEST_TERM_FLAG_EXACTLY, 0, 0x0, 0 },
        /* Bits beyond the parameter's 32 are not the word's. */
        { ARGTEST_TERM_FLAG_EXACTLY, 0, 0x100000001ULL, 1 },
        { ARGTEST_TERM_FLAG_WITH, 0, 0x9, 1 },
        { ARGTEST_TERM_FLAG_WITH, 0, 0x8, 0 },
        { ARGTEST_TERM_FLAG_WITHOUT, 0, 0x8, 1 },
        { ARGTEST_TERM_FLAG_WITHOUT, 0, 0x0, 1 },
        { ARGTEST_TERM_FLAG_WITHOUT, 0, 0xffffffffULL, 0 },
        /* A proposed flag is unknown to every kernel, and still the word's. */
        { ARGTEST_TERM_FLAG_EXACTLY, 1, 0x2, 1 },
        { ARGTEST_TERM_FLAG_WITH, 1, 0x3, 1 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct argtest_term term = { 0, cases[i].kind, cases[i].flag, 0, 0 };
        argtest_word word;
        char what[64];
        word.u = cases[i].word;
        snprintf (what, sizeof what, "term %zu on 0x%llx", i, cases[i].word);
        check (argtest_term_accepts (&term, param, 0, word) == cases[i].accepted, param, "flag terms", what);
    }
    {
        /* A term limited to kernels that do not include the running one accepts nothing. */
        struct argtest_term term = { 0, ARGTEST_TERM_FLAG_WITH, 0, ARGTEST_VERSION (999, 0, 0), 0 };
        argtest_word word;
        word.u = 0x1;
        check (!argtest_term_accepts (&term, param, 0, word), param, "flag terms", "a term of a future kernel accepted");
    }
    printf ("ok - %s evaluates flag terms\n", param->name);
}

/* Flag words and integers are classified by value on the running kernel. */
static void
check_classifications (const struct argtest_param *param)
{
    char detail[128];
    struct argtest_values values;
    size_t i;

    memset (&values, 0, sizeof values);
    argtest_exhaustive_values (param, &values);
    check (values.count > 0, param, "exhaustive", "no values");
    if (param->domain == ARGTEST_FLAG_BITS) {
        check (argtest_classify_flags (param, 0, detail, sizeof detail) == ARGTEST_FLAGS_ZERO, param, "zero", "0 is not zero");
        check (argtest_classify_flags (param, 1, detail, sizeof detail) == ARGTEST_FLAGS_KNOWN, param, "known",
               "a flag every kernel has is not known");
        check (argtest_classify_flags (param, 2, detail, sizeof detail) == ARGTEST_FLAGS_UNKNOWN, param, "unknown",
               "a proposed flag is not unknown");
        check (argtest_classify_flags (param, 4, detail, sizeof detail) == ARGTEST_FLAGS_UNKNOWN, param, "unknown",
               "a flag newer than the kernel is not unknown");
        check (argtest_classify_flags (param, 1u << 31, detail, sizeof detail) == ARGTEST_FLAGS_UNKNOWN, param, "unknown",
               "an undefined bit is not unknown");
        /* The set is exclusive: two known flags are several-known; with a proposed one, unknown. */
        check (argtest_classify_flags (param, 1 | 8, detail, sizeof detail) == ARGTEST_FLAGS_SEVERAL_KNOWN, param,
               "several-known", "two known flags of an exclusive set are not several-known");
        check (argtest_classify_flags (param, 1 | 2, detail, sizeof detail) == ARGTEST_FLAGS_UNKNOWN, param, "unknown",
               "a known and a proposed flag are not unknown");
        check (!strcmp (param->class_names[argtest_flag_class_index (param, ARGTEST_FLAGS_SEVERAL_KNOWN)], "several-known"),
               param, "several-known", "the class number does not name several-known");
        /* 0, four flags, all of them, the six pairs, 28 undefined bits, all bits. */
        check (values.count == 1 + 4 + 1 + 6 + 28 + 1, param, "exhaustive", "not every flag, pair and bit alone");
        check_flag_terms (param);
    } else if (param->domain == ARGTEST_FLAG_VALUES) {
        check (argtest_classify_flags (param, 1, detail, sizeof detail) == ARGTEST_FLAGS_KNOWN, param, "known",
               "a value every kernel has is not known");
        check (argtest_classify_flags (param, 2, detail, sizeof detail) == ARGTEST_FLAGS_UNKNOWN, param, "unknown",
               "a proposed value is not unknown");
        check (argtest_classify_flags (param, 3, detail, sizeof detail) == ARGTEST_FLAGS_UNKNOWN, param, "unknown",
               "an undefined value is not unknown");
        check (argtest_classify_flags (param, 0, detail, sizeof detail) == ARGTEST_FLAGS_ZERO, param, "zero", "0 is not zero");
        /* An enum has no several-known: its class numbers differ from a flag word's. */
        check (!strcmp (param->class_names[argtest_flag_class_index (param, ARGTEST_FLAGS_UNKNOWN)], "unknown"), param,
               "unknown", "the class number does not name unknown");
    } else if (param->type == ARGTEST_SIGNED) {
        check (argtest_classify_integer (param, (unsigned long long) -1LL) == ARGTEST_INT_MINUS_ONE, param, "minus-one", "-1");
        check (argtest_classify_integer (param, (unsigned long long) (long long) INT_MIN) == ARGTEST_INT_MIN, param, "min", "INT_MIN");
        check (argtest_classify_integer (param, INT_MAX) == ARGTEST_INT_MAX, param, "max", "INT_MAX");
        check (argtest_classify_integer (param, 7) == ARGTEST_INT_POSITIVE, param, "positive", "7");
        check (argtest_classify_integer (param, (unsigned long long) -7LL) == ARGTEST_INT_NEGATIVE, param, "negative", "-7");
        /* Wider words are what the int holds: 2^32 - 1 is -1. */
        check (argtest_classify_integer (param, 0xffffffffULL) == ARGTEST_INT_MINUS_ONE, param, "minus-one", "truncation");
        check (values.count == 7, param, "exhaustive", "not 0, 1, -1, min, max, 2, -2");
    } else {
        check (argtest_classify_integer (param, ~0ULL) == ARGTEST_INT_MAX, param, "max", "ULONG_MAX");
        check (argtest_classify_integer (param, 0) == ARGTEST_INT_ZERO, param, "zero", "0");
        check (values.count == 4, param, "exhaustive", "not 0, 1, max, 2");
    }
    for (i = 0; i < 1000; i++) {
        unsigned long long value = argtest_random_value (param, &values);
        int class_index = param->domain == ARGTEST_INTEGER
                              ? argtest_classify_integer (param, value)
                              : argtest_flag_class_index (param, argtest_classify_flags (param, value, detail, sizeof detail));
        check (class_index >= 0 && (size_t) class_index < param->nclasses, param, "random", "a value has no class");
    }
    free (values.items);
    printf ("ok - %s classifies values\n", param->name);
}

/* A line of /proc/self/status as a number ("CapEff:" is hexadecimal); -1 if absent. */
static long long
status_field (const char *name, int base)
{
    char line[256];
    long long value = -1;
    size_t length = strlen (name);
    FILE *status = fopen ("/proc/self/status", "r");
    if (status == NULL)
        return -1;
    while (fgets (line, sizeof line, status) != NULL)
        if (strncmp (line, name, length) == 0) {
            value = strtoll (line + length, NULL, base);
            break;
        }
    fclose (status);
    return value;
}

/* In a child: enters a caller context and reports what it became, as bits of the exit status. */
static int
context_child (int context)
{
    int problems = 0, fd, lowest;
    if (context == ARGTEST_CONTEXT_FD_LIMIT) {
        lowest = argtest_lowest_free_descriptor ();
        if (argtest_limit_descriptors (lowest) != 0)
            return 1;
        fd = open ("/dev/null", O_RDONLY);
        if (!(fd == -1 && errno == EMFILE))
            problems |= 2;
        return problems;
    }
    if (argtest_drop_privileges (context == ARGTEST_CONTEXT_NO_NEW_PRIVS) != 0)
        return 1;
    if (getuid () == 0 || geteuid () == 0)
        problems |= 2;
    if (getgroups (0, NULL) != 0)
        problems |= 4;
    if (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0) != 1)
        problems |= 8;
    if (prctl (PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != (context == ARGTEST_CONTEXT_NO_NEW_PRIVS))
        problems |= 16;
    if (status_field ("CapEff:", 16) != 0)
        problems |= 32;
    return problems;
}

/* Each caller context is what Roles.swift says it is: checked in a child, as the tests enter it. */
static void
check_contexts (void)
{
    static const int contexts[] = { ARGTEST_CONTEXT_UNPRIVILEGED, ARGTEST_CONTEXT_NO_NEW_PRIVS, ARGTEST_CONTEXT_FD_LIMIT };
    static const char *const problems[] = { "could not enter it", "still privileged, or a descriptor opened",
                                            "supplementary groups left", "not dumpable", "no_new_privs wrong",
                                            "capabilities left" };
    size_t i, bit;
    for (i = 0; i < sizeof contexts / sizeof contexts[0]; i++) {
        int status = 0;
        pid_t pid;
        fflush (stdout);
        pid = fork ();
        if (pid == 0)
            _exit (context_child (contexts[i]));
        waitpid (pid, &status, 0);
        checks++;
        if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
            failures++;
            printf ("not ok - context %s:", argtest_context_names[contexts[i]]);
            for (bit = 0; bit < sizeof problems / sizeof problems[0]; bit++)
                if (WIFEXITED (status) && (WEXITSTATUS (status) >> bit) & 1)
                    printf (" %s;", problems[bit]);
            printf ("\n");
        } else {
            printf ("ok - context %s\n", argtest_context_names[contexts[i]]);
        }
    }
}

int
main (void)
{
    size_t p, c;
    struct utsname system;

    argtest_main_pid = getpid ();
    argtest_page = (size_t) sysconf (_SC_PAGESIZE);
    uname (&system);
    argtest_kernel = argtest_parse_version (system.release);
    argtest_take_snapshot (&argtest_before);
    argtest_enter_temporary_directory ();
    for (p = 0; p < sizeof argtest_self_test_params / sizeof argtest_self_test_params[0]; p++) {
        const struct argtest_param *param = &argtest_self_test_params[p];
        if (param->domain == ARGTEST_NAMED) {
            for (c = 0; c < param->nclasses; c++)
                check_class (param, c);
        } else {
            check_classifications (param);
        }
    }
    check_contexts ();
    if (argtest_inaccessible != NULL)
        munmap (argtest_inaccessible, argtest_page);
    if (argtest_tmpdir_slot >= 0) {
        struct stat status;
        check (chdir ("/") == 0, &argtest_self_test_params[0], "temporary directory", "cannot leave it");
        check (rmdir (argtest_tmpdir) == 0, &argtest_self_test_params[0], "temporary directory",
               "not empty after every fixture was released");
        check (stat (argtest_tmpdir, &status) == -1, &argtest_self_test_params[0], "temporary directory", "still exists");
    }
    argtest_take_snapshot (&argtest_after);
    check (argtest_report_leaks () == 0, &argtest_self_test_params[0], "all", "descriptors or children left behind");
    printf ("# %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
