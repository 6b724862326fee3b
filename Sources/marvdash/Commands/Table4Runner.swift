import Foundation
import MarvelCore

/// Trains one run of a Table 4 row to its end and returns what it measured; its metrics
/// lines go to `logDir` when given. A stop signal ends the reproduction with an error.
struct Table4Runner: Sendable {
    let row: Table4Row
    let config: DynHPConfig
    let data: DynHPData
    let logDir: String?
    let shouldStop: @Sendable () -> Bool

    func run() throws -> Table4Measurement {
        let runID = "table4-\(row.id)-s\(config.seed)"
        let path = logDir.map { ($0 as NSString).appendingPathComponent(runID + ".jsonl") }
        var log: FileHandle?
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw CommandFailure("--log-dir: cannot write \(path)")
            }
            log = handle
        }
        defer { try? log?.close() }
        let trainer = try DynHPTrainer(config: config, data: data, runID: runID)
        var end: RunEnd?
        let outcome = try DynHPRunDriver(trainer: trainer).run(shouldStop: shouldStop) { event in
            log?.write(Data((event.jsonLine() + "\n").utf8))
            if case .runEnd(let e) = event { end = e }
        }
        guard outcome == .completed, let summary = end?.summary else {
            throw CommandFailure("table4: stopped during \(row.label), seed \(config.seed); nothing is printed for an unfinished table")
        }
        guard let measurement = Table4Measurement(summary: summary, seed: config.seed, log: path) else {
            throw CommandFailure("table4: the run of \(row.label), seed \(config.seed) ended without a test error or size")
        }
        return measurement
    }
}
