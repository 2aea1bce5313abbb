import Foundation
import Testing
import TestSupport
@testable import SyscallSpec

/// The model fields the Swift bindings need beyond names: `swift.variants`
/// (one function per kind of result) and a flag's `feature_test_macro`.
@Suite struct SwiftNamingTests {
    /// CatalogueModelTests' openat2-like spec with a second success case that returns a value.
    static let twoKinds = CatalogueModelTests.structSpec
        .replacingOccurrences(of: """
            success:
              - witness: {how: valid}
              - witness: {how: cloexec-write}
                returns: descriptor
            """, with: """
            success:
              - witness: {how: valid}
              - witness: {how: "null", size: zero}
                returns: value
            """)

    static func load(_ text: String) -> Result<Catalogue, SpecLoadError> {
        CatalogueModelTests.loadCatalogue(["openlike": text])
    }

    @Test func aSecondKindOfResultNeedsAVariantName() throws {
        #expect(Self.twoKinds != CatalogueModelTests.structSpec)
        let messages = CatalogueModelTests.messages(Self.load(Self.twoKinds))
        #expect(messages == ["spec/openlike.yaml:69:8: error: a success case returns 'value', not returns.kind 'descriptor': name the Swift function for it in swift.variants.value"], "\(messages)")

        let named = Self.twoKinds.replacingOccurrences(of: "swift: {name: openLike,", with: "swift: {name: openLike, variants: {value: openLikeVersion},")
        let spec = try #require(try Self.load(named).get().spec(named: "openlike"))
        #expect(spec.swift.variants == [.value: "openLikeVersion"])
    }

    @Test func aVariantMustBeForAKindThatASuccessCaseReturns() {
        let stray = CatalogueModelTests.structSpec.replacingOccurrences(of: "swift: {name: openLike,", with: "swift: {name: openLike, variants: {count: openLikeCount},")
        #expect(CatalogueModelTests.messages(Self.load(stray))
                == ["spec/openlike.yaml:69:36: error: swift.variants.count: no success case returns 'count' instead of returns.kind 'descriptor'; drop it"])
        let sameName = Self.twoKinds.replacingOccurrences(of: "swift: {name: openLike,", with: "swift: {name: openLike, variants: {value: openLike},")
        #expect(CatalogueModelTests.messages(Self.load(sameName))
                == ["spec/openlike.yaml:69:43: error: swift.variants.value: 'openLike' names another function of this call already"])
        let badKind = Self.twoKinds.replacingOccurrences(of: "swift: {name: openLike,", with: "swift: {name: openLike, variants: {number: x},")
        #expect(CatalogueModelTests.messages(Self.load(badKind)).contains {
            $0.contains("swift.variants key 'number' is not one of zero, descriptor, count, value")
        })
    }

    @Test func featureTestMacroIsForSystemConstants() throws {
        let gated = CatalogueModelTests.structSpec.replacingOccurrences(
            of: "{name: O_CLOEXEC, value: 0x80000, since: \"2.6\", system_header: fcntl.h,",
            with: "{name: O_CLOEXEC, value: 0x80000, since: \"2.6\", system_header: fcntl.h, feature_test_macro: _GNU_SOURCE,")
        #expect(gated != CatalogueModelTests.structSpec)
        let catalogue = try Self.load(gated).get()
        let flags = try #require(catalogue.flagSets["openlike_open_flags"]?.flags)
        #expect(flags.map(\.featureTestMacro) == [nil, nil, "_GNU_SOURCE"])

        let shimConstant = CatalogueModelTests.structSpec.replacingOccurrences(
            of: "{name: RESOLVE_A, value: 0x1, since: \"5.6\",", with: "{name: RESOLVE_A, value: 0x1, since: \"5.6\", feature_test_macro: _GNU_SOURCE,")
        #expect(CatalogueModelTests.messages(Self.load(shimConstant)).contains {
            $0.hasSuffix("error: flag RESOLVE_A feature_test_macro is for a constant the C library defines; give its system_header")
        })
        let malformed = gated.replacingOccurrences(of: "feature_test_macro: _GNU_SOURCE", with: "feature_test_macro: GNU")
        #expect(CatalogueModelTests.messages(Self.load(malformed)).contains {
            $0.hasSuffix("error: flag O_CLOEXEC feature_test_macro must be a macro such as _GNU_SOURCE, found 'GNU'")
        })
    }
}
