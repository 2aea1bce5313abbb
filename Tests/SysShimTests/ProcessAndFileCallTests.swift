import Foundation
import SysShim
import SystemPackage
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite("SysShim: the pidfd calls against the live kernel (descriptors in and out)")
struct PIDFileDescriptorTests {
    @Test func openReturnsADescriptorOfTheProcess() throws {
        try #require(FileDescriptor.isPIDFileDescriptorOpenSupported)
        let child = try Child()
        let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: child.pid)
        defer { try? pidfd.close() }
        // The descriptor refers to the child: process_mrelease refuses a live process with
        // EINVAL, after accepting the descriptor, where a non-pidfd would be EBADF.
        #expect(throws: Errno.invalidArgument) { try pidfd.releaseProcessMemory() }
        #expect(fcntl(pidfd.rawValue, F_GETFD) & FD_CLOEXEC != 0, "pidfds are close-on-exec")
    }

    @Test func nonblockOptionReachesTheDescriptor() throws {
        let child = try Child()
        let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: child.pid, options: .nonblock)
        defer { try? pidfd.close() }
        #expect(fcntl(pidfd.rawValue, F_GETFL) & O_NONBLOCK != 0)
    }

    @Test func aReapedChildIsNoSuchProcessAndANegativePidInvalid() throws {
        let child = try Child()
        child.kill()
        child.reap()
        #expect(throws: Errno.noSuchProcess) {
            let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: child.pid)
            try? pidfd.close()
        }
        #expect(throws: Errno.invalidArgument) {
            let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: -1)
            try? pidfd.close()
        }
    }

    @Test func aSignalReachesTheChild() throws {
        try #require(FileDescriptor.isPIDFileDescriptorSignalSupported)
        let child = try Child()
        let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: child.pid)
        defer { try? pidfd.close() }
        try pidfd.sendSignal(0)  // exists, may be signalled
        try pidfd.sendSignal(SIGKILL)
        var status: CInt = 0
        while waitpid(child.pid, &status, 0) == -1 && errno == EINTR {}
        child.markReaped()
        #expect(status & 0x7f == SIGKILL, "wait status \(status)")
    }

    @Test func anotherProcessesDescriptorIsDuplicated() throws {
        try #require(FileDescriptor.isPIDFileDescriptorGetSupported)
        let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: getpid())
        defer { try? pidfd.close() }
        let original = try FileDescriptor.open("/dev/null", .readOnly)
        defer { try? original.close() }
        let duplicate = try pidfd.duplicateDescriptor(of: original.rawValue)
        defer { try? duplicate.close() }
        #expect(duplicate != original)
        var first = stat(), second = stat()
        #expect(fstat(original.rawValue, &first) == 0 && fstat(duplicate.rawValue, &second) == 0)
        #expect(first.st_ino == second.st_ino && first.st_dev == second.st_dev)
        #expect(throws: Errno.badFileDescriptor) {
            let none = try pidfd.duplicateDescriptor(of: 1 << 20)
            try? none.close()
        }
    }
}

@Suite("SysShim: openat2 against the live kernel (a FilePath and an extensible struct)")
struct Openat2Tests {
    /// A directory holding `name` with `contents`, and a descriptor of it.
    static func withDirectory<Result>(_ body: (FileDescriptor, URL) throws -> Result) throws -> Result {
        let directory = try TestSupport.temporaryDirectory("sysshim-openat2")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("contents\n".utf8).write(to: directory.appendingPathComponent("file"))
        let descriptor = try FileDescriptor.open(FilePath(directory.path), .readOnly, options: .directory)
        defer { try? descriptor.close() }
        return try body(descriptor, directory)
    }

    @Test func opensAFileBeneathADirectory() throws {
        try #require(FileDescriptor.isOpenat2Supported)
        try Self.withDirectory { directory, _ in
            let file = try directory.openat2("file", how: OpenHow(flags: [.rdonly], resolve: .beneath))
            defer { try? file.close() }
            var bytes = [UInt8](repeating: 0, count: 32)
            let count = try bytes.withUnsafeMutableBytes { try file.read(into: $0) }
            #expect(String(decoding: bytes.prefix(count), as: UTF8.self) == "contents\n")
        }
    }

    @Test func escapingTheDirectoryIsRefusedUnderBeneath() throws {
        try Self.withDirectory { directory, _ in
            #expect(throws: Errno.improperLink) {
                let file = try directory.openat2("../", how: OpenHow(flags: [.rdonly, .directory], resolve: .beneath))
                try? file.close()
            }
            // Without the restriction the same path opens.
            let parent = try directory.openat2("../", how: OpenHow(flags: [.rdonly, .directory]))
            try parent.close()
        }
    }

    @Test func unknownFlagsAndModesWithoutCreateAreInvalid() throws {
        try Self.withDirectory { directory, _ in
            #expect(throws: Errno.invalidArgument) {
                let file = try directory.openat2("file", how: OpenHow(resolve: OpenResolveOptions(rawValue: 1 << 40)))
                try? file.close()
            }
            #expect(throws: Errno.invalidArgument) {
                let file = try directory.openat2("file", how: OpenHow(flags: [.rdonly], mode: 0o600))
                try? file.close()
            }
        }
    }

    @Test func theStructIsPassedWithItsSize() {
        #expect(MemoryLayout<OpenHow>.size == 24)
        let how = OpenHow(flags: [.wronly, .creat], mode: 0o644, resolve: [.noSymlinks])
        let c = how.cStruct
        #expect(c.flags == UInt64(O_WRONLY | O_CREAT) && c.mode == 0o644 && c.resolve == how.resolve.rawValue)
        #expect(OpenHow(c) == how)
    }
}

@Suite("SysShim: memory calls against the live kernel (arrays of iovec, a range)")
struct MemoryCallTests {
    static func withPage<Result>(_ body: (UnsafeMutableRawBufferPointer) throws -> Result) throws -> Result {
        let size = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard let page = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), page != MAP_FAILED else {
            throw Errno(rawValue: errno)
        }
        page.storeBytes(of: 1, as: UInt8.self)
        return try body(UnsafeMutableRawBufferPointer(start: page, count: size))
    }

    @Test func adviceOnTheCallersOwnMemoryCoversTheRange() throws {
        try #require(FileDescriptor.isProcessMemoryAdviceSupported)
        let pidfd = try FileDescriptor.openPIDFileDescriptor(pid: getpid())
        defer { try? pidfd.close() }
        try Self.withPage { page in
            defer { munmap(page.baseAddress, page.count) }
            let advised = try pidfd.adviseMemory(ranges: [IOVector(base: page.baseAddress, len: page.count)], advice: .cold)
            #expect(advised == page.count)
            #expect(throws: Errno.invalidArgument) {
                _ = try pidfd.adviseMemory(ranges: [IOVector(base: page.baseAddress, len: page.count)], advice: .cold,
                                           options: ProcessMemoryAdviceOptions(rawValue: 1))
            }
        }
    }

    /// Sealing is for good: the sealed page stays mapped for the rest of the test run.
    @Test func aSealedRangeCannotBeUnmapped() throws {
        try #require(Kernel.isMemorySealSupported)
        try Self.withPage { page in
            try Kernel.seal(address: UnsafeRawBufferPointer(page))
            #expect(munmap(page.baseAddress, page.count) == -1 && errno == EPERM)
            #expect(throws: Errno.invalidArgument) {
                try Kernel.seal(address: UnsafeRawBufferPointer(page), options: MemorySealOptions(rawValue: 1))
            }
        }
    }

    @Test func secretMemoryIsADescriptorWhereTheKernelEnablesIt() throws {
        try #require(FileDescriptor.isSecretMemorySupported, "memfd_secret is disabled on this kernel")
        let memory = try FileDescriptor.makeSecretMemory(options: .oCloexec)
        defer { try? memory.close() }
        #expect(fcntl(memory.rawValue, F_GETFD) & FD_CLOEXEC != 0)
    }
}
