import ArgumentParser
import Foundation
import MarvelCore

/// `--set NAME=value` (repeatable) and `-f values.yaml`: the variable values
/// of render, deploy and upgrade. `--set` wins over the file.
struct TemplateValueOptions: ParsableArguments {
    @Option(name: .customLong("set"), help: ArgumentHelp("Set a variable (repeatable); wins over -f.", valueName: "NAME=value"))
    var assignments: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("A YAML mapping of variable values.", valueName: "values.yaml"))
    var file: String?

    /// The file's values overlaid with the `--set` ones.
    func values() throws -> [String: String] {
        var values = try file.map(TemplateValuesFile.load) ?? [:]
        for (key, value) in try TemplateValuesFile.parse(assignments: assignments) { values[key] = value }
        return values
    }
}

/// Variable values from `-f values.yaml` and `--set K=V`.
enum TemplateValuesFile {
    static func load(_ path: String) throws -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("\(path): cannot read the values file — check the path")
        }
        let documents = try YAML.parse(text, file: path)
        guard let root = documents.first else { return [:] }
        guard case .mapping(let pairs) = root.kind else {
            throw CommandFailure("\(path):\(root.mark): values must be a mapping of NAME: value")
        }
        var values: [String: String] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar, let value = pair.value.scalar else {
                throw CommandFailure("\(path):\(pair.key.mark): each value must be a single scalar (NAME: value)")
            }
            values[key] = value
        }
        return values
    }

    static func parse(assignments: [String]) throws -> [(String, String)] {
        try assignments.map { item in
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                throw CommandFailure("--set \(item): write NAME=value")
            }
            return (String(item[..<eq]), String(item[item.index(after: eq)...]))
        }
    }
}
