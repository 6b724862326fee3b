import MarvelCore

/// The pod template of a system workload, as its DaemonSet or Deployment
/// carries it: the pods the seeder writes are this template plus what the
/// controller and admission add, so the controllers find them current.
struct WorkloadTemplate {
    var workload: WorkloadDescription

    /// `spec.template`.
    var json: JSONValue {
        ["metadata": ["labels": .object(sortedObject(workload.labels))], "spec": .object(spec)]
    }

    /// The template's hash (`pod-template-hash`, `controller-revision-hash`).
    var hash: String { PodTemplateHash.of(json) }

    var spec: JSONObject {
        var s: JSONObject = [:]
        s["containers"] = .array(workload.containers.map(containerSpec))
        s["dnsPolicy"] = workload.hostNetwork ? "ClusterFirstWithHostNet" : "ClusterFirst"
        if workload.hostNetwork { s["hostNetwork"] = true }
        s["nodeSelector"] = .object(sortedObject(nodeSelector))
        if !workload.priorityClassName.isEmpty { s["priorityClassName"] = .string(workload.priorityClassName) }
        s["restartPolicy"] = "Always"
        s["schedulerName"] = "default-scheduler"
        s["securityContext"] = [:]
        if !workload.serviceAccountName.isEmpty {
            s["serviceAccount"] = .string(workload.serviceAccountName)
            s["serviceAccountName"] = .string(workload.serviceAccountName)
        }
        s["terminationGracePeriodSeconds"] = 30
        if !workload.tolerations.isEmpty { s["tolerations"] = .array(workload.tolerations.map(Self.tolerationJSON)) }
        return s
    }

    var nodeSelector: [String: String] {
        var selector: [String: String] = ["kubernetes.io/os": "linux"]
        if case .label(let k, let v) = workload.placement { selector[k] = v }
        return selector
    }

    static func tolerationJSON(_ t: PodToleration) -> JSONValue {
        var o: JSONObject = [:]
        if !t.key.isEmpty { o["key"] = .string(t.key) }
        o["operator"] = t.exists ? "Exists" : "Equal"
        if !t.exists { o["value"] = .string(t.value) }
        if !t.effect.isEmpty { o["effect"] = .string(t.effect) }
        if let s = t.tolerationSeconds { o["tolerationSeconds"] = .int(s) }
        return .object(o)
    }

    private func containerSpec(_ c: ContainerDescription) -> JSONValue {
        var o: JSONObject = ["name": .string(c.name), "image": .string(c.image)]
        if !c.args.isEmpty { o["args"] = .array(c.args.map { .string($0) }) }
        if !c.ports.isEmpty {
            o["ports"] = .array(
                c.ports.map { p in
                    var port: JSONObject = [
                        "name": .string(p.name), "containerPort": .int(p.containerPort),
                        "protocol": .string(p.protocol),
                    ]
                    if workload.hostNetwork { port["hostPort"] = .int(p.containerPort) }
                    return .object(port)
                })
        }
        var resources: JSONObject = [:]
        if !c.limits.isEmpty { resources["limits"] = .object(sortedObject(c.limits)) }
        if !c.requests.isEmpty { resources["requests"] = .object(sortedObject(c.requests)) }
        o["resources"] = .object(resources)
        o["terminationMessagePath"] = "/dev/termination-log"
        o["terminationMessagePolicy"] = "File"
        o["imagePullPolicy"] = "IfNotPresent"
        return .object(o)
    }
}
