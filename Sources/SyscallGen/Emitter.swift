import SyscallSpec

/// One output file, by its path relative to the output directory.
public struct GeneratedFile: Sendable, Hashable {
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

/// A problem an emitter finds that the loader could not (a name that collides
/// in the target language, say). Reported like spec diagnostics.
public struct EmitError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Renders the catalogue into one kind of output. Emitters are pure: same
/// catalogue, same bytes (no clock, no environment, stable order).
public protocol Emitter: Sendable {
    /// A short name for messages, e.g. "c-shim".
    var name: String { get }
    /// Directories (relative to the output root) whose every file this emitter
    /// produces; a file there that it does not produce is stale and removed.
    var ownedDirectories: [String] { get }
    func emit(_ catalogue: Catalogue) throws(EmitError) -> [GeneratedFile]
}

/// Every output kind `sysshim generate` writes. Adding an output kind is one
/// new emitter file plus one line here.
public enum EmitterRegistry {
    public static let all: [any Emitter] = [
        CShimEmitter(),
        ManPageEmitter(),
        SwiftEmitter(),
        ArgTestEmitter(),
    ]
}

/// An emitter as a value a concurrent map can carry.
struct EmitterBox: Sendable {
    let emitter: any Emitter
}

/// Runs emitters over a catalogue and gathers their files, in path order.
public enum Generator {
    public static func render(_ catalogue: Catalogue, emitters: [any Emitter] = EmitterRegistry.all) throws(EmitError) -> [GeneratedFile] {
        var files: [String: (emitter: String, file: GeneratedFile)] = [:]
        var problems: [Diagnostic] = []
        // Emitters are independent and pure: render them side by side, then
        // gather their files in registry order.
        let outcomes = emitters.map(EmitterBox.init).concurrentMap { box in
            Result { () throws(EmitError) in try box.emitter.emit(catalogue) }
        }
        for (emitter, outcome) in zip(emitters, outcomes) {
            let produced: [GeneratedFile]
            switch outcome {
            case .success(let files): produced = files
            case .failure(let error):
                problems.append(contentsOf: error.diagnostics)
                continue
            }
            for file in produced {
                if let earlier = files[file.path] {
                    problems.append(Diagnostic(at: .start(of: file.path),
                        "both the \(earlier.emitter) and \(emitter.name) emitters produce this file"))
                }
                if !emitter.ownedDirectories.contains(where: { file.path.hasPrefix($0 + "/") }) {
                    problems.append(Diagnostic(at: .start(of: file.path),
                        "the \(emitter.name) emitter writes outside the directories it owns"))
                }
                files[file.path] = (emitter.name, file)
            }
        }
        if !problems.isEmpty { throw EmitError(problems) }
        return files.keys.sorted().map { files[$0]!.file }
    }

    public static func ownedDirectories(_ emitters: [any Emitter] = EmitterRegistry.all) -> [String] {
        Array(Set(emitters.flatMap(\.ownedDirectories))).sorted()
    }
}
