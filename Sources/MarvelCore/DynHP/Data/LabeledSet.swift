/// Examples with class labels, or with target tensors for regression: `features` is
/// count × dimension Float32, row-major; `targets` (regression only) count × targetDimension.
public struct LabeledSet: Sendable, Equatable {
    public var features: [Float]
    public var labels: [Int32]
    public var dimension: Int
    public var classes: Int
    /// Regression targets (empty for classification sets).
    public var targets: [Float] = []
    public var targetDimension: Int = 0

    public init(features: [Float], labels: [Int32], dimension: Int, classes: Int) {
        precondition(features.count == labels.count * dimension, "features do not match labels × dimension")
        self.features = features
        self.labels = labels
        self.dimension = dimension
        self.classes = classes
    }

    /// A regression set: each example's features and its target tensor (labels all 0, no classes).
    public init(features: [Float], targets: [Float], dimension: Int, targetDimension: Int) {
        let count = dimension > 0 ? features.count / dimension : 0
        precondition(features.count == count * dimension && targets.count == count * targetDimension, "features do not match targets")
        self.init(features: features, labels: Array(repeating: 0, count: count), dimension: dimension, classes: 0)
        self.targets = targets
        self.targetDimension = targetDimension
    }

    public var count: Int { labels.count }
    /// Whether the examples carry target tensors instead of class labels.
    public var isRegression: Bool { targetDimension > 0 }

    /// The examples in `range`.
    public func slice(_ range: Range<Int>) -> LabeledSet {
        var part = LabeledSet(features: Array(features[(range.lowerBound * dimension)..<(range.upperBound * dimension)]),
                              labels: Array(labels[range]), dimension: dimension, classes: classes)
        if isRegression {
            part.targets = Array(targets[(range.lowerBound * targetDimension)..<(range.upperBound * targetDimension)])
            part.targetDimension = targetDimension
        }
        return part
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
