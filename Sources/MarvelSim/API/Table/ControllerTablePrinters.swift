import Foundation
import MarvelCore

/// `kubectl get cronjobs`: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE,
/// and with `-o wide` CONTAINERS IMAGES SELECTOR.
struct CronJobTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Schedule", description: "The schedule in Cron format."),
            TableColumn(name: "Timezone", description: "The time zone name for the given schedule."),
            TableColumn(name: "Suspend", type: "boolean", description: "Whether subsequent executions are suspended."),
            TableColumn(name: "Active", type: "integer", description: "The number of currently running jobs."),
            TableColumn(name: "Last Schedule", description: "The last time the job was successfully scheduled."),
            .age, TemplateColumns.containers, TemplateColumns.images, TemplateColumns.selector,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let last = object.at("status", "lastScheduleTime")?.stringValue.flatMap(Timestamp.parse)
        let jobSpec = object.at("spec", "jobTemplate", "spec")
        let template = TemplateColumns.cells(podSpec: jobSpec?.at("template", "spec"))
        return [
            name(of: object), object.at("spec", "schedule") ?? "", .string(object.at("spec", "timeZone")?.stringValue ?? "<none>"),
            .bool(object.at("spec", "suspend")?.boolValue ?? false),
            .int(object.at("status", "active")?.arrayValue?.count ?? 0),
            .string(last.map { HumanDuration.format(seconds: now.timeIntervalSince($0)) } ?? "<none>"),
            age(of: object, now: now), template.containers, template.images, TemplateColumns.selector(jobSpec?["selector"]),
        ]
    }
}

/// `kubectl get hpa`: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE.
struct HorizontalPodAutoscalerTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Reference", description: "The target resource to scale."),
            TableColumn(name: "Targets", description: "The metrics used to compute the desired replica count."),
            TableColumn(name: "MinPods", description: "The lower limit for the number of replicas."),
            TableColumn(name: "MaxPods", description: "The upper limit for the number of replicas."),
            TableColumn(name: "Replicas", description: "The current number of replicas of pods managed by this autoscaler."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let ref = object.at("spec", "scaleTargetRef")
        let targets = (object.at("spec", "metrics")?.arrayValue ?? []).map(target)
        return [
            name(of: object), .string("\(ref?["kind"]?.stringValue ?? "")/\(ref?["name"]?.stringValue ?? "")"),
            .string(targets.isEmpty ? "<none>" : targets.joined(separator: ", ")),
            .string(String(object.at("spec", "minReplicas")?.intValue ?? 1)),
            .string(String(object.at("spec", "maxReplicas")?.intValue ?? 0)),
            .string(String(object.at("status", "currentReplicas")?.intValue ?? 0)), age(of: object, now: now),
        ]
    }

    /// `cpu: <unknown>/80%`: the embedded cluster measures nothing for autoscalers.
    private func target(_ metric: JSONValue) -> String {
        let resource = metric["resource"] ?? metric["containerResource"]
        let name = resource?["name"]?.stringValue ?? metric.at("pods", "metric", "name")?.stringValue
            ?? metric.at("object", "metric", "name")?.stringValue ?? metric.at("external", "metric", "name")?.stringValue ?? "metric"
        let t = resource?["target"] ?? metric.at("pods", "target") ?? metric.at("object", "target") ?? metric.at("external", "target")
        let goal: String
        if let u = t?["averageUtilization"]?.intValue {
            goal = "\(u)%"
        } else {
            goal = (t?["averageValue"] ?? t?["value"]).flatMap { $0.stringValue ?? $0.intValue.map(String.init) } ?? "<unset>"
        }
        return "\(name): <unknown>/\(goal)"
    }
}

/// `kubectl get pdb`: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE.
struct PodDisruptionBudgetTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name,
            TableColumn(name: "Min Available", description: "The minimum number of pods that must be available."),
            TableColumn(name: "Max Unavailable", description: "The maximum number of pods that may be unavailable."),
            TableColumn(name: "Allowed Disruptions", type: "integer", description: "Calculated number of pods that may be disrupted at this time."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        func text(_ v: JSONValue?) -> JSONValue { .string(v.flatMap { $0.stringValue ?? $0.intValue.map(String.init) } ?? "N/A") }
        return [
            name(of: object), text(object.at("spec", "minAvailable")), text(object.at("spec", "maxUnavailable")),
            .int(object.at("status", "disruptionsAllowed")?.intValue ?? 0), age(of: object, now: now),
        ]
    }
}

/// `kubectl get controllerrevisions`: NAME CONTROLLER REVISION AGE.
struct ControllerRevisionTablePrinter: TablePrinter {
    var columns: [TableColumn] {
        [
            .name, TableColumn(name: "Controller", description: "Controller of the object"),
            TableColumn(name: "Revision", description: "Revision indicates the revision of the state represented by Data."),
            .age,
        ]
    }

    func cells(for object: JSONValue, now: Date) -> [JSONValue] {
        let owner = (object.at("metadata", "ownerReferences")?.arrayValue ?? []).first { $0["controller"]?.boolValue == true }
        var controller = "<none>"
        if let owner, let kind = owner["kind"]?.stringValue, let ownerName = owner["name"]?.stringValue {
            let group = (owner["apiVersion"]?.stringValue ?? "").split(separator: "/").dropLast().first.map { ".\($0)" } ?? ""
            controller = "\(kind.lowercased())\(group)/\(ownerName)"
        }
        return [name(of: object), .string(controller), .int(object["revision"]?.intValue ?? 0), age(of: object, now: now)]
    }
}
