import Foundation

/// Saves and restores a trainer's whole state in `DIR/checkpoint/` (written to a temporary
/// folder, then swapped in, so a crash never leaves half a checkpoint): `state.json` (config,
/// counters, PRNG words and Doubles as exact hex bit patterns) plus NPY tensors for the
/// network (`w{l}`, `b{l}`, `log_alpha{l}`, `input_indices`), the optimiser moments
/// (`m_*`, `v_*`), the parameter average (`ema_*`, with `--ema`), the epoch's example
/// order (`permutation`) and gate counters (`activity{l}`).
public struct CheckpointStore: Sendable {
    public var directory: String

    public init(outputDirectory: String) {
        directory = (outputDirectory as NSString).appendingPathComponent("checkpoint")
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: ModelArchive.path(directory, "state.json")) }

    /// Writes `state`, replacing any previous checkpoint.
    public func save(_ state: DynHPTrainerState) throws {
        let temp = directory + ".tmp"
        try? FileManager.default.removeItem(atPath: temp)
        try ModelArchive.createDirectory(temp)
        func put(_ array: NPYArray, _ name: String) throws { try array.write(to: ModelArchive.path(temp, name + ".npy")) }
        for (l, layer) in state.model.layers.enumerated() {
            try putLayer(layer, prefix: "", l, put)
            try putLayer(state.optimizer.first[l], prefix: "m_", l, put)
            if !state.optimizer.second.isEmpty { try putLayer(state.optimizer.second[l], prefix: "v_", l, put) }
            if let average = state.average { try putLayer(average.layers[l], prefix: "ema_", l, put) }
            try put(NPYArray(state.activity[l].activeCounts.map { Int64($0) }), "activity\(l)")
        }
        try put(NPYArray(state.model.inputIndices.map { Int64($0) }), "input_indices")
        try put(NPYArray(state.permutation), "permutation")
        var json: JSONObject = [
            "format": "marvdash-dynhp-checkpoint", "version": 1,
            "run": .string(state.runID), "dataset": .string(state.dataset),
            "config": .object(state.config.json),
            "arch_initial": .array(state.model.initialWidths.map { .int($0) }),
            "arch": .array(state.model.widths.map { .int($0) }),
            "rng": .array(state.rng.state.map { .string(String($0, radix: 16)) }),
            "epoch": .int(state.epoch), "position": .int(state.position),
            "observations": .array(state.activity.map { .int($0.observations) }),
            "batch_size": .int(state.batch.size), "batch_cap": .int(state.batch.cap),
            "optimizer_step": .int(state.optimizer.step),
            "epoch_loss": .string(Self.bits(state.epochLoss)),
            "epoch_correct": .int(state.epochCorrect), "epoch_seen": .int(state.epochSeen),
            "epoch_steps": .int(state.epochSteps), "epoch_peak_batch": .int(state.epochPeakBatch),
            "memory_history": .array(state.memoryHistory.map { .int($0) }),
            "memory_total_bytes": .int(state.memoryTotalBytes),
        ]
        if let average = state.average { json["ema_steps"] = .int(average.steps) }
        json["gates_fixed"] = .bool(state.gatesFixed)
        // The rates of the last step (schedule, batch scaling and warm-up applied).
        json["optimizer_lr"] = .string(Self.bits(Double(state.optimizer.learningRate)))
        if let gate = state.optimizer.gateLearningRate { json["optimizer_gate_lr"] = .string(Self.bits(Double(gate))) }
        if let r = state.lastReport { json["last_report"] = .object(Self.encode(r)) }
        try ModelArchive.write(text: JSONValue.object(json).prettyJSONString() + "\n", to: ModelArchive.path(temp, "state.json"))
        let old = directory + ".old"
        try? FileManager.default.removeItem(atPath: old)
        if FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.moveItem(atPath: directory, toPath: old)
        }
        do {
            try FileManager.default.moveItem(atPath: temp, toPath: directory)
        } catch {
            throw DynHPError("\(directory): cannot install the checkpoint (\(error.localizedDescription))")
        }
        try? FileManager.default.removeItem(atPath: old)
    }

    private func putLayer(_ layer: GatedDenseLayer, prefix: String, _ l: Int, _ put: (NPYArray, String) throws -> Void) throws {
        try put(NPYArray(layer.weights, shape: [layer.inputs, layer.outputs]), "\(prefix)w\(l)")
        try put(NPYArray(layer.bias), "\(prefix)b\(l)")
        try put(NPYArray(layer.logAlpha), "\(prefix)log_alpha\(l)")
    }

    /// Reads the checkpoint back.
    public func load() throws -> DynHPTrainerState {
        let statePath = ModelArchive.path(directory, "state.json")
        func bad(_ what: String) -> DatasetError {
            DatasetError(path: statePath, problem: what, hint: "delete the checkpoint folder and start again without --resume")
        }
        guard let bytes = FileManager.default.contents(atPath: statePath) else {
            throw DatasetError(path: statePath, problem: "no checkpoint", hint: "run without --resume first (with the same --out)")
        }
        guard let json = (try? JSONValue.parse(Array(bytes)))?.objectValue,
              json["format"]?.stringValue == "marvdash-dynhp-checkpoint",
              let configJSON = json["config"]?.objectValue, let config = DynHPConfig(json: configJSON),
              let runID = json["run"]?.stringValue, let dataset = json["dataset"]?.stringValue,
              let initial = json["arch_initial"]?.arrayValue?.compactMap(\.intValue),
              let arch = json["arch"]?.arrayValue?.compactMap(\.intValue), arch.count == initial.count, arch.count >= 2,
              let rngWords = json["rng"]?.arrayValue?.compactMap({ $0.stringValue.flatMap { UInt64($0, radix: 16) } }),
              let rng = Xoshiro256(state: rngWords),
              let epoch = json["epoch"]?.intValue, let position = json["position"]?.intValue,
              let observations = json["observations"]?.arrayValue?.compactMap(\.intValue), observations.count == arch.count - 1,
              let batchSize = json["batch_size"]?.intValue, let batchCap = json["batch_cap"]?.intValue,
              let step = json["optimizer_step"]?.intValue,
              let loss = json["epoch_loss"]?.stringValue.flatMap(Self.double(bits:)),
              let correct = json["epoch_correct"]?.intValue, let seen = json["epoch_seen"]?.intValue,
              let steps = json["epoch_steps"]?.intValue, let peak = json["epoch_peak_batch"]?.intValue,
              let history = json["memory_history"]?.arrayValue?.compactMap(\.intValue)
        else { throw bad("missing or malformed fields") }
        func tensor(_ name: String) throws -> NPYArray { try NPYArray.read(from: ModelArchive.path(directory, name + ".npy")) }
        func layer(_ prefix: String, _ l: Int) throws -> GatedDenseLayer {
            let inputs = arch[l], outputs = arch[l + 1]
            guard let w = try tensor("\(prefix)w\(l)").floats, let b = try tensor("\(prefix)b\(l)").floats,
                  let la = try tensor("\(prefix)log_alpha\(l)").floats,
                  w.count == inputs * outputs, b.count == outputs, la.count == inputs
            else { throw bad("tensor \(prefix)w\(l)/b\(l)/log_alpha\(l) has the wrong type or shape") }
            return GatedDenseLayer(inputs: inputs, outputs: outputs, weights: w, bias: b, logAlpha: la)
        }
        var layers: [GatedDenseLayer] = [], first: [GatedDenseLayer] = [], second: [GatedDenseLayer] = [], averaged: [GatedDenseLayer] = []
        var activity: [GateActivity] = []
        for l in 0..<(arch.count - 1) {
            layers.append(try layer("", l))
            first.append(try layer("m_", l))
            if config.optimizer == .adam { second.append(try layer("v_", l)) }
            if config.emaDecay > 0 { averaged.append(try layer("ema_", l)) }
            guard let counts = try tensor("activity\(l)").int64s, counts.count == arch[l] else { throw bad("activity\(l) has the wrong shape") }
            activity.append(GateActivity(activeCounts: counts.map { Int($0) }, observations: observations[l]))
        }
        guard let indices = try tensor("input_indices").int64s?.map({ Int($0) }), indices.count == arch[0],
              let permutation = try tensor("permutation").int32s else { throw bad("input_indices or permutation malformed") }
        let model = GatedMLP(initialWidths: initial, inputIndices: indices, layers: layers)
        let lastRate = json["optimizer_lr"]?.stringValue.flatMap(Self.double(bits:)).map { Float($0) }
        let lastGateRate = json["optimizer_gate_lr"]?.stringValue.flatMap(Self.double(bits:)).map { Float($0) }
        let optimizer = OptimizerState(kind: config.optimizer, learningRate: lastRate ?? Float(config.learningRate),
                                       gateLearningRate: lastGateRate ?? config.gateLearningRate.map { Float($0) },
                                       momentum: Float(config.momentum), step: step, first: first, second: second)
        var average: ParameterAverage?
        if config.emaDecay > 0 {
            guard let steps = json["ema_steps"]?.intValue else { throw bad("ema_steps missing (the run has --ema)") }
            average = ParameterAverage(decay: Float(config.emaDecay), steps: steps, layers: averaged)
        }
        var batch = DynamicBatchSize(size: 1, alpha: config.alphaBS, cap: batchCap)
        batch.size = batchSize
        return DynHPTrainerState(
            runID: runID, dataset: dataset, config: config, model: model, optimizer: optimizer, rng: rng, epoch: epoch,
            position: position, permutation: permutation, activity: activity, batch: batch, epochLoss: loss,
            epochCorrect: correct, epochSeen: seen, epochSteps: steps, epochPeakBatch: peak, memoryHistory: history,
            lastReport: json["last_report"]?.objectValue.flatMap(Self.decodeReport),
            memoryTotalBytes: json["memory_total_bytes"]?.intValue ?? 0, average: average,
            gatesFixed: json["gates_fixed"]?.boolValue ?? false)
    }

    static func bits(_ value: Double) -> String { String(value.bitPattern, radix: 16) }
    static func double(bits: String) -> Double? { UInt64(bits, radix: 16).map(Double.init(bitPattern:)) }

    static func encode(_ r: DynHPEpochReport) -> JSONObject {
        [
            "epoch": .int(r.epoch), "epochs": .int(r.epochs), "loss": .string(bits(r.loss)),
            "train_error": .string(bits(r.trainError)), "val_error": .string(bits(r.validationError)),
            "test_error": .string(bits(r.testError)), "params": .int(r.params), "params_initial": .int(r.paramsInitial),
            "active": .array(r.active.map { .int($0) }), "batch_size": .int(r.batchSize),
            "memory_bytes": .int(r.memoryBytes), "flops": .int(r.flops), "steps": .int(r.steps),
            "memory_total_bytes": .int(r.memoryTotalBytes), "finetuning": .bool(r.finetuning),
        ]
    }

    static func decodeReport(_ o: JSONObject) -> DynHPEpochReport? {
        guard let epoch = o["epoch"]?.intValue, let epochs = o["epochs"]?.intValue,
              let loss = o["loss"]?.stringValue.flatMap(double(bits:)),
              let train = o["train_error"]?.stringValue.flatMap(double(bits:)),
              let val = o["val_error"]?.stringValue.flatMap(double(bits:)),
              let test = o["test_error"]?.stringValue.flatMap(double(bits:)),
              let params = o["params"]?.intValue, let initial = o["params_initial"]?.intValue,
              let active = o["active"]?.arrayValue?.compactMap(\.intValue), let batch = o["batch_size"]?.intValue,
              let memory = o["memory_bytes"]?.intValue, let flops = o["flops"]?.intValue, let steps = o["steps"]?.intValue
        else { return nil }
        return DynHPEpochReport(epoch: epoch, epochs: epochs, loss: loss, trainError: train, validationError: val,
                                testError: test, params: params, paramsInitial: initial, active: active, batchSize: batch,
                                memoryBytes: memory, flops: flops, steps: steps,
                                memoryTotalBytes: o["memory_total_bytes"]?.intValue ?? 0,
                                finetuning: o["finetuning"]?.boolValue ?? false)
    }
}
