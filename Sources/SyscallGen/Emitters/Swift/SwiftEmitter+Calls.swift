import SyscallSpec

/// The functions of a call: how each C argument is made from the Swift
/// arguments, which closures reach C memory, and what comes back.
extension SwiftEmitter {
    /// One Swift function for a system call. Most calls have one; a call whose
    /// success cases return different kinds (a descriptor, or for a query a
    /// number) has one per kind, so no function hands back a descriptor that
    /// is not one.
    struct FunctionPlan {
        var name: String
        var kind: ReturnSpec.Kind
        /// C parameters the success cases of this kind fix to one value
        /// (`zero` or `null`): passed as that, not exposed.
        var fixed: [String: String]
        /// Nullable pointers that the success cases of this kind never pass as NULL.
        var required: Set<String>
        /// Flag words that the success cases of this kind never pass as 0
        /// (a query flag must be given): no `[]` default.
        var nonzero: Set<String> = []
    }

    /// Where a call's functions live: methods of `FileDescriptor` for calls on
    /// a descriptor or making one, static methods of `Kernel` otherwise.
    static func ownerType(_ spec: SyscallSpec) -> String {
        let takesDescriptor = spec.parameters.contains { $0.role == .fd || $0.role == .pidfd }
        return spec.swift.receiver != nil || takesDescriptor || spec.returns.kind == .descriptor ? "FileDescriptor" : "Kernel"
    }

    /// Classes that name a single value, so a parameter restricted to one of
    /// them is not a choice for the caller.
    static let fixedClasses: [String: String] = ["zero": "0", "null": "nil"]

    static func plans(_ spec: SyscallSpec) -> [FunctionPlan] {
        let kinds = ([spec.returns.kind] + spec.successes.compactMap(\.returns)).reduce(into: [ReturnSpec.Kind]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        guard kinds.count > 1 else {
            return [FunctionPlan(name: spec.swift.name, kind: spec.returns.kind, fixed: [:], required: [])]
        }
        return kinds.map { kind in
            let cases = spec.successes.filter { ($0.returns ?? spec.returns.kind) == kind }
            var fixed: [String: String] = [:]
            var required: Set<String> = []
            var nonzero: Set<String> = []
            for parameter in spec.parameters {
                // Classes the cases allow; nil where some case allows any.
                var allowed: Set<String>? = []
                for success in cases {
                    guard let classes = success.witness?.classes[parameter.name] else { allowed = nil; break }
                    allowed?.formUnion(classes.map(\.name))
                }
                guard let allowed, !allowed.isEmpty else { continue }
                if allowed.count == 1, let value = fixedClasses[allowed.first!], parameter.name != spec.swift.receiver,
                   value == "nil" ? parameter.role.isPointer || parameter.role == .address : !parameter.role.isPointer {
                    fixed[parameter.name] = value
                } else if parameter.nullable, !allowed.contains("null") {
                    required.insert(parameter.name)
                } else if parameter.role == .flags, !allowed.contains("zero") {
                    nonzero.insert(parameter.name)
                }
            }
            let name = kind == spec.returns.kind ? spec.swift.name : spec.swift.variants[kind] ?? spec.swift.name
            return FunctionPlan(name: name, kind: kind, fixed: fixed, required: required, nonzero: nonzero)
        }
    }

    /// Pairs of an `address` parameter and the `length` parameter right after
    /// it: a range of memory, one `UnsafeRawBufferPointer` in Swift.
    static func ranges(_ spec: SyscallSpec, fixed: [String: String]) -> [String: String] {
        var pairs: [String: String] = [:]
        for (index, parameter) in spec.parameters.enumerated().dropLast()
        where parameter.role == .address && fixed[parameter.name] == nil {
            let next = spec.parameters[index + 1]
            if next.role == .length, fixed[next.name] == nil { pairs[parameter.name] = next.name }
        }
        return pairs
    }

    /// Problems the bindings cannot resolve, found before any file is written.
    func callProblems(_ spec: SyscallSpec, _ catalogue: Catalogue) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for parameter in spec.parameters where parameter.role == .size {
            guard let target = parameter.sizeOf.flatMap(spec.parameter(named:)) else { continue }
            if target.role == .path {
                problems.append(Diagnostic(at: parameter.location,
                    "'\(parameter.name)' is the size of path '\(target.name)'; the Swift bindings pass paths as C strings and cannot derive it"))
            }
        }
        return problems
    }

    // MARK: - Building a function

    /// A Swift parameter of a generated function.
    struct SwiftParameter {
        var label: String
        var name: String
        var type: String
        var defaultValue: String?
        var documentation: [String]

        var declaration: String {
            let head = label == name ? name : "\(label) \(name)"
            return "\(head): \(type)" + (defaultValue.map { " = \($0)" } ?? "")
        }
    }

    /// A function being assembled, parameter by parameter.
    struct FunctionBody {
        var parameters: [SwiftParameter] = []
        /// Statements before the call (outputs the kernel fills in).
        var prelude: [String] = []
        /// Statements after a successful call (reading outputs back).
        var epilogue: [String] = []
        /// Closure heads, outermost first, each closed by `}`.
        var scopes: [String] = []
        /// C arguments by parameter name.
        var arguments: [String: String] = [:]
        /// Values returned besides the call's own result: struct outputs.
        var outputs: [(name: String, type: String, documentation: [String])] = []
        /// C arguments the function computes or fixes, for the documentation.
        var computed: [(parameter: String, value: String)] = []
    }

    func build(_ plan: FunctionPlan, _ spec: SyscallSpec, _ catalogue: Catalogue, docc: DocCRenderer) -> FunctionBody {
        var body = FunctionBody()
        let ranges = Self.ranges(spec, fixed: plan.fixed)
        let rangeLengths = Set(ranges.values)
        /// Whether a pointer parameter is optional in this function.
        func isOptional(_ parameter: Parameter) -> Bool {
            parameter.nullable && !plan.required.contains(parameter.name)
        }
        func documentation(_ parameter: Parameter) -> [String] { docc.lines(parameter.prose) }

        for parameter in spec.parameters {
            let name = Self.parameterName(parameter, in: spec)
            let label = Self.label(parameter, in: spec)
            func expose(_ type: String, defaultValue: String? = nil, documentation extra: [String] = []) {
                body.parameters.append(SwiftParameter(label: label, name: name, type: type, defaultValue: defaultValue,
                                                      documentation: documentation(parameter) + extra))
            }
            if parameter.name == spec.swift.receiver {
                body.arguments[parameter.name] = Self.descriptorArgument("self", parameter)
                continue
            }
            if let value = plan.fixed[parameter.name] {
                body.arguments[parameter.name] = Self.fixedArgument(value, parameter)
                body.computed.append((parameter.name, value == "nil" ? "`NULL`" : "0"))
                continue
            }
            switch parameter.role {
            case .pidfd, .fd:
                expose("FileDescriptor")
                body.arguments[parameter.name] = Self.descriptorArgument(name, parameter)
            case .pid, .signal, .integer, .remoteFd:
                // A remote descriptor is a number in another process's table, not one of
                // the caller's descriptors: it stays an integer.
                let type = parameter.type.scalar?.swiftType ?? "CInt"
                expose(type)
                body.arguments[parameter.name] = name
            case .numaNode:
                expose("Int")
                body.arguments[parameter.name] = parameter.type.scalar.map { Self.convertInt(name, to: $0) } ?? name
            case .flags, .enumValue:
                let set = catalogue.flagSet(for: parameter)!
                expose(set.swiftName, defaultValue: parameter.role == .flags && !plan.nonzero.contains(parameter.name) ? "[]" : nil)
                body.arguments[parameter.name] = Self.flagArgument("\(name).rawValue", set: set, parameter, catalogue)
            case .path:
                let optional = isOptional(parameter)
                expose("FilePath" + (optional ? "?" : ""))
                body.scopes.append("_withPlatformString(\(name)) { \(name)Pointer in")
                body.arguments[parameter.name] = parameter.type.pointee?.isConstQualified == false
                    ? "UnsafeMutablePointer(mutating: \(name)Pointer)" : "\(name)Pointer"
            case .bufferIn, .bufferOut:
                let mutable = parameter.role == .bufferOut
                let sized = spec.parameters.contains { $0.role == .size && $0.sizeOf == parameter.name }
                if sized {
                    expose(mutable ? "UnsafeMutableRawBufferPointer" : "UnsafeRawBufferPointer")
                    body.arguments[parameter.name] = Self.cPointer("\(name).baseAddress", mutable: mutable, optional: true, to: parameter.type)
                } else {
                    let optional = isOptional(parameter)
                    expose((mutable ? "UnsafeMutableRawPointer" : "UnsafeRawPointer") + (optional ? "?" : ""))
                    body.arguments[parameter.name] = Self.cPointer(name, mutable: mutable, optional: optional, to: parameter.type)
                }
            case .structIn:
                let optional = isOptional(parameter)
                let type = Self.valueType(of: parameter.type.pointee!, catalogue)
                expose(type + (optional ? "?" : ""), defaultValue: optional ? "nil" : nil)
                body.scopes.append("_withCBytes(of: \(name)) { \(name)Bytes in")
                body.arguments[parameter.name] = Self.cPointer("\(name)Bytes", mutable: false, optional: true, to: parameter.type)
            case .structInOut:
                let optional = isOptional(parameter)
                let type = Self.valueType(of: parameter.type.pointee!, catalogue)
                expose("inout " + type + (optional ? "?" : ""))
                body.scopes.append("_withMutableCBytes(of: &\(name)) { \(name)Bytes in")
                body.arguments[parameter.name] = Self.cPointer("\(name)Bytes", mutable: true, optional: optional, to: parameter.type)
            case .structOut where Self.isHeadOfBuffer(parameter, spec, catalogue):
                // A struct ending in a flexible array member, with its size: the
                // caller's buffer holds the struct and what follows it (statmount's
                // strings); the function returns the struct read from its start.
                let type = Self.valueType(of: parameter.type.pointee!, catalogue)
                let head = "\(name)Head"
                expose("UnsafeMutableRawBufferPointer")
                body.prelude.append("var \(head) = \(type)()")
                body.arguments[parameter.name] = Self.cPointer("\(name).baseAddress", mutable: true, optional: true, to: parameter.type)
                body.epilogue.append("_copyHead(of: \(name), into: &\(head))")
                body.outputs.append((head, type, ["The `struct \(parameter.type.pointee!.structTag!)` at the start of `\(name)`; "
                                                  + "what follows it stays in `\(name)`."]))
            case .structOut:
                // Always passed: the caller wants the value back.
                let type = Self.valueType(of: parameter.type.pointee!, catalogue)
                body.prelude.append("var \(name) = \(type)()")
                body.scopes.append("_withMutableCBytes(of: &\(name)) { \(name)Bytes in")
                body.arguments[parameter.name] = Self.cPointer("\(name)Bytes", mutable: true, optional: false, to: parameter.type)
                body.outputs.append((name, type, documentation(parameter)))
            case .arrayIn:
                let optional = isOptional(parameter)
                let element = Self.valueType(of: parameter.type.pointee!, catalogue)
                expose("[\(element)]" + (optional ? "?" : ""))
                body.scopes.append("_withElements(of: \(name)) { \(name)Elements in")
                body.arguments[parameter.name] = Self.cPointer("\(name)Elements", mutable: false, optional: true, to: parameter.type)
            case .arrayOut:
                let element = Self.valueType(of: parameter.type.pointee!, catalogue)
                expose("UnsafeMutableBufferPointer<\(element)>")
                if parameter.type.pointee?.scalar != nil {
                    // The buffer's element type is the C element type already.
                    body.arguments[parameter.name] = "\(name).baseAddress"
                } else {
                    body.arguments[parameter.name] = Self.cPointer("UnsafeMutableRawPointer(\(name).baseAddress)", mutable: true, optional: true, to: parameter.type)
                }
            case .address:
                if let lengthName = ranges[parameter.name], let length = spec.parameter(named: lengthName) {
                    body.parameters.append(SwiftParameter(label: label, name: name, type: "UnsafeRawBufferPointer", defaultValue: nil,
                                                          documentation: documentation(parameter) + [""] + documentation(length)))
                    body.arguments[parameter.name] = Self.cPointer("\(name).baseAddress", mutable: false, optional: true, to: parameter.type)
                    body.arguments[lengthName] = Self.lengthArgument("\(name).count", length)
                } else {
                    expose("UnsafeRawPointer?")
                    body.arguments[parameter.name] = Self.cPointer(name, mutable: false, optional: true, to: parameter.type)
                }
            case .length:
                guard !rangeLengths.contains(parameter.name) else { continue }
                expose("Int")
                body.arguments[parameter.name] = Self.lengthArgument(name, parameter)
            case .size, .count:
                break  // derived below, once every parameter has its Swift name
            }
        }

        // Sizes and counts come from what they describe.
        for parameter in spec.parameters where body.arguments[parameter.name] == nil {
            guard parameter.role == .size || parameter.role == .count,
                  let targetName = parameter.sizeOf ?? parameter.countOf,
                  let target = spec.parameter(named: targetName), let scalar = parameter.type.scalar else { continue }
            let value = derivedValue(parameter, of: target, plan: plan, spec, catalogue, optional: isOptional(target))
            body.arguments[parameter.name] = Self.convertInt(value, to: scalar)
            body.computed.append((parameter.name, "`\(value)`"))
        }
        return body
    }

    /// A size or count, from the struct, buffer or array it describes.
    func derivedValue(_ parameter: Parameter, of target: Parameter, plan: FunctionPlan, _ spec: SyscallSpec,
                      _ catalogue: Catalogue, optional: Bool) -> String {
        if plan.fixed[target.name] != nil { return "0" }
        let name = Self.parameterName(target, in: spec)
        switch target.role {
        case .structOut where Self.isHeadOfBuffer(target, spec, catalogue):
            return "\(name).count"
        case .structIn, .structInOut, .structOut:
            let size = "MemoryLayout<\(Self.valueType(of: target.type.pointee!, catalogue))>.size"
            return optional && target.role != .structOut ? "\(name) == nil ? 0 : \(size)" : size
        case .arrayIn, .arrayOut:
            let count = optional && target.role == .arrayIn ? "(\(name)?.count ?? 0)" : "\(name).count"
            if parameter.role == .count { return count }
            return "\(count) * MemoryLayout<\(Self.valueType(of: target.type.pointee!, catalogue))>.stride"
        default:
            return "\(name).count"
        }
    }

    /// Whether a struct output is the head of a caller's buffer: its struct
    /// ends in a flexible array member and a `size` parameter gives the room.
    static func isHeadOfBuffer(_ parameter: Parameter, _ spec: SyscallSpec, _ catalogue: Catalogue) -> Bool {
        guard parameter.role == .structOut, let tag = parameter.type.pointee?.structTag,
              let record = catalogue.structs[tag], record.fields.last?.arrayLength == 0 else { return false }
        return spec.parameters.contains { $0.role == .size && $0.sizeOf == parameter.name }
    }

    /// A descriptor as the C parameter's type (`int`, or `unsigned int` for cachestat's `fd`).
    static func descriptorArgument(_ descriptor: String, _ parameter: Parameter) -> String {
        let type = parameter.type.scalar?.swiftType ?? "CInt"
        return canonical(type) == "Int32" ? "\(descriptor).rawValue" : "\(type)(bitPattern: \(descriptor).rawValue)"
    }

    /// A flag set's raw value as the parameter's C type (an imported C enum for `enum` parameters).
    static func flagArgument(_ rawValue: String, set: FlagSet, _ parameter: Parameter, _ catalogue: Catalogue) -> String {
        if case .enumeration(let tag) = parameter.type.unqualified {
            return "\(tag)(rawValue: .init(truncatingIfNeeded: \(rawValue)))"
        }
        return convert(rawValue, from: rawType(of: set, catalogue), to: parameter.type.scalar?.swiftType ?? "CInt")
    }

    /// A length in bytes (`Int`) as the C parameter's type.
    static func lengthArgument(_ length: String, _ parameter: Parameter) -> String {
        guard let scalar = parameter.type.scalar else { return length }
        return convertInt(length, to: scalar)
    }

    /// 0 or NULL as the C parameter's type.
    static func fixedArgument(_ value: String, _ parameter: Parameter) -> String {
        if value == "nil" { return parameter.type.isPointer ? "nil" : "0" }
        if case .enumeration(let tag) = parameter.type.unqualified { return "\(tag)(rawValue: 0)" }
        return "0"
    }

    // MARK: - Rendering

    func functions(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        let plans = Self.plans(spec)
        let owner = Self.ownerType(spec)
        var text = "extension \(owner) {\n"
        for (index, plan) in plans.enumerated() {
            if index > 0 { text += "\n" }
            text += function(plan, others: plans.filter { $0.name != plan.name }, spec, catalogue)
        }
        return text + "}\n\n"
    }

    func function(_ plan: FunctionPlan, others: [FunctionPlan], _ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        let receiver = spec.swift.receiver
        var argumentNames: [String: String] = [:]
        for parameter in spec.parameters {
            argumentNames[parameter.name] = parameter.name == receiver ? "self" : Self.parameterName(parameter, in: spec)
        }
        // Prose names what the caller sees; arguments the function computes
        // keep their C names, and a range's length is the buffer's count.
        for parameter in spec.parameters where plan.fixed[parameter.name] != nil || parameter.role == .size || parameter.role == .count {
            argumentNames[parameter.name] = nil
        }
        for (address, length) in Self.ranges(spec, fixed: plan.fixed) {
            argumentNames[length] = "\(argumentNames[address]!).count"
        }
        let docc = DocCRenderer(argumentNames: argumentNames)
        let body = build(plan, spec, catalogue, docc: docc)

        // Results: the call's own value, then struct outputs.
        var results: [(label: String, type: String, expression: String, documentation: [String])] = []
        switch plan.kind {
        case .zero: break
        case .descriptor:
            results.append(("descriptor", "FileDescriptor", "FileDescriptor(rawValue: result)",
                            ["The new file descriptor, which the caller owns and must close."]))
        case .count, .value:
            results.append((plan.kind.rawValue, "Int", "Int(result)", docc.lines(spec.returns.prose)))
        }
        for output in body.outputs {
            results.append((output.name, output.type, output.name, output.documentation))
        }

        // Documentation.
        var lines = [docc.summary(spec.summary), ""] + docc.lines(spec.description)
        if !body.computed.isEmpty {
            lines += ["", "This function computes C arguments the caller does not give:", ""]
            lines += body.computed.map { "- *\($0.parameter)*: \($0.value)" }
        }
        if !others.isEmpty {
            let kinds = others.map { "`\(signatureName($0, spec, catalogue))` (which returns \(Self.kindPhrase($0.kind)))" }
            lines += [""] + CCommentRenderer.wrap("This function covers the call's cases that return \(Self.kindPhrase(plan.kind)); "
                                                  + "for the others, see " + kinds.joined(separator: ", ") + ".", width: 96)
        }
        if !body.parameters.isEmpty { lines.append("") }
        for parameter in body.parameters {
            let prose = parameter.documentation
            lines.append("- Parameter \(parameter.name): " + (prose.first ?? ""))
            lines += prose.dropFirst().map { $0.isEmpty ? "" : "  " + $0 }
        }
        if results.count == 1 {
            let prose = results[0].documentation
            lines.append("- Returns: " + (prose.first ?? ""))
            lines += prose.dropFirst().map { $0.isEmpty ? "" : "  " + $0 }
        } else if results.count > 1 {
            lines.append("- Returns: A tuple of:")
            for result in results {
                let prose = result.documentation
                lines.append("  - `\(result.label)`: " + (prose.first ?? ""))
                lines += prose.dropFirst().map { $0.isEmpty ? "" : "    " + $0 }
            }
        }
        lines += ["- Throws: An `Errno`, in the order the kernel checks:"]
        for error in spec.errors {
            lines.append("  - \(Self.errnoReference(error.errno)) (`\(error.errno)`): " + docc.inline(error.condition.inlines))
        }
        lines += ["", "The call is never retried on `EINTR`; a kernel without the call throws ``SystemPackage/Errno/noFunction``.",
                  "", "The corresponding C function is `\(spec.name)`."]

        // Declaration.
        let returnClause: String
        switch results.count {
        case 0: returnClause = ""
        case 1: returnClause = " -> \(results[0].type)"
        default: returnClause = " -> (" + results.map { "\($0.label): \($0.type)" }.joined(separator: ", ") + ")"
        }
        let isStatic = receiver == nil ? "static " : ""
        var text = DocCRenderer.comment(lines, indent: "    ")
        text += "    @_alwaysEmitIntoClient\n"
        text += Self.declaration("    public \(isStatic)func \(plan.name)(", body.parameters.map(\.declaration),
                                 ") throws(Errno)\(returnClause) {\n")

        // Body: the call inside the closures that reach C memory; the error
        // comes from the raw wrapper's result, not from errno.
        for statement in body.prelude { text += "        \(statement)\n" }
        let call = "_valueOrErrno(\(CShimEmitter.rawSymbol(spec))(" + spec.parameters.map { body.arguments[$0.name]! }.joined(separator: ", ") + "))"
        let binding = plan.kind == .zero ? "_ =" : "let result ="
        if body.scopes.isEmpty {
            text += "        \(binding) try \(call).get()\n"
        } else {
            text += "        \(binding) try \(body.scopes[0])\n"
            var indent = "            "
            for scope in body.scopes.dropFirst() {
                text += indent + scope + "\n"
                indent += "    "
            }
            text += indent + call + "\n"
            for depth in (0..<body.scopes.count).reversed() {
                indent = String(repeating: "    ", count: depth + 2)
                text += indent + "}" + (depth == 0 ? ".get()" : "") + "\n"
            }
        }
        for statement in body.epilogue { text += "        \(statement)\n" }
        switch results.count {
        case 0: break
        case 1: text += "        return \(results[0].expression)\n"
        default: text += "        return (" + results.map { "\($0.label): \($0.expression)" }.joined(separator: ", ") + ")\n"
        }
        text += "    }\n"
        return text
    }

    /// `createLandlockRuleset(attributes:)`, as DocC and Xcode spell a function.
    func signatureName(_ plan: FunctionPlan, _ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        let labels = build(plan, spec, catalogue, docc: DocCRenderer()).parameters.map { "\($0.label):" }
        return "\(plan.name)(\(labels.joined()))"
    }

    static func kindPhrase(_ kind: ReturnSpec.Kind) -> String {
        switch kind {
        case .zero: "nothing"
        case .descriptor: "a new descriptor"
        case .count: "a count"
        case .value: "a value"
        }
    }

    // MARK: - Availability

    /// A probe argument as a literal of the C parameter's imported type.
    static func probeArgument(_ value: Int64, _ parameter: Parameter) -> String {
        let type = parameter.type
        if type.isPointer {
            return value == 0 ? "nil" : "\(importedType(type))(bitPattern: \(value))"
        }
        if case .enumeration(let tag) = type.unqualified { return "\(tag)(rawValue: \(value))" }
        guard let scalar = type.scalar else { return "\(value)" }
        return scalar.fits(value) ? "\(value)" : "\(scalar.swiftType)(truncatingIfNeeded: \(value) as Int64)"
    }

    func availability(_ spec: SyscallSpec, _ catalogue: Catalogue) -> String {
        let arguments = spec.parameters.map { Self.probeArgument(spec.probe.arguments[$0.name] ?? 0, $0) }.joined(separator: ", ")
        let call = "\(spec.name)(\(spec.parameters.map { String(spec.probe.arguments[$0.name] ?? 0) }.joined(separator: ", ")))"
        var requirements = "Linux \(spec.availability.linux) or later"
        for config in spec.kernelConfig { requirements += ", built with `\(config.option)`" }
        var lines = [
            "Whether the running kernel has `\(spec.name)` (\(requirements)).",
            "",
            "Asks the kernel with `\(call)`: a kernel that has the call answers `\(spec.probe.expectedErrno)`,",
            "one without it `ENOSYS`. Each query is one system call, so the answer reflects",
            "seccomp filters installed since the last one.",
        ]
        let docc = DocCRenderer()
        for answer in spec.probe.disabled {
            lines += ["", "An answer of `\(answer.errno)` means the call is there but switched off, so this is `false` then too: "
                      + docc.inline(answer.reason.inlines)]
        }
        var text = "extension \(Self.ownerType(spec)) {\n"
        text += DocCRenderer.comment(lines, indent: "    ")
        text += "    @_alwaysEmitIntoClient\n"
        text += "    public static var \(spec.swift.availabilityName): Bool {\n"
        text += "        \(CShimEmitter.rawSymbol(spec))(\(arguments)) == -\(spec.probe.expectedErrno)\n"
        text += "    }\n}\n"
        return text
    }
}
