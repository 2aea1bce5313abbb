import SyscallSpec

/// Process roles: `pid` and `signal`. Every process a class names is the
/// program itself or a child it forked; signal numbers are plain values.
enum ProcessDomains {
    static func child(_ name: String, _ state: String, _ lifetime: ClassRecipe.Lifetime = .shared,
                      summary: String) -> ClassRecipe {
        ClassRecipe(name, lifetime, summary: summary,
                    constructor: "(void) param;\nreturn argtest_child_fixture (f, \(state), 0, 0);")
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
    ])

    static let signal = ArgumentDomain(role: .signal, kind: .named, recipes: [
        .constant("zero", "0", summary: "0, the null signal (checks only)"),
        .constant("sigkill", "SIGKILL", summary: "SIGKILL"),
        .constant("sigterm", "SIGTERM", summary: "SIGTERM"),
        .constant("sigcont", "SIGCONT", summary: "SIGCONT"),
        .constant("minus-one", "-1", summary: "-1"),
        .constant("too-large", "_NSIG", summary: "_NSIG, one past the last signal the kernel knows"),
    ])
}
