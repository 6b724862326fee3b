import Foundation
import Testing
@testable import MarvelCore

/// An exported convolutional model evaluates in numpy (the reference in
/// `ConvNumpyReference`, numpy installed in .venv by `make test`) to the logits marvdash
/// computes: residual blocks with BN and masked gates, pooling, flatten and dense layers,
/// two inputs joined by a concatenation and a map output (the AVCC example).
@Suite struct ConvExportNumpyTests {
    @Test func numpyReferenceRecomputesTheExportedModelsLogits() throws {
        let python = CatalogueValidationTests.repositoryRoot + "/.venv/bin/python3"
        #expect(FileManager.default.isExecutableFile(atPath: python), "\(python) is missing: run make test (it installs numpy into .venv)")
        guard FileManager.default.isExecutableFile(atPath: python) else { return }
        let gated = try ConvCompactionTests.gatedNetwork()
        let alive = gated.testTimeAlive
        let compact = gated.compacted(keeping: gated.keptChannels(alive: alive), alive: alive)
        var lenet = try ConvTopology.lenet5.build(input: TensorShape(channels: 1, height: 28, width: 28), classes: 10, seed: 2)
        lenet.params[1].logAlpha[2] = -10
        let concatGated = try ConvConcatTests.gatedConcat()
        let concatAlive = concatGated.testTimeAlive
        let concat = concatGated.compacted(keeping: concatGated.keptChannels(alive: concatAlive), alive: concatAlive)
        var avcc = try ModelFile.load(path: ModelFileTests.modelsDirectory + "/avcc.yaml").build(imageShape: nil, classes: 0, seed: 4)
        avcc.params[avcc.gatedNodes[0]].logAlpha[3] = -10
        for (name, network) in [("residual", compact), ("lenet5", lenet), ("two-input-concat", concat), ("avcc", avcc)] {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("conv-numpy-\(name)-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try ConvModelArchive.write(network, to: dir + "/model")
            let count = 5
            let x = ConvSupport.gaussians(count * network.inputDimension, seed: 17)
            try NPYArray(x, shape: [count, network.inputDimension]).write(to: dir + "/x.npy")
            let result = try FedLNPYWireTests.run(python, ["-c", ConvNumpyReference.script, dir + "/model", dir + "/x.npy", dir + "/y.npy"])
            #expect(result.status == 0, "\(result.output)")
            guard result.status == 0 else { continue }
            let reference = try #require(try NPYArray.read(from: dir + "/y.npy").floats)
            let ours = x.withUnsafeBufferPointer { ConvEvaluation.logits(of: network, features: $0, count: count) }
            #expect(reference.count == ours.count)
            for i in 0..<min(reference.count, ours.count) {
                #expect(abs(reference[i] - ours[i]) <= 1e-4 * max(1, abs(reference[i])), "\(name) logit \(i): \(ours[i]) vs numpy \(reference[i])")
            }
        }
    }
}
