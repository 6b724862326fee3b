import Foundation
import Testing
@testable import MarvelCore

/// Hard-concrete gates, the L0 penalty, activity tracking, dynamic batch sizing and the
/// memory model against hand-computed values.
@Suite struct DynHPMathTests {
    @Test func trainSamplesStayInTheUnitIntervalAndReachBothEnds() {
        var rng = Xoshiro256(seed: 3)
        var sawZero = false, sawOne = false
        for logAlpha in stride(from: Float(-6), through: 6, by: 0.5) {
            for _ in 0..<200 {
                let z = HardConcrete.trainSample(logAlpha: logAlpha, u: rng.nextUnitFloat())
                #expect(z >= 0 && z <= 1)
                if z == 0 { sawZero = true }
                if z == 1 { sawOne = true }
            }
        }
        #expect(sawZero && sawOne)
    }

    @Test func trainSampleMatchesHandComputedValues() {
        // u = 0.5: logit 0, s = sigmoid(0) = 0.5, z = 0.5 * 1.2 - 0.1 = 0.5.
        #expect(abs(HardConcrete.trainSample(logAlpha: 0, u: 0.5) - 0.5) < 1e-6)
        // u = 0.75: s = sigmoid(1.5 ln 3) = 0.80509…, z = 0.90633.
        #expect(abs(HardConcrete.trainSample(logAlpha: 0, u: 0.75) - 0.906331) < 1e-5)
        // The slope dz/dlog_alpha = 1.2 s (1 - s) / beta inside the clip, 0 outside.
        let inside = HardConcrete.trainSampleWithSlope(logAlpha: 0, u: 0.5)
        #expect(abs(inside.slope - 1.2 * 0.25 / (2.0 / 3.0)) < 1e-5)
        #expect(HardConcrete.trainSampleWithSlope(logAlpha: 8, u: 0.9).slope == 0)
    }

    @Test func testGatesAreExactlyZeroAndOneBeyondTheEdges() {
        #expect(HardConcrete.testGate(logAlpha: -2.40) == 0)
        #expect(HardConcrete.testGate(logAlpha: -5) == 0)
        #expect(HardConcrete.testGate(logAlpha: -2.39) > 0)
        #expect(HardConcrete.testGate(logAlpha: 2.40) == 1)
        #expect(HardConcrete.testGate(logAlpha: 2.39) < 1)
        #expect(abs(HardConcrete.testGate(logAlpha: 0) - 0.5) < 1e-6)
    }

    @Test func probabilityOfANonZeroGate() {
        #expect(abs(HardConcrete.probabilityNonZero(logAlpha: 0) - 0.832) < 5e-4)
        #expect(abs(HardConcrete.probabilityNonZero(logAlpha: 1.386) - 0.952) < 5e-4)
        #expect(abs(HardConcrete.nonZeroShift - 1.5986) < 1e-4)
        // The clamp floor keeps P(active) near 0.047: thresholds below that never prune.
        let floor = HardConcrete.probabilityNonZero(logAlpha: HardConcrete.logAlphaRange.lowerBound)
        #expect(abs(floor - 0.0472) < 1e-3)
    }

    @Test func penaltyOnATinyLayer() {
        // 2 inputs, 1 output, w = [1, 2], b = [0.5], log_alpha = 0, lambda 0.1, wd 0.01, N 10:
        // (P (0.005 + 0.1) + P (0.02 + 0.1) + 0.5 * 0.01 * 0.25) / 10 with P = 0.831822.
        let layer = GatedDenseLayer(inputs: 2, outputs: 1, weights: [1, 2], bias: [0.5], logAlpha: [0, 0])
        let penalty = L0Penalty(lambda: 0.1, weightDecay: 0.01, trainingSize: 10)
        #expect(abs(penalty.value(of: layer) - 0.018841) < 1e-6)
    }

    @Test func penaltyGradientMatchesFiniteDifferences() {
        let layer = GatedDenseLayer(inputs: 3, outputs: 2, weights: [0.5, -1, 2, 0.25, -0.75, 1.5],
                                    bias: [0.3, -0.2], logAlpha: [0.4, -1, 1.2])
        let penalty = L0Penalty(lambda: 0.7, weightDecay: 0.05, trainingSize: 4)
        var grad = GatedDenseLayer.zeros(inputs: 3, outputs: 2)
        penalty.addGradient(of: layer, into: &grad)
        let h: Float = 1e-2
        for j in 0..<3 {
            var up = layer, down = layer
            up.logAlpha[j] += h
            down.logAlpha[j] -= h
            let numeric = (penalty.value(of: up) - penalty.value(of: down)) / Double(2 * h)
            #expect(abs(Double(grad.logAlpha[j]) - numeric) < 1e-3)
        }
        for i in 0..<6 {
            var up = layer, down = layer
            up.weights[i] += h
            down.weights[i] -= h
            let numeric = (penalty.value(of: up) - penalty.value(of: down)) / Double(2 * h)
            #expect(abs(Double(grad.weights[i]) - numeric) < 1e-4)
        }
        #expect(abs(grad.bias[0] - 0.05 * 0.3 / 4) < 1e-7)
    }

    @Test func optimiserStepClampsLogAlpha() {
        var layers = [GatedDenseLayer(inputs: 2, outputs: 1, weights: [0, 0], bias: [0], logAlpha: [4.6, -4.6])]
        var grads = [GatedDenseLayer.zeros(inputs: 2, outputs: 1)]
        grads[0].logAlpha = [-1000, 1000]
        var sgd = OptimizerState(kind: .sgd, learningRate: 1, momentum: 0, shapes: layers)
        sgd.apply(grads, to: &layers)
        #expect(layers[0].logAlpha[0] == HardConcrete.logAlphaRange.upperBound)
        #expect(layers[0].logAlpha[1] == HardConcrete.logAlphaRange.lowerBound)
    }

    @Test func activityRatesAndOneWayPruning() {
        var activity = GateActivity(gates: 3)
        activity.record([1, 0, 0.3])
        activity.record([0.5, 0, 0])
        activity.record([0.2, 1, 0])
        activity.record([0.9, 0, 0.1])
        #expect(activity.rates == [1, 0.25, 0.5])
        #expect(HardPruning.survivors(rates: activity.rates, threshold: 0.5) == [0, 2])
        #expect(HardPruning.survivors(rates: [0.1, 0.3, 0.2], threshold: 0.5) == [1], "the most active unit stays")
        activity.keep([0, 2])
        #expect(activity.activeCounts == [4, 2])
    }

    @Test func dynamicBatchRuleAndCap() {
        // ⌊(1 - 0.75) · 10 / 0.5⌋ = 5; ⌊(1 - 0.75) · 3 / 1⌋ = 0.
        #expect(DynamicBatchSize.increment(alpha: 0.75, varianceL1: 10, loss: 0.5) == 5)
        #expect(DynamicBatchSize.increment(alpha: 0.75, varianceL1: 3, loss: 1) == 0)
        #expect(DynamicBatchSize.increment(alpha: 0.5, varianceL1: 7, loss: 1) == 3)
        #expect(DynamicBatchSize.increment(alpha: 0.5, varianceL1: 5, loss: 0) == 0)
        var batch = DynamicBatchSize(size: 128, alpha: 0.5, cap: 140)
        #expect(batch.update(varianceL1: 10, loss: 1) == 133)
        #expect(batch.update(varianceL1: 1000, loss: 1) == 140)
        batch.setCap(100)
        #expect(batch.size == 100)
    }

    @Test func gradientVarianceFromNormsEqualsPerExampleVariance() {
        var rng = Xoshiro256(seed: 11)
        let b = 5, inputs = 4, outputs = 3
        let a = (0..<(b * inputs)).map { _ in rng.nextGaussian() }
        let d = (0..<(b * outputs)).map { _ in rng.nextGaussian() * 0.1 }
        var perExample: [[Double]] = []
        for i in 0..<b {
            var g: [Double] = []
            for j in 0..<inputs { for k in 0..<outputs { g.append(Double(b) * a[i * inputs + j] * d[i * outputs + k]) } }
            for k in 0..<outputs { g.append(Double(b) * d[i * outputs + k]) }
            perExample.append(g)
        }
        var meanSquares = 0.0
        for p in 0..<perExample[0].count {
            let mean = perExample.reduce(0) { $0 + $1[p] } / Double(b)
            meanSquares += mean * mean
        }
        let inputNorms = (0..<b).map { i in (0..<inputs).reduce(0.0) { $0 + a[i * inputs + $1] * a[i * inputs + $1] } }
        let deltaNorms = (0..<b).map { i in (0..<outputs).reduce(0.0) { $0 + d[i * outputs + $1] * d[i * outputs + $1] } }
        let fromNorms = inputNorms.withUnsafeBufferPointer { an in
            deltaNorms.withUnsafeBufferPointer { dn in GradientVariance.l1(inputNorms: an, deltaNorms: dn, meanGradientSquares: meanSquares) }
        }
        #expect(abs(fromNorms - GradientVariance.l1(perExampleGradients: perExample)) < 1e-9)
    }

    @Test func memoryModelByHand() {
        // Widths 4-3-2, Adam: P = 12 + 3 + 6 + 2 = 23, G = 4 + 3 = 7.
        let model = MemoryModel(widths: [4, 3, 2], optimizerMoments: 2)
        #expect(model.parameters == 23 && model.gates == 7)
        #expect(model.fixedBytes == 30 * 4 * 4)
        // Per example: raw + gated inputs 2·7, gate samples + slopes 2·7, logits 2,
        // deltas 3 + 2, label 4 bytes.
        #expect(model.perExampleBytes == (14 + 14 + 2 + 5) * 4 + 4)
        #expect(model.largestBatch(budget: model.fixedBytes + 10 * model.perExampleBytes + 5) == 10)
        #expect(model.largestBatch(budget: model.fixedBytes - 1) == 0)
        #expect(model.bytes(batch: 10) == model.fixedBytes + 1440)
    }

    @Test func generatorIsReproducible() {
        var a = Xoshiro256(seed: 42), b = Xoshiro256(seed: 42)
        for _ in 0..<100 { #expect(a.next() == b.next()) }
        var c = Xoshiro256(state: a.state)
        #expect(c?.next() == a.next())
        #expect(Xoshiro256(state: [0, 0, 0, 0]) == nil)
    }
}
