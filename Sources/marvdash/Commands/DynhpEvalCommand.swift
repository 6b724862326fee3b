import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash dynhp eval MODEL_DIR`: the test error, parameters and size of a trained model.
struct DynhpEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate a model written by dynhp train (DIR/model) on a test set.")

    @Argument(help: ArgumentHelp("The model folder (model.json and NPY tensors).", valueName: "model-dir"))
    var model: String
    @Option(name: .customLong("dataset"), help: ArgumentHelp("fashion-mnist, mnist, cifar-10, synthetic or avcc-synthetic (the dataset the model was trained on). Default: cifar-10 when --data holds CIFAR-10 batches, else fashion-mnist.", valueName: "name"))
    var datasetOption: String?
    /// --dataset, or the default resolved from --data (`DatasetChoice`).
    var dataset: String { ((try? DatasetChoice.resolve(dataset: datasetOption, data: data)) ?? DatasetChoice.defaultKind).rawValue }
    @Option(help: ArgumentHelp("Folder with the IDX files or CIFAR-10's binary batches.", valueName: "dir")) var data: String?
    @Option(name: .customLong("synthetic-train"), parsing: .unconditional, help: "Training examples of the synthetic dataset (as in training).")
    var syntheticTrain = 6_000
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func validate() throws {
        do {
            _ = try DatasetChoice.resolve(dataset: datasetOption, data: data)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// A convolutional model (`ConvModelArchive`): test error in eval mode (BN running
    /// statistics, test-time gates) — or, for a mean squared error model, the test MSE and
    /// MAE — parameters and filters per gated layer.
    private func evaluateConvolutional() throws {
        let (network, _, _) = try ConvModelArchive.read(from: model)
        let outputs = network.loss == .meanSquaredError ? network.outputShape.count : network.classes
        let loaded = try DynhpDataLoading.load(dataset, directory: data, widths: [network.inputDimension, outputs],
                                               syntheticTrain: syntheticTrain, budget: 4 << 30,
                                               budgetName: "the 4 GiB limit of a synthetic evaluation")
        guard loaded.test.dimension == network.inputDimension else {
            let shapes = network.inputNodes.map { network.nodes[$0].shape.description }.joined(separator: " + ")
            throw CommandFailure("\(model): the model reads \(shapes) inputs (\(network.inputDimension) features) but \(dataset) has \(loaded.test.dimension) features")
        }
        let regression = network.loss == .meanSquaredError
        guard regression == loaded.test.isRegression, !regression || loaded.test.targetDimension == outputs else {
            throw CommandFailure("\(model): the model (loss \(network.loss.rawValue), output \(network.outputShape)) does not fit \(dataset)'s \(loaded.test.isRegression ? "targets of \(loaded.test.targetDimension) values" : "class labels"); pass the dataset it was trained on")
        }
        let error = regression ? ConvEvaluation.regressionErrors(of: network, on: loaded.test)
            : (ConvEvaluation.error(of: network, on: loaded.test), .nan)
        let params = network.parameterCount, initial = network.initialParameterCount
        let reduction = 1 - Double(params) / Double(max(1, initial))
        let filters = network.filters
        let initialFilters = network.gatedNodes.map { network.initialFilters[$0] ?? network.nodes[$0].shape.channels }
        if json {
            var o: JSONObject = [
                "model": .string(model), "arch": .string(network.name), "dataset": .string(dataset), "test_error": .double(error.0),
                "test_examples": .int(loaded.test.count), "params": .int(params), "params_initial": .int(initial),
                "size_bytes": .int(params * 4), "size_reduction": .double(reduction),
                "filters": .array(filters.map { .int($0) }), "filters_initial": .array(initialFilters.map { .int($0) }),
            ]
            if regression {
                o["error_metric"] = .string(DynHPEpoch.meanSquaredErrorMetric)
                o["test_mae"] = .double(error.1)
            }
            print(JSONValue.object(o).jsonString())
        } else {
            if regression {
                print("test MSE    \(String(format: "%.6g", error.0)) (MAE \(String(format: "%.6g", error.1))) on \(loaded.test.count) \(dataset) test examples")
            } else {
                print("test error  \(String(format: "%.2f", error.0 * 100))% on \(loaded.test.count) \(dataset) test examples")
            }
            print("params      \(params) of \(initial) (\(String(format: "%.1f", reduction * 100))% removed)")
            print("size        \(DynhpByteSize.format(params * 4)) (float32)")
            print("filters     \(zip(filters, initialFilters).map { "\($0)/\($1)" }.joined(separator: " ")) (\(network.name), kept/initial per gated layer)")
        }
    }

    func run() throws {
        try reportingFailures {
            if ConvModelArchive.holdsConvModel(model) { return try evaluateConvolutional() }
            let (network, _) = try ModelArchive.read(from: model)
            let loaded = try DynhpDataLoading.load(dataset, directory: data, widths: network.initialWidths,
                                                   syntheticTrain: syntheticTrain, budget: 4 << 30,
                                                   budgetName: "the 4 GiB limit of a synthetic evaluation")
            guard !loaded.test.isRegression else {
                throw CommandFailure("\(model): an MLP classifier cannot be scored on \(dataset)'s density maps; pass the dataset it was trained on")
            }
            guard loaded.test.dimension == network.initialWidths[0] else {
                throw CommandFailure("\(model): the model reads \(network.initialWidths[0]) features but \(dataset) has \(loaded.test.dimension)")
            }
            let error = loaded.test.error(of: network)
            let params = network.parameterCount, initial = network.initialParameterCount
            let reduction = 1 - Double(params) / Double(max(1, initial))
            if json {
                let o: JSONObject = [
                    "model": .string(model), "dataset": .string(dataset), "test_error": .double(error),
                    "test_examples": .int(loaded.test.count), "params": .int(params), "params_initial": .int(initial),
                    "size_bytes": .int(params * 4), "size_reduction": .double(reduction),
                    "arch": .array(network.widths.map { .int($0) }),
                ]
                print(JSONValue.object(o).jsonString())
            } else {
                print("test error  \(String(format: "%.2f", error * 100))% on \(loaded.test.count) \(dataset) test examples")
                print("params      \(params) of \(initial) (\(String(format: "%.1f", reduction * 100))% removed)")
                print("size        \(DynhpByteSize.format(params * 4)) (float32)")
                print("arch        \(network.widths.map(String.init).joined(separator: "-")) (inputs kept first)")
            }
        }
    }
}
