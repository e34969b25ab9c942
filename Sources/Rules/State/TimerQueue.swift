/// Due times of breaker transitions, earliest first; entries whose breaker
/// has moved on since are skipped when they come up.
struct TimerQueue {
    struct Timer: Comparable {
        var due: Int64
        var sequence: Int
        var breaker: String
        var key: String
        var generation: Int

        static func < (a: Timer, b: Timer) -> Bool { (a.due, a.sequence) < (b.due, b.sequence) }
    }

    private var heap: [Timer] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }
    var next: Timer? { heap.first }

    mutating func schedule(due: Int64, breaker: String, key: String, generation: Int) {
        sequence += 1
        heap.append(Timer(due: due, sequence: sequence, breaker: breaker, key: key, generation: generation))
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard heap[i] < heap[p] else { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Timer? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let top = heap.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && heap[l] < heap[m] { m = l }
            if r < heap.count && heap[r] < heap[m] { m = r }
            if m == i { break }
            heap.swapAt(i, m)
            i = m
        }
        return top
    }
}
