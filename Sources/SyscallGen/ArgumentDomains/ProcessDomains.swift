import SyscallSpec

/// Process roles: `pid`, `signal` and `numa-node`. Every process a class
/// names is the program itself, a thread of it, or a child it forked; signal
/// and node numbers are plain values.
enum ProcessDomains {
    static func child(_ name: String, _ state: String, _ lifetime: ClassRecipe.Lifetime = .shared,
                      summary: String) -> ClassRecipe {
        DescriptorDomains.child(name, state, lifetime, pidfd: false, summary: summary)
    }

    static let pid = ArgumentDomain(role: .pid, kind: .named, recipes: [
        ClassRecipe("self", callerRelative: true, summary: "the pid of the calling process",
                    constructor: "(void) param;\nreturn argtest_constant (f, (long long) getpid ());"),
        child("live-child", "ARGTEST_CHILD_LIVE", summary: "the pid of a live (idle) child"),
        child("zombie-child", "ARGTEST_CHILD_ZOMBIE", summary: "the pid of a child that exited and is not waited for"),
        // Reaped just before the call: a pid number is free for reuse once reaped,
        // so it must not be kept for the whole run.
        child("reaped-child", "ARGTEST_CHILD_REAPED", .perCase,
              summary: "the pid of a child reaped just before the call"),
        .constant("zero", "0", summary: "0"),
        .constant("minus-one", "-1", summary: "-1"),
        .constant("int-min", "INT_MIN", summary: "INT_MIN"),
        .constant("int-max", "INT_MAX", summary: "INT_MAX, above any pid_max"),
        ClassRecipe("non-leader-thread", callerRelative: true,
                    summary: "the thread ID of a second thread of the calling process (idle until released)",
                    constructor: "(void) param;\nreturn argtest_thread_fixture (f);"),
        ClassRecipe("other-user-process",
                    summary: "the pid of a live child of another user than the caller (as for the pidfd class)",
                    constructor: "(void) param;\nreturn argtest_other_user_child (f, 0);"),
    ])

    static let signal = ArgumentDomain(role: .signal, kind: .named, recipes: [
        .constant("zero", "0", summary: "0, the null signal (checks only)"),
        .constant("sigkill", "SIGKILL", summary: "SIGKILL"),
        .constant("sigterm", "SIGTERM", summary: "SIGTERM"),
        .constant("sigcont", "SIGCONT", summary: "SIGCONT"),
        .constant("minus-one", "-1", summary: "-1"),
        .constant("too-large", "_NSIG", summary: "_NSIG, one past the last signal the kernel knows"),
    ])

    static let numaNode = ArgumentDomain(role: .numaNode, kind: .named, recipes: [
        ClassRecipe("online-node", summary: "node 0, online on every kernel",
                    constructor: "return argtest_clamped (param, f, 0);"),
        ClassRecipe("nonexistent-node", summary: "node 2^20, beyond any MAX_NUMNODES (at most 2^10)",
                    constructor: "return argtest_clamped (param, f, ARGTEST_NONEXISTENT_NODE);"),
    ])
}
