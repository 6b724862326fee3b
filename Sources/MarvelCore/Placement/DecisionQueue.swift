/// Decides the pods of one workload one after another by the same scores as
/// `CompiledComponent.best`, without rescanning every node each time: the
/// feasible nodes sit in a max-heap by score (ties to the first name, where
/// `best` samples among the tied nodes; the bench's fast path). A node's score and fit depend
/// only on its own load, and only the chosen node's load changes, so after each
/// decision that node alone is re-scored. If the snapshot was changed by
/// anyone else in between, the heap is rebuilt from a full scan.
public struct DecisionQueue: Sendable {
    public let compiled: CompiledComponent
    /// (score, node): the heap's order is higher score, then lower node index.
    private var heap: [(score: Int, node: Int)] = []
    private var seenChanges = -1

    public init(_ compiled: CompiledComponent) { self.compiled = compiled }

    /// Decides one more pod and binds it in `snapshot`; nil when no node can take it.
    public mutating func placeNext(in snapshot: inout PlacementSnapshot) -> Int? {
        if seenChanges != snapshot.changes { rebuild(snapshot) }
        guard let top = heap.first else { return nil }
        let node = top.node
        snapshot.bind(compiled.demand, to: node)
        seenChanges = snapshot.changes
        popTop()
        if PlacementFilters.fits(compiled.demand, node: node, in: snapshot) { push((compiled.total(node, snapshot), node)) }
        return node
    }

    private mutating func rebuild(_ snapshot: PlacementSnapshot) {
        heap.removeAll(keepingCapacity: true)
        for i in compiled.candidates where PlacementFilters.fits(compiled.demand, node: i, in: snapshot) {
            heap.append((compiled.total(i, snapshot), i))
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
        seenChanges = snapshot.changes
    }

    @inline(__always)
    private func above(_ a: (score: Int, node: Int), _ b: (score: Int, node: Int)) -> Bool {
        a.score > b.score || (a.score == b.score && a.node < b.node)
    }

    private mutating func push(_ e: (score: Int, node: Int)) {
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard above(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var top = i
            if l < heap.count && above(heap[l], heap[top]) { top = l }
            if r < heap.count && above(heap[r], heap[top]) { top = r }
            if top == i { return }
            heap.swapAt(i, top)
            i = top
        }
    }
}
