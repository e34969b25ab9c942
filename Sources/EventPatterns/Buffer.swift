/// A growable block of plain values (freed by its owner).
struct Buffer<T: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count: Int

    init() {
        base = .allocate(capacity: 1)
        count = 0
    }

    init(count: Int, fill: T) {
        base = .allocate(capacity: max(count, 1))
        base.initialize(repeating: fill, count: count)
        self.count = count
    }

    mutating func grow(to n: Int, fill: T) {
        guard n > count else { return }
        let p = UnsafeMutablePointer<T>.allocate(capacity: n)
        p.moveInitialize(from: base, count: count)
        (p + count).initialize(repeating: fill, count: n - count)
        base.deallocate()
        base = p
        count = n
    }

    func fill(_ value: T) { base.update(repeating: value, count: count) }

    func free() { base.deallocate() }
}
