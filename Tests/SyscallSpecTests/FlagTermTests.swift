import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// Witness terms naming flags (`FLAG`, `with-FLAG`, `without-FLAG`), races
/// limited to classes, and C library constants shared by several flag sets.
@Suite struct FlagTermTests {
    static let threadOpen = """
    name: threadopen
    summary: open a process or one of its threads
    date: "2026-11-30"
    header: sys/threadopen.h
    availability: {linux: "5.3", glibc: none, musl: none}
    numbers: {common: 460}
    returns: {type: int, kind: descriptor, prose: A descriptor.}
    parameters:
      - {name: pidfd, type: int, role: pidfd, prose: The process.}
      - {name: flags, type: unsigned int, role: flags, flag_set: threadopen_flags, prose: Flags.}
    flag_sets:
      - name: threadopen_flags
        swift_name: ThreadOpenOptions
        prose: Flags.
        flags:
          - {name: THREADOPEN_NONBLOCK, value: 0x800, since: "5.10", prose: Nonblocking.}
          - {name: THREADOPEN_THREAD, value: 0x80, since: "6.9", prose: One thread.}
          - {name: O_CLOEXEC, value: 0x80000, overrides: {alpha: 0x200000, parisc: 0x200000, sparc: 0x400000, sparc64: 0x400000}, since: "5.3", system_header: fcntl.h, prose: Close on exec.}
    errors:
      - errno: EINVAL
        condition: "*flags* has an unknown bit."
        witness: {flags: unknown}
      - errno: ENOENT
        condition: "*pidfd* is a child and *flags* lacks **THREADOPEN_THREAD**."
        witness:
          pidfd: live-child
          flags: [without-THREADOPEN_THREAD, {class: THREADOPEN_NONBLOCK, since: "6.9"}]
      - errno: ESRCH
        condition: The process has exited.
        witness: {pidfd: exited}
        racy:
          also: [EBADF]
          witness: {pidfd: zombie-child, flags: with-O_CLOEXEC}
          reason: A race.
    probe: {arguments: {pidfd: -1, flags: 0}, expect: EBADF}
    description: Opens.
    swift: {name: threadOpen, availability: isThreadOpenSupported}
    """

    /// A second spec whose set shares the C library's O_CLOEXEC.
    static let secretLike = """
    name: secretlike
    summary: make a secret area
    date: "2026-11-30"
    header: sys/mman.h
    availability: {linux: "5.14", glibc: none, musl: none}
    numbers: {common: 461}
    returns: {type: int, kind: descriptor, prose: A descriptor.}
    parameters:
      - {name: flags, type: unsigned int, role: flags, flag_set: secretlike_flags, prose: Flags.}
    flag_sets:
      - name: secretlike_flags
        swift_name: SecretLikeOptions
        prose: Flags.
        flags:
          - {name: O_CLOEXEC, value: 0x80000, overrides: {alpha: 0x200000, parisc: 0x200000, sparc: 0x400000, sparc64: 0x400000}, since: "5.14", system_header: fcntl.h, prose: Close on exec here too.}
    errors:
      - errno: EINVAL
        condition: "*flags* has an unknown bit."
        witness: {flags: unknown}
    probe: {arguments: {flags: 1}, expect: EINVAL}
    description: Makes.
    swift: {name: secretLike, availability: isSecretLikeSupported}
    """

    static func load(_ threadOpen: String = threadOpen, _ secretLike: String? = nil) -> Result<Catalogue, SpecLoadError> {
        var files = [("spec/threadopen.yaml", Data(threadOpen.utf8))]
        if let secretLike { files.append(("spec/secretlike.yaml", Data(secretLike.utf8))) }
        return Catalogue.load(files: files)
    }

    static func messages(_ result: Result<Catalogue, SpecLoadError>) -> [String] {
        guard case .failure(let error) = result else { return [] }
        return error.diagnostics.map(\.description)
    }

    static func replacing(_ old: String, _ new: String, in text: String = threadOpen) throws -> String {
        try #require(text.contains(old), "the spec no longer contains \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    @Test func flagTermsLoadWithTheirRelationAndVersions() throws {
        let spec = try #require(try Self.load().get().spec(named: "threadopen"))
        let terms = try #require(spec.errors[1].witness?.classes["flags"])
        #expect(terms.map(\.name) == ["without-THREADOPEN_THREAD", "THREADOPEN_NONBLOCK"])
        #expect(terms.map(\.flagTerm) == [FlagTerm(.without, "THREADOPEN_THREAD"), FlagTerm(.exactly, "THREADOPEN_NONBLOCK")])
        #expect(terms[1].since == Version(parsing: "6.9") && terms[0].since == nil)
        // A class of the role stays a class, not a flag term.
        #expect(spec.errors[0].witness?.classes["flags"]?.map(\.flagTerm) == [nil])
    }

    @Test(arguments: [("THREADOPEN_THREAD", FlagTerm(.exactly, "THREADOPEN_THREAD")), ("with-O_CLOEXEC", FlagTerm(.with, "O_CLOEXEC")),
                      ("without-_X1", FlagTerm(.without, "_X1")), ("with-", nil), ("within-A", nil), ("with-a", nil), ("known", nil)])
    func flagTermsParse(_ text: String, _ term: FlagTerm?) {
        #expect(FlagTerm.parse(text) == term)
        if let term { #expect(term.description == text) }
    }

    @Test func flagTermsHoldOnTheWordsBits() {
        let thread = UInt64(0x80)
        #expect(FlagTerm(.exactly, "T").holds(word: 0x80, flagValue: thread))
        #expect(!FlagTerm(.exactly, "T").holds(word: 0x880, flagValue: thread))
        #expect(FlagTerm(.with, "T").holds(word: 0x880, flagValue: thread))
        #expect(!FlagTerm(.with, "T").holds(word: 0x800, flagValue: thread))
        #expect(FlagTerm(.without, "T").holds(word: 0, flagValue: thread))
        // A flag of two bits is lacked when one of them is missing.
        #expect(FlagTerm(.without, "T").holds(word: 0x1, flagValue: 0x3))
    }

    @Test func witnessesMatchFlagTermsOnTheArgumentsTerms() throws {
        let spec = try #require(try Self.load().get().spec(named: "threadopen"))
        let witness = try #require(spec.errors[1].witness)
        let kernel = try #require(Version(parsing: "6.18"))
        let nonblockAlone = ClassifiedArgument("known", flagTerms: [FlagTerm(.exactly, "THREADOPEN_NONBLOCK"), FlagTerm(.without, "THREADOPEN_THREAD")])
        let thread = ClassifiedArgument("known", flagTerms: [FlagTerm(.with, "THREADOPEN_THREAD")])
        #expect(witness.matches(parameter: "flags", argument: nonblockAlone, kernel: kernel))
        #expect(!witness.matches(parameter: "flags", argument: thread, kernel: kernel))
        // A bare class satisfies no flag term.
        #expect(!witness.matches(parameter: "flags", argumentClass: "known", kernel: kernel))
        #expect(nonblockAlone.description == "known: THREADOPEN_NONBLOCK, without-THREADOPEN_THREAD")
        // The term limited to 6.9 and later: before, only the without- term can match.
        let exactOnly = ClassifiedArgument("known", flagTerms: [FlagTerm(.exactly, "THREADOPEN_NONBLOCK")])
        #expect(witness.matches(parameter: "flags", argument: exactOnly, kernel: kernel))
        #expect(!witness.matches(parameter: "flags", argument: exactOnly, kernel: try #require(Version(parsing: "6.8"))))
    }

    @Test func aFlagTermMustNameAFlagOfTheParametersSet() throws {
        let text = try Self.replacing("[without-THREADOPEN_THREAD, ", "[without-THREADOPEN_THRED, ")
        #expect(Self.messages(Self.load(text)) == [
            "spec/threadopen.yaml:27:15: error: 'without-THREADOPEN_THRED' names THREADOPEN_THRED, which is not a flag of set 'threadopen_flags' of parameter 'flags'; did you mean 'THREADOPEN_THREAD'? (its flags: THREADOPEN_NONBLOCK, THREADOPEN_THREAD, O_CLOEXEC)",
        ])
    }

    @Test func aRaceWitnessIsCheckedLikeAnyWitness() throws {
        let text = try Self.replacing("witness: {pidfd: zombie-child, flags: with-O_CLOEXEC}", "witness: {pidfd: zombie-child, flags: with-O_CLOEXC}")
        let messages = Self.messages(Self.load(text))
        #expect(messages.count == 1 && messages[0].contains("error: 'with-O_CLOEXC' names O_CLOEXC, which is not a flag of set 'threadopen_flags' of parameter 'flags'; did you mean 'O_CLOEXEC'?"),
                "\(messages)")
    }

    @Test func flagTermsAreForFlagsParametersOnly() throws {
        let text = try Self.replacing("pidfd: live-child\n", "pidfd: THREADOPEN_THREAD\n")
        let messages = Self.messages(Self.load(text))
        #expect(messages.count == 1 && messages[0].hasPrefix("spec/threadopen.yaml:26:14: error: 'THREADOPEN_THREAD' is not an argument class of role 'pidfd' (known: "),
                "\(messages)")
        #expect(!messages[0].contains("with-FLAG"), "\(messages)")
        // For a flags parameter, the message names the flag forms too.
        let flags = try Self.replacing("witness: {flags: unknown}", "witness: {flags: unknwon}")
        #expect(Self.messages(Self.load(flags)).first?.hasSuffix("; did you mean 'unknown'? (known: zero, known, several-known, unknown, nonzero, or a flag of its set: FLAG, with-FLAG, without-FLAG)") == true,
                "\(Self.messages(Self.load(flags)))")
    }

    @Test func withAndWithoutAFlagThatIsZeroAreRefused() throws {
        var text = try Self.replacing("      - {name: O_CLOEXEC, value: 0x80000, overrides",
                                      "      - {name: O_RDONLY, value: 0, since: \"5.3\", system_header: fcntl.h, prose: Read only.}\n      - {name: O_CLOEXEC, value: 0x80000, overrides")
        text = text.replacingOccurrences(of: "flags: with-O_CLOEXEC}", with: "flags: with-O_RDONLY}")
        let messages = Self.messages(Self.load(text))
        #expect(messages.count == 1 && messages[0].hasSuffix("error: 'with-O_RDONLY': O_RDONLY is 0, which every word holds; write O_RDONLY alone for the word 0"),
                "\(messages)")
        // Alone, the flag that is 0 means the word 0.
        #expect(Self.messages(Self.load(text.replacingOccurrences(of: "flags: with-O_RDONLY}", with: "flags: O_RDONLY}"))).isEmpty)
    }

    @Test func aRaceLimitedToClassesLoadsAndStaysWithinItsEntry() throws {
        let spec = try #require(try Self.load().get().spec(named: "threadopen"))
        let race = try #require(spec.errors[2].race)
        #expect(race.alsoErrnos == ["EBADF"])
        #expect(race.witness?.classes["pidfd"]?.map(\.name) == ["zombie-child"])
        #expect(race.witness?.classes["flags"]?.map(\.flagTerm) == [FlagTerm(.with, "O_CLOEXEC")])
        // live-child is not exited: the entry never applies to it, nor could its race.
        let outside = try Self.replacing("witness: {pidfd: zombie-child, flags", "witness: {pidfd: [zombie-child, live-child], flags")
        #expect(Self.messages(Self.load(outside)) == [
            "spec/threadopen.yaml:33:39: error: errors[2] (ESRCH) racy.witness names 'live-child' for 'pidfd', which the entry's witness does not accept: the race could never happen",
        ])
        let empty = try Self.replacing("witness: {pidfd: zombie-child, flags: with-O_CLOEXEC}", "witness: {}")
        #expect(Self.messages(Self.load(empty)) == [
            "spec/threadopen.yaml:33:16: error: errors[2] (ESRCH) racy.witness names no parameter; leave it out for a race that can happen whenever the entry applies",
        ])
    }

    @Test func aCLibraryConstantMayBelongToSeveralSetsDeclaredAlike() throws {
        let catalogue = try Self.load(Self.threadOpen, Self.secretLike).get()
        for set in ["threadopen_flags", "secretlike_flags"] {
            #expect(catalogue.flagSets[set]?.flags.contains { $0.name == "O_CLOEXEC" && $0.isSystem } == true)
        }
        // Each set keeps its own since and prose.
        #expect(catalogue.flagSets["secretlike_flags"]?.flags.first?.since == .released(Version(parsing: "5.14")!))
    }

    @Test(arguments: [
        ("overrides: {alpha: 0x200000, parisc: 0x200000, sparc: 0x400000, sparc64: 0x400000}, since: \"5.14\"",
         "overrides: {alpha: 0x200000, parisc: 0x200000, sparc: 0x400001, sparc64: 0x400000}, since: \"5.14\"",
         "error: flag 'O_CLOEXEC' is declared twice with another value: 0x400000 on sparc, first 0x400001"),
        ("since: \"5.14\", system_header: fcntl.h", "since: \"5.14\", system_header: asm/fcntl.h",
         "error: flag 'O_CLOEXEC' is declared twice: here from <fcntl.h>, first from <asm/fcntl.h>"),
        ("since: \"5.14\", system_header: fcntl.h", "since: \"5.14\", system_header: fcntl.h, feature_test_macro: _GNU_SOURCE",
         "error: flag 'O_CLOEXEC' is declared twice with another feature_test_macro: none, first _GNU_SOURCE"),
        ("since: \"5.14\", system_header: fcntl.h, prose", "since: \"5.14\", prose",
         "error: flag 'O_CLOEXEC' is declared twice; only a constant the C library defines (system_header) may belong to several flag sets"),
    ])
    func aConstantDeclaredDifferentlyIsRefused(_ old: String, _ new: String, _ message: String) throws {
        // The catalogue takes the specs in name order: secretlike's declaration is the first, threadopen's is refused.
        let secret = try Self.replacing(old, new, in: Self.secretLike)
        let messages = Self.messages(Self.load(Self.threadOpen, secret))
        #expect(messages.count == 2, "\(messages)")
        // On line 18, at the flag, or for a value that differs at the value written for that ABI.
        #expect(messages.first?.hasPrefix("spec/threadopen.yaml:18:") == true && messages.first?.hasSuffix(message) == true, "\(messages)")
        #expect(messages.last == "spec/secretlike.yaml:15:9: note: first declared here", "\(messages)")
    }
}
