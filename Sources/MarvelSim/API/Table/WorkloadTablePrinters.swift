import Foundation
import MarvelCore

/// Reads an integer status field, 0 when absent.
private func count(_ object: JSONValue, _ path: String...) -> Int {
    var cur: JSONValue? = object
    for p in path { cur = cur?[p] }
    return cur?.intValue ?? 0
}

/// `kubectl get deployments`: NAME READY UP-TO-DATE AVAILABLE AGE, and with
/// `-o wide` CONTAINERS IMAGES SELECTOR.
struct DeploymentTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Ready", description: "Number of the pod with ready state"),
            TableColumn(name: "Up-to-date", description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
            TableColumn(name: "Available", description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
            .age, TemplateColumns.containers, TemplateColumns.images, TemplateColumns.selector,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let desired = object.at("spec", "replicas")?.intValue ?? 1
        let template = TemplateColumns.cells(podSpec: object.at("spec", "template", "spec"))
        return [
            name(of: object), .string("\(count(object, "status", "readyReplicas"))/\(desired)"),
            .int(count(object, "status", "updatedReplicas")), .int(count(object, "status", "availableReplicas")),
            age(of: object, now: now), template.containers, template.images,
            TemplateColumns.selector(object.at("spec", "selector")),
        ]
    }
}

/// `kubectl get replicasets`: NAME DESIRED CURRENT READY AGE, and with `-o wide`
/// CONTAINERS IMAGES SELECTOR.
struct ReplicaSetTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Desired", type: "integer", description: "Replicas is the number of desired replicas."),
            TableColumn(name: "Current", type: "integer", description: "Replicas is the most recently observed number of replicas."),
            TableColumn(name: "Ready", type: "integer", description: "The number of ready replicas for this replica set."),
            .age, TemplateColumns.containers, TemplateColumns.images, TemplateColumns.selector,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let template = TemplateColumns.cells(podSpec: object.at("spec", "template", "spec"))
        return [
            name(of: object), .int(object.at("spec", "replicas")?.intValue ?? 1), .int(count(object, "status", "replicas")),
            .int(count(object, "status", "readyReplicas")), age(of: object, now: now), template.containers, template.images,
            TemplateColumns.selector(object.at("spec", "selector")),
        ]
    }
}

/// `kubectl get statefulsets`: NAME READY AGE, and with `-o wide` CONTAINERS IMAGES.
struct StatefulSetTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name, TableColumn(name: "Ready", description: "Number of the pod with ready state"), .age,
            TemplateColumns.containers, TemplateColumns.images,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let desired = object.at("spec", "replicas")?.intValue ?? 1
        let template = TemplateColumns.cells(podSpec: object.at("spec", "template", "spec"))
        return [
            name(of: object), .string("\(count(object, "status", "readyReplicas"))/\(desired)"), age(of: object, now: now),
            template.containers, template.images,
        ]
    }
}

/// `kubectl get daemonsets`: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE,
/// and with `-o wide` CONTAINERS IMAGES SELECTOR.
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
            .age, TemplateColumns.containers, TemplateColumns.images, TemplateColumns.selector,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let selector = (object.at("spec", "template", "spec", "nodeSelector")?.objectValue ?? JSONObject())
            .map { "\($0.key)=\($0.value.stringValue ?? "")" }.joined(separator: ",")
        let template = TemplateColumns.cells(podSpec: object.at("spec", "template", "spec"))
        return [
            name(of: object), .int(count(object, "status", "desiredNumberScheduled")),
            .int(count(object, "status", "currentNumberScheduled")), .int(count(object, "status", "numberReady")),
            .int(count(object, "status", "updatedNumberScheduled")), .int(count(object, "status", "numberAvailable")),
            .string(selector.isEmpty ? "<none>" : selector), age(of: object, now: now), template.containers, template.images,
            TemplateColumns.selector(object.at("spec", "selector")),
        ]
    }
}

/// `kubectl get jobs`: NAME STATUS COMPLETIONS DURATION AGE, and with `-o wide`
/// CONTAINERS IMAGES SELECTOR.
struct JobTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Status", description: "Status of the job."),
            TableColumn(name: "Completions", description: "The desired number of successfully finished pods the job should be run with."),
            TableColumn(name: "Duration", description: "Time required to complete the job."),
            .age, TemplateColumns.containers, TemplateColumns.images, TemplateColumns.selector,
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
        let template = TemplateColumns.cells(podSpec: object.at("spec", "template", "spec"))
        return [
            name(of: object), .string(status(object, complete: complete)), .string("\(succeeded)/\(completions)"),
            .string(duration), age(of: object, now: now), template.containers, template.images,
            TemplateColumns.selector(object.at("spec", "selector")),
        ]
    }

    /// Complete, Failed, Suspended or Running, from the Job's conditions and spec.
    private func status(_ job: JSONValue, complete: Bool) -> String {
        if complete { return "Complete" }
        let failed = (job.at("status", "conditions")?.arrayValue ?? []).contains {
            $0["type"]?.stringValue == "Failed" && $0["status"]?.stringValue == "True"
        }
        if failed { return "Failed" }
        if job.at("spec", "suspend")?.boolValue == true { return "Suspended" }
        return "Running"
    }
}
