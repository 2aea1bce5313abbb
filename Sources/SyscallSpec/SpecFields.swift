/// The keys each kind of mapping in a spec may have. The loader rejects any
/// other key ("unknown field ..."), and a test checks that spec/schema.json
/// lists exactly these, so the editor's completion and the loader cannot drift
/// apart. Keys are named after the schema's definitions (`$defs`); the spec's
/// top level is `root`.
enum SpecFields {
    static let root = [
        "name", "summary", "date", "header", "feature_test_macro", "availability", "kernel_config",
        "numbers", "returns", "parameters", "flag_sets", "structs", "errors", "success", "probe",
        "tests", "description", "notes", "caveats", "bugs", "versions", "history", "see_also",
        "references", "example", "swift",
    ]
    static let availability = ["linux", "glibc", "musl"]
    static let kernelConfig = ["option", "missing", "prose"]
    static let numbers = ["common", "overrides", "only"]
    static let returns = ["type", "kind", "prose"]
    static let parameter = ["name", "type", "role", "prose", "flag_set", "size_of", "count_of", "nullable", "libc_const"]
    static let flagSet = ["name", "kind", "reserved", "exclusive", "prose", "flags", "enum_tag", "swift_name"]
    static let flag = ["name", "value", "overrides", "since", "prose", "uapi_header", "system_header", "feature_test_macro", "swift_name"]
    static let structSpec = ["name", "prose", "size", "align", "packed", "min_size", "fields", "instances", "uapi_header", "uapi_since", "system_header", "swift_name"]
    static let structField = ["name", "type", "array_length", "offset", "flag_set", "since", "prose"]
    static let error = ["errno", "condition", "witness", "untestable", "racy", "since", "until", "context"]
    /// An argument class limited to kernel versions: `{class: NAME, since: "6.15"}`.
    static let witnessClass = ["class", "since", "until"]
    static let race = ["also", "witness", "reason"]
    static let success = ["witness", "racy", "returns"]
    static let probe = ["arguments", "expect", "disabled"]
    static let disabledAnswer = ["errno", "reason"]
    static let tests = ["isolation"]
    static let reference = ["message_id", "title"]
    static let example = ["prose", "code"]
    static let swift = ["name", "receiver", "labels", "availability", "variants"]

    /// Every list, by the name of its definition in spec/schema.json.
    static let byDefinition: [String: [String]] = [
        "root": root, "availability": availability, "kernelConfig": kernelConfig, "numbers": numbers,
        "returns": returns, "parameter": parameter, "flagSet": flagSet, "flag": flag, "struct": structSpec,
        "structField": structField, "error": error, "witnessClass": witnessClass, "race": race,
        "success": success, "probe": probe, "disabledAnswer": disabledAnswer, "tests": tests, "reference": reference, "example": example,
        "swift": swift,
    ]
}
