/// A small generated dataset for tests and machines without Fashion-MNIST: `classes`
/// Gaussian prototypes in the first `informative` dimensions of a `dimension`-d space;
/// an example is its class prototype plus noise there, and pure noise of a smaller scale
/// in the remaining dimensions (which a pruning run can drop). Seeded, so reproducible.
public struct SyntheticDataset: Sendable, Equatable {
    public var dimension: Int
    public var informative: Int
    public var classes: Int
    public var trainCount: Int
    public var validationCount: Int
    public var testCount: Int
    public var noise: Double
    public var seed: UInt64

    public init(dimension: Int = 784, informative: Int = 64, classes: Int = 10, trainCount: Int = 6_000,
                validationCount: Int = 1_000, testCount: Int = 1_000, noise: Double = 1.6, seed: UInt64 = 7) {
        self.dimension = dimension
        self.informative = min(informative, dimension)
        self.classes = classes
        self.trainCount = trainCount
        self.validationCount = validationCount
        self.testCount = testCount
        self.noise = noise
        self.seed = seed
    }

    /// Refuses a dataset whose features alone (Float32, train + validation + test) would
    /// not fit in `budget` bytes, before anything is generated; `budgetName` says where
    /// the limit comes from.
    public func checkSize(budget: Int, budgetName: String = "--budget") throws {
        let examples = Double(max(0, trainCount)) + Double(max(0, validationCount)) + Double(max(0, testCount))
        let bytes = examples * Double(max(0, dimension)) * Double(MemoryLayout<Float>.size)
        guard bytes <= Double(budget) else {
            throw DynHPError("the synthetic dataset (\(trainCount) training examples of \(dimension) features, plus validation and test) needs \(DynHPTrainer.describe(bytes: bytes)), over \(budgetName) \(DynHPTrainer.describe(bytes: Double(budget))); lower --synthetic-train or the first --arch width")
        }
    }

    /// Generates the three sets.
    public func generate() -> DynHPData {
        var rng = Xoshiro256(seed: seed)
        let prototypes = (0..<(classes * informative)).map { _ in rng.nextGaussian() * 0.5 }
        func make(_ count: Int) -> LabeledSet {
            var features = [Float](repeating: 0, count: count * dimension)
            var labels = [Int32](repeating: 0, count: count)
            for i in 0..<count {
                let c = rng.nextIndex(below: classes)
                labels[i] = Int32(c)
                for d in 0..<dimension {
                    let value = d < informative
                        ? prototypes[c * informative + d] + noise * 0.5 * rng.nextGaussian()
                        : 0.25 * rng.nextGaussian()
                    features[i * dimension + d] = Float(value)
                }
            }
            return LabeledSet(features: features, labels: labels, dimension: dimension, classes: classes)
        }
        let train = make(trainCount)
        let validation = make(validationCount)
        let test = make(testCount)
        return DynHPData(name: "synthetic", train: train, validation: validation, test: test)
    }
}
