import Foundation
import MarvelCore
import Testing
@testable import MarvelTUI

/// The Services detail names the claims an instance mounts and the Secret of its basic auth.
@Suite struct ServiceDetailVolumesTests {
    @Test func detailListsVolumesWithPathsAndTheAuthSecret() {
        let deployment: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "nb"],
            "spec": ["template": ["spec": [
                "containers": [["name": "c", "image": "x", "volumeMounts": [["name": "marvdash-private", "mountPath": "/private"]]]],
            ]]],
        ]
        let mounted = InstanceVolumes.mounting(
            [deployment],
            [InstanceVolumes.Mount(volume: "marvdash-shared", claim: "marvdash-shared", path: "/shared", readOnly: false)])
        var manifests = mounted
        let extra: JSONValue = ["name": "marvdash-private", "persistentVolumeClaim": ["claimName": "nb-private"]]
        let volumes: [JSONValue] = (manifests[0].at("spec", "template", "spec", "volumes")?.arrayValue ?? []) + [extra]
        manifests[0]["spec"]?["template"]?["spec"]?["volumes"] = JSONValue.array(volumes)
        let ingress: JSONValue = ["apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": ["name": "nb"]]
        manifests += IngressBasicAuth.protecting([ingress], instance: "nb")
        let instance = Instance(
            name: "nb", namespace: "default", templateID: "notebook", revision: 1, values: [:], managedBy: .marvdash, manifests: manifests)
        let status = InstanceStatus(instance: instance, pods: [], ready: 0, desired: 1, endpoints: [])
        let text = ServiceDetail.lines(for: status, now: Date(), width: 100).map(\.plainText)
        #expect(text.contains("Volumes (2)"))
        #expect(text.contains("  marvdash-shared → /shared"))
        #expect(text.contains("  nb-private → /private"))
        #expect(text.contains { $0.contains("Basic auth") && $0.contains("marvdash-auth.nb") })
    }
}
