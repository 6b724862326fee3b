import Foundation
import Testing
@testable import MarvelCore

/// Model files: the shipped topologies build exactly the networks of the Swift builder
/// (`--arch NAME`), parameter counts agree with hand-computed values, the AVCC example has
/// two inputs, a concatenation and a map output, and every mistake is reported at
/// file:line:col with the field and what to do.
@Suite struct ModelFileTests {
    static var modelsDirectory: String { CatalogueValidationTests.repositoryRoot + "/Templates/models" }

    static func shipped(_ name: String) throws -> ModelDefinition {
        try ModelFile.load(path: modelsDirectory + "/\(name).yaml")
    }

    static func error(_ text: String) -> ModelFileError? {
        do {
            let d = try ModelFile.parse(text, file: "net.yaml")
            _ = try d.build(imageShape: TensorShape(channels: 1, height: 28, width: 28), classes: 10, seed: 1)
            return nil
        } catch {
            return error
        }
    }

    static let mnist = TensorShape(channels: 1, height: 28, width: 28)
    static let cifar = TensorShape(channels: 3, height: 32, width: 32)

    @Test(arguments: ["lenet5", "resnet-28-1"])
    func shippedFileBuildsTheSwiftBuildersNetworkWithTheSameWeights(name: String) throws {
        let topology = try #require(ConvTopology(rawValue: name))
        for shape in [Self.mnist, Self.cifar] {
            let fromSwift = try topology.build(input: shape, classes: 10, seed: 7, dropRate: 0.2)
            let fromFile = try Self.shipped(name).build(imageShape: shape, classes: 10, seed: 7, dropRate: 0.2)
            #expect(fromFile == fromSwift, "\(name) on \(shape)")
        }
    }

    @Test(arguments: ["wrn-28-10", "vgg11", "vgg13", "vgg16"])
    func largeShippedFilesBuildTheSwiftBuildersGraph(name: String) throws {
        let topology = try #require(ConvTopology(rawValue: name))
        for shape in [Self.mnist, Self.cifar] {
            let fromSwift = try topology.build(input: shape, classes: 10, seed: 7, drawsWeights: false)
            let fromFile = try Self.shipped(name).build(imageShape: shape, classes: 10, seed: 7, drawsWeights: false)
            #expect(fromFile.nodes == fromSwift.nodes, "\(name) on \(shape)")
            #expect(fromFile.initialParameterCount == fromSwift.initialParameterCount)
            #expect(fromFile.initialFilters == fromSwift.initialFilters)
            #expect(fromFile.params.allSatisfy { $0.weights.isEmpty }, "no weight tensor allocated for a shape-only build")
        }
    }

    @Test func parameterCountsMatchHandComputedValues() throws {
        // LeNet-5 on 28×28: conv 6·25+6, conv 16·6·25+16, dense 400·120+120, 120·84+84, 84·10+10.
        let lenet = try Self.shipped("lenet5").build(imageShape: Self.mnist, classes: 10, seed: 1, drawsWeights: false)
        #expect(lenet.initialParameterCount == 156 + 2_416 + 48_120 + 10_164 + 850)
        let drawn = try Self.shipped("lenet5").build(imageShape: Self.mnist, classes: 10, seed: 1)
        #expect(drawn.parameterCount == lenet.initialParameterCount && drawn.initialParameterCount == lenet.initialParameterCount)
        // VGG16 on 32×32: 13 3×3 convolutions with BN (no bias: 2 per filter), 512 → 10.
        let plan = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512]
        var inputs = 3, vgg16 = 0
        for f in plan { vgg16 += f * inputs * 9 + 2 * f; inputs = f }
        vgg16 += 512 * 10 + 10
        let built = try Self.shipped("vgg16").build(imageShape: Self.cifar, classes: 10, seed: 1, drawsWeights: false)
        #expect(built.initialParameterCount == vgg16)
        #expect(built.gatedNodes.count == 13)
    }

    @Test func avccExampleHasTwoInputsAConcatenationAndAHeatmapOutput() throws {
        let d = try Self.shipped("avcc")
        #expect(d.loss == .meanSquaredError)
        #expect(d.inputs.map(\.name) == ["video", "audio"])
        let net = try d.build(imageShape: nil, classes: 0, seed: 1)
        #expect(net.inputNodes.map { net.nodes[$0].shape } == [AudioVisualCountingDataset.frameShape, AudioVisualCountingDataset.spectrogramShape])
        #expect(net.inputDimension == AudioVisualCountingDataset.dimension)
        #expect(net.outputShape == AudioVisualCountingDataset.mapShape)
        let concat = try #require(net.nodes.firstIndex { $0.op == .concat })
        #expect(net.nodes[concat].shape == TensorShape(channels: 48, height: 8, width: 8))
        #expect(net.nodes[concat + 1].conv?.gated == true && net.nodes[concat + 1].conv?.batchNorm == true,
                "the fusion convolution is gated after BN")
    }

    @Test func catalogueResolvesShippedNamesAndPaths() throws {
        let catalog = ModelCatalog(directories: [Self.modelsDirectory])
        #expect(catalog.shipped.map(\.name) == ["avcc", "lenet5", "resnet-28-1", "vgg11", "vgg13", "vgg16", "wrn-28-10"])
        #expect(try catalog.resolve("lenet5") == Self.modelsDirectory + "/lenet5.yaml")
        #expect(try catalog.resolve(Self.modelsDirectory + "/avcc.yaml") == Self.modelsDirectory + "/avcc.yaml")
        #expect(throws: ModelFileError.self) { try catalog.resolve("lenet7") }
    }

    @Test func aUsersFileWithDefaultsBuilds() throws {
        let text = """
            inputs:
              - {name: image, shape: [1, 8, 8]}
            layers:
              - {name: c1, type: conv, filters: 4, kernel: 3, padding: 1, batchNorm: yes}
              - {type: avgPool, kernel: 2}
              - {type: flatten}
              - {type: dense, units: 5}
              - {type: relu}
              - {type: dense, units: 3, gated: false, relu: false}
            """
        let d = try ModelFile.parse(text, file: "/tmp/small-cnn.v1.yaml")
        #expect(d.name == "small-cnn", "the file name up to its first dot")
        #expect(d.loss == .crossEntropy)
        let net = try d.build(imageShape: nil, classes: 10, seed: 1)
        #expect(net.nodes.map(\.shape.channels) == [1, 4, 4, 64, 5, 5, 3])
        #expect(net.nodes[1].conv == ConvSpec(inChannels: 1, outChannels: 4, kernel: 3, padding: 1, batchNorm: true))
    }

    @Test func mistakesAreReportedAtTheirPositionWithWhatToDo() throws {
        let head = "inputs:\n  - {name: image}\nlayers:\n"
        let cases: [(String, String, String)] = [
            (head + "  - {type: conv, filters: 4, kernal: 3}\n", "net.yaml:4:30", "unknown field 'kernal'"),
            (head + "  - {type: conv, filters: 4}\n", "net.yaml:4:5", "layers[0].kernel is missing"),
            (head + "  - {type: convolution, filters: 4}\n", "net.yaml:4:12", "'convolution' is unknown"),
            (head + "  - {type: batchNorm}\n", "net.yaml:4:12", "set batchNorm: true there"),
            (head + "  - {type: conv, filters: -4, kernel: 3}\n", "net.yaml:4:27", "filters must be a positive integer"),
            (head + "  - {type: dense, units: 10, input: imgae}\n", "net.yaml:4:37", "reads 'imgae'"),
            (head + "  - {type: concat, inputs: [image]}\n", "net.yaml:4:5", "at least two inputs"),
            (head + "  - {name: big, type: conv, filters: 4, kernel: 40}\n", "net.yaml:4:5", "big: a 40×40 convolution"),
            (head + "  - {type: dense, units: 10, gated: false, relu: false}\nloss: l2\n", "net.yaml:5:7", "loss must be cross-entropy or mse"),
            (head + "  - {type: dense, units: 10}\n", "net.yaml:4:5", "ungated"),
            (head + "  - {name: huge, type: conv, filters: 1000000, kernel: 1000000, padding: 500000}\n", "net.yaml:4:5",
             "huge would have more than 268435456 weights"),
            (head + "  - {name: wide, type: dense, units: 1000000}\n", "net.yaml:4:5", "wide would have more than 268435456 weights"),
            ("inputs: [{name: a, shape: [1, 4, 4]}, {name: b}]\nlayers:\n  - {type: flatten}\n", "net.yaml:1:39", "shape is required"),
            ("inputs:\n  - {name: image}\nlayer:\n", "net.yaml:3:1", "unknown key 'layer'"),
            (head + "  - {type: conv, filters: 4, kernel: 3\n", "net.yaml:", "flow mapping"),
        ]
        for (text, position, problem) in cases {
            let e = try #require(Self.error(text), "accepted: \(text)")
            #expect(e.description.hasPrefix(position + (position.hasSuffix(":") ? "" : ":")), "\(e)")
            #expect(e.description.contains(problem), "\(e)")
            #expect(!e.description.contains("\n"))
        }
    }
}
