import Foundation
import MarvelCore
import Testing

@testable import MarvelSim

/// Field ownership in server-side apply: a manager's fields it no longer sends
/// are removed (unless another manager owns them too); another manager's
/// field changed is a 409 conflict, taken over with force=true.
@Suite struct SimApplyOwnershipTests {
    let ingresses = "/apis/networking.k8s.io/v1/namespaces/default/ingresses"

    func ingress(annotations: [String: String], labels: [String: String] = ["app": "web"], paths: [String] = ["/"]) -> String {
        let a = annotations.sorted { $0.key < $1.key }.map { "    \($0.key): \"\($0.value)\"" }.joined(separator: "\n")
        let l = labels.sorted { $0.key < $1.key }.map { "    \($0.key): \($0.value)" }.joined(separator: "\n")
        let p = paths.map {
            """
                  - path: \($0)
                    pathType: Prefix
                    backend:
                      service: {name: web, port: {number: 80}}
            """
        }.joined(separator: "\n")
        return """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: web
              labels:
            \(l)
            \(annotations.isEmpty ? "" : "  annotations:\n" + a)
            spec:
              rules:
              - host: web.local
                http:
                  paths:
            \(p)
            """
    }

    static let auth = [
        "nginx.ingress.kubernetes.io/auth-type": "basic", "nginx.ingress.kubernetes.io/auth-secret": "web-auth",
        "nginx.ingress.kubernetes.io/auth-realm": "web",
    ]

    @Test func fieldsTheManagerNoLongerSendsAreRemoved() throws {
        let f = try SimFixture()
        #expect(try f.apply(ingresses + "/web", ingress(annotations: Self.auth), manager: "marvdash").status == 201)
        // Another manager's own annotation stays through marvdash's applies.
        #expect(try f.apply(ingresses + "/web", ingress(annotations: ["team": "ops"], labels: [:]), manager: "ops").status == 200)
        let again = try f.apply(ingresses + "/web", ingress(annotations: [:]), manager: "marvdash")
        #expect(again.status == 200, "\(again.json)")
        let annotations = again.json.at("metadata", "annotations")?.objectValue?.keys ?? []
        #expect(annotations == ["team"], "\(annotations)")
        #expect(again.json.at("metadata", "labels", "app") == "web")
        let managers = again.json.at("metadata", "managedFields")?.arrayValue?.compactMap { $0["manager"]?.stringValue } ?? []
        #expect(managers == ["ops", "marvdash"])
        let mine = again.json.at("metadata", "managedFields")?[1]?["fieldsV1"]
        #expect(mine?.at("f:metadata", "f:annotations") == nil)
        #expect(mine?.at("f:metadata", "f:labels", "f:app") == [:])
    }

    @Test func aFieldOwnedByAnotherManagerToo_isKept() throws {
        let f = try SimFixture()
        _ = try f.apply(ingresses + "/web", ingress(annotations: ["a": "1", "b": "2"]), manager: "marvdash")
        // ops applies the same value of b: both own it now.
        #expect(try f.apply(ingresses + "/web", ingress(annotations: ["b": "2"], labels: [:]), manager: "ops").status == 200)
        let again = try f.apply(ingresses + "/web", ingress(annotations: [:]), manager: "marvdash")
        #expect(again.json.at("metadata", "annotations")?.objectValue?.keys == ["b"])
    }

    @Test func listItemsKeyedByNameThatAreNoLongerSentGo() throws {
        let f = try SimFixture()
        let deployments = "/apis/apps/v1/namespaces/default/deployments"
        func deployment(_ containers: [String]) -> String {
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
            \(containers.map { "      - {name: \($0), image: nginx}" }.joined(separator: "\n"))
            """
        }
        #expect(try f.apply(deployments + "/web", deployment(["web", "sidecar"])).status == 201)
        let again = try f.apply(deployments + "/web", deployment(["web"]))
        #expect(again.status == 200, "\(again.json)")
        let names = again.json.at("spec", "template", "spec", "containers")?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["web"])
    }

    @Test func changingAnotherManagersFieldConflictsUnlessForced() throws {
        let f = try SimFixture()
        _ = try f.apply(ingresses + "/web", ingress(annotations: ["tier": "front"]), manager: "marvdash")
        let clash = try f.apply(ingresses + "/web", ingress(annotations: ["tier": "back"], labels: [:]), manager: "ops")
        #expect(clash.status == 409)
        #expect(clash.json["reason"] == "Conflict")
        #expect(clash.json["message"] == #"Apply failed with 1 conflict: conflict with "marvdash": .metadata.annotations.tier"#)
        #expect(clash.json.at("details", "causes")?[0]?["reason"] == "FieldManagerConflict")
        #expect(clash.json.at("details", "causes")?[0]?["field"] == ".metadata.annotations.tier")

        let two = try f.apply(ingresses + "/web", ingress(annotations: ["tier": "back"], labels: ["app": "other"]), manager: "ops")
        #expect(
            two.json["message"]
                == .string("Apply failed with 2 conflicts: conflicts with \"marvdash\":\n- .metadata.annotations.tier\n- .metadata.labels.app"))

        let forced = try f.apply(
            ingresses + "/web", ingress(annotations: ["tier": "back"], labels: [:]), manager: "ops", extra: ["force": "true"])
        #expect(forced.status == 200)
        #expect(forced.json.at("metadata", "annotations", "tier") == "back")
        // marvdash lost the field: its next apply without it leaves ops's value alone.
        let after = try f.apply(ingresses + "/web", ingress(annotations: [:]), manager: "marvdash")
        #expect(after.json.at("metadata", "annotations", "tier") == "back")
    }
}
