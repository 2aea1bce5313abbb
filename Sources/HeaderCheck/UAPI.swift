internal import CClang
import Foundation
import SyscallGen
import SyscallSpec

/// A unit that reads this machine's kernel UAPI headers alone (no generated
/// header), so that their values can be compared with the spec's.
struct UAPIUnit {
    enum Subject {
        /// `<asm/unistd.h>` for one ABI this machine has the tables of.
        case numbers(ABI)
        /// A header named by flags' or structs' `uapi_header`.
        case header(String)
    }

    var subject: Subject
    var arguments: [String]
    var source: String
}

enum UAPIProbe {
    static let version = "sysshim_check_uapi_version"
    static let present = "sysshim_check_uapi_present"
    static func number(_ spec: SyscallSpec) -> String { "sysshim_check_uapi_nr_\(spec.name)" }
    static func flag(_ flag: Flag) -> String { "sysshim_check_uapi_flag_\(flag.name)" }
    static func structType(_ record: StructSpec) -> String { "sysshim_check_uapi_struct_\(record.name)" }
}

extension ValidationRun {
    /// ABIs whose `<asm/unistd.h>` this machine has: its own, and on x86_64 also
    /// i386 and x32 (one asm/ directory serves all three).
    var uapiNumberABIs: [ABI] {
        ABI.host.name == "x86_64" ? ["x86_64", "i386", "x32"].compactMap { ABI.byName[$0] } : [ABI.host]
    }

    func uapiUnits() -> [UAPIUnit] {
        var units: [UAPIUnit] = []
        for abi in uapiNumberABIs {
            var arguments = ["-x", "c", "-std=gnu11"]
            if abi != .host, let triple = abi.clangTarget {
                // The kernel headers only: this machine has no C library for the other ABI.
                arguments += ["--target=\(triple)", "-nostdlibinc", "-isystem", options.hostMultiarchInclude, "-isystem", "/usr/include"]
            }
            var source = "/* sysshim validate: this machine's syscall numbers for \(abi.name) */\n"
            source += "#include <asm/unistd.h>\n#include <linux/version.h>\n"
            source += "static const long \(UAPIProbe.version) = LINUX_VERSION_CODE;\n"
            for spec in catalogue.specs {
                source += "#ifdef __NR_\(spec.name)\n"
                source += "static const long long \(UAPIProbe.number(spec)) = (__NR_\(spec.name));\n#endif\n"
            }
            units.append(UAPIUnit(subject: .numbers(abi), arguments: arguments, source: source))
        }
        let flags = catalogue.flagSets.values.flatMap(\.flags)
        let records = Array(catalogue.structs.values)
        let uapiHeaders = Set(flags.compactMap(\.uapiHeader) + records.compactMap(\.uapiHeader)).sorted()
        // Enumerators (enum landlock_rule_type) are not macros: whether the headers
        // have one is decided by their version instead of #ifdef.
        let enumerators = Set(catalogue.flagSets.values.filter { $0.enumTag != nil }.flatMap(\.flags).map(\.name))
        for header in uapiHeaders {
            var source = "/* sysshim validate: this machine's <\(header)> */\n"
            source += "#if __has_include(<\(header)>)\n#include <\(header)>\nstatic const int \(UAPIProbe.present) = 1;\n#endif\n"
            source += "#include <linux/version.h>\nstatic const long \(UAPIProbe.version) = LINUX_VERSION_CODE;\n"
            for flag in flags.filter({ $0.uapiHeader == header }).sorted(by: { $0.name < $1.name }) {
                if enumerators.contains(flag.name) {
                    guard case .released(let since) = flag.since else { continue }
                    source += "#if LINUX_VERSION_CODE >= \((since.major << 16) + (since.minor << 8) + since.patch)\n"
                } else {
                    source += "#ifdef \(flag.name)\n"
                }
                source += "static const long long \(UAPIProbe.flag(flag)) = (\(flag.name));\n#endif\n"
            }
            for record in records.filter({ $0.uapiHeader == header }).sorted(by: { $0.name < $1.name }) {
                source += "typedef struct \(record.name) \(UAPIProbe.structType(record));\n"
            }
            units.append(UAPIUnit(subject: .header(header), arguments: ["-x", "c", "-std=gnu11"], source: source))
        }
        return units
    }

    func validateAgainstUAPI() {
        for unit in uapiUnits() {
            let name: String
            switch unit.subject {
            case .numbers(let abi): name = "this machine's <asm/unistd.h> for \(abi.name)"
            case .header(let header): name = "this machine's <\(header)>"
            }
            let parsed: TranslationUnit
            translationUnits += 1
            do {
                parsed = try index.parse(mainFile: Self.mainFile, arguments: unit.arguments,
                                         unsavedFiles: [ClangIndex.UnsavedFile(path: Self.mainFile, contents: unit.source)],
                                         detailedPreprocessingRecord: true)
            } catch {
                log.check([Finding(primary: Diagnostic(at: headers.location(ShimHeaders.umbrella), "cannot read \(name): \(error)"))], in: name)
                continue
            }
            let errors = parsed.diagnostics.filter { $0.severity.rawValue >= ClangDiagnostic.Severity.error.rawValue }
            if !errors.isEmpty {
                log.check(errors.map { Finding(primary: Diagnostic(at: $0.location.map(sourceLocation) ?? headers.location(ShimHeaders.umbrella),
                                                                   "cannot read \(name): \($0.message)")) }, in: name)
                continue
            }
            let probes = Probes(unit: parsed)
            let definitions = UAPIDefinitions(unit: parsed)
            switch unit.subject {
            case .numbers(let abi):
                compareNumbers(abi: abi, probes: probes, definitions: definitions, name: name)
            case .header(let header):
                compareHeader(header, probes: probes, definitions: definitions, name: name)
            }
        }
    }

    private func linuxVersion(_ probes: Probes) -> String {
        guard let code = probes.value(UAPIProbe.version) else { return "" }
        return " (Linux \(code >> 16).\((code >> 8) & 0xff) headers)"
    }

    private func compareNumbers(abi: ABI, probes: Probes, definitions: UAPIDefinitions, name: String) {
        for spec in catalogue.specs {
            let macro = "__NR_\(spec.name)"
            let uapi = probes.value(UAPIProbe.number(spec))
            let generated = headers.numberLocation(spec, abi: abi)
            let notes = numberNotes(spec, abi: abi)
                + (definitions.location(of: macro).map { [Diagnostic(.note, at: sourceLocation($0), "\(macro) is defined here")] } ?? [])
            switch (spec.numbers.entry(for: abi), uapi) {
            case (_, nil):
                log.skip("\(name)\(linuxVersion(probes)) does not define \(macro); the spec's number for \(abi.name) is not compared")
            case (.number(let number), let value?):
                log.check(Int64(number) == value ? [] : [Finding(
                    primary: Diagnostic(at: generated, "\(CShimEmitter.numberMacro(spec)) is \(number: Int64(number)) on \(abi.name) (from \(spec.specFileName)), but \(name) defines \(macro) as \(number: value)"),
                    notes: notes)], in: name)
            case (.notWired, let value?):
                log.check([Finding(
                    primary: Diagnostic(at: generated, "\(spec.specFileName) says \(spec.name) is not wired up on \(abi.name), but \(name) defines \(macro) as \(number: value)"),
                    notes: notes)], in: name)
            case (.unknown, let value?):
                log.check([Finding(
                    primary: Diagnostic(at: generated, "\(spec.specFileName) has no number of \(spec.name) for \(abi.name), but \(name) defines \(macro) as \(number: value)"),
                    notes: notes)], in: name)
            }
        }
    }

    private func compareHeader(_ header: String, probes: Probes, definitions: UAPIDefinitions, name: String) {
        guard probes.value(UAPIProbe.present) == 1 else {
            log.skip("this machine has no <\(header)>; what the spec says of it is checked against the generated headers only")
            return
        }
        for set in catalogue.flagSets.values.sorted(by: { $0.name < $1.name }) {
            for flag in set.flags where flag.uapiHeader == header {
                guard let value = probes.value(UAPIProbe.flag(flag)) else {
                    log.skip("\(name) does not define \(flag.name) (since Linux \(flag.since)); its value is not compared")
                    continue
                }
                let expected = flag.value(for: .host)
                log.check(value == expected ? [] : [Finding(
                    primary: Diagnostic(at: headers.flagLocation(flag, owner: set.owner),
                                        "\(flag.name) is \(hex(expected)) in \(catalogue.spec(named: set.owner)?.specFileName ?? "the spec"), but \(name) defines it as \(hex(value))"),
                    notes: flagNotes(flag, owner: set.owner, abi: .host)
                        + (definitions.location(of: flag.name).map { [Diagnostic(.note, at: sourceLocation($0), "\(flag.name) is defined here")] } ?? []))],
                    in: name)
            }
        }
        let version = probes.value(UAPIProbe.version).map(ValidationRun.linuxVersion)
        for record in catalogue.structs.values.sorted(by: { $0.name < $1.name }) where record.uapiHeader == header {
            guard let type = probes.typedefType(UAPIProbe.structType(record))?.canonical,
                  let size = type.size, let alignment = type.alignment else {
                log.skip("\(name) does not define struct \(record.name); it is checked against the spec's declared layout only")
                continue
            }
            let declaration = clang_getTypeDeclaration(type)
            let location = declaration.location.map(sourceLocation) ?? record.location
            let fields = declaration.children.filter { $0.kind == CXCursor_FieldDecl }
            let expected = ExpectedLayout(record, abi: .host, headersVersion: version, fields: fields, alignment: alignment)
            let findings = layoutFindings(record, expected: expected, size: size, alignment: alignment, abi: .host, fields: fields,
                                          offset: { type.offset(ofField: $0) }, structLocation: location,
                                          source: definitionSource(record, file: location.file, version: version, expected: expected))
            if findings.isEmpty { noteOlderStruct(record, expected: expected, file: location.file, version: version) }
            log.check(findings, in: name)
        }
    }
}

/// Macro definitions of a unit parsed with a detailed preprocessing record.
struct UAPIDefinitions {
    var locations: [String: ClangLocation] = [:]

    init(unit: TranslationUnit) {
        for cursor in unit.cursor.children where cursor.kind == CXCursor_MacroDefinition {
            if let location = cursor.location { locations[cursor.spelling] = location }
        }
    }

    func location(of macro: String) -> ClangLocation? { locations[macro] }
}

extension String.StringInterpolation {
    /// A syscall number, with its hex spelling where an ABI offset makes it large (x32, arm OABI).
    mutating func appendInterpolation(number: Int64) {
        appendLiteral(number >= 0x10000 ? "\(number) (0x\(String(number, radix: 16)))" : "\(number)")
    }
}
