/// How a dataset is divided among federated clients.
public enum FedLSplit: String, Sendable, CaseIterable {
    /// Each client gets a random 1/K of the examples (the seed's "half of MNIST each").
    case iid
    /// Examples sorted by class, each client gets a contiguous 1/K: clients see different
    /// classes (non-IID data, where federated averaging is hardest).
    case byClass = "by-class"
}

/// Client i's part of a dataset split K ways (`--shard i/K`): its share of the training and
/// validation examples; the test set stays whole (every client reports test error on it).
public struct FedLShard: Sendable, Equatable {
    /// 1-based shard number.
    public var index: Int
    public var count: Int
    public var split: FedLSplit
    /// Seed of the IID permutation (every client of a run must use the same).
    public var seed: UInt64

    public init(index: Int, count: Int, split: FedLSplit = .iid, seed: UInt64 = 1) {
        self.index = index
        self.count = count
        self.split = split
        self.seed = seed
    }

    /// Reads "i/K" (1 ≤ i ≤ K).
    public static func parse(_ text: String, split: FedLSplit = .iid, seed: UInt64 = 1) -> FedLShard? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]), k >= 1, (1...k).contains(i) else { return nil }
        return FedLShard(index: i, count: k, split: split, seed: seed)
    }

    /// The client's data: its shard of `data.train` and `data.validation`, the whole test set.
    public func apply(to data: DynHPData) -> DynHPData {
        DynHPData(name: data.name, train: part(of: data.train, salt: 0), validation: part(of: data.validation, salt: 1),
                  test: data.test)
    }

    /// The example indices of this shard in a set of `labels`.
    public func indices(labels: [Int32], salt: UInt64) -> [Int] {
        let n = labels.count
        var order = Array(0..<n)
        switch split {
        case .iid:
            var rng = Xoshiro256(seed: seed &+ salt &* 0x9E37_79B9)
            if n > 1 {
                for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.nextIndex(below: i + 1)) }
            }
        case .byClass:
            order.sort { (labels[$0], $0) < (labels[$1], $1) }
        }
        let start = n * (index - 1) / count, end = n * index / count
        return Array(order[start..<end]).sorted()
    }

    private func part(of set: LabeledSet, salt: UInt64) -> LabeledSet {
        set.subset(indices(labels: set.labels, salt: salt))
    }
}

extension LabeledSet {
    /// The examples at `indices`, in that order.
    func subset(_ indices: [Int]) -> LabeledSet {
        var features = [Float]()
        features.reserveCapacity(indices.count * dimension)
        self.features.withUnsafeBufferPointer { all in
            for i in indices { features.append(contentsOf: all[(i * dimension)..<((i + 1) * dimension)]) }
        }
        return LabeledSet(features: features, labels: indices.map { labels[$0] }, dimension: dimension, classes: classes)
    }
}
