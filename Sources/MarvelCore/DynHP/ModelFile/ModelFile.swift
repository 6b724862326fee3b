import Foundation

/// Reads a model file (`marvdash dynhp train --model FILE`): a user's own L0 network.
///
/// ```yaml
/// name: small-cnn                 # default: the file name up to its first dot
/// inputs:
///   - name: image                 # shape [channels, height, width]; omitted: the dataset's
///     shape: [1, 28, 28]
/// layers:                         # each reads the layer before unless it names input/inputs
///   - {name: c1, type: conv, filters: 8, kernel: 3, padding: 1, batchNorm: true}
///   - {type: maxPool, kernel: 2}
///   - {type: dense, units: classes, gated: false, relu: false}
/// loss: cross-entropy             # or mse
/// ```
/// Layer types: conv (filters, kernel, stride 1, padding 0, batchNorm false, gated true,
/// relu true), dense (units: a number or `classes`, gated, relu), maxPool/avgPool (kernel,
/// stride = kernel, optional false), globalAvgPool, flatten, relu, add (inputs, relu true),
/// concat (inputs). Errors name file:line:col, the field and what to do.
public enum ModelFile {
    static let topKeys = ["name", "description", "inputs", "layers", "loss"]
    static let types = ["conv", "dense", "maxPool", "avgPool", "globalAvgPool", "flatten", "relu", "add", "concat"]

    /// Reads and parses the file at `path`.
    public static func load(path: String) throws(ModelFileError) -> ModelDefinition {
        let bytes: [UInt8]
        do { bytes = try LocalFile.read(path) } catch {
            throw ModelFileError(file: path, mark: nil, problem: "cannot read the model file (\(error.detail)); check the path, or run marvdash dynhp models for the shipped names")
        }
        return try parse(String(decoding: bytes, as: UTF8.self), file: path)
    }

    /// Parses `text`; `file` names it in errors and gives the default model name.
    public static func parse(_ text: String, file: String) throws(ModelFileError) -> ModelDefinition {
        func fail(_ mark: SourceMark?, _ problem: String) -> ModelFileError { ModelFileError(file: file, mark: mark, problem: problem) }
        let documents: [YAMLNode]
        do {
            documents = try YAML.parse(text, file: file)
        } catch let e as YAMLError {
            throw fail(e.mark, e.message)
        } catch {
            throw fail(nil, "\(error)")
        }
        guard let root = documents.first, case .mapping(let pairs) = root.kind else {
            throw fail(documents.first?.mark, "expected a mapping with inputs, layers and loss (see README, \"Your own L0 networks\")")
        }
        for p in pairs where !topKeys.contains(p.key.scalar ?? "") {
            throw fail(p.key.mark, "unknown key '\(p.key.scalar ?? "?")' (use \(topKeys.joined(separator: ", ")))")
        }
        let defaultName = String((file as NSString).lastPathComponent.split(separator: ".").first ?? "model")
        let name = try root["name"].map { n throws(ModelFileError) in
            guard let s = n.scalar, !s.isEmpty, s.count <= 63, s.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
                throw fail(n.mark, "name must be letters, digits, '-', '_' or '.' (at most 63), e.g. my-cnn")
            }
            return s
        } ?? defaultName
        let description = root["description"]?.scalar ?? ""
        guard let inputsNode = root["inputs"], case .sequence(let inputItems) = inputsNode.kind, !inputItems.isEmpty else {
            throw fail(root["inputs"]?.mark ?? root.mark, "inputs must be a list of inputs, e.g. - {name: image, shape: [1, 28, 28]}")
        }
        var inputs: [ModelDefinition.Input] = []
        var names = Set<String>()
        for (i, item) in inputItems.enumerated() {
            let fields = try Fields(item, file: file, what: "inputs[\(i)]", allowed: ["name", "shape"])
            let inputName = try fields.string("name") ?? (i == 0 ? "input" : "input\(i + 1)")
            guard names.insert(inputName).inserted else { throw fail(item["name"]?.mark ?? item.mark, "inputs[\(i)].name '\(inputName)' is used twice; names must be unique") }
            var shape: TensorShape?
            if let s = item["shape"] {
                var values: [Int] = []
                if case .sequence(let dims) = s.kind { values = dims.compactMap { $0.scalar.flatMap { Int($0) } } }
                guard values.count == 3, values.allSatisfy({ $0 > 0 && $0 <= 4096 }) else {
                    throw fail(s.mark, "inputs[\(i)].shape must be [channels, height, width] of positive integers, e.g. [3, 32, 32]")
                }
                shape = TensorShape(channels: values[0], height: values[1], width: values[2])
            } else if inputItems.count > 1 {
                throw fail(item.mark, "inputs[\(i)].shape is required when a model has several inputs, e.g. shape: [1, 32, 32]")
            }
            inputs.append(ModelDefinition.Input(name: inputName, shape: shape, mark: item.mark))
        }
        guard let layersNode = root["layers"], case .sequence(let layerItems) = layersNode.kind, !layerItems.isEmpty else {
            throw fail(root["layers"]?.mark ?? root.mark, "layers must be a list of layers, e.g. - {type: conv, filters: 8, kernel: 3}")
        }
        var layers: [ModelDefinition.Layer] = []
        var previous = inputs[0].name
        for (i, item) in layerItems.enumerated() {
            let layer = try parseLayer(item, index: i, previous: previous, known: names, file: file)
            guard names.insert(layer.name).inserted else {
                throw fail(item["name"]?.mark ?? item.mark, "layers[\(i)].name '\(layer.name)' is used twice; names must be unique")
            }
            layers.append(layer)
            previous = layer.name
        }
        var loss = ConvLossKind.crossEntropy
        if let l = root["loss"] {
            guard let text = l.scalar, let kind = ConvLossKind(rawValue: text) else {
                throw fail(l.mark, "loss must be \(ConvLossKind.allCases.map(\.rawValue).joined(separator: " or ")), got '\(l.scalar ?? "a collection")'")
            }
            loss = kind
        }
        return ModelDefinition(name: name, description: description, inputs: inputs, layers: layers, loss: loss, file: file)
    }

    private static func parseLayer(_ item: YAMLNode, index i: Int, previous: String, known: Set<String>, file: String) throws(ModelFileError) -> ModelDefinition.Layer {
        let what = "layers[\(i)]"
        guard let typeNode = item["type"], let type = typeNode.scalar else {
            throw ModelFileError(file: file, mark: item.mark, problem: "\(what).type is missing; use one of \(types.joined(separator: ", "))")
        }
        if ["batchNorm", "bn", "batchnorm", "BatchNorm"].contains(type) {
            throw ModelFileError(file: file, mark: typeNode.mark, problem: "\(what): BatchNorm is an option of the convolution before it: set batchNorm: true there (conv → BN → gate → ReLU, so a closed gate zeroes the channel whatever BN does)")
        }
        guard types.contains(type) else {
            throw ModelFileError(file: file, mark: typeNode.mark, problem: "\(what).type '\(type)' is unknown; use one of \(types.joined(separator: ", "))")
        }
        let common = ["name", "type", "input", "inputs"]
        let extra: [String]
        switch type {
        case "conv": extra = ["filters", "kernel", "stride", "padding", "batchNorm", "gated", "relu"]
        case "dense": extra = ["units", "gated", "relu"]
        case "maxPool", "avgPool": extra = ["kernel", "stride", "optional"]
        case "add": extra = ["relu"]
        default: extra = []
        }
        let f = try Fields(item, file: file, what: what, allowed: common + extra)
        let name = try f.string("name") ?? "layer\(i + 1)"
        var inputs: [String]
        if let list = item["inputs"] {
            guard item["input"] == nil else { throw f.error(list.mark, "\(what): give input or inputs, not both") }
            guard case .sequence(let entries) = list.kind, !entries.isEmpty else { throw f.error(list.mark, "\(what).inputs must be a list of layer or input names") }
            inputs = []
            for e in entries {
                guard let s = e.scalar else { throw f.error(e.mark, "\(what).inputs must be a list of layer or input names") }
                inputs.append(s)
            }
        } else {
            inputs = [try f.string("input") ?? previous]
        }
        for (k, input) in inputs.enumerated() where !known.contains(input) {
            let mark = item["inputs"].flatMap { node -> SourceMark? in
                if case .sequence(let e) = node.kind, k < e.count { return e[k].mark }
                return nil
            } ?? item["input"]?.mark ?? item.mark
            throw f.error(mark, "\(what) reads '\(input)', which is not an input or an earlier layer; name one defined above it")
        }
        let multi = type == "add" || type == "concat"
        if multi && inputs.count < 2 { throw f.error(item.mark, "\(what): \(type) needs at least two inputs, e.g. inputs: [a, b]") }
        if !multi && inputs.count != 1 { throw f.error(item["inputs"]?.mark ?? item.mark, "\(what): \(type) reads one input; use input: NAME") }
        let kind: ModelDefinition.Kind
        switch type {
        case "conv":
            kind = .conv(filters: try f.positive("filters", required: true) ?? 1, kernel: try f.positive("kernel", required: true) ?? 1,
                         stride: try f.positive("stride") ?? 1, padding: try f.count("padding") ?? 0,
                         batchNorm: try f.bool("batchNorm") ?? false, gated: try f.bool("gated") ?? true, relu: try f.bool("relu") ?? true)
        case "dense":
            let units: ModelDefinition.Units
            if item["units"]?.scalar == "classes" { units = .classes } else { units = .count(try f.positive("units", required: true) ?? 1) }
            kind = .dense(units: units, gated: try f.bool("gated") ?? true, relu: try f.bool("relu") ?? true)
        case "maxPool", "avgPool":
            let k = try f.positive("kernel", required: true) ?? 1
            let s = try f.positive("stride") ?? k, optional = try f.bool("optional") ?? false
            kind = type == "maxPool" ? .maxPool(kernel: k, stride: s, optional: optional) : .avgPool(kernel: k, stride: s, optional: optional)
        case "globalAvgPool": kind = .globalAvgPool
        case "flatten": kind = .flatten
        case "relu": kind = .relu
        case "add": kind = .add(relu: try f.bool("relu") ?? true)
        default: kind = .concat
        }
        return ModelDefinition.Layer(name: name, kind: kind, inputs: inputs, mark: item.mark)
    }
}

/// The fields of one mapping of a model file, read with errors at their position.
struct Fields {
    let node: YAMLNode
    let file: String
    let what: String

    init(_ node: YAMLNode, file: String, what: String, allowed: [String]) throws(ModelFileError) {
        self.node = node
        self.file = file
        self.what = what
        guard case .mapping(let pairs) = node.kind else {
            throw ModelFileError(file: file, mark: node.mark, problem: "\(what) must be a mapping of fields, e.g. {type: conv, filters: 8, kernel: 3}")
        }
        for p in pairs where !allowed.contains(p.key.scalar ?? "") {
            throw ModelFileError(file: file, mark: p.key.mark, problem: "\(what): unknown field '\(p.key.scalar ?? "?")' (use \(allowed.joined(separator: ", ")))")
        }
    }

    func error(_ mark: SourceMark?, _ problem: String) -> ModelFileError { ModelFileError(file: file, mark: mark, problem: problem) }

    func string(_ key: String) throws(ModelFileError) -> String? {
        guard let v = node[key] else { return nil }
        guard let s = v.scalar, !s.isEmpty else { throw error(v.mark, "\(what).\(key) must be a name") }
        return s
    }

    /// A positive integer (nil when absent and not required).
    func positive(_ key: String, required: Bool = false) throws(ModelFileError) -> Int? {
        guard let v = node[key] else {
            if required { throw error(node.mark, "\(what).\(key) is missing; give a positive integer") }
            return nil
        }
        guard let n = v.scalar.flatMap({ Int($0) }), n > 0, n <= 1 << 20 else {
            throw error(v.mark, "\(what).\(key) must be a positive integer, got '\(v.scalar ?? "a collection")'")
        }
        return n
    }

    /// A non-negative integer.
    func count(_ key: String) throws(ModelFileError) -> Int? {
        guard let v = node[key] else { return nil }
        guard let n = v.scalar.flatMap({ Int($0) }), n >= 0, n <= 1 << 20 else {
            throw error(v.mark, "\(what).\(key) must be 0 or a positive integer, got '\(v.scalar ?? "a collection")'")
        }
        return n
    }

    func bool(_ key: String) throws(ModelFileError) -> Bool? {
        guard let v = node[key] else { return nil }
        switch v.scalar {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off": return false
        default: throw error(v.mark, "\(what).\(key) must be true or false, got '\(v.scalar ?? "a collection")'")
        }
    }
}
