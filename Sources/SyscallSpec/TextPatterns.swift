/// The shapes of the short strings a spec holds (header paths, macro names,
/// dates, ...), checked by hand: these run for every field of every spec, and
/// a regex literal is compiled again each time it is evaluated.
enum TextPatterns {
    private static func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
    private static func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// `sys/mman.h`: lower-case words of [a-z0-9_] separated by `/`, ending in `.h`.
    static func isHeaderPath(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count > 2, bytes[bytes.count - 2] == 0x2E, bytes[bytes.count - 1] == 0x68 else { return false }
        var wordLength = 0
        for byte in bytes.dropLast(2) {
            if byte == 0x2F {
                if wordLength == 0 { return false }
                wordLength = 0
            } else if isLower(byte) || isDigit(byte) || byte == 0x5F {
                wordLength += 1
            } else {
                return false
            }
        }
        return wordLength > 0
    }

    /// Upper-case macro name: `[A-Z_][A-Z0-9_]*`, optionally required to start with `prefix`.
    static func isMacroName(_ text: String, prefix: String = "") -> Bool {
        guard text.hasPrefix(prefix), text.utf8.count > prefix.utf8.count || prefix.isEmpty else { return false }
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isUpper(first) || first == 0x5F else { return false }
        return bytes.allSatisfy { isUpper($0) || isDigit($0) || $0 == 0x5F }
    }

    /// `_GNU_SOURCE`: `_` then an upper-case letter, then [A-Z0-9_].
    static func isFeatureTestMacro(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count >= 2 && bytes[0] == 0x5F && isUpper(bytes[1]) && isMacroName(text)
    }

    /// Lower-case words joined by single `-`: `bad-mode`, `valid`.
    static func isKebabName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, isLower(first), bytes.last != 0x2D else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x2D {
                if previous == 0x2D { return false }
            } else if !(isLower(byte) || isDigit(byte)) {
                return false
            }
            previous = byte
        }
        return true
    }

    /// `YYYY-MM-DD` with a month 01–12 and a day 01–31.
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D else { return false }
        for index in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(bytes[index]) { return false }
        let month = Int(bytes[5] - 0x30) * 10 + Int(bytes[6] - 0x30)
        let day = Int(bytes[8] - 0x30) * 10 + Int(bytes[9] - 0x30)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// Whether `text` contains the ASCII `needle`, searched as bytes (the
    /// generic collection search costs a million instructions on an example
    /// program).
    static func contains(_ text: String, ascii needle: StaticString) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            needle.withUTF8Buffer { needle in
                guard let first = needle.first, bytes.count >= needle.count else { return needle.isEmpty }
                for start in 0...(bytes.count - needle.count) where bytes[start] == first {
                    if (1..<needle.count).allSatisfy({ bytes[start + $0] == needle[$0] }) { return true }
                }
                return false
            }
        }
    }

    /// Whether `text` is empty once spaces and tabs are trimmed from its ends:
    /// whether every byte is a space or a tab.
    static func isBlank(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    /// A Message-ID without angle brackets: `local@domain`, no spaces, `<`, `>`, `/` or second `@`.
    static func isMessageID(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return !text.contains { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "/" }
    }
}
