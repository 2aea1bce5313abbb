import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map`, spread over the machine's cores; results keep the input's order,
    /// so output stays deterministic. Specs load and emitters render
    /// independently of each other, which is what makes this safe.
    public func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let slots = Slots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let value = transform(self[index])
            slots.set(index, value)
        }
        return slots.values.map { $0! }
    }
}

/// Results of a concurrent map, each written once under a lock.
private final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [T?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: T) {
        lock.withLock { values[index] = value }
    }
}
