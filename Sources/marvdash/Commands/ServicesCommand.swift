import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash services`: the running instances with their pods, readiness and endpoints.
struct ServicesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "List deployed instances: template, revision, Ready x/y, status (pending, failed and record-less ones too), pods (node/layer), age, volumes, endpoints.")

    @OptionGroup var cluster: ClusterOptions
    @ParentCommand var root: Marvdash

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table

    @OptionGroup var secrets: SecretDisplayOptions

    func run() throws {
        try reportingFailures {
            let settings = try SettingsLoader().load()
            let session = try DeploySession(cluster: cluster, root: root)
            defer { session.close() }
            // One plain list per kind into a snapshot; the statuses are the Services pane's computation.
            let snapshot: ClusterSnapshot
            do throws(KubeError) {
                snapshot = try session.deployer.client.readSnapshot(kinds: CachedKind.instanceKinds, namespace: session.namespace)
            } catch {
                throw DeployError.api(action: "listing the instances' objects", error)
            }
            let statuses = InstanceStatus.all(in: snapshot, namespace: session.namespace, rules: settings.layerRules)
            switch output {
            case .table:
                print(ServicesTable.render(statuses, now: Date()), terminator: "")
            case .json:
                print(JSONValue.array(statuses.map { $0.json(showSecrets: secrets.showSecrets) }).prettyJSONString())
            case .yaml:
                print(YAML.emit(.array(statuses.map { $0.json(showSecrets: secrets.showSecrets) })), terminator: "")
            }
        }
    }
}

/// The `services` table: one row per instance, columns padded to the widest cell.
enum ServicesTable {
    static let header = ["NAME", "TEMPLATE", "REV", "READY", "STATUS", "PODS", "AGE", "VOLUMES", "ENDPOINTS"]

    static func render(_ statuses: [InstanceStatus], now: Date) -> String {
        if statuses.isEmpty { return "No instances.\n" }
        let rows: [[String]] = statuses.map { s in
            let pods = s.pods.map { p in p.node.isEmpty ? "\(p.name) (unscheduled)" : "\(p.node)/\(p.layer?.rawValue ?? "?")" }
            return [
                s.instance.name + (s.instance.managedBy == .karvdash ? " (karvdash, read-only)" : ""), s.instance.templateID,
                s.instance.revision == 0 ? "-" : String(s.instance.revision), s.readyText, statusCell(s, now: now),
                pods.isEmpty ? "-" : pods.joined(separator: ","), age(s.instance.createdAt, now: now),
                volumesCell(s.instance),
                s.endpoints.isEmpty ? "-" : s.endpoints.joined(separator: ","),
            ]
        }
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// The summary, with how long an unfinished action has been pending.
    static func statusCell(_ s: InstanceStatus, now: Date) -> String {
        guard s.instance.state.isPending, let since = s.instance.stateSince else { return s.summary }
        return "\(s.summary) (since \(age(since, now: now)))"
    }

    /// The claims the instance mounts ("nb-private,marvdash-shared"), "-" without any.
    static func volumesCell(_ instance: Instance) -> String {
        let claims = instance.volumes.map { String($0.prefix { $0 != " " }) }
        return claims.isEmpty ? "-" : claims.joined(separator: ",")
    }

    /// kubectl-style age: 45s, 12m, 3h, 2d.
    static func age(_ date: Date?, now: Date) -> String {
        guard let date else { return "-" }
        let s = max(0, Int(now.timeIntervalSince(date)))
        if s < 120 { return "\(s)s" }
        if s < 7200 { return "\(s / 60)m" }
        if s < 172_800 { return "\(s / 3600)h" }
        return "\(s / 86400)d"
    }
}
