import Foundation
import Testing

/// `marvdash fedl` as separate processes on loopback: a server and three clients, one of them
/// leaving mid-round 2; a resumed server; the one-process simulation; one-line errors.
@Suite(.serialized) struct FedlCLITests {
    /// Tiny synthetic data and model so a round takes a fraction of a second.
    static let data = ["--dataset", "synthetic", "--synthetic-train", "600", "--synthetic-dimension", "16", "--synthetic-classes", "4"]
    static let model = ["--arch", "16-8-4", "--mode", "hp", "--lambda", "1", "--gamma", "0.3", "--lr", "0.02", "--batch", "16", "--seed", "3"]

    /// A spawned marvdash with its output in files of `dir`.
    final class Child {
        let name: String
        let pid: pid_t
        let out: String
        let err: String
        var status: Int32?

        init(_ name: String, _ args: [String], in dir: String) throws {
            self.name = name
            out = dir + "/\(name).out"
            err = dir + "/\(name).err"
            pid = try ProcessRunner.spawn(ProcessRunner.marvdashPath, args, environment: ProcessRunner.cleanEnvironment(),
                                          stdout: out, stderr: err)
        }

        var stdout: String { (try? String(contentsOfFile: out, encoding: .utf8)) ?? "" }
        var stderr: String { (try? String(contentsOfFile: err, encoding: .utf8)) ?? "" }

        /// Waits (generous deadline) until `text` is on stderr.
        func waitForStderr(_ text: String, seconds: Double = 60) -> Bool {
            ProcessRunner.waitUntil(seconds: seconds) { stderr.contains(text) }
        }

        /// Waits until the process exits; its exit status, or nil at the deadline.
        func waitForExit(seconds: Double = 120) -> Int32? {
            if let status { return status }
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                var raw: Int32 = 0
                let r = waitpid(pid, &raw, WNOHANG)
                if r == pid {
                    status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                    return status
                }
                usleep(50_000)
            }
            return nil
        }

        func kill(_ signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

        /// Ends it if still running (clean-up).
        func reap() {
            guard status == nil else { return }
            Glibc.kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
            status = -1
        }

        /// Its metrics lines as JSON objects.
        func events() throws -> [[String: Any]] {
            try stdout.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not JSON: \(line)")
            }
        }
    }

    /// The port in "listening on http://127.0.0.1:PORT".
    static func port(of server: Child) throws -> Int {
        #expect(server.waitForStderr("listening on http://"), "server stderr: \(server.stderr)")
        let text = server.stderr
        let range = try #require(text.range(of: "listening on http://127.0.0.1:"))
        return try #require(Int(text[range.upperBound...].prefix { $0.isNumber }))
    }

    static func client(_ n: Int, of k: Int, port: Int, in dir: String, extra: [String] = []) throws -> Child {
        try Child("client\(n)", ["fedl", "client", "--server", "http://127.0.0.1:\(port)", "--cid", String(n), "--shard", "\(n)/\(k)"]
                  + data + extra, in: dir)
    }

    static func clientStatus(_ round: [String: Any], _ id: String) -> String? {
        (round["clients"] as? [[String: Any]])?.first { $0["id"] as? String == id }?["status"] as? String
    }

    @Test func threeClientsOneLeavesInRoundTwoAllRoundsComplete() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let server = try Child("server", ["fedl", "server", "--rounds", "3", "--min-clients", "2", "--start-clients", "3",
                                          "--listen", "127.0.0.1:0", "--client-timeout", "3", "--local-epochs", "2",
                                          "--eval", "synthetic", "--synthetic-train", "600", "--out", dir + "/run"] + Self.model,
                               in: dir)
        var children = [server]
        defer { children.forEach { $0.reap() } }
        let port = try Self.port(of: server)
        // Client 3 takes round 2's task and exits without answering (a client that crashes
        // mid-round): the server waits out --client-timeout, skips it, and carries on with 2.
        let clients = try (1...3).map { try Self.client($0, of: 3, port: port, in: dir, extra: $0 == 3 ? ["--exit-in-round", "2"] : []) }
        children += clients
        let victim = clients[2]
        #expect(victim.waitForExit() == 3, "client 3: \(victim.stderr)")
        #expect(victim.stderr.contains("round 2: task taken; leaving without an answer"))
        #expect(server.waitForExit() == 0, "server: \(server.stderr)")
        for c in clients.prefix(2) { #expect(c.waitForExit() == 0, "\(c.name): \(c.stderr)") }

        let events = try server.events()
        #expect(events.first?["type"] as? String == "run.start")
        #expect(events.first?["mode"] as? String == "fedl")
        let rounds = events.filter { $0["type"] as? String == "fedl.round" }
        #expect(rounds.map { $0["round"] as? Int } == [1, 2, 3])
        guard rounds.count == 3 else { return }
        #expect(["1", "2", "3"].map { Self.clientStatus(rounds[0], $0) } == ["answered", "answered", "answered"])
        #expect(["1", "2", "3"].map { Self.clientStatus(rounds[1], $0) } == ["answered", "answered", "skipped"])
        let killed = (rounds[1]["clients"] as? [[String: Any]])?.first { $0["id"] as? String == "3" }
        #expect(killed?["responded"] as? Bool == false)
        #expect(rounds[1]["failures"] as? Int == 1)
        #expect(Self.clientStatus(rounds[2], "3") == "absent")
        #expect(Self.clientStatus(rounds[2], "1") == "answered" && Self.clientStatus(rounds[2], "2") == "answered")
        let global = try #require(rounds[2]["global"] as? [String: Any])
        #expect(global["test_error"] as? Double != nil && global["params"] as? Int != nil)
        #expect(events.last?["type"] as? String == "run.end" && events.last?["status"] as? String == "completed")
        #expect(server.stderr.contains("without 3 (skipped)"))
        #expect(FileManager.default.fileExists(atPath: dir + "/run/model/model.json"))
        #expect(FileManager.default.fileExists(atPath: dir + "/run/checkpoint/state.json"))
        // A client's own lines: its local epochs as a DynHP run.
        let local = try clients[0].events()
        #expect(local.contains { $0["type"] as? String == "dynhp.epoch" })
        #expect(local.last?["status"] as? String == "completed")
    }

    @Test func aServerResumedFromItsCheckpointContinuesAtTheNextRound() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let common = ["fedl", "server", "--min-clients", "1", "--listen", "127.0.0.1:0", "--client-timeout", "2",
                      "--run-id", "resumable", "--out", dir + "/run"] + Self.model
        let first = try Child("first", common + ["--rounds", "1"], in: dir)
        var children = [first]
        defer { children.forEach { $0.reap() } }
        let c1 = try Self.client(1, of: 1, port: try Self.port(of: first), in: dir)
        children.append(c1)
        #expect(first.waitForExit() == 0, "\(first.stderr)")
        #expect(c1.waitForExit() == 0, "\(c1.stderr)")

        let again = try Child("again", common + ["--rounds", "1"], in: dir)
        children.append(again)
        #expect(again.waitForExit() == 1)
        #expect(again.stderr.contains("already holds a checkpoint; pass --resume"))

        let second = try Child("second", common + ["--rounds", "2", "--resume"], in: dir)
        children.append(second)
        let c2 = try Self.client(1, of: 1, port: try Self.port(of: second), in: dir)
        children.append(c2)
        #expect(second.waitForExit() == 0, "\(second.stderr)")
        let events = try second.events()
        #expect(events.first?["run"] as? String == "resumable")
        #expect(events.first?["resumed_at_round"] as? Int == 1)
        #expect(events.filter { $0["type"] as? String == "fedl.round" }.map { $0["round"] as? Int } == [2])
        #expect(c2.waitForExit() == 0)
    }

    @Test func simulateRunsServerAndClientsInOneProcess() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let r = try ProcessRunner.marvdash(["fedl", "simulate", "--clients", "3", "--rounds", "2", "--split", "by-class",
                                            "--strategy", "nus", "--fraction", "0.6", "--weighting", "mean", "--dp-clip", "5",
                                            "--out", dir + "/sim"] + Self.data + Self.model)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let lines = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let rounds = lines.filter { $0["type"] as? String == "fedl.round" }
        #expect(rounds.count == 2)
        #expect(rounds.first?["strategy"] as? String == "nus")
        let scored = (rounds.first?["clients"] as? [[String: Any]])?.compactMap { $0["score"] as? [String: Any] } ?? []
        #expect(scored.count == 3)
        for key in ["data", "error", "variance", "availability", "staleness", "value", "requested"] {
            #expect(scored.allSatisfy { $0[key] != nil }, "every NUS factor is in the round line: \(key)")
        }
        #expect(lines.contains { $0["type"] as? String == "dynhp.epoch" && ($0["run"] as? String ?? "").hasSuffix("-client-2") })
        let e = try ProcessRunner.marvdash(["dynhp", "eval", dir + "/sim/model", "--json"] + Self.data.prefix(4))
        #expect(e.status == 0, "stderr: \(e.stderr)")
    }

    /// `--flaky P`: clients lose their link in some rounds; those rounds go on without them.
    @Test func flakyClientsAreSkippedAndTheRunCompletes() throws {
        let r = try ProcessRunner.marvdash(["fedl", "simulate", "--clients", "3", "--rounds", "3", "--flaky", "0.5"] + Self.data + Self.model)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let rounds = r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { $0["type"] as? String == "fedl.round" }
        #expect(rounds.count == 3)
        let statuses = rounds.flatMap { ($0["clients"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String } }
        #expect(statuses.contains("skipped"), "\(statuses)")
        #expect(rounds.allSatisfy { r in (r["clients"] as? [[String: Any]] ?? []).contains { $0["status"] as? String == "answered" } })
        #expect(r.stderr.contains("link down (simulated)"))
    }

    @Test func badFlagsAndAWrongTokenAreOneLineErrors() throws {
        let strategy = try ProcessRunner.marvdash(["fedl", "server", "--strategy", "best"])
        #expect(strategy.status == 64 && strategy.stderr.contains("--strategy must be all, fraction or nus, got 'best'"))
        let shard = try ProcessRunner.marvdash(["fedl", "client", "--server", "http://x", "--cid", "1", "--shard", "3/2"])
        #expect(shard.status == 64 && shard.stderr.contains("--shard must be i/K"))
        let cid = try ProcessRunner.marvdash(["fedl", "client", "--server", "http://x", "--cid", "a b"])
        #expect(cid.status == 64 && cid.stderr.contains("--cid"))
        let resume = try ProcessRunner.marvdash(["fedl", "server", "--resume"])
        #expect(resume.status == 64 && resume.stderr.contains("--resume needs --out"))
        let noise = try ProcessRunner.marvdash(["fedl", "server", "--dp-noise", "1"])
        #expect(noise.status == 64 && noise.stderr.contains("--dp-noise needs --dp-clip"))
        for r in [strategy, shard, cid, resume, noise] { #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)") }

        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        try "s3cret-token\n".write(toFile: dir + "/token", atomically: true, encoding: .utf8)
        try "wrong\n".write(toFile: dir + "/wrong", atomically: true, encoding: .utf8)
        let server = try Child("server", ["fedl", "server", "--rounds", "1", "--min-clients", "1", "--listen", "127.0.0.1:0",
                                          "--token-file", dir + "/token"] + Self.model, in: dir)
        defer { server.reap() }
        let port = try Self.port(of: server)
        let stranger = try ProcessRunner.marvdash(["fedl", "client", "--server", "http://127.0.0.1:\(port)", "--cid", "9",
                                                   "--token-file", dir + "/wrong", "--retry-for", "5"] + Self.data)
        #expect(stranger.status == 1)
        #expect(stranger.stderr.contains("HTTP 401"))
        #expect(!stranger.stderr.contains("s3cret") && !stranger.stderr.contains("wrong\n"))
        #expect(stranger.stderr.split(separator: "\n").count == 2, "the shard line and the error: \(stranger.stderr)")
        #expect(!server.stderr.contains("s3cret"))
    }

    /// `marvdash plan Templates/plans/fedl-dynhp.yaml --deploy` deploys a server and a client per edge
    /// site in one step; the embedded cluster runs the server (SimFedLTests watches its rounds).
    @Test func thePipelineDeploysServerAndClientsInOneStep() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let plan = try ProcessRunner.marvdash(["plan", root + "/Templates/plans/fedl-dynhp.yaml", "--deploy"] + sim.kubeconfigArguments)
        #expect(plan.status == 0, "stderr: \(plan.stderr)")
        for line in ["deployed fedl-dynhp (template fedl-dynhp-server", "deployed fedl-client-grn (template fedl-dynhp-client, revision 1) on grnedge1",
                     "deployed fedl-client-mt", "deployed fedl-client-uns (template fedl-dynhp-client, revision 1) on unsedge1"] {
            #expect(plan.stdout.contains(line), "\(line)\n\(plan.stdout)")
        }
        let services = try ProcessRunner.marvdash(["services"] + sim.kubeconfigArguments)
        #expect(["fedl-dynhp", "fedl-client-grn", "fedl-client-mt", "fedl-client-uns"].allSatisfy { services.stdout.contains($0) })
        var log = ""
        let serving = try ProcessRunner.waitUntil(seconds: 90) {
            log = try ProcessRunner.marvdash(["logs", "fedl-dynhp"] + sim.kubeconfigArguments).stdout
            return log.contains("\"type\":\"run.start\"")
        }
        #expect(serving, "the server runs in the embedded cluster (its rounds: SimFedLTests): \(log)")
        #expect(log.contains("listening as fedl-dynhp:8080") && log.contains("\"strategy\":\"nus\""))
        let again = try ProcessRunner.marvdash(["plan", root + "/Templates/plans/fedl-dynhp.yaml", "--deploy"] + sim.kubeconfigArguments)
        #expect(again.status == 1)
        #expect(again.stderr.contains("fedl-dynhp.yaml:10:3: instance fedl-dynhp:") && again.stderr.contains("nothing else was deployed"),
                "\(again.stderr)")
    }
}
