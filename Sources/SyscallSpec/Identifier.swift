/// Rules for names a spec introduces: they become C identifiers (function,
/// parameter, macro, struct field) and Swift identifiers, so they must be valid
/// and unreserved in both languages (and in C++, which includes the headers).
public enum Identifier {
    public static func isValidC(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first else { return false }
        guard first == "_" || isASCIILetter(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) }
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    /// Keywords of C (C89 through C23).
    public static let cLanguageKeywords: Set<String> = [
        "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
        "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
        "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch", "typedef",
        "union", "unsigned", "void", "volatile", "while", "_Alignas", "_Alignof", "_Atomic", "_Bool",
        "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local",
        "alignas", "alignof", "bool", "constexpr", "false", "nullptr", "static_assert",
        "thread_local", "true", "typeof", "typeof_unqual", "_BitInt", "_Decimal32", "_Decimal64",
        "_Decimal128",
    ]

    /// Keywords of C++ (through C++20), which also reads the generated headers.
    public static let cppKeywords: Set<String> = [
        "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
        "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
        "const", "const_cast", "consteval", "constexpr", "constinit", "continue", "co_await",
        "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
        "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
        "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
        "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
        "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
        "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
        "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
        "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    ]

    /// Every word reserved in C or C++.
    public static let cKeywords: Set<String> = cLanguageKeywords.union(cppKeywords)

    /// Swift keywords that cannot be used as plain identifiers. Contextual
    /// keywords (`open`, `borrowing`, `consuming`, `nonisolated`) are ordinary
    /// names elsewhere and stay allowed: swift-system itself has `open`.
    public static let swiftKeywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension",
        "fileprivate", "func", "import", "init", "inout", "internal", "let",
        "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
        "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in",
        "repeat", "return", "throw", "switch", "where", "while", "Any", "as", "await", "false",
        "is", "nil", "self", "Self", "super", "throws", "true", "try", "_",
    ]

    /// Why a name cannot be used, or nil when it can.
    public static func problem(with name: String) -> String? {
        if !isValidC(name) {
            return "'\(name)' is not a valid C identifier (letters, digits and '_', not starting with a digit)"
        }
        // Every identifier of every spec comes here and almost none is a keyword:
        // answer that without building the list of languages.
        guard cLanguageKeywords.contains(name) || cppKeywords.contains(name) || swiftKeywords.contains(name) else { return nil }
        let languages = [("C", cLanguageKeywords), ("C++", cppKeywords), ("Swift", swiftKeywords)]
            .filter { $0.1.contains(name) }.map(\.0)
        guard !languages.isEmpty else { return nil }
        let list = languages.count == 1 ? languages[0]
            : languages.dropLast().joined(separator: ", ") + " and " + languages.last!
        return "'\(name)' is a reserved word in \(list)"
    }
}
