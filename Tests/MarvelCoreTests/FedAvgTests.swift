import Foundation
import MarvelCore
import Testing

/// FedAvg of weights and gate parameters in the global index space, on tensors small enough to
/// check by hand, and the one-way masks.
@Suite struct FedAvgTests {
    /// A 2-2-2 network (layer 0: 2 inputs → 2 hidden, layer 1: 2 hidden → 2 classes) whose
    /// parameters are `base` + their position, so every value is distinct.
    static func model(_ base: Float, logAlpha: Float = 3) -> FedLModel {
        let l0 = GatedDenseLayer(inputs: 2, outputs: 2, weights: [base, base + 1, base + 2, base + 3], bias: [base + 4, base + 5],
                                 logAlpha: [logAlpha, logAlpha])
        let l1 = GatedDenseLayer(inputs: 2, outputs: 2, weights: [base + 6, base + 7, base + 8, base + 9], bias: [base + 10, base + 11],
                                 logAlpha: [logAlpha, logAlpha])
        return FedLModel(network: GatedMLP(initialWidths: [2, 2, 2], inputIndices: [0, 1], layers: [l0, l1]), hidden: [[0, 1]])
    }

    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func weightedByExamplesAndPlainMean() throws {
        let global = Self.model(0)
        let a = FedLContribution(client: "a", examples: 100, model: Self.model(10, logAlpha: 1))
        let b = FedLContribution(client: "b", examples: 300, model: Self.model(20, logAlpha: 3))
        let weighted = try FedAvg.aggregate(global, [a, b], weighting: .examples, threshold: 0.5)
        // (100·(10+i) + 300·(20+i)) / 400 = 17.5 + i
        #expect(Self.close(weighted.model.network.layers[0].weights, [17.5, 18.5, 19.5, 20.5]))
        #expect(Self.close(weighted.model.network.layers[0].bias, [21.5, 22.5]))
        #expect(Self.close(weighted.model.network.layers[1].weights, [23.5, 24.5, 25.5, 26.5]))
        #expect(Self.close(weighted.model.network.layers[1].bias, [27.5, 28.5]))
        #expect(Self.close(weighted.model.network.layers[0].logAlpha, [2.5, 2.5]))  // (1·100 + 3·300) / 400
        let mean = try FedAvg.aggregate(global, [a, b], weighting: .mean, threshold: 0.5)
        #expect(Self.close(mean.model.network.layers[0].weights, [15, 16, 17, 18]))  // the seed's (ω_1 + ω_2) / 2
        #expect(Self.close(mean.model.network.layers[1].bias, [25, 26]))
        #expect(Self.close(mean.model.network.layers[1].logAlpha, [2, 2]))
        #expect(mean.pruned == [[], []])
        #expect(mean.model.units == [[0, 1], [0, 1]])
    }

    /// Client a pruned hidden unit 1; client b kept it. Its weights come from b alone, its gate
    /// is pulled towards closed by a's vote (the log_alpha floor ln 0.01), and unit 0 is averaged as usual.
    @Test func aUnitPrunedBySomeClientsKeepsTheOthersWeightsAndLosesGateWeight() throws {
        let global = Self.model(0)
        let full = Self.model(10, logAlpha: 2)
        let prunedA = Self.model(20, logAlpha: 2).keeping(positions: [[0, 1], [0]])
        #expect(prunedA.units == [[0, 1], [0]])
        let result = try FedAvg.aggregate(global, [FedLContribution(client: "a", examples: 1, model: prunedA),
                                                   FedLContribution(client: "b", examples: 1, model: full)],
                                          weighting: .mean, threshold: 0.1)
        let l0 = result.model.network.layers[0], l1 = result.model.network.layers[1]
        // Layer 0, weight (input 0 → hidden 0): both hold it: (20 + 10) / 2; (input 0 → hidden 1): b only: 11.
        #expect(Self.close(l0.weights, [15, 11, 17, 13]))
        #expect(Self.close(l0.bias, [19, 15]))  // hidden 0: (24 + 14)/2; hidden 1: b's 15
        // Layer 1: row of hidden 0 averaged, row of hidden 1 from b alone.
        #expect(Self.close(l1.weights, [21, 22, 18, 19]))
        let floor = log(Float(0.01))
        #expect(Self.close(l1.logAlpha, [2, (2 + floor) / 2]))
        #expect(Self.close(result.averagedLogAlpha[1], [2, (2 + floor) / 2]))
        #expect(result.model.units == [[0, 1], [0, 1]])  // P(z≠0) of (2 − 4.6)/2 ≈ 0.57 ≥ 0.1: it stays
    }

    @Test func aUnitWhoseAveragedGateIsClosedDiesAndNeverComesBack() throws {
        var global = Self.model(0)
        let closing = Self.model(10, logAlpha: 2)
        var pruned = closing.keeping(positions: [[0, 1], [0]])
        pruned.network.layers[1].logAlpha = [2]
        let round1 = try FedAvg.aggregate(global, [FedLContribution(client: "a", examples: 1, model: pruned),
                                                   FedLContribution(client: "b", examples: 1, model: pruned)],
                                          weighting: .examples, threshold: 0.5)
        #expect(round1.pruned == [[], [1]])
        #expect(round1.model.units == [[0, 1], [0]])
        #expect(round1.model.network.widths == [2, 1, 2])
        #expect(round1.model.mask(layer: 1) == [true, false])
        global = round1.model
        // A client that still holds the dead unit is not a sub-model of the round's model: refused.
        #expect(throws: FedLError.self) {
            _ = try FedAvg.aggregate(global, [FedLContribution(client: "late", examples: 1, model: Self.model(5))],
                                     weighting: .examples, threshold: 0.5)
        }
        // Averaging wide-open gates later does not revive it either.
        let open = global
        let round2 = try FedAvg.aggregate(global, [FedLContribution(client: "a", examples: 1, model: open)],
                                          weighting: .examples, threshold: 0.5)
        #expect(round2.model.units == [[0, 1], [0]])
    }

    /// Over many rounds of random client pruning, the global masks only ever lose units.
    @Test func masksStayMonotoneAcrossRounds() throws {
        var rng = Xoshiro256(seed: 42)
        var global = FedLModel.initial(widths: [12, 8, 6, 3], seed: 3)
        var previous = global.units.map(Set.init)
        for _ in 0..<25 {
            var contributions: [FedLContribution] = []
            for k in 0..<3 {
                var local = global
                for l in local.network.layers.indices {
                    for j in local.network.layers[l].logAlpha.indices {
                        local.network.layers[l].logAlpha[j] = HardConcrete.clamped(Float(rng.nextGaussian() * 3))
                    }
                }
                // Each client drops a random unit of each layer (never the last one).
                let positions = local.units.map { units -> [Int] in
                    guard units.count > 1 else { return Array(units.indices) }
                    let drop = rng.nextIndex(below: units.count)
                    return units.indices.filter { $0 != drop || rng.nextUnitDouble() < 0.5 }
                }
                contributions.append(FedLContribution(client: "\(k)", examples: 10 + k, model: local.keeping(positions: positions)))
            }
            let result = try FedAvg.aggregate(global, contributions, weighting: .examples, threshold: 0.4)
            let now = result.model.units.map(Set.init)
            for l in now.indices {
                #expect(now[l].isSubset(of: previous[l]), "layer \(l) regained units")
                #expect(!now[l].isEmpty)
                #expect(Set(result.pruned[l]) == previous[l].subtracting(now[l]))
            }
            previous = now
            global = result.model
        }
        #expect(global.active.reduce(0, +) < 12 + 8 + 6)
    }

    @Test func modelsTravelAsNPYTensorsAndBadOnesAreRefusedByName() throws {
        let model = Self.model(1).keeping(positions: [[1], [0, 1]])
        let tensors = model.tensors()
        #expect(Set(tensors.keys) == Set(FedLModel.tensorNames(depth: 2)))
        #expect(tensors["units0"]?.int64s == [1])
        #expect(tensors["w0"]?.shape == [1, 2])
        let back = try FedLModel(tensors: try tensors.mapValues { try NPYArray.decode($0.encoded(), name: "t") }, initialWidths: [2, 2, 2],
                                 source: "test")
        #expect(back == model)
        var broken = tensors
        broken["w1"] = NPYArray([Float](repeating: 0, count: 3), shape: [1, 3])
        #expect(throws: FedLError.self) { _ = try FedLModel(tensors: broken, initialWidths: [2, 2, 2], source: "client 7") }
        do throws(FedLError) {
            _ = try FedLModel(tensors: broken, initialWidths: [2, 2, 2], source: "client 7")
        } catch {
            #expect(error.message.hasPrefix("client 7: w1 must be float32 (2, 2)"))
        }
        var unsorted = tensors
        unsorted["units1"] = NPYArray([Int64(1), 0])
        #expect(throws: FedLError.self) { _ = try FedLModel(tensors: unsorted, initialWidths: [2, 2, 2], source: "c") }
        var nan = tensors
        nan["b0"] = NPYArray([Float.nan, 0])
        #expect(throws: FedLError.self) { _ = try FedLModel(tensors: nan, initialWidths: [2, 2, 2], source: "c") }
        var missing = tensors
        missing["log_alpha1"] = nil
        #expect(throws: FedLError.self) { _ = try FedLModel(tensors: missing, initialWidths: [2, 2, 2], source: "c") }
    }
}
