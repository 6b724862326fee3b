import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp models`: the shipped model files (`Templates/models/*.yaml`) with their inputs,
/// output, loss and parameter count, for `dynhp train --model NAME`.
struct DynhpModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the shipped L0 model files (for dynhp train --model NAME) with input shape and parameters.",
        discussion: """
            A model whose input has no shape takes the dataset's images: its parameters are given for \
            1×28×28 (Fashion-MNIST, MNIST) and 3×32×32 (CIFAR-10, synthetic), 10 classes. Copy a file \
            (the PATH column) to start your own network.
            """)

    func run() throws {
        try reportingFailures {
            let catalog = ModelCatalog()
            let shipped = catalog.shipped
            guard !shipped.isEmpty else {
                throw CommandFailure("no shipped models found (looked in \(catalog.directories.isEmpty ? "no Templates/models/ folder" : catalog.directories.joined(separator: ", "))); set MARVDASH_HOME to the folder that contains Templates/ (models are Templates/models/*.yaml)")
            }
            var rows = [["NAME", "INPUTS", "OUTPUT", "LOSS", "PARAMS", "PATH"]]
            var problems: [String] = []
            for (name, path) in shipped {
                do {
                    let definition = try ModelFile.load(path: path)
                    let shapes = definition.takesDatasetShape
                        ? [TensorShape(channels: 1, height: 28, width: 28), TensorShape(channels: 3, height: 32, width: 32)] : [nil]
                    var inputs: [String] = [], outputs: [String] = [], params: [String] = []
                    for shape in shapes {
                        let network = try definition.build(imageShape: shape, classes: 10, seed: 1, drawsWeights: false)
                        inputs.append(network.inputNodes.map { network.nodes[$0].shape.description }.joined(separator: " + "))
                        outputs.append(network.outputShape.description)
                        params.append(Self.grouped(network.initialParameterCount))
                    }
                    rows.append([name, inputs.joined(separator: " | "), Array(Set(outputs)).sorted().joined(separator: " | "),
                                 definition.loss.rawValue, params.joined(separator: " | "), path])
                } catch {
                    // One broken file does not hide the others: reported after the table.
                    problems.append("\(error)")
                }
            }
            let widths = rows[0].indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
            for row in rows {
                print(row.enumerated().map { c, cell in c == row.count - 1 ? cell : cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
                    .joined(separator: "  "))
            }
            guard problems.isEmpty else {
                for problem in problems.dropLast() { FileHandle.standardError.write(Data(("marvdash: " + problem + "\n").utf8)) }
                throw CommandFailure(problems[problems.count - 1])
            }
        }
    }

    /// 1234567 → "1,234,567".
    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
