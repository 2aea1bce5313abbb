import SyscallSpec

/// Pointer and address roles. Every address a class passes is NULL, the
/// program's own mapping, or a page it keeps reserved without access; an
/// object the kernel may read or write is zero-filled and followed by a
/// PROT_NONE guard page, so that an access past its end faults the same way on
/// every run instead of reading whatever happens to be mapped there.
enum MemoryDomains {
    static let null = ClassRecipe("null", summary: "NULL",
                                  constructor: "(void) param;\nreturn argtest_pointer_constant (f, NULL);")
    static let unmapped = ClassRecipe(
        "unmapped", summary: "an address the process cannot access (a PROT_NONE page kept reserved for the run)",
        constructor: "(void) param;\nreturn argtest_pointer_constant (f, argtest_inaccessible_page ());")

    static let path = ArgumentDomain(role: .path, kind: .named, recipes: [
        null,
        unmapped,
        ClassRecipe("empty", summary: "the empty string",
                    constructor: "(void) param;\nreturn argtest_path_string (f, \"\");"),
        ClassRecipe("nonexistent", summary: "a relative path that does not exist (in the working directory, the program's own)",
                    constructor: "(void) param;\nreturn argtest_path_nonexistent (f);"),
        ClassRecipe("regular-file", summary: "the relative path of a temporary file of the program's",
                    constructor: "(void) param;\nreturn argtest_path_regular_file (f, 0);"),
        ClassRecipe("directory", summary: "the relative path of a temporary directory of the program's",
                    constructor: "(void) param;\nreturn argtest_path_directory (f);"),
        ClassRecipe("symlink", summary: "the relative path of a symbolic link to a temporary file of the program's",
                    constructor: "(void) param;\nreturn argtest_path_symlink (f);"),
        ClassRecipe("absolute", summary: "the absolute path of a temporary file of the program's",
                    constructor: "(void) param;\nreturn argtest_path_regular_file (f, 1);"),
        ClassRecipe("too-long", summary: "a string of PATH_MAX + 1 bytes",
                    constructor: "(void) param;\nreturn argtest_path_too_long (f);"),
    ])

    /// Buffers, structs and arrays: the object is `param->object_size` bytes
    /// (times the array length for arrays).
    static func object(_ role: ParameterRole) -> ArgumentDomain {
        ArgumentDomain(role: role, kind: .named, recipes: [
            null,
            unmapped,
            ClassRecipe("read-only", summary: "the object in read-only memory (a struct: its valid instance, or zeros)",
                        constructor: "return argtest_object (param, f, NULL, 1);"),
            // Fresh for each case: the kernel may write through it.
            ClassRecipe("valid", .perCase, summary: "a writable object of the right size (a struct: its valid instance, or zeros)",
                        constructor: "return argtest_object (param, f, NULL, 0);"),
        ])
    }

    /// Addresses of calls that act on ranges of the address space; fresh for
    /// each case, since such calls change mappings.
    static let address = ArgumentDomain(role: .address, kind: .named, recipes: [
        null,
        ClassRecipe("mapped", .perCase, summary: "a page-aligned address of a mapped page, with a hole after it",
                    constructor: "(void) param;\nreturn argtest_address_mapped (f, 0);"),
        ClassRecipe("mapped-bind", .perCase, summary: "a mapped page (with a hole after it) with an MPOL_BIND policy on node 0",
                    constructor: "(void) param;\nreturn argtest_address_mapped_policy (f, ARGTEST_MPOL_BIND);"),
        ClassRecipe("mapped-interleave", .perCase,
                    summary: "a mapped page (with a hole after it) with an MPOL_INTERLEAVE policy on node 0",
                    constructor: "(void) param;\nreturn argtest_address_mapped_policy (f, ARGTEST_MPOL_INTERLEAVE);"),
        ClassRecipe("unaligned", .perCase, summary: "one byte past the start of a mapped page",
                    constructor: "(void) param;\nreturn argtest_address_mapped (f, 1);"),
        ClassRecipe("unmapped", .perCase, summary: "the address of a page unmapped just before the call",
                    constructor: "(void) param;\nreturn argtest_address_unmapped (f);"),
    ])

    static let length = ArgumentDomain(role: .length, kind: .named, recipes: [
        ClassRecipe("zero", summary: "0", constructor: "return argtest_clamped (param, f, 0);"),
        ClassRecipe("page", summary: "the page size", constructor: "return argtest_clamped (param, f, argtest_page);"),
        ClassRecipe("unaligned", summary: "1, not a multiple of the page size",
                    constructor: "return argtest_clamped (param, f, 1);"),
        ClassRecipe("wraps-to-zero", summary: "the type's largest value, which wraps to 0 when rounded up to a page",
                    constructor: "return argtest_clamped (param, f, ~0ULL);"),
        ClassRecipe("overflowing", summary: "the largest page-aligned value: start + length overflows for any start above the first page",
                    constructor: "return argtest_clamped (param, f, ~0ULL - argtest_page + 1);"),
    ])
}
