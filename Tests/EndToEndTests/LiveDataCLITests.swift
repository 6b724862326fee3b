import Foundation
import Testing

/// The CLI against a `marvdash sim` child: bearer tokens end to end (`--token`),
/// `top`, usage in `nodes`, and flag errors.
@Suite struct LiveDataCLITests {
    @Test func tokenIsRequiredAndTheWrittenKubeconfigCarriesIt() throws {
        let sim = try SimProcess.start(["--token", "e2e-secret-token"])
        defer { sim.stop() }
        let ok = try ProcessRunner.marvdash(["nodes"] + sim.kubeconfigArguments)
        #expect(ok.status == 0, "stderr: \(ok.stderr)")
        #expect(ok.stdout.contains("psnc-cloud1"))

        // The same server without the token: one line naming the 401, exit ≠ 0, the token never shown.
        let written = try String(contentsOfFile: sim.kubeconfig, encoding: .utf8)
        let anonymous = sim.directory + "/anonymous"
        try written.replacingOccurrences(of: "token: \"e2e-secret-token\"", with: "username: nobody")
            .write(toFile: anonymous, atomically: true, encoding: .utf8)
        let refused = try ProcessRunner.marvdash(["nodes", "--kubeconfig", anonymous])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("401 Unauthorized"), "stderr: \(refused.stderr)")
        #expect(!refused.stderr.contains("e2e-secret-token"))
        #expect(refused.stderr.split(separator: "\n").filter { !$0.contains("warning") }.count == 1)
    }

    @Test func topNodesAndPodsLikeKubectl() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let nodes = try ProcessRunner.marvdash(["top", "nodes", "--sort-by", "cpu"] + sim.kubeconfigArguments)
        #expect(nodes.status == 0, "stderr: \(nodes.stderr)")
        let lines = nodes.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ", omittingEmptySubsequences: true) == ["NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"])
        #expect(lines.contains { $0.hasPrefix("psnc-cloud2 ") && $0.contains("m ") && $0.contains("Mi ") })
        #expect(lines.last?.hasPrefix("mtedge2 ") == true && lines.last?.contains("<unknown>") == true, "NotReady has no metrics, last by cpu")
        let pods = try ProcessRunner.marvdash(["top", "pods", "-A"] + sim.kubeconfigArguments)
        #expect(pods.status == 0, "stderr: \(pods.stderr)")
        #expect(pods.stdout.hasPrefix("NAMESPACE"))
        #expect(pods.stdout.contains("kube-system"))
        let withUsage = try ProcessRunner.marvdash(["nodes"] + sim.kubeconfigArguments)
        #expect(withUsage.stdout.contains("CPU% REQ/USED"))
    }

    @Test func requestTimeoutFlagIsChecked() throws {
        let bad = try ProcessRunner.marvdash(["nodes", "--demo", "--request-timeout", "soon"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--request-timeout 'soon' is not a duration"), "stderr: \(bad.stderr)")
    }
}
