internal import CClang
import Foundation

/// A thin owner of libclang's objects: one index for the whole validation run,
/// translation units parsed from memory, and the few queries the checks need.
/// Nothing here is shared between threads.
final class ClangIndex {
    let raw: CXIndex

    init() {
        // Keep declarations from PCH files visible; never print diagnostics to stderr.
        raw = clang_createIndex(0, 0)
    }

    deinit { clang_disposeIndex(raw) }

    /// A file handed to libclang from memory; its path need not exist on disk.
    struct UnsavedFile {
        var path: String
        var contents: String
    }

    struct ParseFailure: Error, CustomStringConvertible {
        var code: CXErrorCode
        var arguments: [String]
        var description: String {
            "libclang could not parse a translation unit (error \(code.rawValue)) with: \(arguments.joined(separator: " "))"
        }
    }

    /// Parses `mainFile` (one of `unsavedFiles` or a file on disk) with the
    /// compiler arguments given (no program name, no input file).
    func parse(mainFile: String, arguments: [String], unsavedFiles: [UnsavedFile],
               detailedPreprocessingRecord: Bool = false) throws -> TranslationUnit {
        var allocations: [UnsafeMutablePointer<CChar>] = []
        defer { allocations.forEach { free($0) } }
        func cString(_ text: String) -> UnsafeMutablePointer<CChar> {
            let pointer = strdup(text)!
            allocations.append(pointer)
            return pointer
        }
        let argv: [UnsafePointer<CChar>?] = arguments.map { UnsafePointer(cString($0)) }
        var unsaved: [CXUnsavedFile] = unsavedFiles.map { file in
            CXUnsavedFile(Filename: cString(file.path), Contents: cString(file.contents),
                          Length: UInt(file.contents.utf8.count))
        }
        var options = CXTranslationUnit_None.rawValue
        if detailedPreprocessingRecord { options |= CXTranslationUnit_DetailedPreprocessingRecord.rawValue }
        var unit: CXTranslationUnit?
        let code = argv.withUnsafeBufferPointer { argvBuffer in
            unsaved.withUnsafeMutableBufferPointer { unsavedBuffer in
                clang_parseTranslationUnit2(raw, mainFile, argvBuffer.baseAddress, Int32(argvBuffer.count),
                                            unsavedBuffer.baseAddress, UInt32(unsavedBuffer.count), options, &unit)
            }
        }
        guard code == CXError_Success, let unit else { throw ParseFailure(code: code, arguments: arguments) }
        return TranslationUnit(raw: unit)
    }
}

/// A position as the compiler reports it (the expansion site for macros).
struct ClangLocation: Hashable {
    var file: String
    var line: Int
    var column: Int

    /// Whether a path has a `/.` in it (a `.` or `..` segment, or a dot file).
    static func hasDotSegment(_ path: String) -> Bool {
        var previous: UInt8 = 0
        for byte in path.utf8 {
            if previous == UInt8(ascii: "/") && byte == UInt8(ascii: ".") { return true }
            previous = byte
        }
        return false
    }

    init?(_ location: CXSourceLocation) {
        var file: CXFile?
        var line: UInt32 = 0, column: UInt32 = 0, offset: UInt32 = 0
        clang_getFileLocation(location, &file, &line, &column, &offset)
        guard let file else { return nil }
        // Includes such as "../../x.h" leave dot-dot segments in the name.
        let name = clang_getFileName(file).consumed
        self.file = Self.hasDotSegment(name) ? URL(fileURLWithPath: name).standardized.path : name
        self.line = Int(line)
        self.column = Int(column)
    }
}

struct ClangDiagnostic {
    enum Severity: Int {
        case ignored = 0, note, warning, error, fatal
    }

    var severity: Severity
    var location: ClangLocation?
    var message: String
    /// The warning option that enables it, e.g. `-Wpedantic` (empty for errors).
    var option: String
    var notes: [ClangDiagnostic]

    init(_ raw: CXDiagnostic) {
        severity = Severity(rawValue: Int(clang_getDiagnosticSeverity(raw).rawValue)) ?? .error
        location = ClangLocation(clang_getDiagnosticLocation(raw))
        message = clang_getDiagnosticSpelling(raw).consumed
        option = clang_getDiagnosticOption(raw, nil).consumed
        var notes: [ClangDiagnostic] = []
        let children = clang_getChildDiagnostics(raw)
        for index in 0..<clang_getNumDiagnosticsInSet(children) {
            if let child = clang_getDiagnosticInSet(children, index) {
                notes.append(ClangDiagnostic(child))
                clang_disposeDiagnostic(child)
            }
        }
        self.notes = notes
    }
}

final class TranslationUnit {
    let raw: CXTranslationUnit

    init(raw: CXTranslationUnit) { self.raw = raw }

    deinit { clang_disposeTranslationUnit(raw) }

    var diagnostics: [ClangDiagnostic] {
        (0..<clang_getNumDiagnostics(raw)).compactMap { index in
            guard let diagnostic = clang_getDiagnostic(raw, index) else { return nil }
            defer { clang_disposeDiagnostic(diagnostic) }
            return ClangDiagnostic(diagnostic)
        }
    }

    var cursor: CXCursor { clang_getTranslationUnitCursor(raw) }

    /// Top-level declarations (and, with a detailed preprocessing record,
    /// macro definitions and expansions) of the main file only.
    func mainFileCursors() -> [CXCursor] {
        cursor.children.filter { clang_Location_isFromMainFile(clang_getCursorLocation($0)) != 0 }
    }

    /// Whether libclang saw an include guard around the whole of `path`
    /// (only for files this unit included).
    func isIncludeGuarded(_ path: String) -> Bool? {
        guard let file = clang_getFile(raw, path) else { return nil }
        return clang_isFileMultipleIncludeGuarded(raw, file) != 0
    }

    func wasIncluded(_ path: String) -> Bool {
        clang_getFile(raw, path) != nil
    }

    /// Functions declared at file scope, by name (the last declaration of each).
    /// In C++ these have C++ linkage: an `extern "C"` block is a cursor of its own.
    func topLevelFunctions() -> [String: CXCursor] {
        var result: [String: CXCursor] = [:]
        for cursor in cursor.children where cursor.kind == CXCursor_FunctionDecl {
            result[cursor.spelling] = cursor
        }
        return result
    }
}

extension CXString {
    /// The string's text; the CXString is disposed.
    var consumed: String {
        defer { clang_disposeString(self) }
        guard let pointer = clang_getCString(self) else { return "" }
        return String(cString: pointer)
    }
}

extension CXCursor {
    var kind: CXCursorKind { clang_getCursorKind(self) }
    var spelling: String { clang_getCursorSpelling(self).consumed }
    var type: CXType { clang_getCursorType(self) }
    var location: ClangLocation? { ClangLocation(clang_getCursorLocation(self)) }
    var referenced: CXCursor { clang_getCursorReferenced(self) }
    var isNull: Bool { clang_Cursor_isNull(self) != 0 }
    var isDefinition: Bool { clang_isCursorDefinition(self) != 0 }

    /// The symbol a function's calls link to: its assembler name where it has
    /// one (`__asm__ ("sysshim_x")`), else its C name, or its C++ mangled name.
    var mangledName: String {
        let name = clang_Cursor_getMangling(self).consumed
        // An assembler name taken literally is marked with \1 (no platform prefix added).
        return name.hasPrefix("\u{1}") ? String(name.dropFirst()) : name
    }

    /// The assembler name attached to this declaration, if any.
    var assemblerName: String? {
        children.first { $0.kind == CXCursor_AsmLabelAttr }?.spelling
    }

    /// Direct children, in source order.
    var children: [CXCursor] {
        final class Box { var cursors: [CXCursor] = [] }
        let box = Box()
        withExtendedLifetime(box) {
            _ = clang_visitChildren(self, { child, _, data in
                Unmanaged<Box>.fromOpaque(data!).takeUnretainedValue().cursors.append(child)
                return CXChildVisit_Continue
            }, Unmanaged.passUnretained(box).toOpaque())
        }
        return box.cursors
    }

    /// Every descendant, depth first.
    var descendants: [CXCursor] {
        children.flatMap { [$0] + $0.descendants }
    }

    /// The integer value of a variable's constant initializer.
    var integerValue: Int64? {
        guard let result = clang_Cursor_Evaluate(self) else { return nil }
        defer { clang_EvalResult_dispose(result) }
        guard clang_EvalResult_getKind(result) == CXEval_Int else { return nil }
        if clang_EvalResult_isUnsignedInt(result) != 0 {
            return Int64(bitPattern: UInt64(clang_EvalResult_getAsUnsigned(result)))
        }
        return Int64(clang_EvalResult_getAsLongLong(result))
    }
}

extension CXType {
    var spelling: String { clang_getTypeSpelling(self).consumed }
    var canonical: CXType { clang_getCanonicalType(self) }
    var pointee: CXType { clang_getPointeeType(self) }
    var isValid: Bool { kind != CXType_Invalid }

    func isSame(as other: CXType) -> Bool { clang_equalTypes(canonical, other.canonical) != 0 }

    /// Size and alignment in bytes; nil for an incomplete or dependent type.
    var size: Int? {
        let value = clang_Type_getSizeOf(self)
        return value < 0 ? nil : Int(value)
    }

    var alignment: Int? {
        let value = clang_Type_getAlignOf(self)
        return value < 0 ? nil : Int(value)
    }

    /// A field's offset in bytes, nil if the record has no such field or is incomplete.
    func offset(ofField name: String) -> Int? {
        let bits = clang_Type_getOffsetOf(self, name)
        return bits < 0 ? nil : Int(bits / 8)
    }
}
