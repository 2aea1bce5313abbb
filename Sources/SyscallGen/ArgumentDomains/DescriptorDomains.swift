import SyscallSpec

/// Descriptor roles: `pidfd`, `fd` and `remote-fd`. Negative values include
/// those the kernel reserves (AT_FDCWD, the PIDFD_SELF sentinels); real
/// descriptors are the program's own (a temporary file, a pipe, its temporary
/// directory, a memfd, ...) or refer to its own children; no descriptor refers
/// to anything it did not create.
enum DescriptorDomains {
    static let negative: [ClassRecipe] = [
        .constant("minus-one", "-1", summary: "-1"),
        .constant("at-fdcwd", "AT_FDCWD", summary: "AT_FDCWD (-100), the *at() calls' \"current directory\""),
        .constant("int-min", "INT_MIN", summary: "INT_MIN"),
        .constant("fd-max", "INT_MAX", summary: "INT_MAX, above any descriptor table"),
    ]

    static let files: [ClassRecipe] = [
        ClassRecipe("closed", summary: "a descriptor number that was open and is closed (checked before each use)",
                    constructor: "(void) param;\nreturn argtest_closed_descriptor (f);"),
        ClassRecipe("regular-file", summary: "a read-write descriptor of a temporary file of the program's",
                    constructor: "(void) param;\nreturn argtest_regular_file_descriptor (f);"),
        ClassRecipe("pipe", summary: "the read end of a pipe",
                    constructor: "(void) param;\nreturn argtest_pipe_descriptor (f);"),
        ClassRecipe("directory", summary: "a descriptor of the program's temporary directory, its working directory",
                    constructor: "(void) param;\nreturn argtest_directory_descriptor (f);"),
        ClassRecipe("proc-pid-dir", summary: "a descriptor of /proc/<pid> of a live child of the program's",
                    constructor: "(void) param;\nreturn argtest_proc_pid_descriptor (f);"),
    ]

    /// A pidfd (or pid, without `pidfd`) of a child of the program, brought
    /// into a state after a setup of its own.
    static func child(_ name: String, _ state: String, _ lifetime: ClassRecipe.Lifetime = .shared,
                      flags: String = "0", setup: String = "ARGTEST_SETUP_NONE", pidfd: Bool = true,
                      summary: String) -> ClassRecipe {
        ClassRecipe(name, lifetime, summary: summary,
                    constructor: "(void) param;\nreturn argtest_child_fixture_with (f, \(state), \(pidfd ? 1 : 0), \(flags), \(setup));")
    }

    static let pidfd = ArgumentDomain(role: .pidfd, kind: .named, recipes: negative + files + [
        .constant("self-thread-sentinel", "-10000", summary: "PIDFD_SELF_THREAD (-10000, Linux 6.15)"),
        .constant("self-process-sentinel", "-10001", summary: "PIDFD_SELF_THREAD_GROUP (-10001 since Linux 6.17)"),
        .constant("legacy-self-process-sentinel", "-20000",
                  summary: "-20000, PIDFD_SELF_THREAD_GROUP in Linux 6.15 and 6.16 only"),
        ClassRecipe("self", callerRelative: true, summary: "a pidfd of the calling process",
                    constructor: "(void) param;\nreturn argtest_pidfd_of_self (f);"),
        child("live-child", "ARGTEST_CHILD_LIVE", summary: "a pidfd of a live (idle) child"),
        child("stopped-child", "ARGTEST_CHILD_STOPPED", summary: "a pidfd of a child stopped by SIGSTOP"),
        // SIGKILL is consumed: the child dies, so each case gets a fresh one.
        child("killed-child", "ARGTEST_CHILD_KILLED", .perCase,
              summary: "a pidfd of a child sent SIGKILL just before the call"),
        child("zombie-child", "ARGTEST_CHILD_ZOMBIE",
              summary: "a pidfd of a child that exited and is not waited for (confirmed with waitid(WNOWAIT))"),
        child("reaped-child", "ARGTEST_CHILD_REAPED", summary: "a pidfd of a child that exited and was reaped"),
        child("nonblock-child", "ARGTEST_CHILD_LIVE", flags: "PIDFD_NONBLOCK",
              summary: "a pidfd opened with PIDFD_NONBLOCK of a live child"),
        ClassRecipe("other-user-process",
                    summary: "a pidfd of a live child of another user than the caller: as root, one running as uid 65534; for an unprivileged caller, one the runner (root) started before the caller dropped its privileges",
                    constructor: "(void) param;\nreturn argtest_other_user_child (f, 1);"),
        child("nondumpable-child", "ARGTEST_CHILD_LIVE", setup: "ARGTEST_SETUP_NONDUMPABLE",
              summary: "a pidfd of a live child that made itself non-dumpable (PR_SET_DUMPABLE 0)"),
        child("pgrp-leader-child", "ARGTEST_CHILD_LIVE", setup: "ARGTEST_SETUP_PGRP_LEADER",
              summary: "a pidfd of a live child that leads a process group of its own"),
    ])

    static let fd = ArgumentDomain(role: .fd, kind: .named, recipes: negative + files + [
        child("pidfd", "ARGTEST_CHILD_LIVE", summary: "a pidfd of a live child"),
        ClassRecipe("o-path", summary: "the program's temporary directory opened with O_PATH",
                    constructor: "(void) param;\nreturn argtest_o_path_descriptor (f);"),
        ClassRecipe("memfd", summary: "a memfd_create(2) descriptor",
                    constructor: "(void) param;\nreturn argtest_memfd_descriptor (f);"),
        ClassRecipe("socket", summary: "one end of a UNIX stream socket pair",
                    constructor: "(void) param;\nreturn argtest_socket_descriptor (f);"),
        ClassRecipe("eventfd", summary: "an eventfd(2) descriptor",
                    constructor: "(void) param;\nreturn argtest_eventfd_descriptor (f);"),
        ClassRecipe("nsfs", summary: "/proc/self/ns/mnt, a namespace file",
                    constructor: "(void) param;\nreturn argtest_nsfs_descriptor (f);"),
        ClassRecipe("landlock-ruleset",
                    summary: "a Landlock ruleset handling LANDLOCK_ACCESS_FS_READ_FILE (skipped where Landlock is absent or disabled)",
                    constructor: "(void) param;\nreturn argtest_landlock_ruleset_descriptor (f);"),
    ])

    /// A descriptor number in the process a pidfd parameter names: every
    /// process of the tests (the program, its children, calling children)
    /// keeps ARGTEST_REMOTE_FD open and nothing else at a number the classes use.
    static let remoteFd = ArgumentDomain(role: .remoteFd, kind: .named, recipes: [
        ClassRecipe("open-in-target", summary: "ARGTEST_REMOTE_FD, a number every process of the tests keeps open (/dev/null)",
                    constructor: "(void) param;\nreturn argtest_remote_descriptor (f);"),
        ClassRecipe("not-open-in-target", summary: "a number no process of the tests has open (checked before each use)",
                    constructor: "(void) param;\nreturn argtest_closed_descriptor (f);"),
        .constant("negative", "-1", summary: "-1"),
        .constant("fd-max", "INT_MAX", summary: "INT_MAX, above any descriptor table"),
    ])
}
