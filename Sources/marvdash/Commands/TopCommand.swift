import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash top nodes|pods`: what nodes and pods use now, read from the
/// resource-metrics API (metrics.k8s.io) as `kubectl top` reads it.
struct TopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "Show what nodes or pods use now (cpu, memory), from the metrics API, like kubectl top.",
        subcommands: [TopNodesCommand.self, TopPodsCommand.self])
}

/// How `top` orders its rows.
enum TopSort: String, ExpressibleByArgument, CaseIterable {
    case cpu, memory, name
}

/// `marvdash top nodes`.
struct TopNodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nodes", abstract: "CPU and memory each node uses, and their share of its allocatable.")

    @OptionGroup var cluster: ClusterOptions

    @Option(name: .long, help: ArgumentHelp("Order by cpu, memory (largest first) or name.", valueName: "field"))
    var sortBy: TopSort = .name

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try ClusterSession.open(cluster)
            defer { session.close() }
            session.printNotes()
            let nodes = try session.client.nodes()
            let usage = try TopReport.usage { try session.client.nodeUsage() }
            let rows = TopReport.nodeRows(nodes: nodes, usage: usage, sortBy: sortBy)
            try TopReport.print(rows, columns: ["NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"], output: output)
        }
    }
}

/// `marvdash top pods`.
struct TopPodsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pods", abstract: "CPU and memory each running pod uses (of the namespace, or every namespace with -A).")

    @OptionGroup var cluster: ClusterOptions

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Pods of every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .long], help: ArgumentHelp("Only pods matching this label selector.", valueName: "selector"))
    var selector: String?

    @Option(name: .long, help: ArgumentHelp("Order by cpu, memory (largest first) or name.", valueName: "field"))
    var sortBy: TopSort = .name

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table

    func run() throws {
        try reportingFailures {
            let session = try ClusterSession.open(cluster)
            defer { session.close() }
            session.printNotes()
            let namespace = allNamespaces ? nil : (cluster.namespace ?? session.target.namespace)
            let usage = try TopReport.usage { try session.client.podUsage(namespace: namespace, labelSelector: selector) }
            let rows = TopReport.podRows(usage: usage, withNamespace: allNamespaces, sortBy: sortBy)
            if rows.isEmpty && output == .table {
                print("No resources found\(namespace.map { " in \($0) namespace" } ?? "").")
                return
            }
            let columns = (allNamespaces ? ["NAMESPACE"] : []) + ["NAME", "CPU(cores)", "MEMORY(bytes)"]
            try TopReport.print(rows, columns: columns, output: output)
        }
    }
}

/// The rows and printing shared by `top nodes` and `top pods`.
enum TopReport {
    /// One row: its cells for the table and its fields for JSON/YAML.
    struct Row {
        var cells: [String]
        var json: JSONValue
        var cpu: Int64
        var memory: Int64
        var name: String
    }

    /// Reads usage; a missing metrics API is the one-line error `kubectl top` gives.
    static func usage(_ read: () throws -> [String: ResourceUsage]) throws -> [String: ResourceUsage] {
        do {
            return try read()
        } catch let missing as KubeClient.UsageUnavailable {
            throw CommandFailure("Metrics API not available: \(missing)")
        }
    }

    static func nodeRows(nodes: [Node], usage: [String: ResourceUsage], sortBy: TopSort) -> [Row] {
        let rows = nodes.map { node -> Row in
            guard let used = usage[node.name] else {
                return Row(
                    cells: [node.name, "<unknown>", "<unknown>", "<unknown>", "<unknown>"],
                    json: ["name": .string(node.name), "cpu": .null, "memory": .null], cpu: -1, memory: -1, name: node.name)
            }
            let cpuShare = NodeInventory.percentText(percent(used.cpu, node.allocatable["cpu"]))
            let memoryShare = NodeInventory.percentText(percent(used.memory, node.allocatable["memory"]))
            return Row(
                cells: [node.name, "\(used.cpu.milliValue)m", cpuShare, "\(used.memory.value / (1 << 20))Mi", memoryShare],
                json: [
                    "name": .string(node.name), "cpu": .string("\(used.cpu.milliValue)m"), "cpuCores": .double(Double(used.cpu.milliValue) / 1000),
                    "cpuPercent": .double(percent(used.cpu, node.allocatable["cpu"])), "memoryBytes": .int(Int(used.memory.value)),
                    "memoryPercent": .double(percent(used.memory, node.allocatable["memory"])),
                ], cpu: used.cpu.milliValue, memory: used.memory.value, name: node.name)
        }
        return sorted(rows, by: sortBy)
    }

    static func podRows(usage: [String: ResourceUsage], withNamespace: Bool, sortBy: TopSort) -> [Row] {
        let rows = usage.map { key, used -> Row in
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            let namespace = parts.first ?? ""
            let name = parts.count > 1 ? parts[1] : key
            return Row(
                cells: (withNamespace ? [namespace] : []) + [name, "\(used.cpu.milliValue)m", "\(used.memory.value / (1 << 20))Mi"],
                json: [
                    "namespace": .string(namespace), "name": .string(name), "cpu": .string("\(used.cpu.milliValue)m"),
                    "cpuCores": .double(Double(used.cpu.milliValue) / 1000), "memoryBytes": .int(Int(used.memory.value)),
                ], cpu: used.cpu.milliValue, memory: used.memory.value, name: key)
        }
        return sorted(rows, by: sortBy)
    }

    static func sorted(_ rows: [Row], by field: TopSort) -> [Row] {
        switch field {
        case .name: return rows.sorted { $0.name < $1.name }
        case .cpu: return rows.sorted { ($0.cpu, $1.name) > ($1.cpu, $0.name) }
        case .memory: return rows.sorted { ($0.memory, $1.name) > ($1.memory, $0.name) }
        }
    }

    static func percent(_ used: Quantity, _ allocatable: Quantity?) -> Double {
        guard let allocatable, allocatable.nanos > 0 else { return 0 }
        return (used.nanosAsDouble * 100 / allocatable.nanosAsDouble * 10).rounded() / 10
    }

    static func print(_ rows: [Row], columns: [String], output: OutputFormat) throws {
        switch output {
        case .json: Swift.print(JSONValue.array(rows.map(\.json)).prettyJSONString())
        case .yaml: Swift.print(YAML.emit(.array(rows.map(\.json))), terminator: "")
        case .table:
            let all = [columns] + rows.map(\.cells)
            let widths = columns.indices.map { i in all.map { $0[i].count }.max() ?? 0 }
            for row in all {
                Swift.print(row.enumerated().map { i, cell in
                    i == row.count - 1 ? cell : cell.padding(toLength: widths[i] + 3, withPad: " ", startingAt: 0)
                }.joined())
            }
        }
    }
}
