import Foundation
import MarvelCore

/// Reads an integer status field, 0 when absent.
private func count(_ object: JSONValue, _ path: String...) -> Int {
    var cur: JSONValue? = object
    for p in path { cur = cur?[p] }
    return cur?.intValue ?? 0
}

/// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE.
struct DeploymentTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Ready", description: "Number of the pod with ready state"),
            TableColumn(name: "Up-to-date", type: "integer", description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            TableColumn(name: "Available", type: "integer", description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let desired = object.at("spec", "replicas")?.intValue ?? 1
        return [
            name(of: object), .string("\(count(object, "status", "readyReplicas"))/\(desired)"),
            .int(count(object, "status", "updatedReplicas")), .int(count(object, "status", "availableReplicas")),
            age(of: object, now: now),
        ]
    }
}

/// `kubectl get statefulsets`: NAME READY AGE.
struct StatefulSetTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [.name, TableColumn(name: "Ready", description: "Number of the pod with ready state"), .age]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let desired = object.at("spec", "replicas")?.intValue ?? 1
        return [name(of: object), .string("\(count(object, "status", "readyReplicas"))/\(desired)"), age(of: object, now: now)]
    }
}

/// `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE.
struct DaemonSetTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Desired", type: "integer", description: "The total number of nodes that should be running the daemon pod."),
            TableColumn(name: "Current", type: "integer", description: "The number of nodes that are running at least 1 daemon pod."),
            TableColumn(name: "Ready", type: "integer", description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
            TableColumn(name: "Up-to-date", type: "integer", description: "The total number of nodes that are running updated daemon pod"),
            TableColumn(name: "Available", type: "integer", description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available."),
            TableColumn(name: "Node Selector", description: "NodeSelector is a selector which must be true for the pod to fit on a node."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let selector = (object.at("spec", "template", "spec", "nodeSelector")?.objectValue ?? JSONObject())
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        return [
            name(of: object), .int(count(object, "status", "desiredNumberScheduled")),
            .int(count(object, "status", "currentNumberScheduled")), .int(count(object, "status", "numberReady")),
            .int(count(object, "status", "updatedNumberScheduled")), .int(count(object, "status", "numberAvailable")),
            .string(selector.isEmpty ? "<none>" : selector), age(of: object, now: now),
        ]
    }
}

/// `kubectl get jobs`: NAME STATUS COMPLETIONS DURATION AGE.
struct JobTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Status", description: "Status of the job."),
            TableColumn(name: "Completions", description: "The desired number of successfully finished pods the job should be run with."),
            TableColumn(name: "Duration", description: "Time required to complete the job."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let completions = object.at("spec", "completions")?.intValue ?? 1
        let succeeded = count(object, "status", "succeeded")
        let complete = (object.at("status", "conditions")?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Complete" && $0["status"]?.stringValue == "True"
        }
        let start = object.at("status", "startTime")?.stringValue.flatMap(Timestamp.parse)
        let end = object.at("status", "completionTime")?.stringValue.flatMap(Timestamp.parse) ?? now
        let duration = start.map { HumanDuration.format(seconds: end.timeIntervalSince($0)) } ?? ""
        return [
            name(of: object), .string(complete ? "Complete" : "Running"), .string("\(succeeded)/\(completions)"),
            .string(duration), age(of: object, now: now),
        ]
    }
}

/// `kubectl get services`: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE.
struct ServiceTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Type", description: "type determines how the Service is exposed."),
            TableColumn(name: "Cluster-IP", description: "clusterIP is the IP address of the service."),
            TableColumn(name: "External-IP", description: "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service."),
            TableColumn(name: "Port(s)", description: "The list of ports that are exposed by this service."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let spec = object["spec"]
        let type = spec?["type"]?.stringValue ?? "ClusterIP"
        let ports = (spec?["ports"]?.arrayValue ?? []).map { p -> String in
            let port = p["port"]?.intValue ?? 0
            let node = p["nodePort"]?.intValue.map { ":\($0)" } ?? ""
            return "\(port)\(node)/\(p["protocol"]?.stringValue ?? "TCP")"
        }
        let external = (spec?["externalIPs"]?.arrayValue ?? []).compactMap(\.stringValue)
        return [
            name(of: object), .string(type), .string(spec?["clusterIP"]?.stringValue ?? "<none>"),
            .string(external.isEmpty ? (type == "LoadBalancer" ? "<pending>" : "<none>") : external.joined(separator: ",")),
            .string(ports.isEmpty ? "<none>" : ports.joined(separator: ",")), age(of: object, now: now),
        ]
    }
}

/// `kubectl get configmaps` (NAME DATA AGE) and `secrets` (NAME TYPE DATA AGE).
struct DataTablePrinter: TablePrinter {
    var withType: Bool

    var columns: [TableColumn] {
        var c: [TableColumn] = [.name]
        if withType { c.append(TableColumn(name: "Type", description: "Used to facilitate programmatic handling of secret data.")) }
        c.append(TableColumn(name: "Data", type: "integer", description: "Number of keys."))
        c.append(.age)
        return c
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let keys = (object["data"]?.objectValue?.count ?? 0) + (object["binaryData"]?.objectValue?.count ?? 0)
            + (object["stringData"]?.objectValue?.count ?? 0)
        var cells: [JSONValue] = [name(of: object)]
        if withType { cells.append(object["type"] ?? "Opaque") }
        cells += [.int(keys), age(of: object, now: now)]
        return cells
    }
}

/// `kubectl get events`: LAST SEEN TYPE REASON OBJECT MESSAGE.
struct EventTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            TableColumn(name: "Last Seen", description: "Time when this Event was last observed."),
            TableColumn(name: "Type", description: "Type of this event (Normal, Warning)."),
            TableColumn(name: "Reason", description: "Short, machine understandable string that gives the reason for the transition into the object's current status."),
            TableColumn(name: "Object", description: "The object that this event is about."),
            TableColumn(name: "Message", description: "A human-readable description of the status of this operation."),
            TableColumn(name: "Name", format: "name", description: "The event's name.", priority: 1),
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let last = object["lastTimestamp"]?.stringValue.flatMap(Timestamp.parse)
        let involved = object["involvedObject"]
        return [
            .string(last.map { HumanDuration.format(seconds: now.timeIntervalSince($0)) } ?? "<unknown>"),
            object["type"] ?? "", object["reason"] ?? "",
            .string("\((involved?["kind"]?.stringValue ?? "").lowercased())/\(involved?["name"]?.stringValue ?? "")"),
            object["message"] ?? "", name(of: object),
        ]
    }
}

/// `kubectl get ingresses`: NAME CLASS HOSTS ADDRESS PORTS AGE.
struct IngressTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Class", description: "The name of the IngressClass resource."),
            TableColumn(name: "Hosts", description: "Hosts that incoming requests are matched against."),
            TableColumn(name: "Address", description: "Address is a list containing ingress points for the load-balancer."),
            TableColumn(name: "Ports", description: "Ports of TLS configurations that open."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let hosts = (object.at("spec", "rules")?.arrayValue ?? []).compactMap { $0["host"]?.stringValue }
        let tls = !(object.at("spec", "tls")?.arrayValue ?? []).isEmpty
        return [
            name(of: object), .string(object.at("spec", "ingressClassName")?.stringValue ?? "<none>"),
            .string(hosts.isEmpty ? "*" : hosts.joined(separator: ",")), "",
            .string(tls ? "80, 443" : "80"), age(of: object, now: now),
        ]
    }
}
