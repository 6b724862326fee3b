import Foundation
import MarvelCore
import Testing

@Suite struct MetricsEventTests {
    let t0 = Date(timeIntervalSince1970: 1_780_000_000)

    func epoch(_ n: Int, run: String = "r1", test: Double? = 0.11) -> DynHPEpoch {
        DynHPEpoch(
            run: run, ts: t0.addingTimeInterval(Double(n)), epoch: n, epochs: 10, loss: 0.5 / Double(n),
            trainError: 0.2, valError: 0.15, testError: test, params: 266_610 - n * 1000, paramsInitial: 266_610,
            active: [784, 300 - n, 100, 10], batchSize: 128 + n, memoryBytes: 1_000_000, flops: 532_000)
    }

    @Test func roundTripEveryCase() throws {
        let events: [MetricEvent] = [
            .runStart(
                RunStart(
                    run: "r1", ts: t0, model: "784-300-100-10", dataset: "synthetic", mode: "dynhp", lambda: 1e-4,
                    gamma: 0.01, alphaBS: 0.988, budget: 2 << 30, epochs: 10, batchSize: 128, seed: 7,
                    extra: ["optimizer": "adam"])),
            .dynhpEpoch(epoch(3)),
            .dynhpEpoch(epoch(4, test: nil)),
            .fedlRound(
                FedLRound(
                    run: "f", ts: t0.addingTimeInterval(0.25), round: 2, rounds: 5,
                    clients: [
                        FedLClient(id: "edge-1", examples: 600, errors: MetricErrors(train: 0.1, val: 0.2), params: 900, responded: true),
                        FedLClient(id: "edge-2", examples: 400, params: 800, responded: false),
                    ], global: MetricErrors(train: 0.12, val: 0.13, test: 0.14), globalParams: 850)),
            .runEnd(RunEnd(run: "r1", ts: t0, status: RunEnd.completed, summary: ["test_error": 0.1, "epochs": 10])),
        ]
        for event in events {
            let line = event.jsonLine()
            #expect(!line.contains("\n"))
            #expect(MetricEvent.parse(line: line) == event, "\(line)")
        }
    }

    @Test func meanSquaredErrorEpochsRoundTripTheirMetricAndMAE() throws {
        var e = epoch(2)
        e.errorMetric = DynHPEpoch.meanSquaredErrorMetric
        e.valMAE = 0.12
        e.testMAE = 0.125
        let line = MetricEvent.dynhpEpoch(e).jsonLine()
        #expect(line.contains(#""error_metric":"mse""#) && line.contains(#""test_mae":0.125"#))
        guard case .dynhpEpoch(let back)? = MetricEvent.parse(line: line) else { Issue.record("not an epoch: \(line)"); return }
        #expect(back == e && back.isRegression)
        #expect(!epoch(2).isRegression && !MetricEvent.dynhpEpoch(epoch(2)).jsonLine().contains("error_metric"))
    }

    @Test func lineUsesSnakeCaseKeysAndUTCTime() throws {
        let line = MetricEvent.dynhpEpoch(epoch(1)).jsonLine()
        #expect(line.hasPrefix(#"{"type":"dynhp.epoch","run":"r1","ts":"2026-05-28T20:26:41Z","#))
        for key in ["train_error", "val_error", "test_error", "params_initial", "batch_size", "memory_bytes", "flops", "active"] {
            #expect(line.contains("\"\(key)\":"), "\(key) in \(line)")
        }
        let fractional = MetricEvent.runEnd(RunEnd(run: "r", ts: t0.addingTimeInterval(0.05), status: "failed"))
        #expect(fractional.jsonLine().contains(#""ts":"2026-05-28T20:26:40.050Z""#))
    }

    @Test func parsesRealLookingLinesWithExtraAndMissingFields() throws {
        let line = #"  {"type":"dynhp.epoch","run":"fm-dynhp","ts":"2026-05-01T10:00:00.5+02:00","epoch":2,"epochs":30,"loss":0.41,"train_error":0.14,"val_error":0.151,"params":120000,"params_initial":266610,"active":[784,210,80,10],"batch_size":160,"memory_bytes":52428800,"flops":2.4e5,"lr":0.001,"seconds":12.5}  "#
        let event = try #require(MetricEvent.parse(line: line))
        guard case .dynhpEpoch(let e) = event else {
            Issue.record("wrong case \(event)")
            return
        }
        #expect(e.run == "fm-dynhp" && e.epoch == 2 && e.epochs == 30)
        #expect(e.testError == nil)
        #expect(e.flops == 240_000)
        #expect(e.active == [784, 210, 80, 10])
        #expect(e.ts == Date(timeIntervalSince1970: 1_777_622_400.5))
        #expect(abs(e.sizePercent - 45.009) < 0.01)

        let start = try #require(MetricEvent.parse(line: #"{"type":"run.start","run":"x","ts":"2026-05-01T08:00:00Z","model":"784-300-100-10","dataset":"fashion-mnist","note":"hi"}"#))
        guard case .runStart(let s) = start else {
            Issue.record("wrong case")
            return
        }
        #expect(s.lambda == nil && s.mode == nil && s.extra["note"] == "hi")
        let end = MetricEvent.parse(line: #"{"type":"run.end","run":"x","ts":"2026-05-01T08:00:00Z"}"#)
        #expect(end == .runEnd(RunEnd(run: "x", ts: Date(timeIntervalSince1970: 1_777_622_400), status: "ended")))
    }

    @Test func ignoresLogLinesBadJSONAndUnknownTypes() {
        let lines = [
            "", "epoch 3/10 loss=0.4", "INFO starting trainer", "{not json}", #"{"type":"dynhp.epoch""#,
            #"{"type":"dynhp.epoch","run":"r","ts":"yesterday","epoch":1}"#,
            #"{"type":"dynhp.epoch","ts":"2026-05-01T08:00:00Z","epoch":1}"#,
            #"{"type":"gpu.temp","run":"r","ts":"2026-05-01T08:00:00Z"}"#,
            #"{"type":"dynhp.epoch","run":"r","ts":"2026-05-01T08:00:00Z"}"#,
            #"{"level":"info","msg":"type is fine"}"#, "[1,2,3]",
        ]
        for line in lines { #expect(MetricEvent.parse(line: line) == nil, "\(line)") }
    }

    @Test func runHistoryOrdersReplacesAndEnds() {
        var h = RunHistory(run: "r1")
        #expect(h.status == .running && h.latest == nil)
        h.apply(.runStart(RunStart(run: "r1", ts: t0, model: "m", dataset: "d", mode: "hp", epochs: 10)))
        h.apply(.dynhpEpoch(epoch(2)))
        h.apply(.dynhpEpoch(epoch(1)))
        h.apply(.dynhpEpoch(epoch(3)))
        var resent = epoch(2)
        resent.loss = 9
        h.apply(.dynhpEpoch(resent))
        h.apply(.dynhpEpoch(epoch(5, run: "other")))
        #expect(h.epochs.map(\.epoch) == [1, 2, 3])
        #expect(h.epochs[1].loss == 9)
        #expect(h.latest?.epoch == 3 && h.plannedEpochs == 10 && h.mode == "hp")
        h.apply(.runEnd(RunEnd(run: "r1", ts: t0.addingTimeInterval(99), status: "interrupted")))
        #expect(h.status == .ended("interrupted"))
        #expect(h.updated == t0.addingTimeInterval(99))
        h.apply(.runStart(RunStart(run: "r1", ts: t0.addingTimeInterval(100), model: "m", dataset: "d")))
        #expect(h.status == .running)
        #expect(h.epochs.count == 3)
    }

    @Test func feedKeepsRunsPerOriginInArrivalOrder() {
        let feed = MetricsFeed()
        let v0 = feed.version
        feed.apply(.dynhpEpoch(epoch(1, run: "b")), from: .file(path: "/tmp/a.jsonl"))
        feed.apply([.dynhpEpoch(epoch(1, run: "a")), .dynhpEpoch(epoch(2, run: "b"))], from: .file(path: "/tmp/a.jsonl"))
        feed.apply(.dynhpEpoch(epoch(1, run: "b")), from: .pod(namespace: "ns", name: "p"))
        #expect(feed.version > v0)
        let runs = feed.runs()
        #expect(runs.map(\.history.run) == ["b", "a", "b"])
        #expect(runs[0].history.epochs.count == 2)
        #expect(runs[2].origin.kind == "pod")
        feed.setState("following", for: .pod(namespace: "ns", name: "p"))
        #expect(feed.state(of: .pod(namespace: "ns", name: "p")) == "following")
        feed.removeRuns(from: .file(path: "/tmp/a.jsonl"))
        #expect(feed.runs().count == 1)
    }
}
