import Foundation
import MarvelCore

/// One training pod's run, on its own thread: the pod's command at the cluster's reduced
/// scale, trained by the real DynHP trainer through `DynHPRunDriver`,
/// every metrics line appended to the pod's log.
struct SimTrainerRun: Sendable {
    var pod: String
    var command: SimTrainingCommand
    var scale: SimTrainingScale
    var log: TrainerLog
    var stop: StopSignal

    /// Trains to the end or to a stop request; the status the pod ends with.
    func run() -> SimTrainingStatus {
        let config = scale.config(command)
        var data = scale.dataset(for: config).generate()
        data.name = SimTrainingScale.datasetName
        log.append(
            "marvdash: embedded cluster: training \(command.dataset) as \(data.name), --arch "
                + "\(command.widths.map(String.init).joined(separator: "-")) reduced to "
                + config.widths.map(String.init).joined(separator: "-"))
        let stop = self.stop
        do {
            let trainer = try DynHPTrainer(config: config, data: data, runID: pod)
            var epochStarted = Date()
            var fields = JSONObject()
            if let sweep = command.sweep { fields["sweep"] = .string(sweep) }
            if config.widths != command.widths {
                // The Training header says it plainly: "784-300-100-10 reduced to 196-75-25-10 for the embedded cluster".
                fields["requested_arch"] = .string(command.widths.map(String.init).joined(separator: "-"))
                fields["reduced_for"] = .string("the embedded cluster")
            }
            let outcome = try DynHPRunDriver(trainer: trainer, startFields: fields).run(
                shouldStop: { stop.isRequested },
                afterEpoch: { trainer in
                    guard !trainer.state.isFinished else { return }
                    stop.wait(until: epochStarted.addingTimeInterval(scale.minimumEpochSeconds))
                    epochStarted = Date()
                },
                interruption: { _ in ["reason": "the pod was deleted or the cluster stopped"] },
                emit: { log.append($0.jsonLine()) })
            switch outcome {
            case .completed: return .succeeded
            case .interrupted: return .failed(reason: "stopped before the last epoch", exitCode: 143)
            }
        } catch {
            log.append("marvdash: \(error)")
            return .failed(reason: "\(error)", exitCode: 1)
        }
    }
}
