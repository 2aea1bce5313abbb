import Foundation

/// Helpers shared by the test targets: where the package is, running tools,
/// scratch directories. Tests call real tools (cc, mandoc, python3) through here.
public enum TestSupport {
    /// The package root, found from this file's location.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    public static var specDirectory: URL { packageRoot.appendingPathComponent("spec") }

    /// The `sysshim` executable built alongside the test bundle (same build
    /// directory, whatever --scratch-path was used).
    public static let sysshimExecutable: URL = {
        var directory = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        directory = directory.resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("sysshim")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/sysshim")
    }()

    /// Runs the sysshim CLI.
    @discardableResult
    public static func sysshim(_ arguments: [String], in directory: URL? = nil) throws -> ProcessResult {
        try run(sysshimExecutable.path, arguments, in: directory)
    }

    public struct ProcessResult: Sendable, CustomStringConvertible {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
    }

    /// Runs a program (searched on PATH when not absolute) and collects its output.
    @discardableResult
    public static func run(_ program: String, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String]? = nil, input: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let stdoutPipe = Pipe(), stderrPipe = Pipe(), stdinPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = stdinPipe
        try process.run()
        if let input { stdinPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdinPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child cannot fill one and block.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = stderrPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = stdoutPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs a shell command line.
    @discardableResult
    public static func shell(_ command: String, in directory: URL? = nil, environment: [String: String]? = nil) throws -> ProcessResult {
        try run("sh", ["-c", command], in: directory, environment: environment)
    }

    /// A fresh empty directory, removed by the caller with `removeItem` when done.
    public static func temporaryDirectory(_ label: String = "sysshim") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Tests/Tools/without-syscall, built once per run: runs a program with one
    /// system call made to fail with a chosen errno (ENOSYS plays a kernel
    /// without the call).
    public static let withoutSyscall: Result<URL, ToolBuildFailure> = {
        do {
            let directory = try temporaryDirectory("without-syscall")
            let binary = directory.appendingPathComponent("without-syscall")
            let result = try run("gcc", ["-Wall", "-Wextra", "-Werror", "-O2",
                packageRoot.appendingPathComponent("Tests/Tools/without-syscall.c").path, "-o", binary.path])
            guard result.status == 0 else { return .failure(ToolBuildFailure(description: "\(result)")) }
            return .success(binary)
        } catch {
            return .failure(ToolBuildFailure(description: "\(error)"))
        }
    }()

    public struct ToolBuildFailure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Whether a tool is on PATH.
    public static func hasTool(_ name: String) -> Bool {
        (try? shell("command -v \(name)"))?.status == 0
    }

    /// Every regular file under a directory, relative paths mapped to contents.
    public static func snapshot(_ directory: URL) -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else { return result }
        while let relative = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[relative] = FileManager.default.contents(atPath: path)
            }
        }
        return result
    }
}
