// Asks whether the kernel has process_mrelease and calls it on a descriptor
// that is not a process, printing what came back. The sysshim tests run it
// as is and with the call blocked by seccomp (a kernel without the call).
import SysShim
import SystemPackage

print("supported: \(FileDescriptor.isProcessMemoryReleaseSupported)")
do {
    try FileDescriptor(rawValue: -1).releaseProcessMemory()
    print("result: success")
} catch {
    print("result: \(error == .noFunction ? "noFunction" : error == .badFileDescriptor ? "badFileDescriptor" : "\(error)")")
}
