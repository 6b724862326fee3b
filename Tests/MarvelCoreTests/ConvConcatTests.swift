import Foundation
import Testing
@testable import MarvelCore

/// Concatenation, several inputs and the mean squared error: gradients against finite
/// differences, a pruned filter feeding a concatenation leaves the matching channel of its
/// output for every consumer, and the compact network computes what the gated one did.
@Suite struct ConvConcatTests {
    static func examples(_ net: ConvNetwork, _ count: Int, seed: UInt64) -> ([Float], [Float]) {
        (ConvSupport.gaussians(count * net.inputDimension, seed: seed),
         ConvSupport.gaussians(count * net.outputShape.count, seed: seed + 1, scale: 0.5))
    }

    @Test func shapesOfATwoInputNetworkWithAConcatenation() throws {
        let net = try ConvSupport.twoInputConcat()
        #expect(net.inputNodes == [0, 1])
        #expect(net.inputDimension == 2 * 36 + 36)
        #expect(net.nodes[4].op == .concat && net.nodes[4].shape == TensorShape(channels: 5, height: 6, width: 6))
        #expect(net.outputShape == TensorShape(channels: 1, height: 3, width: 3))
        #expect(net.loss == .meanSquaredError)
        var b = ConvNetworkBuilder(input: TensorShape(channels: 2, height: 6, width: 6), seed: 1)
        let a = try b.conv(3, kernel: 3)
        let c = try b.conv(2, kernel: 5, from: 0)
        #expect(throws: DynHPError.self) { try b.concat([a, c]) }
    }

    @Test func concatenationForwardCopiesEachInputsChannelsInOrder() throws {
        var net = try ConvSupport.twoInputConcat()
        let (x, _) = Self.examples(net, 3, seed: 2)
        let ws = ConvSupport.forward(&net, x, count: 3, training: false)
        let video = 3 * 3 * 36, sound = 2 * 3 * 36
        for i in 0..<video { #expect(ws.outputs[4].base[i] == ws.outputs[2].base[i]) }
        for i in 0..<sound { #expect(ws.outputs[4].base[video + i] == ws.outputs[3].base[i]) }
        // The second input holds the last 36 features of each example.
        for i in 0..<3 {
            for q in 0..<36 { #expect(ws.outputs[1].base[i * 36 + q] == x[i * 108 + 72 + q]) }
        }
    }

    @Test func gradientsThroughConcatenationAndMeanSquaredErrorMatchFiniteDifferences() throws {
        var net = try ConvSupport.twoInputConcat()
        net.params[2].logAlpha = [0.3, -0.2, 0.5]
        net.params[3].logAlpha = [0.4, 0.1]
        net.params[3].bias = [0.1, -0.2]
        net.params[5].logAlpha = [0.2, -0.1, 0.3]
        let (x, targets) = Self.examples(net, 4, seed: 8)
        let u: [Int: [Float]] = [2: [0.5, 0.6, 0.45], 3: [0.55, 0.4], 5: [0.5, 0.45, 0.6]]
        let (_, grads) = ConvSupport.mseLossAndGradients(net, x, targets: targets, u: u)
        let probes: [(Int, WritableKeyPath<ConvParams, [Float]>, Int)] = [
            (2, \.weights, 7), (2, \.gamma, 1), (2, \.logAlpha, 2), (3, \.weights, 11), (3, \.bias, 1), (3, \.logAlpha, 0),
            (5, \.weights, 40), (5, \.weights, 100), (5, \.beta, 0), (5, \.logAlpha, 1), (7, \.weights, 2), (7, \.bias, 0),
        ]
        for (n, path, i) in probes {
            let eps: Float = 5e-4
            var plus = net, minus = net
            plus.params[n][keyPath: path][i] += eps
            minus.params[n][keyPath: path][i] -= eps
            let lp = ConvSupport.mseLossAndGradients(plus, x, targets: targets, u: u).0
            let lm = ConvSupport.mseLossAndGradients(minus, x, targets: targets, u: u).0
            let numeric = (lp - lm) / Double(2 * eps)
            let analytic = Double(grads[n][keyPath: path][i])
            #expect(abs(numeric - analytic) <= 2e-3 + 0.03 * abs(numeric), "node \(n) \(path) [\(i)]: \(analytic) vs \(numeric)")
        }
    }

    /// The two-input network with BN statistics set, filter 1 of the video conv (node 2) and
    /// filter 0 of the audio conv (node 3) closed at test time.
    static func gatedConcat() throws -> ConvNetwork {
        var net = try ConvSupport.twoInputConcat()
        var rng = Xoshiro256(seed: 4)
        for n in net.nodes.indices where net.nodes[n].conv?.batchNorm == true {
            let c = net.nodes[n].shape.channels
            net.params[n].runningMean = (0..<c).map { _ in Float(rng.nextGaussian() * 0.3) }
            net.params[n].runningVariance = (0..<c).map { _ in Float(0.5 + rng.nextUnitDouble()) }
            net.params[n].beta = (0..<c).map { _ in Float(rng.nextGaussian() * 0.2) }
        }
        for n in net.gatedNodes { net.params[n].logAlpha = net.params[n].logAlpha.map { _ in 2 } }
        net.params[2].logAlpha[1] = -10
        net.params[3].logAlpha[0] = -10
        return net
    }

    @Test func aPrunedFilterFeedingAConcatenationLeavesItsChannelForEveryConsumer() throws {
        let gated = try Self.gatedConcat()
        let alive = gated.testTimeAlive
        let kept = gated.keptChannels(alive: alive)
        #expect(kept[4] == [0, 2, 4], "video channels 0, 2 and audio channel 1 (concat channel 3 + 1)")
        let compact = gated.compacted(keeping: kept, alive: alive)
        #expect(compact.nodes.map(\.shape.channels) == [2, 1, 2, 1, 3, 3, 3, 1])
        #expect(compact.nodes[5].conv?.inChannels == 3, "the consumer of the concatenation lost two input channels")
        #expect(compact.params[5].weights.count == 3 * 3 * 9)
        #expect(compact.parameterCount < gated.parameterCount)
        let (x, _) = Self.examples(gated, 5, seed: 12)
        let a = x.withUnsafeBufferPointer { ConvEvaluation.outputs(of: gated, features: $0, count: 5) }
        let b = x.withUnsafeBufferPointer { ConvEvaluation.outputs(of: compact, features: $0, count: 5) }
        #expect(a.count == 5 * 9 && a.count == b.count)
        for i in a.indices { #expect(abs(a[i] - b[i]) <= 1e-5 * max(1, abs(a[i])), "output \(i): \(a[i]) vs \(b[i])") }
    }

    @Test func concatenationOfFlattenedVectorsPrunesFeatures() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 1, height: 4, width: 4), seed: 2)
        let second = b.input(TensorShape(channels: 6, height: 1, width: 1))
        let left = try b.dense(3, from: 0)
        let right = try b.dense(2, from: second)
        try b.concat([left, right])
        try b.dense(4, gated: false, relu: false)
        var net = try b.network(name: "vectors")
        for n in net.gatedNodes { net.params[n].logAlpha = net.params[n].logAlpha.map { _ in 2 } }
        net.params[left].logAlpha[2] = -10
        let alive = net.testTimeAlive
        let compact = net.compacted(keeping: net.keptChannels(alive: alive), alive: alive)
        #expect(compact.nodes[right + 1].shape.channels == 4)
        #expect(compact.nodes.last?.conv?.inChannels == 4)
        let x = ConvSupport.gaussians(3 * net.inputDimension, seed: 3)
        let ya = x.withUnsafeBufferPointer { ConvEvaluation.logits(of: net, features: $0, count: 3) }
        let yb = x.withUnsafeBufferPointer { ConvEvaluation.logits(of: compact, features: $0, count: 3) }
        for i in ya.indices { #expect(abs(ya[i] - yb[i]) <= 1e-5 * max(1, abs(ya[i]))) }
    }

    @Test func anAdditionOfAConcatenationIsRefusedWithTheReason() throws {
        var b = ConvNetworkBuilder(input: TensorShape(channels: 2, height: 4, width: 4), seed: 1)
        let a = try b.conv(2, kernel: 1)
        let c = try b.conv(2, kernel: 1, from: 0)
        let cat = try b.concat([a, c])
        let d = try b.conv(4, kernel: 1, from: 0)
        try b.add([cat, d])
        try b.dense(2, gated: false, relu: false)
        #expect(throws: DynHPError.self) { try b.network(name: "bad") }
    }

    /// A model.json whose concatenation claims a map size its inputs do not have is refused
    /// when read (it would copy more floats than the node holds), and so is one with sizes
    /// beyond any real network.
    @Test func aModelFileWithShapesItsOperationsDoNotMakeIsRefused() throws {
        let net = try ConvSupport.twoInputConcat()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conv-archive-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ConvModelArchive.write(net, to: dir)
        #expect(try ConvModelArchive.read(from: dir).network == net)
        let path = dir + "/model.json"
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        for (node, shape, problem) in [(4, [5, 3, 3], "is not what its operation makes"), (4, [5, 1 << 20, 1 << 20], "sizes beyond")] {
            var json = try #require(try JSONSerialization.jsonObject(with: original) as? [String: Any])
            var nodes = try #require(json["nodes"] as? [[String: Any]])
            nodes[node]["shape"] = shape
            json["nodes"] = nodes
            try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
            #expect {
                try ConvModelArchive.read(from: dir)
            } throws: { error in
                "\(error)".contains("nodes[\(node)]") && "\(error)".contains(problem)
            }
        }
    }
}
