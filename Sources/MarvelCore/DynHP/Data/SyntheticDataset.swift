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
