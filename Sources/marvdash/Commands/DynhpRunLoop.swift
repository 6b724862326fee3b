import Foundation
import MarvelCore

/// Drives a trainer from the command line: `DynHPRunDriver` produces the metrics lines (printed
/// on stdout); this adds the progress bar on stderr, a checkpoint after every epoch and on a
/// stop signal, and the exit status.
struct DynhpRunLoop {
    let trainer: DynHPTrainer
    let store: CheckpointStore?
    let modelDirectory: String?
    let stop: DynhpStopRequest
    let resumed: Bool
    var startFields: JSONObject = [:]

    /// Runs to the end (returns 0) or to a stop signal (returns 128 + the signal).
    func run() throws -> Int32 {
        let epochs = trainer.state.config.totalEpochs
        let trainer = self.trainer, store = self.store, stop = self.stop
        var bar = DynhpProgressBar()
        let driver = DynHPRunDriver(trainer: trainer, resumed: resumed, modelDirectory: modelDirectory, startFields: startFields)
        let outcome = try driver.run(
            shouldStop: stop.requestedCheck,
            progress: { epoch, fraction in
                bar.draw(epoch: epoch, epochs: epochs, fraction: fraction, batch: trainer.state.batch.size)
            },
            afterEpoch: { trainer in
                bar.clear()
                try store?.save(trainer.state)
            },
            interruption: { trainer in
                bar.clear()
                var o = JSONObject()
                o["signal"] = .string(stop.signalName)
                if let store {
                    try store.save(trainer.state)
                    o["checkpoint"] = .string(store.directory)
                }
                return o
            },
            emit: { event in
                print(event.jsonLine())
                fflush(nil)
            })
        guard outcome == .interrupted else { return 0 }
        return stop.stoppedExitStatus(saved: store != nil)
    }
}
