import Foundation
import MarvelCore

/// Drives a trainer from the command line, MLP or convolutional: `EpochRunDriver` produces the
/// metrics lines (printed on stdout); this adds the progress bar on stderr, a checkpoint after
/// every epoch and on a stop signal, and the exit status.
struct DynhpRunLoop<Trainer: EpochTrainer> {
    /// Where the run's checkpoints go and how one is written (`CheckpointStore`, `ConvCheckpointStore`).
    struct Checkpoints {
        let directory: String
        let save: (Trainer) throws -> Void
    }

    let trainer: Trainer
    let checkpoints: Checkpoints?
    let modelDirectory: String?
    let stop: DynhpStopRequest
    let resumed: Bool
    var startFields: JSONObject = [:]

    /// Runs to the end (returns 0) or to a stop signal (returns 128 + the signal).
    func run() throws -> Int32 {
        let epochs = trainer.plannedEpochs
        let trainer = self.trainer, checkpoints = self.checkpoints, stop = self.stop
        var bar = DynhpProgressBar()
        let driver = EpochRunDriver(trainer: trainer, resumed: resumed, modelDirectory: modelDirectory, startFields: startFields)
        let outcome = try driver.run(
            shouldStop: stop.requestedCheck,
            progress: { epoch, fraction in
                bar.draw(epoch: epoch, epochs: epochs, fraction: fraction, batch: trainer.state.batch.size)
            },
            afterEpoch: { trainer in
                bar.clear()
                try checkpoints?.save(trainer)
            },
            interruption: { trainer in
                bar.clear()
                var o = JSONObject()
                o["signal"] = .string(stop.signalName)
                if let checkpoints {
                    try checkpoints.save(trainer)
                    o["checkpoint"] = .string(checkpoints.directory)
                }
                return o
            },
            emit: { event in
                print(event.jsonLine())
                fflush(nil)
            })
        guard outcome == .interrupted else { return 0 }
        return stop.stoppedExitStatus(saved: checkpoints != nil)
    }
}

extension DynhpRunLoop.Checkpoints where Trainer == DynHPTrainer {
    init(_ store: CheckpointStore) {
        self.init(directory: store.directory) { try store.save($0.state) }
    }
}

extension DynhpRunLoop.Checkpoints where Trainer == ConvTrainer {
    init(_ store: ConvCheckpointStore) {
        self.init(directory: store.directory) { try store.save($0.state) }
    }
}
