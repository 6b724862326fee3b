import Foundation

/// A synthetic audio-visual counting set in the spirit of the seed's AVCC (section 4.1.2),
/// generated deterministically from a seed. An example holds N "people" (0…`maxPeople`):
/// - a 3×32×32 frame: each person a Gaussian blob (σ 1.5 px) of a random colour at a random
///   position, on a noisy background;
/// - a 1×32×32 log-mel-like spectrogram (frequency × time): N harmonic bands (rows f₀ + 3k,
///   k < N) whose loudness flickers over time, plus noise — a sound that grows with N;
/// - the target, a 1×8×8 density map: each person a Gaussian (σ 1 cell) around their
///   position, normalised to sum 1, so the map sums to N.
/// Features are the frame then the spectrogram (4,096 values: the two inputs of
/// `Templates/models/avcc.yaml` in order); targets are the 64 map values.
public struct AudioVisualCountingDataset: Sendable, Equatable {
    public static let frameShape = TensorShape(channels: 3, height: 32, width: 32)
    public static let spectrogramShape = TensorShape(channels: 1, height: 32, width: 32)
    public static let mapShape = TensorShape(channels: 1, height: 8, width: 8)

    public var trainCount: Int
    public var validationCount: Int
    public var testCount: Int
    public var maxPeople: Int
    public var seed: UInt64

    public init(trainCount: Int = 6_000, validationCount: Int = 1_000, testCount: Int = 1_000, maxPeople: Int = 8, seed: UInt64 = 11) {
        self.trainCount = trainCount
        self.validationCount = validationCount
        self.testCount = testCount
        self.maxPeople = maxPeople
        self.seed = seed
    }

    public static let name = "avcc-synthetic"
    public static var dimension: Int { frameShape.count + spectrogramShape.count }

    /// Generates the three sets (train, validation, test from one stream of draws).
    public func generate() -> DynHPData {
        var rng = Xoshiro256(seed: seed)
        let train = make(trainCount, &rng), validation = make(validationCount, &rng), test = make(testCount, &rng)
        return DynHPData(name: Self.name, train: train, validation: validation, test: test)
    }

    /// The people (x, y in pixels) of one example's draw and the example's features and map.
    func example(_ rng: inout Xoshiro256) -> (features: [Float], map: [Float]) {
        let people = rng.nextIndex(below: maxPeople + 1)
        var frame = [Float](repeating: 0, count: Self.frameShape.count)
        for i in frame.indices { frame[i] = Float(0.05 * rng.nextGaussian()) }
        var map = [Float](repeating: 0, count: Self.mapShape.count)
        for _ in 0..<people {
            let x = 2 + 28 * rng.nextUnitDouble(), y = 2 + 28 * rng.nextUnitDouble()
            let colour = (0..<3).map { _ in Float(0.5 + 0.5 * rng.nextUnitDouble()) }
            for py in max(0, Int(y) - 5)...min(31, Int(y) + 5) {
                for px in max(0, Int(x) - 5)...min(31, Int(x) + 5) {
                    let d2 = (Double(px) + 0.5 - x) * (Double(px) + 0.5 - x) + (Double(py) + 0.5 - y) * (Double(py) + 0.5 - y)
                    let v = Float(exp(-d2 / (2 * 1.5 * 1.5)))
                    for c in 0..<3 { frame[(c * 32 + py) * 32 + px] += colour[c] * v }
                }
            }
            // The person's density on the 8×8 map (cells of 4×4 pixels), normalised to 1.
            var cells = [Float](repeating: 0, count: 64), sum: Float = 0
            let cx = x / 4, cy = y / 4
            for gy in 0..<8 {
                for gx in 0..<8 {
                    let d2 = (Double(gx) + 0.5 - cx) * (Double(gx) + 0.5 - cx) + (Double(gy) + 0.5 - cy) * (Double(gy) + 0.5 - cy)
                    cells[gy * 8 + gx] = Float(exp(-d2 / 2))
                    sum += cells[gy * 8 + gx]
                }
            }
            for i in 0..<64 { map[i] += cells[i] / sum }
        }
        var spectrogram = [Float](repeating: 0, count: Self.spectrogramShape.count)
        for i in spectrogram.indices { spectrogram[i] = Float(0.1 * rng.nextGaussian()) }
        let f0 = rng.nextIndex(below: 3)
        for k in 0..<people {
            let row = f0 + 3 * k
            guard row < 32 else { break }
            for t in 0..<32 { spectrogram[row * 32 + t] += Float(0.6 + 0.4 * rng.nextUnitDouble()) }
        }
        return (frame + spectrogram, map)
    }

    private func make(_ count: Int, _ rng: inout Xoshiro256) -> LabeledSet {
        var features: [Float] = [], targets: [Float] = []
        features.reserveCapacity(count * Self.dimension)
        targets.reserveCapacity(count * Self.mapShape.count)
        for _ in 0..<count {
            let e = example(&rng)
            features += e.features
            targets += e.map
        }
        return LabeledSet(features: features, targets: targets, dimension: Self.dimension, targetDimension: Self.mapShape.count)
    }
}
