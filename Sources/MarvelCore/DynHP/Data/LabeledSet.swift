/// Examples with class labels: `features` is count × dimension Float32, row-major.
public struct LabeledSet: Sendable, Equatable {
    public var features: [Float]
    public var labels: [Int32]
    public var dimension: Int
    public var classes: Int

    public init(features: [Float], labels: [Int32], dimension: Int, classes: Int) {
        precondition(features.count == labels.count * dimension, "features do not match labels × dimension")
        self.features = features
        self.labels = labels
        self.dimension = dimension
        self.classes = classes
    }

    public var count: Int { labels.count }

    /// The examples in `range`.
    public func slice(_ range: Range<Int>) -> LabeledSet {
        LabeledSet(features: Array(features[(range.lowerBound * dimension)..<(range.upperBound * dimension)]),
                   labels: Array(labels[range]), dimension: dimension, classes: classes)
    }

    /// The fraction of examples `model` classifies wrongly (test-time gates), in chunks.
    public func error(of model: GatedMLP, chunk: Int = 2_000) -> Double {
        guard count > 0 else { return 0 }
        var wrong = 0
        features.withUnsafeBufferPointer { all in
            var start = 0
            while start < count {
                let n = min(chunk, count - start)
                let part = UnsafeBufferPointer(rebasing: all[(start * dimension)..<((start + n) * dimension)])
                let predicted = model.predictions(features: part, count: n)
                for i in 0..<n where predicted[i] != Int(labels[start + i]) { wrong += 1 }
                start += n
            }
        }
        return Double(wrong) / Double(count)
    }
}

/// Train, validation and test sets of one dataset.
public struct DynHPData: Sendable, Equatable {
    public var name: String
    public var train: LabeledSet
    public var validation: LabeledSet
    public var test: LabeledSet

    public init(name: String, train: LabeledSet, validation: LabeledSet, test: LabeledSet) {
        self.name = name
        self.train = train
        self.validation = validation
        self.test = test
    }
}
