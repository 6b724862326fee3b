import Foundation
import MarvelCore

/// One training pod's run, on its own thread: the pod's command at the cluster's reduced
/// scale, trained by the real DynHP trainer through `DynHPRunDriver` (an MLP) or
/// `ConvRunDriver` (a `--model`), every metrics line appended to the pod's log.
struct SimTrainerRun: Sendable {
    var pod: String
    var command: SimTrainingCommand
    var scale: SimTrainingScale
    var log: TrainerLog
    var stop: StopSignal

    /// Trains to the end or to a stop request; the status the pod ends with.
    func run() -> SimTrainingStatus {
        do {
            let outcome = try command.model.map(trainModel) ?? trainMLP()
            switch outcome {
            case .completed: return .succeeded
            case .interrupted: return .failed(reason: "stopped before the last epoch", exitCode: 143)
            }
        } catch {
            log.append("marvdash: \(error)")
            return .failed(reason: "\(error)", exitCode: 1)
        }
    }

    private func trainMLP() throws -> DynHPRunOutcome {
        let config = scale.config(command)
        var data = scale.dataset(for: config).generate()
        data.name = SimTrainingScale.datasetName
        log.append(
            "marvdash: embedded cluster: training \(command.dataset) as \(data.name), --arch "
                + "\(command.widths.map(String.init).joined(separator: "-")) reduced to "
                + config.widths.map(String.init).joined(separator: "-"))
        let trainer = try DynHPTrainer(config: config, data: data, runID: pod)
        var fields = startFields
        if config.widths != command.widths {
            // The Training header says it plainly: "784-300-100-10 reduced to 196-75-25-10 for the embedded cluster".
            fields["requested_arch"] = .string(command.widths.map(String.init).joined(separator: "-"))
            fields["reduced_for"] = .string("the embedded cluster")
        }
        return try drive(trainer, startFields: fields)
    }

    /// `--model NAME`: a shipped model file (the embedded cluster has no container file system,
    /// so it never reads a path of its host) built for the reduced data set (this scale's sizes;
    /// inputs without a shape take `SimTrainingScale.imageShape`), up to `maximumModelParameters`.
    private func trainModel(_ model: String) throws -> DynHPRunOutcome {
        let definition = try ModelFile.load(path: try ModelCatalog().resolveShipped(model))
        var data = scale.dataset(for: definition, seed: command.seed)
        data.name = SimTrainingScale.datasetName
        let config = scale.config(command, model: model, name: definition.name, data: data)
        let shapes = try definition.build(imageShape: SimTrainingScale.imageShape, classes: data.train.classes, seed: config.seed,
                                          drawsWeights: false)
        guard shapes.initialParameterCount <= SimTrainingScale.maximumModelParameters else {
            throw SimTrainingError(pod: pod, problem: "--model \(model) has \(shapes.initialParameterCount) parameters; the embedded "
                + "cluster trains models of up to \(SimTrainingScale.maximumModelParameters) in-process: choose a smaller model "
                + "(lenet5, resnet-28-1, avcc) or run it on a real cluster")
        }
        let network = try definition.build(imageShape: SimTrainingScale.imageShape, classes: data.train.classes, seed: config.seed,
                                           dropRate: config.hiddenDropRate)
        log.append("marvdash: embedded cluster: training \(command.dataset) as \(data.name), --model \(model) "
            + "(\(network.inputNodes.map { network.nodes[$0].shape.description }.joined(separator: " + ")) inputs, "
            + "\(data.train.count) training examples)")
        let trainer = try ConvTrainer(network: network, config: config, data: data, runID: pod)
        var fields = startFields
        fields["reduced_for"] = .string("the embedded cluster")
        return try drive(trainer, startFields: fields)
    }

    /// Runs `trainer` to the end or to a stop request, pacing fast epochs, every metrics
    /// line appended to the pod's log.
    private func drive<Trainer: EpochTrainer>(_ trainer: Trainer, startFields fields: JSONObject) throws -> DynHPRunOutcome {
        var pace = EpochPace(stop: stop, seconds: scale.minimumEpochSeconds)
        return try EpochRunDriver(trainer: trainer, startFields: fields).run(
            shouldStop: { [stop] in stop.isRequested },
            afterEpoch: { trainer in pace.wait(unless: trainer.state.isFinished) },
            interruption: { _ in Self.interruption },
            emit: { log.append($0.jsonLine()) })
    }

    /// `run.start` members of every run: the sweep it belongs to.
    private var startFields: JSONObject {
        var fields = JSONObject()
        if let sweep = command.sweep { fields["sweep"] = .string(sweep) }
        return fields
    }

    /// What an interrupted run's `run.end` says.
    private static let interruption: JSONObject = ["reason": "the pod was deleted or the cluster stopped"]
}

/// Paces fast epochs: after each one, waits (or until a stop request) for the rest of
/// `seconds` since the previous epoch ended.
private struct EpochPace {
    let stop: StopSignal
    let seconds: Double
    var started = Date()

    init(stop: StopSignal, seconds: Double) {
        self.stop = stop
        self.seconds = seconds
    }

    mutating func wait(unless finished: Bool) {
        guard !finished else { return }
        stop.wait(until: started.addingTimeInterval(seconds))
        started = Date()
    }
}
