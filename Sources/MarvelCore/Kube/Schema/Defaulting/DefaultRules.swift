import Foundation

/// The defaults of Kubernetes 1.30 (`pkg/apis/*/v1/defaults.go`), one
/// defaulter per schema definition. Only what clients read is filled; each
/// rule sets a field only when it is absent.
enum DefaultRules {
    static let all: [String: @Sendable (inout JSONObject) -> Void] = core.merging(workloads) { a, _ in a }

    static let core: [String: @Sendable (inout JSONObject) -> Void] = [
        "io.k8s.api.core.v1.Container": container,
        "io.k8s.api.core.v1.EphemeralContainer": container,
        "io.k8s.api.core.v1.ContainerPort": { setIfAbsent(&$0, "protocol", "TCP") },
        "io.k8s.api.core.v1.ServicePort": servicePort,
        "io.k8s.api.core.v1.EndpointPort": { setIfAbsent(&$0, "protocol", "TCP") },
        "io.k8s.api.discovery.v1.EndpointPort": { p in
            setIfAbsent(&p, "protocol", "TCP")
            setIfAbsent(&p, "name", "")
        },
        "io.k8s.api.core.v1.PodSpec": podSpec,
        "io.k8s.api.core.v1.Pod": pod,
        "io.k8s.api.core.v1.Probe": { p in
            setIfAbsent(&p, "timeoutSeconds", 1)
            setIfAbsent(&p, "periodSeconds", 10)
            setIfAbsent(&p, "successThreshold", 1)
            setIfAbsent(&p, "failureThreshold", 3)
        },
        "io.k8s.api.core.v1.HTTPGetAction": { a in
            setIfAbsent(&a, "path", "/")
            setIfAbsent(&a, "scheme", "HTTP")
        },
        "io.k8s.api.core.v1.Volume": volume,
        "io.k8s.api.core.v1.SecretVolumeSource": { setIfAbsent(&$0, "defaultMode", 420) },
        "io.k8s.api.core.v1.ConfigMapVolumeSource": { setIfAbsent(&$0, "defaultMode", 420) },
        "io.k8s.api.core.v1.DownwardAPIVolumeSource": { setIfAbsent(&$0, "defaultMode", 420) },
        "io.k8s.api.core.v1.ProjectedVolumeSource": { setIfAbsent(&$0, "defaultMode", 420) },
        "io.k8s.api.core.v1.ObjectFieldSelector": { setIfAbsent(&$0, "apiVersion", "v1") },
        "io.k8s.api.core.v1.ServiceSpec": serviceSpec,
        "io.k8s.api.core.v1.Secret": secret,
        "io.k8s.api.core.v1.Namespace": namespace,
        "io.k8s.api.core.v1.PersistentVolumeClaimSpec": { setIfAbsent(&$0, "volumeMode", "Filesystem") },
        "io.k8s.api.core.v1.PersistentVolumeSpec": { s in
            setIfAbsent(&s, "persistentVolumeReclaimPolicy", "Retain")
            setIfAbsent(&s, "volumeMode", "Filesystem")
        },
    ]

    /// Sets `key` when it is absent, null or an empty string (Go's zero value for strings).
    static func setIfAbsent(_ o: inout JSONObject, _ key: String, _ value: JSONValue) {
        guard o[key] == nil || o[key] == .null || o[key] == "" else { return }
        o[key] = value
    }

    /// SetDefaults_Container: pull policy from the image tag, termination message path and policy.
    static func container(_ c: inout JSONObject) {
        if (c["imagePullPolicy"]?.stringValue ?? "").isEmpty {
            c["imagePullPolicy"] = imageTag(c["image"]?.stringValue ?? "") == "latest" ? "Always" : "IfNotPresent"
        }
        setIfAbsent(&c, "terminationMessagePath", "/dev/termination-log")
        setIfAbsent(&c, "terminationMessagePolicy", "File")
        if c["resources"] == nil { c["resources"] = [:] }
    }

    /// The tag as the kubelet's image parser reads it: "latest" when there is neither tag nor digest.
    static func imageTag(_ image: String) -> String {
        if image.contains("@") { return "" }
        let lastComponent = image.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
        guard let colon = lastComponent.lastIndex(of: ":") else { return "latest" }
        return String(lastComponent[lastComponent.index(after: colon)...])
    }

    /// SetDefaults_PodSpec.
    static func podSpec(_ s: inout JSONObject) {
        setIfAbsent(&s, "dnsPolicy", "ClusterFirst")
        setIfAbsent(&s, "restartPolicy", "Always")
        if s["securityContext"] == nil { s["securityContext"] = [:] }
        setIfAbsent(&s, "terminationGracePeriodSeconds", 30)
        setIfAbsent(&s, "schedulerName", "default-scheduler")
    }

    /// SetDefaults_Pod: requests default to limits (pods only, not templates); service links on.
    static func pod(_ p: inout JSONObject) {
        guard var spec = p["spec"]?.objectValue else { return }
        for list in ["containers", "initContainers"] {
            guard let containers = spec[list]?.arrayValue else { continue }
            spec[list] = .array(
                containers.map { c in
                    guard let limits = c.at("resources", "limits")?.objectValue, !limits.isEmpty else { return c }
                    var requests = c.at("resources", "requests")?.objectValue ?? JSONObject()
                    for l in limits where requests[l.key] == nil { requests[l.key] = l.value }
                    var out = c
                    out["resources"]?["requests"] = .object(requests)
                    return out
                })
        }
        setIfAbsent(&spec, "enableServiceLinks", true)
        p["spec"] = .object(spec)
    }

    /// SetDefaults_Volume: a volume with no source is an emptyDir.
    static func volume(_ v: inout JSONObject) {
        if v.keys.allSatisfy({ $0 == "name" }) { v["emptyDir"] = [:] }
    }

    /// SetDefaults_Service (spec part).
    static func serviceSpec(_ s: inout JSONObject) {
        setIfAbsent(&s, "sessionAffinity", "None")
        setIfAbsent(&s, "type", "ClusterIP")
        let type = s["type"]?.stringValue ?? "ClusterIP"
        if type == "NodePort" || type == "LoadBalancer" { setIfAbsent(&s, "externalTrafficPolicy", "Cluster") }
        if type != "ExternalName" { setIfAbsent(&s, "internalTrafficPolicy", "Cluster") }
        if type == "LoadBalancer" { setIfAbsent(&s, "allocateLoadBalancerNodePorts", true) }
    }

    static func servicePort(_ p: inout JSONObject) {
        setIfAbsent(&p, "protocol", "TCP")
        let target = p["targetPort"]
        if target == nil || target == 0 || target == "" { p["targetPort"] = p["port"] ?? 0 }
    }

    /// Opaque by default; `stringData` merged into base64 `data` and never kept.
    static func secret(_ s: inout JSONObject) {
        setIfAbsent(&s, "type", "Opaque")
        if let stringData = s["stringData"]?.objectValue {
            var data = s["data"]?.objectValue ?? JSONObject()
            for m in stringData {
                data[m.key] = .string(Data((m.value.stringValue ?? "").utf8).base64EncodedString())
            }
            s["data"] = .object(data)
        }
        s["stringData"] = nil
    }

    /// SetDefaults_Namespace: the `kubernetes.io/metadata.name` label.
    static func namespace(_ n: inout JSONObject) {
        guard let name = n["metadata"]?["name"]?.stringValue, !name.isEmpty else { return }
        var metadata = n["metadata"]?.objectValue ?? JSONObject()
        var labels = metadata["labels"]?.objectValue ?? JSONObject()
        labels["kubernetes.io/metadata.name"] = .string(name)
        metadata["labels"] = .object(labels)
        n["metadata"] = .object(metadata)
    }
}
