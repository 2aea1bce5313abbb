import Foundation
import SysShim
import SystemPackage
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A scratch file with `bytes` bytes written, closed and removed by `body`'s caller.
@discardableResult
func withScratchFile<Result>(bytes: Int, _ body: (FileDescriptor) throws -> Result) throws -> Result {
    let directory = try TestSupport.temporaryDirectory("sysshim-swift")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = try FileDescriptor.open(FilePath(directory.appendingPathComponent("data").path), .readWrite,
                                       options: [.create, .truncate], permissions: .ownerReadWrite)
    defer { try? file.close() }
    let written = try Array(repeating: UInt8(0x5A), count: bytes).withUnsafeBytes { try file.write($0) }
    #expect(written == bytes)
    return try body(file)
}

@Suite("SysShim: cachestat against the live kernel (struct in, struct out)")
struct CachestatTests {
    @Test func kernelHasTheCall() {
        #expect(FileDescriptor.isCachestatSupported)
    }

    @Test func freshlyWrittenPagesAreCached() throws {
        try withScratchFile(bytes: 3 * 4096) { file in
            let whole = try file.cacheStatistics(range: CachestatRange(off: 0, len: 0))
            #expect(whole.cache >= 1, "\(whole.cache) pages cached")
            // A range past the end of the file holds no page.
            let beyond = try file.cacheStatistics(range: CachestatRange(off: 1 << 30, len: 4096))
            #expect(beyond == CachestatCounts())
        }
    }

    @Test func closedDescriptorThrowsBadFileDescriptor() throws {
        let file = try FileDescriptor.open("/dev/null", .readOnly)
        try file.close()
        #expect(throws: Errno.badFileDescriptor) {
            _ = try file.cacheStatistics(range: CachestatRange())
        }
    }

    @Test func undefinedFlagThrowsInvalidArgument() throws {
        try withScratchFile(bytes: 4096) { file in
            #expect(throws: Errno.invalidArgument) {
                _ = try file.cacheStatistics(range: CachestatRange(), flags: CachestatOptions(rawValue: 1))
            }
        }
    }

    @Test func structsConvertToAndFromTheCStruct() {
        let counts = CachestatCounts(cache: 1, dirty: 2, writeback: 3, evicted: 4, recentlyEvicted: 5)
        let c = counts.cStruct
        #expect([c.nr_cache, c.nr_dirty, c.nr_writeback, c.nr_evicted, c.nr_recently_evicted] == [1, 2, 3, 4, 5])
        #expect(CachestatCounts(c) == counts)
        #expect(MemoryLayout<CachestatCounts>.size == 40 && MemoryLayout<CachestatRange>.size == 16)
    }
}

@Suite("SysShim: Landlock against the live kernel (a query beside a descriptor, an untyped rule)")
struct LandlockTests {
    @Test func theQueryReturnsAVersionNotADescriptor() throws {
        try #require(FileDescriptor.isLandlockSupported, "Landlock is not enabled on this kernel")
        let version = try FileDescriptor.queryLandlock(.version)
        #expect(version >= 1)
        // The query function passes NULL and 0 for the ruleset arguments, so
        // a query without a flag is the creation case with no struct: EFAULT.
        #expect(throws: Errno.badAddress) { _ = try FileDescriptor.queryLandlock([]) }
        // Two query flags at once are refused.
        #expect(throws: Errno.invalidArgument) { _ = try FileDescriptor.queryLandlock([.version, .errata]) }
    }

    @Test func aRulesetIsADescriptorTheCallerCloses() throws {
        try #require(FileDescriptor.isLandlockSupported, "Landlock is not enabled on this kernel")
        let ruleset = try FileDescriptor.createLandlockRuleset(attributes: LandlockRulesetAttributes(handledAccessFs: .readFile))
        defer { try? ruleset.close() }
        #expect(fcntl(ruleset.rawValue, F_GETFD) & FD_CLOEXEC != 0, "Landlock rulesets are close-on-exec")

        let root = try FileDescriptor.open("/", .readOnly, options: .directory)
        defer { try? root.close() }
        let rule = LandlockPathBeneathAttributes(allowedAccess: .readFile, parentFd: root.rawValue)
        #expect(rule.withUnsafeBytes { $0.count } == 12, "the packed struct's 12 bytes")
        try rule.withUnsafeBytes { bytes throws(Errno) in
            try ruleset.addLandlockRule(type: .pathBeneath, rule: bytes.baseAddress!)
        }
        // A right the ruleset does not handle cannot be granted by a rule.
        let unhandled = LandlockPathBeneathAttributes(allowedAccess: .writeFile, parentFd: root.rawValue)
        #expect(throws: Errno.invalidArgument) {
            try unhandled.withUnsafeBytes { bytes throws(Errno) in
                try ruleset.addLandlockRule(type: .pathBeneath, rule: bytes.baseAddress!)
            }
        }
    }

    @Test func anEmptyRulesetIsRefused() throws {
        try #require(FileDescriptor.isLandlockSupported, "Landlock is not enabled on this kernel")
        #expect(throws: Errno.noMessage) {
            let ruleset = try FileDescriptor.createLandlockRuleset(attributes: LandlockRulesetAttributes())
            try? ruleset.close()
        }
    }
}

@Suite("SysShim: listmount and statmount against the live kernel (an array out, a struct heading a buffer)")
struct MountTests {
    static func request(mount: UInt64, asking: StatmountMask = []) -> MountIDRequest {
        MountIDRequest(size: UInt32(MemoryLayout<MountIDRequest>.size), mntId: mount, param: asking.rawValue)
    }

    static func firstMounts() throws -> [UInt64] {
        var ids = [UInt64](repeating: 0, count: 16)
        let count = try ids.withUnsafeMutableBufferPointer { buffer throws(Errno) in
            try Kernel.listMounts(request: request(mount: ListmountMountID.lsmtRoot.rawValue), into: buffer)
        }
        #expect(count > 0 && count <= 16)
        return Array(ids.prefix(count))
    }

    @Test func listedMountsCanBeDescribedWithTheirStrings() throws {
        try #require(Kernel.isListmountSupported && Kernel.isStatmountSupported)
        let mount = try #require(try Self.firstMounts().first)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8192, alignment: 8)
        defer { buffer.deallocate() }
        let status = try Kernel.mountStatus(request: Self.request(mount: mount, asking: [.mntBasic, .mntPoint]), buffer: buffer)
        #expect(status.mntId == mount)
        #expect(StatmountMask(rawValue: status.mask).isSuperset(of: [.mntBasic, .mntPoint]))
        #expect(Int(status.size) > MemoryLayout<MountStatus>.size, "the strings follow the struct in the buffer")
        // The mount point is a string after the struct, at the offset the struct gives.
        let start = MemoryLayout<MountStatus>.size + Int(status.mntPoint)
        let point = String(decoding: buffer[start...].prefix { $0 != 0 }, as: UTF8.self)
        #expect(point.hasPrefix("/"), "mount point \(point)")
    }

    @Test func aBufferWithoutRoomForTheStringsOverflows() throws {
        try #require(Kernel.isListmountSupported && Kernel.isStatmountSupported)
        let mount = try #require(try Self.firstMounts().first)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: MemoryLayout<MountStatus>.size, alignment: 8)
        defer { buffer.deallocate() }
        #expect(throws: Errno.overflow) {
            _ = try Kernel.mountStatus(request: Self.request(mount: mount, asking: [.mntPoint]), buffer: buffer)
        }
        // Without strings the struct alone is enough.
        let status = try Kernel.mountStatus(request: Self.request(mount: mount, asking: [.mntBasic]), buffer: buffer)
        #expect(status.mntId == mount)
    }

    @Test func anUnknownMountThrowsNoSuchFileOrDirectory() throws {
        try #require(Kernel.isStatmountSupported)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 8)
        defer { buffer.deallocate() }
        #expect(throws: Errno.noSuchFileOrDirectory) {
            _ = try Kernel.mountStatus(request: Self.request(mount: 0x7fff_ffff_ffff_ffff, asking: [.mntBasic]), buffer: buffer)
        }
    }
}

@Suite("SysShim: futex_waitv against the live kernel (an array of structs in place, an optional timeout)")
struct FutexWaitvTests {
    @discardableResult
    static func withWord<Result>(_ value: UInt32, _ body: (FutexWaiter) throws -> Result) rethrows -> Result {
        let word = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        defer { word.deallocate() }
        word.initialize(to: value)
        let waiter = FutexWaiter(val: UInt64(value), uaddr: UInt64(UInt(bitPattern: word)), flags: [.sizeU32, .private])
        return try body(waiter)
    }

    @Test func aDeadlineInThePastTimesOut() throws {
        try #require(Kernel.isFutexWaitvSupported)
        Self.withWord(7) { waiter in
            #expect(throws: Errno.timedOut) {
                _ = try Kernel.waitOnFutexes(waiters: [waiter], timeout: KernelTimespec(sec: 0, nsec: 0), clockid: .monotonic)
            }
        }
    }

    @Test func aWordThatDiffersReturnsAtOnce() throws {
        try #require(Kernel.isFutexWaitvSupported)
        Self.withWord(7) { waiter in
            var changed = waiter
            changed.val = 8
            #expect(throws: Errno.resourceTemporarilyUnavailable) {
                _ = try Kernel.waitOnFutexes(waiters: [waiter, changed], clockid: .monotonic)
            }
        }
    }

    @Test func noWaiterIsInvalid() throws {
        try #require(Kernel.isFutexWaitvSupported)
        #expect(throws: Errno.invalidArgument) {
            _ = try Kernel.waitOnFutexes(waiters: [], clockid: .monotonic)
        }
    }
}
