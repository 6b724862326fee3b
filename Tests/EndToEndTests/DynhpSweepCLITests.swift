import Foundation
import Testing

/// `marvdash dynhp sweep` against `marvdash sim` over HTTP: one DynHP training Job per run
/// with distinct instance names, placed on fog and cloud nodes, their run.end lines
/// collected; a second deploy of the same sweep and a broken file change nothing.
@Suite struct DynhpSweepCLITests {
    static let file = """
        name: lam
        base:
          epochs: 2
          mode: dynhp
        grid:
          lambda: [0.1, 0.2, 0.3]
        """

    @Test func sweepDeploysOneJobPerRunAndCollectsTheirEnds() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let path = sim.directory + "/lam.yaml"
        try Self.file.write(toFile: path, atomically: true, encoding: .utf8)

        let run = try ProcessRunner.marvdash(["dynhp", "sweep", path, "--wait"] + sim.kubeconfigArguments)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        for i in 1...3 { #expect(run.stdout.contains("lam-\(i)  --epochs 2 --mode dynhp --lambda 0.\(i)"), "\(run.stdout)") }
        #expect(run.stdout.contains("placed Job/lam-1 on "))
        #expect(run.stdout.contains("completed"), "--wait ends with the collected results: \(run.stdout)")

        let collected = try ProcessRunner.marvdash(["dynhp", "sweep", "collect", "lam", "-o", "json"] + sim.kubeconfigArguments)
        #expect(collected.status == 0, "stderr: \(collected.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(collected.stdout.utf8)) as? [String: Any])
        #expect(doc["varying"] as? [String] == ["lambda"])
        let runs = try #require(doc["runs"] as? [[String: Any]])
        #expect(runs.map { $0["instance"] as? String } == ["lam-1", "lam-2", "lam-3"])
        #expect(Set(runs.compactMap { $0["pod"] as? String }).count == 3, "one Job, one pod per run")
        for r in runs {
            #expect(r["status"] as? String == "completed")
            let summary = try #require(r["summary"] as? [String: Any])
            #expect(summary["test_error"] is Double && summary["epochs_done"] as? Int == 2)
            #expect(["fog", "cloud"].contains(r["layer"] as? String ?? ""), "training runs on fog or cloud: \(r)")
        }
        #expect((runs[2]["flags"] as? [String: String])?["lambda"] == "0.3")

        let md = try ProcessRunner.marvdash(["dynhp", "sweep", "collect", "lam", "-o", "markdown"] + sim.kubeconfigArguments)
        #expect(md.stdout.contains("| run | lambda | status | test error | size | total memory | epochs | node |"))
        #expect(md.stdout.contains("| lam-2 | 0.2 | completed |"))
        let status = try ProcessRunner.marvdash(["dynhp", "sweep", "status"] + sim.kubeconfigArguments)
        #expect(status.stdout.contains("sweep lam (3 runs)") && status.stdout.contains("2/2"), "\(status.stdout)")

        // The same sweep again: nothing deployed, the message says how to clear the old one.
        let again = try ProcessRunner.marvdash(["dynhp", "sweep", path] + sim.kubeconfigArguments)
        #expect(again.status != 0)
        #expect(again.stderr.contains("instance lam-1 already exists") && again.stderr.contains("marvdash dynhp sweep delete lam"))
        let deleted = try ProcessRunner.marvdash(["dynhp", "sweep", "delete", "lam", "--yes"] + sim.kubeconfigArguments)
        #expect(deleted.status == 0 && deleted.stdout.contains("deleted lam-3"), "\(deleted.stderr)")
        let none = try ProcessRunner.marvdash(["dynhp", "sweep", "status"] + sim.kubeconfigArguments)
        #expect(none.stdout.contains("No sweeps"))
    }

    @Test func aBrokenFileNamesItsLineAndDeploysNothing() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let path = dir + "/bad.yaml"
        try "grid:\n  lambda: [0.1]\n  mode: [dynhp, fast]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let dry = try ProcessRunner.marvdash(["dynhp", "sweep", path, "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("bad-2  --lambda 0.1 --mode fast"), "the file parses: \(dry.stderr)")
        let r = try ProcessRunner.marvdash(["dynhp", "sweep", path, "--demo"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(path):3:17: --mode fast:"), "the template's own check, at the value: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1 || r.stderr.contains("embedded cluster"))
        try "grid:\n  speed: [1]\n".write(toFile: path, atomically: true, encoding: .utf8)
        let unknown = try ProcessRunner.marvdash(["dynhp", "sweep", path, "--dry-run"])
        #expect(unknown.status != 0 && unknown.stderr.contains("\(path):2:3: 'speed' is not a flag a sweep can set"))
    }
}
