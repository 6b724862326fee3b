import Foundation
import Synchronization
import Testing
@testable import MarvelCore

/// The run driver: the events of a completed and of an interrupted run, the model folder,
/// and the total memory usage (Σ over steps of the step's memory) against a hand count.
@Suite struct DynHPRunDriverTests {
    static let data = SyntheticDataset(dimension: 40, informative: 12, classes: 4, trainCount: 100,
                                       validationCount: 40, testCount: 40, noise: 1.2, seed: 5).generate()

    static func trainer(_ mode: PruningMode, epochs: Int = 2) throws -> DynHPTrainer {
        let config = DynHPConfig(widths: [40, 24, 12, 4], mode: mode, lambda: 2, threshold: 0.6, alphaBS: 0.9,
                                 batchSize: 32, budgetBytes: 64 << 20, epochs: epochs, seed: 9, learningRate: 0.01)
        return try DynHPTrainer(config: config, data: data, runID: "drv")
    }

    /// A stop flag the driver may poll from any thread.
    final class StopFlag: Sendable {
        let raised = Atomic<Bool>(false)
    }

    @Test func completedRunEmitsStartEpochsAndEndWithTheHandCountedTotalMemory() throws {
        let trainer = try Self.trainer(.sp)
        var events: [MetricEvent] = []
        var afterEpochs = 0
        let outcome = try DynHPRunDriver(trainer: trainer).run(
            shouldStop: { false }, afterEpoch: { _ in afterEpochs += 1 }, emit: { events.append($0) })
        #expect(outcome == .completed)
        #expect(afterEpochs == 2)
        #expect(events.count == 4)
        guard case .runStart(let start) = events.first else { Issue.record("first event is not run.start"); return }
        #expect(start.run == "drv" && start.mode == "sp" && start.epochs == 2)
        // Widths 40-24-12-4: P = 984 + 300 + 52 = 1336 parameters, G = 76 gates. Adam:
        // fixed = (P + G) * 4 floats = 5648 floats = 22592 bytes; per example
        // (2*76 + 2*76 + 4 + 40) floats + a 4-byte label = 1396 bytes. 100 examples in
        // batches of 32: steps of 32, 32, 32 and 4 examples per epoch.
        let perEpoch = 3 * (22592 + 32 * 1396) + (22592 + 4 * 1396)
        #expect(perEpoch == 229_968)
        let epochs = events.compactMap { event -> DynHPEpoch? in
            if case .dynhpEpoch(let e) = event { return e } else { return nil }
        }
        #expect(epochs.map(\.epoch) == [1, 2])
        #expect(epochs.map(\.memoryTotalBytes) == [perEpoch, 2 * perEpoch])
        guard case .runEnd(let end) = events.last else { Issue.record("last event is not run.end"); return }
        #expect(end.status == RunEnd.completed)
        #expect(end.summary["memory_total_bytes"]?.intValue == 2 * perEpoch)
        #expect(end.summary["memory_bytes_peak"]?.intValue == 22592 + 32 * 1396)
        #expect(end.summary["epochs_done"]?.intValue == 2)
        // The field survives a metrics line round trip.
        let last = try #require(epochs.last)
        let line = MetricEvent.dynhpEpoch(last).jsonLine()
        guard case .dynhpEpoch(let parsed)? = MetricEvent.parse(line: line) else { Issue.record("unparsed: \(line)"); return }
        #expect(parsed.memoryTotalBytes == 2 * perEpoch)
    }

    @Test func prunedRunUsesLessTotalMemoryPerExampleThanTheFullNetwork() throws {
        let trainer = try Self.trainer(.dynhp, epochs: 4)
        var totals: [Int] = []
        _ = try DynHPRunDriver(trainer: trainer).run(shouldStop: { false }) { event in
            if case .dynhpEpoch(let e) = event, let t = e.memoryTotalBytes { totals.append(t) }
        }
        #expect(totals.count == 4)
        #expect(zip(totals, totals.dropFirst()).allSatisfy { $0 < $1 }, "cumulative: \(totals)")
        #expect(trainer.state.memoryTotalBytes == totals.last)
    }

    @Test func stopBetweenStepsEmitsAnInterruptedEndWithTheCallersFields() throws {
        let trainer = try Self.trainer(.hp, epochs: 3)
        let flag = StopFlag()
        var events: [MetricEvent] = []
        var progressed: [Int] = []
        let outcome = try DynHPRunDriver(trainer: trainer).run(
            shouldStop: { flag.raised.load(ordering: .relaxed) },
            progress: { epoch, fraction in
                progressed.append(epoch)
                if epoch == 2 && fraction > 0.5 { flag.raised.store(true, ordering: .relaxed) }
            },
            interruption: { t in ["note": .string("stopped at \(t.state.position)")] },
            emit: { events.append($0) })
        #expect(outcome == .interrupted)
        #expect(progressed.first == 1 && progressed.last == 2)
        guard case .runEnd(let end) = events.last else { Issue.record("last event is not run.end"); return }
        #expect(end.status == RunEnd.interrupted)
        #expect(end.summary["epoch"]?.intValue == 2)
        #expect(end.summary["position"]?.intValue == trainer.state.position)
        #expect(end.summary["note"]?.stringValue == "stopped at \(trainer.state.position)")
        #expect(events.filter { if case .dynhpEpoch = $0 { true } else { false } }.count == 1)
    }

    @Test func completedRunWritesTheModelFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dynhp-driver-\(getpid())-model").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trainer = try Self.trainer(.hp, epochs: 1)
        var end: RunEnd?
        _ = try DynHPRunDriver(trainer: trainer, modelDirectory: dir).run(shouldStop: { false }) { event in
            if case .runEnd(let e) = event { end = e }
        }
        #expect(end?.summary["model_dir"]?.stringValue == dir)
        #expect(FileManager.default.fileExists(atPath: dir))
    }
}
