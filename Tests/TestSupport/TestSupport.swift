import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
                           environment: [String: String]? = nil, input: String? = nil,
                           timeLimit: Double = 600) throws -> ProcessResult {
        // posix_spawn directly, not Foundation's Process: Process passes on the
        // calling thread's signal mask, and the test runner's threads block
        // nearly every signal, so a program the tests start could not be
        // stopped by SIGTERM (an example waiting for one would hang). The child
        // gets an empty mask and default dispositions, as from a shell.
        var fileActions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        posix_spawn_file_actions_init(&fileActions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&fileActions)
            posix_spawnattr_destroy(&attributes)
        }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let stdinPipe = Pipe(), stdoutPipe = Pipe(), stderrPipe = Pipe()
        posix_spawn_file_actions_adddup2(&fileActions, stdinPipe.fileHandleForReading.fileDescriptor, 0)
        posix_spawn_file_actions_adddup2(&fileActions, stdoutPipe.fileHandleForWriting.fileDescriptor, 1)
        posix_spawn_file_actions_adddup2(&fileActions, stderrPipe.fileHandleForWriting.fileDescriptor, 2)
        // The child keeps only 0, 1 and 2 of these: a stray copy of the stdin
        // pipe's write end would keep its own reads from ever ending.
        for pipe in [stdinPipe, stdoutPipe, stderrPipe] {
            posix_spawn_file_actions_addclose(&fileActions, pipe.fileHandleForReading.fileDescriptor)
            posix_spawn_file_actions_addclose(&fileActions, pipe.fileHandleForWriting.fileDescriptor)
        }
        // env -C changes directory for the program (glibc's addchdir_np is not visible to Swift).
        let command = directory.map { ["/usr/bin/env", "-C", $0.path, program] } ?? [program]

        var variables = ProcessInfo.processInfo.environment
        if let environment { variables.merge(environment) { $1 } }
        let argv = (command + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &fileActions, &attributes, argv, envp)
        // The child has its copies; the parent keeps only its ends.
        try? stdinPipe.fileHandleForReading.close()
        try? stdoutPipe.fileHandleForWriting.close()
        try? stderrPipe.fileHandleForWriting.close()
        guard spawned == 0 else {
            throw CocoaError(.executableNotLoadable, userInfo: [NSLocalizedDescriptionKey:
                "cannot run \(program): \(String(cString: strerror(spawned)))"])
        }
        // A program that hangs fails its test instead of stalling the whole run.
        let childPID = pid
        let watchdog = DispatchWorkItem { kill(childPID, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit, execute: watchdog)
        defer { watchdog.cancel() }
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
        var status: CInt = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // As a shell reports it: the exit status, or 128 plus the signal that ended it.
        let exited = status & 0x7F == 0
        let code = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return ProcessResult(status: code,
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
