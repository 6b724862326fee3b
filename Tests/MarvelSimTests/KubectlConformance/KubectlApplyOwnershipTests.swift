import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// `kubectl apply --server-side` and field ownership, as on a real server: an
/// annotation the manager stops applying is removed, another manager's change
/// to it is a conflict, and --force-conflicts takes it over.
@Suite struct KubectlApplyOwnershipTests {
    static func settings(_ annotations: [String: String]) -> String {
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          annotations:
        \(annotations.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }.joined(separator: "\n"))
        data:
          mode: fast

        """
    }

    @Test func droppedFieldsGoAndOtherManagersConflict() throws {
        let s = try KubectlConformanceTests().session()
        defer { s.close() }
        let first = try s.write("first.yaml", Self.settings(["owner": "team-a", "auth-type": "basic"]))
        let second = try s.write("second.yaml", Self.settings(["owner": "team-a"]))
        let rival = try s.write("rival.yaml", Self.settings(["owner": "team-b"]).replacingOccurrences(of: "mode: fast", with: "mode: slow"))
        try [
            KubectlCase("apply", "--server-side", "-f", first, stdout: ["configmap/settings serverside-applied"]),
            KubectlCase("apply", "--server-side", "-f", second, stdout: ["configmap/settings serverside-applied"]),
            KubectlCase("get", "configmap", "settings", "-o", "jsonpath={.metadata.annotations}", stdout: [#"{"owner":"team-a"}"#]),
            KubectlCase(
                "apply", "--server-side", "--field-manager=rival", "-f", rival, exit: .failure,
                stderr: [
                    #"Apply failed with 2 conflicts: conflicts with "kubectl":"#, "- .metadata.annotations.owner", "- .data.mode",
                ]),
            KubectlCase(
                "apply", "--server-side", "--field-manager=rival", "--force-conflicts", "-f", rival,
                stdout: ["configmap/settings serverside-applied"]),
            KubectlCase("get", "configmap", "settings", "-o", "jsonpath={.metadata.annotations.owner}", stdout: ["team-b"]),
        ].run(in: s)
    }
}
