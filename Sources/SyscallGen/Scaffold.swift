import SyscallSpec

/// The starting point `sysshim new` writes: a spec that already loads and
/// validates, with every value to replace marked TODO.
public enum Scaffold {
    /// `process_mrelease` → `ProcessMrelease`.
    public static func upperCamelCase(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    public static func lowerCamelCase(_ name: String) -> String {
        let upper = upperCamelCase(name)
        return upper.prefix(1).lowercased() + upper.dropFirst()
    }

    public static func render(name: String, number: Int, date: String) -> String {
        let camel = upperCamelCase(name)
        return """
        # yaml-language-server: $schema=schema.json
        # Written by `sysshim new`. Replace each TODO with the facts of the call
        # (see docs/spec.md), then run `sysshim generate`.
        name: \(name)
        summary: TODO say what the call does in a few words
        date: "\(date)"
        header: unistd.h  # TODO the libc header that declares the call
        availability:
          linux: "6.1"  # TODO the first Linux release with the call
          glibc: none   # TODO the first glibc with a wrapper, or none
          musl: none
        numbers:
          common: \(number)  # TODO the number in the kernel's scripts/syscall.tbl
        returns:
          type: int
          kind: zero
          prose: >-
            On success, \(name)() returns 0.
            On failure, it returns -1 and sets *errno* to indicate the error.
        parameters:
          - name: fd
            type: int
            role: fd
            prose: TODO the descriptor the call acts on.
          - name: flags
            type: unsigned int
            role: flags
            flag_set: \(name)_flags
            prose: Reserved for future use; must be 0.
        flag_sets:
          - name: \(name)_flags
            kind: bits
            reserved: true
            swift_name: \(camel)Options
            prose: No flags are defined yet.
        # In the order the kernel checks them.
        errors:
          - errno: EINVAL
            condition: "*flags* is not 0."
            witness:
              flags: unknown
          - errno: EBADF
            condition: "*fd* is not an open file descriptor."
            witness:
              fd: not-open
        probe:
          arguments:
            fd: -1
            flags: 0
          expect: EBADF
        description: |
          TODO describe what \(name)() does, one sentence per line.
        see_also:
          - syscall(2)
        swift:
          name: \(lowerCamelCase(name))
          availability: is\(camel)Supported

        """
    }
}
