import Foundation

/// A trained model on disk: a folder of NPY 1.0 tensors plus `model.json`.
///
///     model.json          {"format": "marvdash-dynhp-mlp", "version": 1, "arch_initial": [784,300,100,10],
///                          "arch": [kept inputs, hidden…, classes], "input_dimension": 784,
///                          "input_indices": "input_indices.npy", "params": N, "size_bytes": 4N,
///                          "layers": [{"inputs", "outputs", "weights": "w0.npy", "bias": "b0.npy",
///                                      "log_alpha": "log_alpha0.npy", "activation": "relu"|"softmax"}, …],
///                          "metrics": {…}}
///     input_indices.npy   int64 (arch[0],): the original input features the model reads
///     w{l}.npy            float32 (inputs, outputs), row-major; b{l}.npy float32 (outputs,)
///     log_alpha{l}.npy    float32 (inputs,): gate parameters of layer l's inputs
///
/// Inference: x' = x[input_indices]; for each layer h = (x' ⊙ z) W + b with the test-time gate
/// z = min(1, max(0, sigmoid(log_alpha) · 1.2 − 0.1)); ReLU between layers, argmax at the end.
public enum ModelArchive {
    public static let format = "marvdash-dynhp-mlp"

    /// Writes `model` and `metrics` into `directory` (created if needed).
    public static func write(_ model: GatedMLP, to directory: String, metrics: JSONObject = JSONObject()) throws {
        try createDirectory(directory)
        var layerInfo: [JSONValue] = []
        for (l, layer) in model.layers.enumerated() {
            try NPYArray(layer.weights, shape: [layer.inputs, layer.outputs]).write(to: path(directory, "w\(l).npy"))
            try NPYArray(layer.bias).write(to: path(directory, "b\(l).npy"))
            try NPYArray(layer.logAlpha).write(to: path(directory, "log_alpha\(l).npy"))
            layerInfo.append(.object([
                "inputs": .int(layer.inputs), "outputs": .int(layer.outputs), "weights": .string("w\(l).npy"),
                "bias": .string("b\(l).npy"), "log_alpha": .string("log_alpha\(l).npy"),
                "activation": .string(l + 1 < model.layers.count ? "relu" : "softmax"),
            ]))
        }
        try NPYArray(model.inputIndices.map { Int64($0) }).write(to: path(directory, "input_indices.npy"))
        let info: JSONObject = [
            "format": .string(format), "version": 1,
            "arch_initial": .array(model.initialWidths.map { .int($0) }),
            "arch": .array(model.widths.map { .int($0) }),
            "input_dimension": .int(model.initialWidths.first ?? 0),
            "input_indices": "input_indices.npy",
            "params": .int(model.parameterCount), "size_bytes": .int(model.parameterCount * 4),
            "gate": "test-time hard-concrete on each layer's inputs: z = min(1, max(0, sigmoid(log_alpha) * 1.2 - 0.1))",
            "layers": .array(layerInfo),
            "metrics": .object(metrics),
        ]
        try write(text: JSONValue.object(info).prettyJSONString() + "\n", to: path(directory, "model.json"))
    }

    /// Reads a model written by `write`, with its model.json.
    public static func read(from directory: String) throws -> (model: GatedMLP, info: JSONObject) {
        let jsonPath = path(directory, "model.json")
        guard let bytes = try? LocalFile.read(jsonPath) else {
            throw DatasetError(path: jsonPath, problem: "not found", hint: "pass a folder written by marvdash dynhp train --out DIR (DIR/model)")
        }
        func bad(_ what: String) -> DatasetError {
            DatasetError(path: jsonPath, problem: what, hint: "the model folder is damaged; train it again")
        }
        guard let info = (try? JSONValue.parse(Array(bytes)))?.objectValue, info["format"]?.stringValue == format else {
            throw bad("not a \(format) description")
        }
        guard let initial = info["arch_initial"]?.arrayValue?.compactMap(\.intValue), initial.count >= 2,
              let layerList = info["layers"]?.arrayValue, layerList.count == initial.count - 1 else {
            throw bad("arch_initial and layers do not agree")
        }
        let indices = try NPYArray.read(from: path(directory, "input_indices.npy")).int64s?.map { Int($0) } ?? []
        var layers: [GatedDenseLayer] = []
        for (l, entry) in layerList.enumerated() {
            guard let inputs = entry["inputs"]?.intValue, let outputs = entry["outputs"]?.intValue,
                  let w = try NPYArray.read(from: tensorPath(directory, entry["weights"], "w\(l).npy")).floats,
                  let b = try NPYArray.read(from: tensorPath(directory, entry["bias"], "b\(l).npy")).floats,
                  let la = try NPYArray.read(from: tensorPath(directory, entry["log_alpha"], "log_alpha\(l).npy")).floats,
                  let layer = ModelCheck.layer(inputs: inputs, outputs: outputs, weights: w, bias: b, logAlpha: la)
            else { throw bad("layer \(l): tensors missing, not float32, or of the wrong shape") }
            layers.append(layer)
        }
        if let problem = ModelCheck.problem(initialWidths: initial, inputIndices: indices, layers: layers) {
            throw bad(problem)
        }
        return (GatedMLP(initialWidths: initial, inputIndices: indices, layers: layers), info)
    }

    /// Where a layer's tensor is: the file model.json names, which must stay inside the
    /// model folder (a plain file name), else the default name.
    private static func tensorPath(_ directory: String, _ named: JSONValue?, _ fallback: String) throws -> String {
        guard let name = named?.stringValue else { return path(directory, fallback) }
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else {
            throw DatasetError(path: path(directory, "model.json"), problem: "tensor file \"\(name)\" is not a file name inside the model folder",
                               hint: "the model folder is damaged; train it again")
        }
        return path(directory, name)
    }

    static func path(_ directory: String, _ name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }

    static func createDirectory(_ directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DynHPError("\(directory): cannot create the directory (\(error.localizedDescription)); choose another --out")
        }
    }

    static func write(text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw DynHPError("\(path): cannot write (\(error.localizedDescription)); check the --out directory")
        }
    }
}
