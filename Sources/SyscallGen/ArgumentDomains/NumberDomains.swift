import SyscallSpec

/// Sizes tied to a struct or buffer (`size_of`) and counts tied to an array
/// (`count_of`): fixed values relative to the object the tests pass, so that
/// each class means the same thing on every run. The object a size is tied
/// to has room for every size class (zeros, or the nonzero byte of
/// `nonzero-tail`, which the run-time writes after the object for the case).
enum NumberDomains {
    static let size = ArgumentDomain(role: .size, kind: .named, recipes: [
        ClassRecipe("zero", summary: "0", constructor: "return argtest_clamped (param, f, 0);"),
        ClassRecipe("too-small", summary: "one byte less than the smallest valid object (a growing struct's min_size)",
                    constructor: """
                    if (param->min_size <= 1)
                        return ARGTEST_UNAVAILABLE;
                    return argtest_clamped (param, f, param->min_size - 1);
                    """),
        ClassRecipe("exact", summary: "the object's size", constructor: "return argtest_clamped (param, f, param->object_size);"),
        ClassRecipe("too-large", summary: "8 bytes more than the object (zeros the tests mapped)",
                    constructor: "return argtest_clamped (param, f, param->object_size + 8);"),
        ClassRecipe("nonzero-tail", summary: "8 bytes more than the object, the first of them nonzero",
                    constructor: "return argtest_clamped (param, f, param->object_size + 8);"),
        ClassRecipe("over-page", summary: "more than a page (the page size + 8, or the object + 8 if larger), zeros the tests mapped",
                    constructor: "return argtest_clamped (param, f, argtest_over_page_size (param));"),
        ClassRecipe("huge", summary: "1 GiB (or the type's maximum), beyond any object the tests map",
                    constructor: "return argtest_clamped (param, f, 1ULL << 30);"),
    ])

    static let count = ArgumentDomain(role: .count, kind: .named, recipes: [
        ClassRecipe("zero", summary: "0", constructor: "return argtest_clamped (param, f, 0);"),
        ClassRecipe("one", summary: "1", constructor: "return argtest_clamped (param, f, 1);"),
        ClassRecipe("matching", summary: "the length of the array the tests pass",
                    constructor: "return argtest_clamped (param, f, param->element_count);"),
        ClassRecipe("huge", summary: "2^20 (or the type's maximum), far beyond the array",
                    constructor: "return argtest_clamped (param, f, 1ULL << 20);"),
    ])
}
