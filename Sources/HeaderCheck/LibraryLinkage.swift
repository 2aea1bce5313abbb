internal import CClang
import Foundation
import SyscallGen
import SyscallSpec

/// The C library's own declarations of the catalogue's calls, read in C++ from
/// its headers alone. A function declared outside every `extern "C"` block has
/// C++ linkage there: glibc 2.36's <sys/pidfd.h> lacks `__BEGIN_DECLS`, so in
/// C++ its pidfd_open names the symbol `_Z10pidfd_openij`, which the library
/// does not define. The shim cannot repair another header's linkage; the
/// validator reports the consequence instead of failing on it.
extension ValidationRun {
    /// The unit, where this machine's C library declares any of the calls.
    func libraryLinkageUnit() -> PlannedUnit? {
        let libraryHeaders = Set(catalogue.specs.filter { $0.availability.glibc != nil && !CShimEmitter.isKernelHeader($0.header) }
            .map(\.header)).sorted()
        guard !libraryHeaders.isEmpty else { return nil }
        var source = "/* sysshim validate: the C library's own declarations of the catalogue's calls, in C++ */\n"
        source += libraryHeaders.map { "#include <\($0)>\n" }.joined()
        return PlannedUnit(arguments: ["-x", "c++", "-std=\(LanguageStandard.referenceCPlusPlus.name)"], source: source)
    }

    /// Calls this machine's C library declares with C++ linkage, and where.
    func findCXXLinkageDeclarations() -> [String: ClangLocation] {
        guard let planned = libraryLinkageUnit() else { return [:] }
        translationUnits += 1
        guard let unit = try? index.parse(mainFile: Self.mainFile, arguments: planned.arguments,
                                          unsavedFiles: [ClangIndex.UnsavedFile(path: Self.mainFile, contents: planned.source)]) else {
            log.skip("this machine's C library headers could not be read as C++; the linkage of their declarations is not known")
            return [:]
        }
        let functions = unit.topLevelFunctions()
        var result: [String: ClangLocation] = [:]
        for spec in catalogue.specs {
            if let declaration = functions[spec.name], let location = declaration.location { result[spec.name] = location }
        }
        return result
    }

    /// In C++ with SYSSHIM_FORCE_SHIM the shim declares NAME `extern "C"`; a C
    /// library header that declares it with C++ linkage cannot join it. Those
    /// conflicts are the library's, and are listed as skipped coexistence checks.
    /// Returns the calls whose conflict was removed: in that unit, which
    /// declaration a call reaches says nothing more.
    func removeLibraryLinkageConflicts(_ diagnostics: inout [ClangDiagnostic], configuration: Configuration) -> Set<String> {
        guard configuration.standard.isCPlusPlus, configuration.libc != nil else { return [] }
        let prefix = "declaration of '", suffix = "' has a different language linkage"
        var conflicting: Set<String> = []
        diagnostics.removeAll { diagnostic in
            guard diagnostic.message.hasPrefix(prefix), diagnostic.message.hasSuffix(suffix) else { return false }
            let name = String(diagnostic.message.dropFirst(prefix.count).dropLast(suffix.count))
            guard let declared = cxxLinkageDeclarations[name], let spec = catalogue.spec(named: name) else { return false }
            // Between the library's C++ declaration and the shim's own extern "C" one
            // only: two readings of the library's header are the shim's doing.
            let involved = ([diagnostic.location] + diagnostic.notes.map(\.location)).compactMap { $0 }
            guard involved.contains(where: { $0.file == declared.file && $0.line == declared.line }),
                  involved.contains(where: { $0.file.hasPrefix(headers.includeDirectory + "/") }) else { return false }
            log.skip("in C++, this machine's <\(spec.header)> declares \(name) without extern \"C\" (\(headers.display(declared.file)):\(declared.line)), so it cannot be included beside the shim's own extern \"C\" \(name) (SYSSHIM_FORCE_SHIM); that coexistence is not checked")
            conflicting.insert(name)
            return true
        }
        return conflicting
    }
}
