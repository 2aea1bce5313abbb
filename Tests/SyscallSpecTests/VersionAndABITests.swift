import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// Release numbers, and how a spec's `numbers` become a per-ABI table.
@Suite struct VersionAndABITests {
    // MARK: - Versions

    @Test(arguments: [("5.15", [5, 15]), ("6.1.2", [6, 1, 2]), ("2.36", [2, 36]), ("0.0", [0, 0])])
    func versionsParse(_ text: String, _ components: [Int]) {
        #expect(Version(parsing: text)?.components == components)
    }

    @Test(arguments: ["5", "5.15.1.2", "5.x", "", "5..1", "-1.2", "5.15 ", "\u{0665}.\u{0661}", "1.1000000"])
    func malformedVersionsDoNotParse(_ text: String) {
        #expect(Version(parsing: text) == nil)
    }

    @Test func versionsOrderNumericallyNotAsText() throws {
        let v = { (text: String) in Version(parsing: text)! }
        #expect(v("5.9") < v("5.10"))
        #expect(v("5.15") < v("6.1"))
        #expect(v("6.1") < v("6.1.1"))
        #expect(!(v("6.2") < v("6.1.9")))
    }

    @Test func trailingZerosNameTheSameRelease() throws {
        let short = try #require(Version(parsing: "6.1")), long = try #require(Version(parsing: "6.1.0"))
        #expect(short == long)
        #expect(!(short < long) && !(long < short))
        #expect(Set([short, long]).count == 1)
        #expect(short != Version(parsing: "6.10"))
    }

    @Test func releasesAndProposedFlags() throws {
        let v = { (text: String) in Version(parsing: text)! }
        #expect(KernelRelease.released(v("5.15")).isAvailable(on: v("5.15")))
        #expect(KernelRelease.released(v("5.15")).isAvailable(on: v("6.18")))
        #expect(!KernelRelease.released(v("5.15")).isAvailable(on: v("5.14")))
        // No running kernel has a flag that was only proposed.
        #expect(!KernelRelease.proposed.isAvailable(on: v("99.0")))
    }

    @Test func witnessClassesHoldOnHalfOpenRanges() {
        let v = { (text: String) in Version(parsing: text)! }
        let sentinel = WitnessClass(name: "self-thread-sentinel", location: .start(of: "t.yaml"), since: v("6.15"), until: v("6.17"))
        #expect(!sentinel.holds(on: v("6.14")))
        #expect(sentinel.holds(on: v("6.15")))
        #expect(sentinel.holds(on: v("6.16.3")))
        #expect(!sentinel.holds(on: v("6.17")))
        let witness = Witness(classes: ["pidfd": [sentinel]])
        #expect(witness.matches(parameter: "pidfd", argumentClass: "self-thread-sentinel", kernel: v("6.16")))
        #expect(!witness.matches(parameter: "pidfd", argumentClass: "self-thread-sentinel", kernel: v("6.17")))
        #expect(!witness.matches(parameter: "pidfd", argumentClass: "closed", kernel: v("6.16")))
        // A parameter the witness does not name matches any class.
        #expect(witness.matches(parameter: "flags", argumentClass: "unknown", kernel: v("6.16")))
    }

    // MARK: - ABIs and numbers

    @Test func abiNamesAndConditionsAreUnique() {
        #expect(Set(ABI.all.map(\.name)).count == ABI.all.count)
        #expect(Set(ABI.all.map(\.cCondition)).count == ABI.all.count)
        #expect(ABI.byName.count == ABI.all.count)
    }

    /// process_mrelease's real table (see the kernel's syscall tables).
    @Test func commonNumberResolvesWithEachABIsOffset() throws {
        let numbers = SyscallNumbers.resolve(common: 448, overrides: [:])
        let expected: [String: Int] = [
            "x32": 448 + 0x4000_0000, "mips-o32": 4448, "mips-n64": 5448, "mips-n32": 6448,
            "alpha": 558, "arm-oabi": 0x90_0000 + 448, "ia64": 1472,
        ]
        for abi in ABI.all {
            #expect(numbers.entry(for: abi) == .number(expected[abi.name] ?? 448), "\(abi.name)")
        }
        #expect(numbers.common == 448)
        #expect(numbers.entry(for: ABI.byName["x32"]!) == .number(1_073_742_272))
        #expect(numbers.entry(for: ABI.byName["arm-oabi"]!) == .number(9_437_632))
    }

    @Test func overridesReplaceTheCommonNumberOrUnwireTheCall() {
        let numbers = SyscallNumbers.resolve(common: 448, overrides: ["alpha": Int?.none, "ia64": 1500])
        #expect(numbers.entry(for: ABI.byName["alpha"]!) == .notWired)
        #expect(numbers.entry(for: ABI.byName["ia64"]!) == .number(1500))
        #expect(numbers.entry(for: ABI.byName["x86_64"]!) == .number(448))
    }

    @Test func withoutACommonNumberOnlyOverriddenABIsAreKnown() {
        let numbers = SyscallNumbers.resolve(common: nil, overrides: ["x86_64": 9, "i386": 37])
        #expect(numbers.entry(for: ABI.byName["x86_64"]!) == .number(9))
        #expect(numbers.entry(for: ABI.byName["i386"]!) == .number(37))
        #expect(numbers.entry(for: ABI.byName["aarch64"]!) == .unknown)
    }

    @Test func theLoaderReadsCommonNumbersAndOverrides() throws {
        let text = try String(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  common: 448\n", with: "  common: 448\n  overrides:\n    alpha: none\n    ia64: 0x5dc\n")
        let spec = try SpecLoader.load(data: Data(text.utf8), path: "spec/process_mrelease.yaml").get()
        #expect(spec.numbers.entry(for: ABI.byName["alpha"]!) == .notWired)
        #expect(spec.numbers.entry(for: ABI.byName["ia64"]!) == .number(1500))
        #expect(spec.numbers.entry(for: ABI.byName["mips-n32"]!) == .number(6448))
        #expect(spec.numbers.entry(for: ABI.byName["x32"]!) == .number(0x4000_0000 + 448))
    }

    @Test func flagValuesFollowTheirPerABIOverrides() {
        let v = { (text: String) in Version(parsing: text)! }
        let nonblock = Flag(name: "PIDFD_NONBLOCK", value: 0o4000, overrides: ["alpha": 0o40000, "sparc": 0x4000],
                            since: .released(v("5.10")), prose: .empty, uapiHeader: nil,
                            swiftName: nil, systemHeader: nil, location: .start(of: "t.yaml"))
        let proposed = Flag(name: "PIDFD_FUTURE", value: 0x1, overrides: [:], since: .proposed, prose: .empty,
                            uapiHeader: nil, swiftName: nil, systemHeader: nil, location: .start(of: "t.yaml"))
        #expect(nonblock.value(for: ABI.byName["x86_64"]!) == 0o4000)
        #expect(nonblock.value(for: ABI.byName["alpha"]!) == 0o40000)
        let set = FlagSet(name: "pidfd_flags", kind: .bits, reserved: false, prose: .empty, flags: [nonblock, proposed],
                          enumTag: nil, exclusive: false, swiftName: "PIDFDOptions", owner: "pidfd_open", location: .start(of: "t.yaml"))
        #expect(set.supportedMask(on: v("6.18"), abi: ABI.byName["x86_64"]!) == 0o4000)
        #expect(set.supportedMask(on: v("6.18"), abi: ABI.byName["sparc"]!) == 0x4000)
        #expect(set.supportedMask(on: v("5.9"), abi: ABI.byName["x86_64"]!) == 0)
    }
}
