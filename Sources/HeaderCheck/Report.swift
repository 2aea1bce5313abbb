import Foundation
import SyscallSpec

/// The outcome of `sysshim validate`: every problem in gcc's format, and how
/// many checks ran and failed.
public struct ValidationReport: Sendable {
    /// Problems in a stable order, each error or warning followed by its notes.
    public var diagnostics: [Diagnostic]
    public var checksRun: Int
    public var checksFailed: Int
    public var translationUnits: Int
    /// Checks that could not run here, with the reason (e.g. UAPI headers too old).
    public var skipped: [String]

    public var passed: Bool { checksFailed == 0 }

    public var summary: String {
        "validate: \(checksRun) checks in \(translationUnits) translation units, \(checksFailed) failed"
            + (skipped.isEmpty ? "" : ", \(skipped.count) skipped")
    }

    /// The whole report as printed: diagnostics, skipped checks, summary.
    public var text: String {
        var lines = diagnostics.map(\.description)
        lines += skipped.map { "skipped: \($0)" }
        lines.append(summary)
        return lines.joined(separator: "\n") + "\n"
    }
}

/// One problem with its notes, as found in one configuration.
struct Finding: Hashable {
    var primary: Diagnostic
    var notes: [Diagnostic] = []
}

/// Collects findings of every configuration; the same problem seen in many
/// configurations is reported once, naming them.
struct FindingLog {
    private var order: [Finding] = []
    private var configurations: [Finding: [String]] = [:]
    private(set) var checksRun = 0
    private(set) var checksFailed = 0
    var skipped: [String] = []

    /// Counts one check, failed when any finding is an error or a warning
    /// (the headers promise zero diagnostics).
    mutating func check(_ findings: [Finding], in configuration: String) {
        checksRun += 1
        if findings.contains(where: { $0.primary.severity != .note }) { checksFailed += 1 }
        for finding in findings {
            if configurations[finding] == nil { order.append(finding) }
            if configurations[finding]?.contains(configuration) != true {
                configurations[finding, default: []].append(configuration)
            }
        }
    }

    /// Adds what `other` logged after what this log holds, as if its checks
    /// had been made here.
    mutating func merge(_ other: FindingLog) {
        checksRun += other.checksRun
        checksFailed += other.checksFailed
        for finding in other.order {
            if configurations[finding] == nil { order.append(finding) }
            for configuration in other.configurations[finding] ?? [] where configurations[finding]?.contains(configuration) != true {
                configurations[finding, default: []].append(configuration)
            }
        }
        for reason in other.skipped { skip(reason) }
    }

    mutating func skip(_ reason: String) {
        if !skipped.contains(reason) { skipped.append(reason) }
    }

    var diagnostics: [Diagnostic] {
        let sorted = order.enumerated().sorted {
            ($0.element.primary.location, $0.element.primary.message, $0.offset)
                < ($1.element.primary.location, $1.element.primary.message, $1.offset)
        }
        return sorted.flatMap { _, finding -> [Diagnostic] in
            var primary = finding.primary
            let seenIn = configurations[finding] ?? []
            if let first = seenIn.first {
                primary.message += seenIn.count == 1 ? " [\(first)]" : " [\(first); and \(seenIn.count - 1) more configuration\(seenIn.count == 2 ? "" : "s")]"
            }
            return [primary] + finding.notes
        }
    }
}
