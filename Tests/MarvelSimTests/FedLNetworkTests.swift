import Foundation
import MarvelCore
import MarvelNet
import Synchronization
import Testing

/// Federated DynHP over real loopback HTTP: clients that die mid-round, rejoin, come late;
/// a server restarted from its checkpoint; the shared token.
@Suite(.serialized) struct FedLNetworkTests {
    static func status(_ round: FedLRound, _ client: String) -> FedLClientStatus? {
        round.clients.first { $0.id == client }?.status
    }

    @Test func aClientKilledMidRoundIsSkippedThenRejoins() throws {
        let rejoined = TestBox<FedLTestClient?>(nil)
        let rigBox = TestBox<FedLTestRig?>(nil)
        // After round 2 (on the round thread, before round 3 starts): restart client 3 and wait
        // until the server counts it as connected again.
        let config = FedLTestRig.config(rounds: 3, minClients: 2, startClients: 3)
        let rig = try FedLTestRig(start: .fresh(runID: "kill", config: config)) { round in
            guard round == 2, let rig = rigBox.current else { return }
            let client = FedLTestClient(id: "3", shard: 3, of: 3, url: rig.url)
            rejoined.update { $0 = client }
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let clients = rig.coordinator.status()["clients"]?.arrayValue ?? []
                if clients.contains(where: { $0["id"]?.stringValue == "3" && $0["connected"]?.boolValue == true }) { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        rigBox.update { $0 = rig }
        defer { rig.stop() }
        // Client 3 dies as it starts training round 2 (it sends nothing more, like a killed process).
        let victim = FedLTestClient(id: "3", shard: 3, of: 3, url: rig.url, onLog: { client, line in
            if line.hasPrefix("round 2/3: training") { client.kill() }
        })
        let others = [FedLTestClient(id: "1", shard: 1, of: 3, url: rig.url), FedLTestClient(id: "2", shard: 2, of: 3, url: rig.url)]
        #expect(rig.waitUntilFinished(), "the run did not finish: \(rig.lines.current)")
        #expect(rig.failure.current == nil)
        #expect(rig.outcome.current == .completed)
        let rounds = rig.rounds
        #expect(rounds.map(\.round) == [1, 2, 3])
        guard rounds.count == 3 else { return }
        #expect(Self.status(rounds[0], "3") == .answered)
        #expect(Self.status(rounds[1], "3") == .skipped)
        #expect(rounds[1].failures == 1 && rounds[1].clients.filter(\.responded).count == 2)
        #expect(Self.status(rounds[2], "3") == .answered, "the restarted client 3 takes part again")
        for r in rounds { #expect(Self.status(r, "1") == .answered && Self.status(r, "2") == .answered) }
        #expect(victim.waitUntilFinished())
        #expect(victim.outcome.current.map { if case .success(.stopped) = $0 { true } else { false } } == true)
        for c in others + [rejoined.current].compactMap({ $0 }) {
            #expect(c.waitUntilFinished())
            #expect(c.outcome.current.map { if case .success(.done) = $0 { true } else { false } } == true, "\(c.id): \(c.log.current)")
        }
        #expect(rig.lines.current.contains { $0.contains("without 3 (skipped)") })
    }

    @Test func aRestartedServerContinuesFromItsCheckpointAtTheNextRound() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-fedl-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = FedLCheckpoint(outputDirectory: dir)
        let firstBox = TestBox<FedLTestRig?>(nil)
        // The first server stops right after round 2's checkpoint, before round 3 can start.
        let first = try FedLTestRig(start: .fresh(runID: "restart", config: FedLTestRig.config(rounds: 4, minClients: 2)),
                                    store: store) { round in
            if round == 2 { firstBox.current?.stopServer.store(true, ordering: .releasing) }
        }
        firstBox.update { $0 = first }
        let port = first.server.port
        let clients = [FedLTestClient(id: "a", shard: 1, of: 2, url: first.url), FedLTestClient(id: "b", shard: 2, of: 2, url: first.url)]
        #expect(first.waitUntilFinished())
        #expect(first.outcome.current == .interrupted)
        first.stop()
        let saved = try store.load()
        #expect(saved.round == 2)
        #expect(saved.history.keys.sorted() == ["a", "b"])
        #expect(saved.model == first.coordinator.model)

        // A new server on the same port continues the run; the clients rejoin it on their own.
        let second = try FedLTestRig(start: saved, port: port, store: store, resumed: true) { _ in }
        defer { second.stop() }
        #expect(second.waitUntilFinished(), "\(second.lines.current)")
        #expect(second.outcome.current == .completed)
        #expect(second.rounds.map(\.round) == [3, 4])
        let start = second.events.current.compactMap { if case .runStart(let s) = $0 { return s } else { return nil } }.first
        #expect(start?.extra["resumed_at_round"]?.intValue == saved.round)
        #expect(start?.run == "restart")
        for c in clients {
            #expect(c.waitUntilFinished())
            #expect(c.log.current.contains { $0.contains("joining again") }, "\(c.id) rejoined the restarted server")
        }
        #expect(try store.load().round == 4)
    }

    @Test func aLateResultIsRefusedAndCountedLate() throws {
        let config = FedLTestRig.config(rounds: 1, minClients: 1, clientTimeout: 30, roundTimeout: 0.5)
        let rig = try FedLTestRig(start: .fresh(runID: "late", config: config)) { _ in }
        defer { rig.stop() }
        // "slow" joins by hand and never sends its result in time; "fast" is a real client.
        let channel = FedLChannel(server: rig.url, retryFor: 10)
        let join: JSONObject = ["cid": "slow", "examples": 50, "dimension": 12, "classes": 3]
        #expect(try channel.send(.post, "/v1/join", body: Array(JSONValue.object(join).jsonString().utf8)).ok)
        let fast = FedLTestClient(id: "fast", shard: 1, of: 2, url: rig.url)
        // Wait until the round runs and "slow" is asked.
        var task: FedLTask?
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let answer = try channel.send(.get, "/v1/task", query: ["cid": "slow", "wait": "1"])
            if let t = answer.json.flatMap({ try? FedLTask(json: $0) }), t.action == .fit { task = t; break }
        }
        let fit = try #require(task)
        #expect(fit.tensors == FedLModel.tensorNames(depth: 3))
        let w0 = try channel.send(.get, "/v1/rounds/\(fit.round)/model/w0.npy")
        #expect(w0.ok)
        #expect(try NPYArray.decode(w0.body, name: "w0").shape == [12, 8])
        #expect(rig.waitForRounds { $0.count == 1 })
        #expect(rig.rounds.first.flatMap { Self.status($0, "slow") } == .late)
        #expect(rig.rounds.first.flatMap { Self.status($0, "fast") } == .answered)
        let late = try channel.send(.post, "/v1/rounds/1/clients/slow/result", body: Array(#"{"examples": 50}"#.utf8))
        #expect(late.status == 409 && late.message.contains("late"))
        let bye = try channel.send(.get, "/v1/task", query: ["cid": "slow", "wait": "5"])
        #expect(bye.json.flatMap { try? FedLTask(json: $0) }?.action == .done)
        #expect(fast.waitUntilFinished())
        #expect(rig.waitUntilFinished())
        #expect(rig.coordinator.checkpoint.history["slow"]?.late == 1)
    }

    @Test func aServerGoneAfterTheLastRoundEndsTheClientsRun() throws {
        let rig = try FedLTestRig(start: .fresh(runID: "gone", config: FedLTestRig.config(rounds: 1, minClients: 1, clientTimeout: 30))) { _ in }
        defer { rig.stop() }
        // The server stops listening the moment the client's last result is in, before the
        // client polls again: the client must take that as the end of the run, not an outage.
        let client = FedLTestClient(id: "only", shard: 1, of: 1, url: rig.url, onLog: { _, line in
            if line.contains("round 1: result sent") { rig.server.stop() }
        })
        #expect(client.waitUntilFinished())
        #expect(client.outcome.current.flatMap { try? $0.get() } == .done)
        #expect(client.log.current.contains { $0.contains("the server has gone after its last round (1)") })
        #expect(!client.log.current.contains { $0.contains("retrying in 4 s") })
    }

    @Test func theTokenKeepsStrangersOut() throws {
        let rig = try FedLTestRig(start: .fresh(runID: "token", config: FedLTestRig.config(rounds: 1, minClients: 1)),
                                  token: "s3cret") { _ in }
        defer { rig.stop() }
        let stranger = try FedLChannel(server: rig.url, retryFor: 5).send(.get, "/v1/status")
        #expect(stranger.status == 401 && stranger.message.contains("token"))
        let wrong = FedLTestClient(id: "x", shard: 1, of: 1, url: rig.url, token: "guess")
        #expect(wrong.waitUntilFinished())
        let message = wrong.outcome.current.flatMap { if case .failure(let e) = $0 { return e.message } else { return nil } }
        #expect(message?.contains("HTTP 401") == true)
        #expect(message?.contains("s3cret") == false && message?.contains("guess") == false)
        let member = FedLTestClient(id: "y", shard: 1, of: 1, url: rig.url, token: "s3cret")
        #expect(member.waitUntilFinished())
        #expect(rig.waitUntilFinished())
        #expect(rig.rounds.first.flatMap { Self.status($0, "y") } == .answered)
    }

    @Test func badUploadsAreRefusedWithTheReason() throws {
        let rig = try FedLTestRig(start: .fresh(runID: "bad", config: FedLTestRig.config(rounds: 1, minClients: 1))) { _ in }
        defer { rig.stop() }
        let channel = FedLChannel(server: rig.url, retryFor: 10)
        let badShape: JSONObject = ["cid": "c", "examples": 5, "dimension": 10, "classes": 3]
        let refused = try channel.send(.post, "/v1/join", body: Array(JSONValue.object(badShape).jsonString().utf8))
        #expect(refused.status == 409 && refused.message.contains("12-8-6-3"))
        let join: JSONObject = ["cid": "c", "examples": 5, "dimension": 12, "classes": 3]
        #expect(try channel.send(.post, "/v1/join", body: Array(JSONValue.object(join).jsonString().utf8)).ok)
        var round = 0
        let deadline = Date().addingTimeInterval(30)
        while round == 0, Date() < deadline {
            let t = try channel.send(.get, "/v1/task", query: ["cid": "c", "wait": "1"]).json.flatMap { try? FedLTask(json: $0) }
            if t?.action == .fit { round = t?.round ?? 0 }
        }
        #expect(round == 1)
        let garbage = try channel.send(.put, "/v1/rounds/1/clients/c/w0.npy", body: Array("not npy".utf8), contentType: "application/octet-stream")
        #expect(garbage.status == 400 && garbage.message.contains("NPY"))
        let incomplete = try channel.send(.post, "/v1/rounds/1/clients/c/result", body: Array(#"{"examples": 5}"#.utf8))
        #expect(incomplete.status == 400 && incomplete.message.contains("tensor w0 is missing"))
        // The round's own model, unchanged, is a valid result.
        for (name, tensor) in rig.coordinator.model.tensors() {
            #expect(try channel.send(.put, "/v1/rounds/1/clients/c/\(name).npy", body: tensor.encoded()).ok)
        }
        let accepted = try channel.send(.post, "/v1/rounds/1/clients/c/result", body: Array(#"{"examples": 5, "val_error": 0.5}"#.utf8))
        #expect(accepted.ok, "\(accepted.message)")
        #expect(rig.waitUntilFinished())
    }
}
