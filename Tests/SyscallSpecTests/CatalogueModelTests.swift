import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// The parts of the model the catalogue needs beyond process_mrelease: struct
/// instances as argument classes, system constants, exclusive flag sets,
/// success cases, disabled probes, `numbers.only`, `libc_const`.
@Suite struct CatalogueModelTests {
    /// A small openat2-like spec exercising the struct features.
    static let structSpec = """
    name: openlike
    summary: open a file with a struct of options
    date: "2026-11-30"
    header: fcntl.h
    availability: {linux: "5.6", glibc: none, musl: none}
    numbers: {common: 437}
    returns:
      type: int
      kind: descriptor
      prose: A descriptor.
    parameters:
      - {name: dirfd, type: int, role: fd, prose: A directory.}
      - {name: how, type: const struct open_howlike *, role: struct-in, prose: How.}
      - {name: size, type: size_t, role: size, size_of: how, prose: Its size.}
    flag_sets:
      - name: openlike_open_flags
        swift_name: OpenLikeFlags
        prose: The open(2) flags.
        flags:
          - {name: O_RDONLY, value: 0, since: "2.6", system_header: fcntl.h, prose: Read only.}
          - {name: O_WRONLY, value: 1, since: "2.6", system_header: fcntl.h, prose: Write only.}
          - {name: O_CLOEXEC, value: 0x80000, since: "2.6", system_header: fcntl.h, prose: Close on exec.}
      - name: openlike_resolve_flags
        swift_name: OpenLikeResolve
        exclusive: true
        prose: Resolution.
        flags:
          - {name: RESOLVE_A, value: 0x1, since: "5.6", prose: A.}
          - {name: RESOLVE_B, value: 0x2, since: "5.6", prose: B.}
    structs:
      - name: open_howlike
        swift_name: OpenHowLike
        size: 24
        align: 8
        min_size: 24
        prose: The options.
        fields:
          - {name: flags, type: __u64, offset: 0, flag_set: openlike_open_flags, prose: Open flags.}
          - {name: mode, type: __u64, offset: 8, prose: Mode.}
          - {name: resolve, type: __u64, offset: 16, flag_set: openlike_resolve_flags, prose: Resolve.}
        instances:
          valid: {flags: O_RDONLY}
          cloexec-write: {flags: [O_WRONLY, O_CLOEXEC]}
          bad-mode: {flags: O_RDONLY, mode: 0x1ff}
          both-resolve: {resolve: [RESOLVE_A, RESOLVE_B]}
    errors:
      - errno: EINVAL
        condition: "*size* is too small."
        witness: {size: [zero, too-small]}
      - errno: E2BIG
        condition: "*size* is too large."
        witness: {size: [too-large, huge]}
      - errno: EFAULT
        condition: "*how* is not readable."
        witness: {how: [null, unmapped]}
      - errno: EINVAL
        condition: "*how* is invalid."
        witness: {how: [bad-mode, both-resolve]}
    success:
      - witness: {how: valid}
      - witness: {how: cloexec-write}
        returns: descriptor
    probe:
      arguments: {dirfd: -1, how: 0, size: 0}
      expect: EINVAL
      disabled:
        - {errno: EOPNOTSUPP, reason: Switched off at boot.}
    description: Opens.
    swift: {name: openLike, availability: isOpenLikeSupported}
    """

    static func loadCatalogue(_ files: [String: String]) -> Result<Catalogue, SpecLoadError> {
        Catalogue.load(files: files.sorted { $0.key < $1.key }.map { ("spec/\($0.key).yaml", Data($0.value.utf8)) })
    }

    static func messages(_ result: Result<Catalogue, SpecLoadError>) -> [String] {
        guard case .failure(let error) = result else { return [] }
        return error.diagnostics.map(\.description)
    }

    @Test func structInstancesSystemFlagsAndSuccessCasesLoad() throws {
        let catalogue = try Self.loadCatalogue(["openlike": Self.structSpec]).get()
        let spec = try #require(catalogue.spec(named: "openlike"))
        let record = try #require(catalogue.structs["open_howlike"])
        #expect(record.minimumSize == 24)
        #expect(record.instances.map(\.name) == ["valid", "cloexec-write", "bad-mode", "both-resolve"])
        #expect(record.instance(named: "cloexec-write")?.values.first?.value == .constants(["O_WRONLY", "O_CLOEXEC"]))
        #expect(record.instance(named: "bad-mode")?.values.last?.value == .integer(0x1ff))
        #expect(record.field(named: "resolve")?.flagSet == "openlike_resolve_flags")
        #expect(catalogue.flagSets["openlike_open_flags"]?.flags.allSatisfy(\.isSystem) == true)
        #expect(catalogue.flagSets["openlike_resolve_flags"]?.exclusive == true)
        #expect(spec.successes.count == 2 && spec.successes[1].returns == .descriptor && spec.successes[0].returns == nil)
        #expect(spec.errors[3].witness?.classes["how"]?.map(\.name) == ["bad-mode", "both-resolve"])
        #expect(spec.probe.disabled.map(\.errno) == ["EOPNOTSUPP"])
    }

    @Test func unknownInstanceInAWitnessIsReportedWhereItIsNamed() {
        let text = Self.structSpec.replacingOccurrences(of: "witness: {how: [bad-mode, both-resolve]}",
                                                        with: "witness: {how: [bad-mod, both-resolve]}")
        let messages = Self.messages(Self.loadCatalogue(["openlike": text]))
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("spec/openlike.yaml:58:21:") == true, "\(messages)")
        #expect(messages.first?.hasSuffix("error: 'bad-mod' is neither an argument class of role 'struct-in' nor an instance of struct open_howlike; did you mean 'bad-mode'?") == true, "\(messages)")
    }

    @Test func instanceConstantsMustBelongToTheFieldsFlagSet() {
        let text = Self.structSpec.replacingOccurrences(of: "both-resolve: {resolve: [RESOLVE_A, RESOLVE_B]}",
                                                        with: "both-resolve: {resolve: [RESOLVE_A, O_CLOEXEC]}")
        let messages = Self.messages(Self.loadCatalogue(["openlike": text]))
        #expect(messages == ["spec/openlike.yaml:45:7: error: struct open_howlike instance 'both-resolve': 'O_CLOEXEC' is not a constant of flag set 'openlike_resolve_flags'"], "\(messages)")
    }

    @Test func instanceFieldsMustExist() {
        let text = Self.structSpec.replacingOccurrences(of: "bad-mode: {flags: O_RDONLY, mode: 0x1ff}",
                                                        with: "bad-mode: {flags: O_RDONLY, mood: 0x1ff}")
        let messages = Self.messages(Self.loadCatalogue(["openlike": text]))
        #expect(messages.contains { $0.hasSuffix("error: struct open_howlike instance 'bad-mode' sets 'mood', which is not a field") }, "\(messages)")
    }

    @Test func onlyACasesListsLastEntryMayOmitItsWitness() {
        let text = Self.structSpec.replacingOccurrences(of: "  - witness: {how: valid}\n", with: "  - returns: zero\n")
        let messages = Self.messages(Self.loadCatalogue(["openlike": text]))
        #expect(messages.contains { $0.hasSuffix("error: success[0] has no witness, so it matches everything and the cases after it never apply") }, "\(messages)")
    }

    @Test func exclusiveIsOnlyForBitSets() {
        let text = Self.structSpec.replacingOccurrences(of: "    exclusive: true\n", with: "    exclusive: true\n    kind: values\n")
        let messages = Self.messages(Self.loadCatalogue(["openlike": text]))
        #expect(messages.contains { $0.contains("'exclusive' (at most one flag at a time) is only for a bits set") }, "\(messages)")
    }

    @Test func numbersOnlyLeavesEveryOtherABIUnwired() throws {
        let text = Self.structSpec.replacingOccurrences(of: "numbers: {common: 437}", with: "numbers: {common: 437, only: [x86_64, aarch64]}")
        let spec = try #require(try Self.loadCatalogue(["openlike": text]).get().spec(named: "openlike"))
        #expect(spec.numbers.entry(for: ABI.byName["x86_64"]!) == .number(437))
        #expect(spec.numbers.entry(for: ABI.byName["aarch64"]!) == .number(437))
        #expect(spec.numbers.entry(for: ABI.byName["i386"]!) == .notWired)
        #expect(spec.numbers.entry(for: ABI.byName["mips-o32"]!) == .notWired)
        let bad = Self.messages(Self.loadCatalogue(["openlike": text.replacingOccurrences(of: "aarch64]", with: "arm64]")]))
        #expect(bad.contains { $0.hasSuffix("error: unknown ABI 'arm64' in numbers.only") || $0.contains("unknown ABI 'arm64' in numbers.only") }, "\(bad)")
    }

    @Test func libcConstAllowsTheLibrarysNonConstPrototype() throws {
        let constless = Self.structSpec.replacingOccurrences(of: "type: const struct open_howlike *, role: struct-in,",
                                                             with: "type: struct open_howlike *, role: struct-in, libc_const: false,")
        let spec = try #require(try Self.loadCatalogue(["openlike": constless]).get().spec(named: "openlike"))
        #expect(spec.parameter(named: "how")?.libcConst == false)

        let missing = Self.structSpec.replacingOccurrences(of: "type: const struct open_howlike *", with: "type: struct open_howlike *")
        #expect(Self.messages(Self.loadCatalogue(["openlike": missing])).contains { $0.contains("declare it 'const struct open_howlike *' (or, where the C library's prototype has no const, say 'libc_const: false')") })

        let contradictory = Self.structSpec.replacingOccurrences(of: "role: struct-in,", with: "role: struct-in, libc_const: false,")
        #expect(Self.messages(Self.loadCatalogue(["openlike": contradictory])).contains { $0.contains("says the C library's prototype has no const (libc_const: false); declare it 'struct open_howlike *'") })
    }

    @Test func disabledProbeAnswersCannotBeTheNormalOnes() {
        let text = Self.structSpec.replacingOccurrences(of: "{errno: EOPNOTSUPP, reason: Switched off at boot.}",
                                                        with: "{errno: ENOSYS, reason: Switched off at boot.}")
        #expect(Self.messages(Self.loadCatalogue(["openlike": text])).contains { $0.contains("probe.disabled[0].errno cannot be ENOSYS") })
    }

    @Test func unquotedNullIsThePointerClass() throws {
        let text = Self.structSpec.replacingOccurrences(of: "    witness: {how: [null, unmapped]}",
                                                        with: "    witness:\n      how:\n        - null\n        - unmapped")
        let spec = try #require(try Self.loadCatalogue(["openlike": text]).get().spec(named: "openlike"))
        #expect(spec.errors[2].witness?.classes["how"]?.map(\.name) == ["null", "unmapped"])
    }

    @Test func controlCharactersInProseAreRefused() {
        let text = Self.structSpec.replacingOccurrences(of: "description: Opens.", with: "description: \"Opens\\u0007.\"")
        #expect(Self.messages(Self.loadCatalogue(["openlike": text])).contains { $0.contains("description contains the control character U+0007") })
    }

    @Test func crossReferencesMayHoldDashes() throws {
        let prose = try MarkupParser.parse("see systemd-oomd(8) and x86_64-linux.conf(5), not a -b(2)").get()
        #expect(prose.inlines == [.text("see "), .crossReference(name: "systemd-oomd", section: "8"), .text(" and "),
                                  .crossReference(name: "x86_64-linux.conf", section: "5"), .text(", not a -"),
                                  .crossReference(name: "b", section: "2")])
    }
}
