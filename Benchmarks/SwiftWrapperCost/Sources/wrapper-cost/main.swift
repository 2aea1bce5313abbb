// One releaseProcessMemory() per iteration on descriptor -1 (EBADF); see
// Benchmarks/wrapper_cost.c for how the per-call cost is taken from two runs.
#if canImport(Glibc)
import Glibc
#endif
import SysShim
import SystemPackage

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 1000 : 1000
let descriptor = FileDescriptor(rawValue: -1)
var failures = 0
for _ in 0..<iterations {
    do throws(Errno) {
        try descriptor.releaseProcessMemory()
    } catch {
        if error == .badFileDescriptor { failures &+= 1 }
    }
}
guard failures == iterations else {
    print("expected \(iterations) EBADF failures, got \(failures)")
    exit(1)
}
