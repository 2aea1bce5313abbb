import SyscallSpec

/// Descriptor roles: `pidfd` and `fd`. Negative values include those the kernel
/// reserves (AT_FDCWD, the PIDFD_SELF sentinels); real descriptors are the
/// program's own (a temporary file, a pipe, a directory it made) or refer to
/// its own children; no descriptor refers to anything it did not create.
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
        ClassRecipe("directory", summary: "a descriptor of a temporary directory of the program's",
                    constructor: "(void) param;\nreturn argtest_directory_descriptor (f);"),
        ClassRecipe("proc-pid-dir", summary: "a descriptor of /proc/<pid> of a live child of the program's",
                    constructor: "(void) param;\nreturn argtest_proc_pid_descriptor (f);"),
    ]

    /// A pidfd of a child of the program, brought into a state.
    static func child(_ name: String, _ state: String, _ lifetime: ClassRecipe.Lifetime = .shared,
                      flags: String = "0", summary: String) -> ClassRecipe {
        ClassRecipe(name, lifetime, summary: summary,
                    constructor: "(void) param;\nreturn argtest_child_fixture (f, \(state), 1, \(flags));")
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
    ])

    static let fd = ArgumentDomain(role: .fd, kind: .named, recipes: negative + files + [
        child("pidfd", "ARGTEST_CHILD_LIVE", summary: "a pidfd of a live child"),
    ])
}
