import Foundation
import Testing
import TestSupport
@testable import SyscallGen
@testable import SyscallSpec

@Suite("Swift bindings emitter")
struct SwiftEmitterTests {
    /// process_mrelease with one more flag, as a developer adding a flag would
    /// write it: one spec entry.
    static func specWithAddedFlag() throws -> String {
        let original = try String(contentsOf: TestSupport.specDirectory.appendingPathComponent("process_mrelease.yaml"), encoding: .utf8)
        let reserved = "    reserved: true\n"
        #expect(original.contains(reserved))
        return original.replacingOccurrences(of: reserved, with: """
            flags:
              - name: PROCESS_MRELEASE_REAP_KILL
                value: 0x1
                since: proposed
                prose: Kill the target first, then release its memory.

        """)
    }

    /// Generates the C shim and the Swift bindings of a spec directory into
    /// `output` and type-checks the Swift module against the generated C
    /// module and swift-system, as built for these tests: Swift 6, strict
    /// concurrency, warnings as errors.
    static func generateAndTypeCheck(specs: URL, output: URL) throws -> TestSupport.ProcessResult {
        let generate = try TestSupport.sysshim(["generate", "--spec-dir", specs.path, "--output-dir", output.path,
                                                "--emitter", "c-shim", "--emitter", "swift"])
        try #require(generate.status == 0, "\(generate)")
        let modules = TestSupport.sysshimExecutable.deletingLastPathComponent().appendingPathComponent("Modules")
        let cSystem = TestSupport.packageRoot.appendingPathComponent(".build/checkouts/swift-system/Sources/CSystem/include/module.modulemap")
        let include = output.appendingPathComponent("generated/c/include")
        let swiftDirectory = output.appendingPathComponent("generated/swift")
        let sources = try FileManager.default.contentsOfDirectory(atPath: swiftDirectory.path)
            .filter { $0.hasSuffix(".swift") }.sorted().map { swiftDirectory.appendingPathComponent($0).path }
        return try TestSupport.run("swiftc", [
            "-typecheck", "-swift-version", "6", "-strict-concurrency=complete", "-warnings-as-errors",
            "-module-name", "SysShim", "-I", modules.path,
            "-Xcc", "-fmodule-map-file=\(include.path)/module.modulemap", "-Xcc", "-I\(include.path)",
            "-Xcc", "-fmodule-map-file=\(cSystem.path)",
        ] + sources)
    }

    @Test("a flag added to the spec becomes a member of the option set, and the module type-checks")
    func addedFlagBecomesOptionSetMember() throws {
        let directory = try TestSupport.temporaryDirectory("swift-flag")
        defer { try? FileManager.default.removeItem(at: directory) }
        let specs = directory.appendingPathComponent("spec")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try Self.specWithAddedFlag().write(to: specs.appendingPathComponent("process_mrelease.yaml"), atomically: true, encoding: .utf8)
        let typecheck = try Self.generateAndTypeCheck(specs: specs, output: directory)
        #expect(typecheck.status == 0, "\(typecheck)")

        let swift = try String(contentsOf: directory.appendingPathComponent("generated/swift/ProcessMrelease.swift"), encoding: .utf8)
        #expect(swift.contains("public static var reapKill: Self { Self(rawValue: _cConstant(PROCESS_MRELEASE_REAP_KILL)) }"))
        #expect(swift.contains("The corresponding C constant is `PROCESS_MRELEASE_REAP_KILL`."))
        let header = try String(contentsOf: directory.appendingPathComponent("generated/c/include/sysshim/process_mrelease.h"), encoding: .utf8)
        #expect(header.contains("# define PROCESS_MRELEASE_REAP_KILL 0x1"))
    }

    static let fixtureSpecs = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/swift/spec")

    /// Every role, return kind and struct layout the emitter maps, in one
    /// synthetic catalogue: the whole module must type-check, and each role
    /// must have the Swift shape docs/spec.md promises.
    @Test("the fixture catalogue, covering every role, type-checks with the documented API shapes")
    func fixtureCatalogueTypeChecks() throws {
        let directory = try TestSupport.temporaryDirectory("swift-fixture")
        defer { try? FileManager.default.removeItem(at: directory) }
        let typecheck = try Self.generateAndTypeCheck(specs: Self.fixtureSpecs, output: directory)
        #expect(typecheck.status == 0, "\(typecheck)")

        func source(_ name: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent("generated/swift/\(name).swift"), encoding: .utf8)
        }
        let open = try source("SwiftfixOpen")
        // fd receiver, path (label _), struct-in, a remote descriptor and an integer as
        // integers; size derived; a descriptor returned.
        #expect(open.contains("public func openFixture(\n        _ pathname: FilePath,\n        how: SwiftfixHow,\n        targetfd: CInt,\n        level: CInt\n    ) throws(Errno) -> FileDescriptor {"))
        #expect(open.contains("sysshim_raw_swiftfix_open(self.rawValue, pathnamePointer, howBytes?.assumingMemoryBound(to: swiftfix_how.self), MemoryLayout<SwiftfixHow>.size, targetfd, level)"))
        // A struct laid out from its spec: 32 bytes in 8-byte units, flag-set fields as sets,
        // the growing field exposed, the reserved one not.
        #expect(open.contains("internal var _storage: (UInt64, UInt64, UInt64, UInt64)"))
        #expect(open.contains("public var flags: SwiftfixOpenFlags {"))
        #expect(open.contains("public var kind: SwiftfixKind {"))
        #expect(open.contains("public var depth: Int32 {"))
        #expect(!open.contains("reserved: UInt32"))
        #expect(open.contains("public init(_ cStruct: swiftfix_how) {"))
        // C library constants by name; one behind _GNU_SOURCE from the spec, per architecture.
        #expect(open.contains("public static var closeOnExec: Self { Self(rawValue: _cConstant(O_CLOEXEC)) }"))
        #expect(open.contains("#if arch(arm64) || arch(arm)\n        Self(rawValue: 0x10000)\n        #elseif arch(powerpc64) || arch(powerpc64le) || arch(powerpc)\n        Self(rawValue: 0x20000)\n        #else\n        Self(rawValue: 0x4000)\n        #endif"))
        #expect(open.contains("public struct SwiftfixKind: RawRepresentable, Sendable, Hashable {"))
        #expect(open.contains("At most one of the options may be given at a time."))
        #expect(open.contains("The corresponding C function is `swiftfix_open`."))

        let query = try source("SwiftfixQuery")
        // Two success kinds, two functions: the descriptor one fixes flags to 0 and
        // requires attributes; the query fixes attr to NULL and size to 0 and requires flags.
        #expect(query.contains("public static func makeFixtureRuleset(\n        attributes attr: SwiftfixAttributes,\n        timeout: timespec? = nil,\n        clockid: SwiftfixClock\n    ) throws(Errno) -> FileDescriptor {"))
        #expect(query.contains("public static func fixtureQuery(\n        flags: SwiftfixQuery,\n        timeout: timespec? = nil,\n        clockid: SwiftfixClock\n    ) throws(Errno) -> Int {"))
        #expect(query.contains("sysshim_raw_swiftfix_query(nil, 0, flags.rawValue, timeoutBytes?.assumingMemoryBound(to: timespec.self), clockid.rawValue)"))
        // This system's kernel headers declare landlock_ruleset_attr with one field;
        // the Swift type has all three and passes all 24 bytes.
        #expect(query.contains("internal var _storage: (UInt64, UInt64, UInt64)"))
        #expect(query.contains("public var scoped: UInt64 {"))
        #expect(query.contains("An answer of `EOPNOTSUPP` means the call is there but switched off"))

        let memory = try source("SwiftfixMemory")
        // An address and the length after it form a range; a lone address and length stay
        // apart; a NUMA node is an Int.
        #expect(memory.contains("_ addr: UnsafeRawBufferPointer,\n        hint: UnsafeRawPointer?,\n        node: Int,\n        extra: Int,\n        flags: SwiftfixMemoryOptions = []"))
        #expect(memory.contains("sysshim_raw_swiftfix_memory(UnsafeMutableRawPointer(mutating: addr.baseAddress), addr.count, UInt(bitPattern: hint), UInt(bitPattern: node), UInt(bitPattern: extra), flags.rawValue)"))
        #expect(memory.contains("extension Kernel {"))

        let signal = try source("SwiftfixSignal")
        // pidfd receiver, pid, signal, siginfo_t without const, an unsigned descriptor, a set owned elsewhere.
        #expect(signal.contains("public func fixtureSignal(\n        pid: pid_t,\n        _ sig: CInt,\n        info: siginfo_t? = nil,\n        target: FileDescriptor,\n        flags: SwiftfixSharedOptions = []\n    ) throws(Errno) {"))
        #expect(signal.contains("UnsafeMutableRawPointer(mutating: infoBytes)?.assumingMemoryBound(to: siginfo_t.self), CUnsignedInt(bitPattern: target.rawValue)"))
        #expect(!signal.contains("struct SwiftfixSharedOptions"), "a shared set lives in its owner's file only")

        let buffers = try source("SwiftfixBuffers")
        // Sized buffer-in, unsized nullable buffer-out, struct-out returned, nullable struct-inout, C enum.
        #expect(buffers.contains("from src: UnsafeRawBufferPointer,\n        into dst: UnsafeMutableRawPointer?,\n        io: inout SwiftfixPacked?,\n        kind: SwiftfixKind\n    ) throws(Errno) -> (count: Int, out: SwiftfixStatus) {"))
        #expect(buffers.contains("sysshim_raw_swiftfix_buffers(src.baseAddress, UInt32(src.count), dst, outBytes.assumingMemoryBound(to: swiftfix_status.self), ioBytes?.assumingMemoryBound(to: swiftfix_packed.self), swiftfix_kind(rawValue: .init(truncatingIfNeeded: kind.rawValue)))"))
        #expect(buffers.contains("internal var _storage: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)"))
        #expect(buffers.contains("public var spare: [UInt16] {"))
        #expect(!buffers.contains("public var str"), "a flexible array member is not part of the value")

        let arrays = try source("SwiftfixArrays")
        // Arrays in (a spec-layout struct, a C library struct), an array out; counts derived.
        #expect(arrays.contains("waiters: [SwiftfixWaiter],\n        ranges: [SwiftfixRange]?,\n        into ids: UnsafeMutableBufferPointer<UInt64>\n    ) throws(Errno) -> Int {"))
        #expect(arrays.contains("CUnsignedInt(waiters.count), rangesElements?.assumingMemoryBound(to: iovec.self), (ranges?.count ?? 0), ids.baseAddress, ids.count"))
        #expect(arrays.contains("public struct SwiftfixRange: RawRepresentable {\n    /// The C struct.\n    public var rawValue: iovec"))

        let status = try source("SwiftfixStatus")
        // A struct output ending in a flexible array member, with its size: the head of the caller's buffer.
        #expect(status.contains("of id: CUnsignedInt,\n        into buf: UnsafeMutableRawBufferPointer\n    ) throws(Errno) -> SwiftfixStatus {"))
        #expect(status.contains("sysshim_raw_swiftfix_status(id, buf.baseAddress?.assumingMemoryBound(to: swiftfix_status.self), buf.count)"))
        #expect(status.contains("_copyHead(of: buf, into: &bufHead)\n        return bufHead"))

        let support = try source("SysShim")
        #expect(support.contains("extension siginfo_t: _CLayout {") && support.contains("extension timespec: _CLayout {"))
    }

    @Test("every function ends its documentation with its C name and throws Errno without retrying")
    func functionDocumentation() throws {
        let catalogue = try Catalogue.load(directory: Self.fixtureSpecs).get()
        let files = try SwiftEmitter().emit(catalogue)
        for spec in catalogue.specs {
            let text = try #require(files.first { $0.path == "generated/swift/\(SwiftEmitter.fileName(spec))" }).contents
            // Each call's function declares throws(Errno) once, whether on one line or several.
            let declarations = text.components(separatedBy: "\n").filter { !$0.contains("///") && $0.contains("throws(Errno)") }
            let endings = text.components(separatedBy: "/// The corresponding C function is `\(spec.name)`.\n    @_alwaysEmitIntoClient\n    public ")
            #expect(endings.count - 1 == declarations.count, "\(spec.name): \(declarations)")
            #expect(!text.contains("EINTR {") && !text.contains("while "), "no retry loop")
        }
    }

    @Test("the output is the same bytes on every run")
    func deterministic() throws {
        let catalogue = try Catalogue.load(directory: Self.fixtureSpecs).get()
        let first = try SwiftEmitter().emit(catalogue)
        let second = try SwiftEmitter().emit(try Catalogue.load(directory: Self.fixtureSpecs).get())
        #expect(first == second)
        #expect(first.map(\.path) == ["generated/swift/SysShim.swift"] + catalogue.specs.map { "generated/swift/\(SwiftEmitter.fileName($0))" })
    }

    /// A fixture spec with one text replaced, loaded alone with the specs it needs.
    static func fixtureCatalogue(replacing old: String, with new: String, in file: String) throws -> Catalogue {
        var files: [(path: String, data: Data)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: fixtureSpecs.path).sorted() where name.hasSuffix(".yaml") {
            var text = try String(contentsOf: fixtureSpecs.appendingPathComponent(name), encoding: .utf8)
            if name == file {
                #expect(text.contains(old), "\(file) lacks \(old)")
                text = text.replacingOccurrences(of: old, with: new)
            }
            files.append(("spec/\(name)", Data(text.utf8)))
        }
        return try Catalogue.load(files: files).get()
    }

    @Test("a spec-layout struct with a field whose size depends on the ABI is refused, where it is declared")
    func abiDependentFieldIsRefused() throws {
        let catalogue = try Self.fixtureCatalogue(replacing: "{name: uaddr, type: __u64, offset: 8,", with: "{name: uaddr, type: unsigned long, offset: 8,",
                                                  in: "swiftfix_arrays.yaml")
        #expect(throws: EmitError.self) { try SwiftEmitter().emit(catalogue) }
        do {
            _ = try SwiftEmitter().emit(catalogue)
        } catch {
            #expect(error.description.hasPrefix("spec/swiftfix_arrays.yaml:27:9: error: field 'swiftfix_waiter.uaddr' has type unsigned long, whose size or layout differs between ABIs"), "\(error)")
        }
    }

    @Test("two Swift types of one name are refused")
    func swiftTypeNamesMustBeUnique() throws {
        let catalogue = try Self.fixtureCatalogue(replacing: "swift_name: SwiftfixRange", with: "swift_name: SwiftfixWaiter", in: "swiftfix_arrays.yaml")
        do {
            _ = try SwiftEmitter().emit(catalogue)
            Issue.record("expected a diagnostic")
        } catch {
            #expect(error.description.contains("error: Swift type name 'SwiftfixWaiter' is already used (at spec/swiftfix_arrays.yaml:"), "\(error)")
        }
    }

    @Test("a parameter named like a C type the body uses takes its label as its name")
    func parameterNamesAvoidCTypeNames() throws {
        let catalogue = try Catalogue.load(directory: Self.fixtureSpecs).get()
        let spec = try #require(catalogue.spec(named: "swiftfix_arrays"))
        #expect(SwiftEmitter.parameterName(try #require(spec.parameter(named: "iovec")), in: spec) == "ranges")
        #expect(SwiftEmitter.parameterName(try #require(spec.parameter(named: "nr_waiters")), in: spec) == "nrWaiters")
    }

    @Test("success cases of two kinds make two functions; one kind makes one, whatever the witness fixes")
    func plansFollowSuccessKinds() throws {
        let catalogue = try Catalogue.load(directory: Self.fixtureSpecs).get()
        let query = try #require(catalogue.spec(named: "swiftfix_query"))
        let plans = SwiftEmitter.plans(query)
        #expect(plans.map(\.name) == ["makeFixtureRuleset", "fixtureQuery"])
        #expect(plans.map(\.kind) == [.descriptor, .value])
        #expect(plans[0].fixed == ["flags": "0"] && plans[0].required == ["attr"])
        #expect(plans[1].fixed == ["attr": "nil", "size": "0"] && plans[1].nonzero == ["flags"])
        // process_mrelease's success witness names a class, but one kind means one function, unrestricted.
        let mrelease = try #require(try Catalogue.load(directory: TestSupport.specDirectory).get().spec(named: "process_mrelease"))
        #expect(SwiftEmitter.plans(mrelease).map(\.fixed) == [[:]])
    }

    @Test("structs are stored in units of their alignment")
    func storageUnits() throws {
        let catalogue = try Catalogue.load(directory: Self.fixtureSpecs).get()
        #expect(SwiftEmitter.storageUnit(try #require(catalogue.structs["swiftfix_packed"])) == ("UInt8", 12))
        #expect(SwiftEmitter.storageUnit(try #require(catalogue.structs["swiftfix_how"])) == ("UInt64", 4))
        #expect(SwiftEmitter.tuple("0", count: 1, indent: "") == "0")
        #expect(SwiftEmitter.tuple("UInt64", count: 17, indent: "").components(separatedBy: "\n").count == 4)
    }

    @Test("DocC escaping keeps markup characters literal")
    func doccEscaping() {
        #expect(DocCRenderer.escape("a*b_c`d[e]<f>#") == "a\\*b\\_c\\`d\\[e\\]\\<f\\>\\#")
        #expect(DocCRenderer.codeSpan("x`y") == "``x`y``")
        let renderer = DocCRenderer(argumentNames: ["flags": "options"])
        #expect(renderer.inline([.emphasis("flags"), .text(" is "), .strong("EINVAL"), .text(" or "), .emphasis("other")])
                == "`options` is `EINVAL` or *other*")
    }

    @Test("flag member and field names drop the words they share")
    func memberNames() throws {
        func flag(_ name: String) -> Flag {
            Flag(name: name, value: 1, overrides: [:], since: .proposed, prose: .empty, uapiHeader: nil,
                 swiftName: nil, systemHeader: nil, location: .start(of: "x"))
        }
        let set = FlagSet(name: "pidfd_flags", kind: .bits, reserved: false, prose: .empty,
                          flags: [flag("PIDFD_NONBLOCK"), flag("PIDFD_THREAD")], enumTag: nil,
                          exclusive: false, swiftName: "PIDFDOptions", owner: "x", location: .start(of: "x"))
        #expect(SwiftEmitter.memberName(set.flags[0], in: set) == "nonblock")
        #expect(SwiftEmitter.memberName(set.flags[1], in: set) == "thread")
        let single = FlagSet(name: "process_mrelease_flags", kind: .bits, reserved: false, prose: .empty, flags: [flag("PROCESS_MRELEASE_REAP_KILL")],
                             enumTag: nil, exclusive: false, swiftName: "S", owner: "x", location: .start(of: "x"))
        #expect(SwiftEmitter.memberName(single.flags[0], in: single) == "reapKill")
        // Words that would leave a name starting with a digit stay.
        let sizes = FlagSet(name: "sizes", kind: .values, reserved: false, prose: .empty,
                            flags: [flag("FUTEX2_SIZE_U8"), flag("FUTEX2_SIZE_U16"), flag("FUTEX2_SIZE_32")], enumTag: nil,
                            exclusive: false, swiftName: "S", owner: "x", location: .start(of: "x"))
        #expect(sizes.flags.map { SwiftEmitter.memberName($0, in: sizes) } == ["sizeU8", "sizeU16", "size32"])

        let catalogue = try Catalogue.load(directory: Self.fixtureSpecs).get()
        #expect(SwiftEmitter.fieldNames(try #require(catalogue.structs["swiftfix_status"]))
                == ["st_size": "size", "st_mask": "mask", "st_id": "id", "st_spare": "spare"])
        #expect(SwiftEmitter.fieldNames(try #require(catalogue.structs["iovec"])) == ["iov_base": "base", "iov_len": "len"])
    }
}
