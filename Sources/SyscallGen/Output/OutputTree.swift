import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// What it takes to make the files under an output root equal the rendered set.
public struct OutputPlan: Sendable, Equatable {
    /// Files that do not exist yet.
    public var missing: [String] = []
    /// Files whose content differs.
    public var stale: [String] = []
    /// Files in owned directories that nothing produces any more.
    public var extra: [String] = []
    public var unchangedCount = 0

    public var isUpToDate: Bool { missing.isEmpty && stale.isEmpty && extra.isEmpty }
}

public struct OutputError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): error: \(reason)" }
}

/// Compares rendered files with a directory tree and brings the tree up to
/// date: only changed files are written, each through a temporary file and a
/// rename so a reader never sees half a file, and stale outputs are removed.
public struct OutputTree: Sendable {
    public var root: URL
    public var ownedDirectories: [String]

    public init(root: URL, ownedDirectories: [String]) {
        self.root = root
        self.ownedDirectories = ownedDirectories
    }

    public func plan(for files: [GeneratedFile]) -> OutputPlan {
        var plan = OutputPlan()
        let produced = Set(files.map(\.path))
        let rootPath = root.path
        for file in files {
            guard let existing = FileManager.default.contents(atPath: Self.path(of: file.path, under: rootPath)) else {
                plan.missing.append(file.path)
                continue
            }
            if existing == Data(file.contents.utf8) {
                plan.unchangedCount += 1
            } else {
                plan.stale.append(file.path)
            }
        }
        plan.extra = existingFiles().filter { !produced.contains($0) }
        return plan
    }

    /// Every regular file under the owned directories, relative to the root, sorted.
    public func existingFiles() -> [String] {
        var result: [String] = []
        let rootPath = root.path
        for directory in ownedDirectories {
            let basePath = Self.path(of: directory, under: rootPath)
            guard let enumerator = FileManager.default.enumerator(atPath: basePath) else { continue }
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let path = Self.path(of: relative, under: basePath)
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    result.append("\(directory)/\(relative)")
                }
            }
        }
        return result.sorted()
    }

    /// Writes missing and stale files and removes extra ones. Returns the plan it carried out.
    @discardableResult
    public func apply(_ files: [GeneratedFile]) throws(OutputError) -> OutputPlan {
        let plan = plan(for: files)
        let toWrite = Set(plan.missing + plan.stale)
        let rootPath = root.path
        var createdDirectories: Set<String> = []
        for file in files where toWrite.contains(file.path) {
            try writeAtomically(file, rootPath: rootPath, createdDirectories: &createdDirectories)
        }
        for path in plan.extra {
            let url = root.appendingPathComponent(path)
            if unlink(url.path) != 0 {
                throw OutputError(path: path, reason: "cannot remove stale output: \(String(cString: strerror(errno)))")
            }
            removeEmptyParents(of: url)
        }
        return plan
    }

    private func removeEmptyParents(of url: URL) {
        var directory = url.deletingLastPathComponent()
        let ownedRoots = Set(ownedDirectories.map { root.appendingPathComponent($0).standardizedFileURL.path })
        while !ownedRoots.contains(directory.standardizedFileURL.path),
              directory.path.hasPrefix(root.path),
              rmdir(directory.path) == 0 {
            directory = directory.deletingLastPathComponent()
        }
    }

    /// A file's path under the root. Paths are joined as strings: URL's path
    /// arithmetic cost more per file than writing it.
    static func path(of relativePath: String, under rootPath: String) -> String {
        rootPath.hasSuffix("/") ? rootPath + relativePath : rootPath + "/" + relativePath
    }

    /// `createdDirectories`: directories made (or found) earlier in this run,
    /// so that each is created once rather than once per file in it.
    private func writeAtomically(_ file: GeneratedFile, rootPath: String,
                                 createdDirectories: inout Set<String>) throws(OutputError) {
        let path = Self.path(of: file.path, under: rootPath)
        let nameStart = path.lastIndex(of: "/")!
        let directory = String(path[..<nameStart])
        let name = path[path.index(after: nameStart)...]
        if !createdDirectories.contains(directory) {
            do {
                try FileManager.default.createDirectory(at: URL(fileURLWithPath: directory, isDirectory: true),
                                                        withIntermediateDirectories: true)
            } catch {
                throw OutputError(path: file.path, reason: "cannot create directory: \(error.localizedDescription)")
            }
            createdDirectories.insert(directory)
        }
        let temporary = "\(directory)/.\(name).tmp\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw OutputError(path: file.path, reason: "cannot create temporary file: \(String(cString: strerror(errno)))")
        }
        let bytes = Array(file.contents.utf8)
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw OutputError(path: file.path, reason: "cannot write: \(reason)")
            }
            written += result
        }
        // No fsync: outputs are reproducible from spec/, so after a crash a rerun
        // repairs them; the rename alone keeps readers from seeing half a file.
        if close(descriptor) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: file.path, reason: "cannot flush: \(reason)")
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OutputError(path: file.path, reason: "cannot rename into place: \(reason)")
        }
    }
}
