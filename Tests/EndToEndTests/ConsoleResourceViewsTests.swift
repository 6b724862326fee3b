import Foundation
import Testing

/// The k9s-like resource views in a real terminal: marvdash --demo inside tmux.
@Suite struct ConsoleResourceViewsTests {
    /// Types a `:` command and Enter.
    private func command(_ tmux: TmuxSession, _ text: String) throws {
        try tmux.sendKeys(":")
        try tmux.sendKeys("-l", text)
        try tmux.sendKeys("Enter")
    }

    @Test func podsDescribeEventsNamespacesAndBack() throws {
        let probe = try ConsoleProbe(marvdashArguments: ["--demo"])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("EDGE")

        // :po in every namespace lists the kube-system pods.
        try command(tmux, "po all")
        try tmux.waitFor("the pods of every namespace") { $0.contains("Pods(all)") && $0.contains("kube-system") && $0.contains("coredns-") }

        // :ns kube-system then :deploy lists only that namespace.
        try command(tmux, "ns kube-system")
        try command(tmux, "deploy")
        try tmux.waitFor("kube-system's deployments") { s in
            s.contains("Deployments(kube-system)") && s.contains("coredns") && s.contains("READY") && s.contains("UP-TO-DATE")
        }
        let deployments = try tmux.screen()
        #expect(!deployments.contains("NAMESPACE"), "one namespace shows no NAMESPACE column:\n\(deployments)")

        // A rollout restart of coredns (confirmed) makes new pods, which the scheduler places: events.
        try tmux.sendKeys("/")
        try tmux.sendKeys("-l", "^coredns$")
        try tmux.sendKeys("Enter")
        try tmux.sendKeys("r")
        try tmux.waitFor("the restart question") { $0.contains("restart the pods of Deployment/coredns in kube-system? y/N") }
        try tmux.sendKeys("y")
        try tmux.waitFor("the restart's outcome") { $0.contains("restarted Deployment/coredns") }

        // The youngest pod first (Shift-A), then d: its description with its Events.
        try command(tmux, "po")
        try tmux.waitFor("kube-system's pods") { $0.contains("Pods(kube-system)") && $0.contains("coredns-") }
        try tmux.sendKeys("/")
        try tmux.sendKeys("-l", "^coredns-")
        try tmux.sendKeys("Enter")
        try tmux.sendKeys("A")
        // Youngest first: wait until the top row is one of the restart's new pods (an age in seconds).
        try tmux.waitFor("a new coredns pod on top") { s in
            s.contains("sort AGE") && (s.split(separator: "\n").first { $0.contains("coredns-") }.map {
                $0.trimmingCharacters(in: .whitespaces).range(of: #"\s\d{1,3}s$"#, options: .regularExpression) != nil
            } ?? false)
        }
        // The cursor stays on the pod it was on; g takes it to the top row, the youngest.
        try tmux.sendKeys("g")
        try tmux.sendKeys("d")
        // The events end a long description: G (again as they arrive) shows the bottom.
        try tmux.waitFor("the pod's events") { s in
            try? tmux.sendKeys("G")
            return s.contains("Describe Pod/coredns-") && s.contains("Events:") && s.contains("Scheduled")
                && s.contains("Successfully assigned kube-system/coredns-")
        }

        // q in a describe view goes back (it does not quit); Esc too.
        try tmux.sendKeys("q")
        try tmux.waitFor("the pod list again") { $0.contains("Pods(kube-system)") && !$0.contains("Describe Pod/") }
        #expect(!probe.finished, "q in the describe view quit the console")
        try tmux.sendKeys("d")
        try tmux.waitFor("the describe view again") { $0.contains("Describe Pod/coredns-") }
        try tmux.sendKeys("Escape")
        try tmux.waitFor("the pod list after Esc") { $0.contains("Pods(kube-system)") && !$0.contains("Describe Pod/") }

        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }

    @Test func ctxListsTheKubeconfigsContextsAndSwitchesWithANewConnection() throws {
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let written = try String(contentsOfFile: sim.kubeconfig, encoding: .utf8)
        let server = try #require(written.split(separator: "\n").first { $0.contains("server:") }?
            .split(separator: " ").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
        let kubeconfig = sim.directory + "/two-contexts"
        try """
            apiVersion: v1
            kind: Config
            clusters:
            - name: sim
              cluster:
                server: "\(server)"
            users:
            - name: anon
              user: {}
            contexts:
            - name: first
              context: {cluster: sim, user: anon, namespace: default}
            - name: second
              context: {cluster: sim, user: anon, namespace: kube-system}
            current-context: first

            """.write(toFile: kubeconfig, atomically: true, encoding: .utf8)
        let probe = try ConsoleProbe(marvdashArguments: ["--kubeconfig", kubeconfig])
        let tmux = try TmuxSession.start(scriptPath: probe.scriptPath)
        defer {
            tmux.kill()
            probe.remove()
        }
        try tmux.waitFor("the first context") { $0.contains("first · default") && $0.contains("EDGE") }
        try command(tmux, "ctx")
        try tmux.waitFor("the context list") { $0.contains("Contexts[2]") && $0.contains("second") && $0.contains("kube-system") }
        try tmux.sendKeys("j")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("the second context in the title") { $0.contains("second · kube-system") && $0.contains("connected") }
        // Every pane follows: a one-namespace view lists the new context's namespace.
        try command(tmux, "deploy")
        try tmux.waitFor("kube-system's deployments on the new connection") { $0.contains("Deployments(kube-system)") && $0.contains("coredns") }
        try tmux.sendKeys("q")
        #expect(ProcessRunner.waitUntil(seconds: 15) { probe.finished })
        #expect(probe.status == "0")
    }
}
