import CTestSupport
import Foundation
import SysShim
import SystemPackage
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A child process this test owns: started with posix_spawn (fork is unsafe
/// in a multithreaded test runner), always killed and reaped.
final class Child {
    let pid: pid_t
    private var reaped = false

    init() throws {
        var pid: pid_t = 0
        let arguments = ["/bin/sleep", "600"]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let status = posix_spawn(&pid, "/bin/sleep", nil, nil, &argv, environ)
        guard status == 0 else { throw Errno(rawValue: status) }
        self.pid = pid
    }

    func pidfd() throws -> FileDescriptor {
        let descriptor = ctest_pidfd_open(pid, 0)
        guard descriptor >= 0 else { throw Errno(rawValue: errno) }
        return FileDescriptor(rawValue: descriptor)
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
    }

    /// For a test that waited for the child itself.
    func markReaped() {
        reaped = true
    }

    func reap() {
        guard !reaped else { return }
        var status: CInt = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        reaped = true
    }

    deinit {
        if !reaped {
            kill()
            reap()
        }
    }
}

@Suite("SysShim: process_mrelease against the live kernel")
struct ProcessMemoryReleaseTests {
    @Test func kernelHasTheCall() {
        #expect(FileDescriptor.isProcessMemoryReleaseSupported)
    }

    @Test func closedDescriptorThrowsBadFileDescriptor() throws {
        let descriptor = try FileDescriptor.open("/dev/null", .readOnly)
        try descriptor.close()
        #expect(throws: Errno.badFileDescriptor) {
            try descriptor.releaseProcessMemory()
        }
    }

    @Test func ordinaryFileThrowsBadFileDescriptor() throws {
        let descriptor = try FileDescriptor.open("/dev/null", .readOnly)
        defer { try? descriptor.close() }
        #expect(throws: Errno.badFileDescriptor) {
            try descriptor.releaseProcessMemory()
        }
    }

    @Test func liveChildThrowsInvalidArgument() throws {
        let child = try Child()
        let pidfd = try child.pidfd()
        defer { try? pidfd.close() }
        #expect(throws: Errno.invalidArgument) {
            try pidfd.releaseProcessMemory()
        }
    }

    @Test func undefinedOptionThrowsInvalidArgument() throws {
        let child = try Child()
        let pidfd = try child.pidfd()
        defer { try? pidfd.close() }
        child.kill()
        // The flags check comes first, even for a dying target.
        #expect(throws: Errno.invalidArgument) {
            try pidfd.releaseProcessMemory(options: ProcessMemoryReleaseOptions(rawValue: 1))
        }
    }

    @Test func reapedChildThrowsNoSuchProcess() throws {
        let child = try Child()
        let pidfd = try child.pidfd()
        defer { try? pidfd.close() }
        child.kill()
        child.reap()
        #expect(throws: Errno.noSuchProcess) {
            try pidfd.releaseProcessMemory()
        }
    }

    /// Racy by nature (the kernel selftest accepts both): the victim may
    /// finish exiting first. Any other outcome fails; the tally is printed.
    @Test func killedChildIsReleasedOrAlreadyGone() throws {
        var released = 0, gone = 0
        for _ in 0..<20 {
            let child = try Child()
            let pidfd = try child.pidfd()
            defer { try? pidfd.close() }
            child.kill()
            let outcome = Result { () throws(Errno) in try pidfd.releaseProcessMemory() }
            switch outcome {
            case .success: released += 1
            case .failure(let error):
                #expect(error == .noSuchProcess, "after SIGKILL: \(error)")
                gone += 1
            }
            child.reap()
        }
        print("process_mrelease after SIGKILL: \(released) released, \(gone) already gone (ESRCH)")
        #expect(released + gone == 20)
    }
}
