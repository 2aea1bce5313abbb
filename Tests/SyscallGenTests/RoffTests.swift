import Testing
@testable import SyscallGen
import SyscallSpec

/// The roff escaper, one rule per test, and the prose renderer's forms.
@Suite struct RoffEscaperTests {
    @Test func backslashBecomesTheEscapeCharacter() {
        #expect(Roff.escape(#"a\b"#) == #"a\eb"#)
        // A literal font change in prose stays text.
        #expect(Roff.escape(#"\fB"#) == #"\efB"#)
        #expect(Roff.escape(#"\\"#, as: .code) == #"\e\e"#)
    }

    @Test func lineStartingWithDotOrQuoteGetsZeroWidthEscape() {
        #expect(Roff.protectLineStart(".TH x") == #"\&.TH x"#)
        #expect(Roff.protectLineStart("'br") == #"\&'br"#)
        #expect(Roff.protectLineStart("a.b 'c") == "a.b 'c")
    }

    @Test func hyphenInsideAWordStaysAHyphen() {
        #expect(Roff.escape("low-memory x-ray") == "low-memory x-ray")
        // A dash standing alone between spaces is punctuation, not a minus.
        #expect(Roff.escape("a - b") == "a - b")
        // Touching text in another font before it: still inside a word.
        #expect(Roff.escape("-based", after: "d") == "-based")
    }

    @Test func minusOrOptionDashIsEscaped() {
        #expect(Roff.escape("-1") == #"\-1"#)
        #expect(Roff.escape("returns -1 and") == #"returns \-1 and"#)
        #expect(Roff.escape("(-10000)") == #"(\-10000)"#)
        #expect(Roff.escape("-lc") == #"\-lc"#)
        #expect(Roff.escape("--all") == #"\-\-all"#)
        #expect(Roff.escape("-.5") == #"\-.5"#)
    }

    @Test func everyDashInCodeIsAMinus() {
        #expect(Roff.escape("a-b - c--", as: .code) == #"a\-b \- c\-\-"#)
    }

    @Test func doubleQuoteIsSafeInMacroArguments() {
        #expect(Roff.escape(#"say "x""#) == #"say "x""#)
        #expect(Roff.escape(#"say "x""#, in: .macroArgument) == #"say \[dq]x\[dq]"#)
        #expect(Roff.argument(#"two "words""#) == #""two \[dq]words\[dq]""#)
        #expect(Roff.argument("one") == "one")
        #expect(Roff.argument("") == #""""#)
    }

    @Test func straightQuotesInCodeStayStraight() {
        #expect(Roff.escape("'a'", as: .code) == #"\[aq]a\[aq]"#)
        // In prose it is an apostrophe.
        #expect(Roff.escape("it's") == "it's")
    }

    @Test func graveCaretAndTildeUseTheirGlyphNames() {
        #expect(Roff.escape("`a` ^b ~c") == #"\[ga]a\[ga] \[ha]b \[ti]c"#)
    }

    @Test func nonASCIIIsWrittenAsSpecialCharacters() {
        #expect(Roff.escape("a\u{2014}b \u{2013}") == #"a\[em]b \[en]"#)
        #expect(Roff.escape("\u{201C}q\u{201D} \u{2018}s\u{2019}") == #"\[lq]q\[rq] \[oq]s\[cq]"#)
        #expect(Roff.escape("café") == #"caf\[u00E9]"#)
        #expect(Roff.escape("\u{1F600}") == #"\[u1F600]"#)
        #expect(Roff.escape("a\u{A0}b") == #"a\~b"#)
        // Nothing but ASCII reaches the page source.
        #expect(Roff.escape("naïve — “x” ‘y’ ünï").unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func tabsAndControlCharacters() {
        #expect(Roff.escape("a\tb") == "a b")
        #expect(Roff.escape("a\u{07}b\u{7F}") == "ab")
        #expect(Roff.codeLines("\tx\n12\ty") == ["        x", "12      y"])
    }

    @Test func codeLinesHaveNoBlankLineAndNoRequest() {
        let lines = Roff.codeLines("int a;\n\n.b = 1,\n'c'   \n  .d\n\n")
        #expect(lines == ["int a;", #"\&"#, #"\&.b = 1,"#, #"\[aq]c\[aq]"#, "  .d"])
    }

    @Test func urlsArePercentEncodedNotRoffEscaped() {
        #expect(Roff.url("https://lkml.kernel.org/r/a-b_c@d.org") == #"https://lkml.kernel.org/\:r/\:a-b_c@\:d.org"#)
        #expect(Roff.url(#"https://x/a"b\c d"#) == #"https://x/\:a%22b%5Cc%20d"#)
        #expect(Roff.url("https://x/é") == #"https://x/\:%C3%A9"#)
    }
}

@Suite struct RoffProseTests {
    func prose(_ markup: String) throws -> Prose {
        try MarkupParser.parse(markup).get()
    }

    func render(_ markup: String, in context: Roff.BlockContext = .section) throws -> [String] {
        Roff.lines(for: try prose(markup), in: context)
    }

    @Test func oneSentencePerLine() throws {
        #expect(try render("First one. Second one? Third! Fourth.") == ["First one.", "Second one?", "Third!", "Fourth."])
        // A closing parenthesis or quote after the period still ends the sentence.
        #expect(try render(#"(As said.) "Quoted." Next"#) == ["(As said.)", #""Quoted.""#, "Next"])
    }

    @Test func abbreviationsDoNotEndSentences() throws {
        #expect(try render("Use e.g. this, i.e. that.") == ["Use e.g. this, i.e. that."])
        // At the end of a line, roff would add sentence space after the period.
        let lines = Roff.filledLines(["see", "e.g."])
        #expect(lines == [#"see e.g.\&"#])
    }

    @Test func longLinesBreakAtClausesWithinEightyBytes() throws {
        let text = "This sentence is long enough that it cannot fit on one line, so it breaks after the comma and goes on."
        let lines = try render(text)
        #expect(lines == ["This sentence is long enough that it cannot fit on one line,",
                          "so it breaks after the comma and goes on."])
        let words = String(repeating: "word ", count: 40) + "end."
        for line in try render(words) { #expect(line.utf8.count <= 80) }
    }

    @Test func sentenceStartingWithDotOrQuoteIsProtected() throws {
        #expect(try render("One. .TH two. 'three") == ["One.", #"\&.TH two."#, #"\&'three"#])
    }

    @Test func emphasisIsItalicWithTouchingPunctuation() throws {
        #expect(try render("The *flags* argument") == ["The", #".I \%flags"#, "argument"])
        #expect(try render("about *pidfd*, then") == ["about", #".IR \%pidfd ,"#, "then"])
        #expect(try render("(*flags*)") == [#".RI ( \%flags )"#])
        #expect(try render("*two words*.") == [#".IR "two words" ."#])
    }

    @Test func strongAndCodeAreBold() throws {
        #expect(try render("fails with **EINVAL**.") == ["fails with", #".BR \%EINVAL ."#])
        #expect(try render("write `a - b` or `'x'`") == ["write", #".B "a \- b""#, "or", #".B \%\[aq]x\[aq]"#])
        #expect(try render(#"**"q"**"#) == [#".B \%\[dq]q\[dq]"#])
    }

    @Test func crossReferencesAndFunctions() throws {
        #expect(try render("see kill(2), then") == ["see", #".BR \%kill (2),"#, "then"])
        #expect(try render("process_mrelease() frees") == [#".BR \%process_mrelease ()"#, "frees"])
        #expect(try render("(see pidfd_open(2)).") == ["(see", #".BR \%pidfd_open (2))."#])
    }

    @Test func sentenceEndsThroughClosersIncludingCurlyQuotes() {
        #expect(Roff.endsWithTerminalPunctuation("done.)"))
        #expect(Roff.endsWithTerminalPunctuation("said.\u{201D}"))
        #expect(Roff.endsWithTerminalPunctuation("it?\u{2019})"))
        #expect(!Roff.endsWithTerminalPunctuation("a.b,"))
        #expect(!Roff.endsWithTerminalPunctuation("\u{201D})"))
        // A lone continuation byte pair is not a closer: é ends "café".
        #expect(!Roff.endsWithTerminalPunctuation("café"))
    }

    @Test func abbreviationsAreFoundThroughBracketsCaseAndCommas() {
        #expect(Roff.isAbbreviation("(E.g.,"))
        #expect(Roff.isAbbreviation("\"etc.\")"))
        #expect(!Roff.isAbbreviation("end."))
        // Non-ASCII words take the Character path: the Kelvin sign lowercases to k.
        #expect(Roff.isAbbreviation("a.\u{212A}.a."))
    }

    @Test func wordsAfterAClauseBreakMoveToTheNextLineWithTheirHyphenRules() throws {
        // The second line starts with the words after the comma, escaped as
        // they were on the first (the minus of -1 stays a minus).
        let text = "A fairly long clause that runs on and on for a while, then returns -1 and sets errno to say so."
        #expect(try render(text) == ["A fairly long clause that runs on and on for a while,",
                                     #"then returns \-1 and sets errno to say so."#])
    }

    @Test func threeFontsInOneWordFallBackToFontEscapes() throws {
        #expect(try render("(*a***B**)") == [#"\fR(\fI\%a\fB\%B\fR)\fR"#])
    }

    @Test func linksUseURAndUE() throws {
        #expect(try render("at <https://example.com/x>, more") ==
                ["at", #".UR https://example.com/\:x"#, #"\&\c"#, ".UE ,", "more"])
        #expect(try render("(<https://example.com/x>).") ==
                [#"(\c"#, #".UR https://example.com/\:x"#, #"\&\c"#, ".UE )."])
    }

    @Test func listsAreBulletParagraphs() throws {
        #expect(try render("Intro.\n\n- one\n- two") == ["Intro.", #".IP \[bu] 3"#, "one", #".IP \[bu] 3"#, "two"])
        // Inside a tagged entry the list is nested so the entry's indentation holds.
        #expect(try render("Intro.\n\n- one", in: .indented) == ["Intro.", ".RS", #".IP \[bu] 3"#, "one", ".RE"])
    }

    @Test func codeBlocksAreIndentedExamples() throws {
        #expect(try render("Before.\n\n    a - 1;\n\n    .b\n\nAfter.") ==
                ["Before.", ".P", ".in +4n", ".EX", #"a \- 1;"#, #"\&"#, #"\&.b"#, ".EE", ".in", ".P", "After."])
    }

    @Test func paragraphsAreSeparatedByMacrosNeverBlankLines() throws {
        #expect(try render("One.\n\nTwo.") == ["One.", ".P", "Two."])
        #expect(try render("One.\n\nTwo.", in: .indented) == ["One.", ".IP", "Two."])
    }

    @Test func hostileTextNeverYieldsARequestOrBlankLine() throws {
        let hostile = #"""
        .TH x 1
        'br
        \fB bold? "quoted" -1 -- x. .SH y. 'z
        \\e and \*not italic\* and `.code` ’curly’ — dash

            .EX
            'quoted

        - .item
        - 'item
        """#
        for context in [Roff.BlockContext.section, .indented] {
            for line in try render(hostile, in: context) {
                #expect(!line.trimmingCharacters(in: " ").isEmpty, "blank line")
                if line.hasPrefix(".") {
                    let macro = line.dropFirst().prefix { $0 != " " }
                    #expect(["P", "IP", "RS", "RE", "in", "EX", "EE", "I", "B", "BR", "IR", "RI", "RB", "UR", "UE"].contains(String(macro)), "\(line)")
                } else {
                    #expect(!line.hasPrefix("'"), "\(line)")
                }
                #expect(!line.contains(#"\f"#), "\(line)")
                #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(line)")
            }
        }
    }
}

extension String {
    func trimmingCharacters(in set: String) -> Substring {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
