import Foundation

/// The model files marvdash ships (`Templates/models/*.yaml`: the named topologies and the AVCC
/// example), in the `models` folder of every Templates/ folder `ResourceLocator` finds (the
/// template catalogue reads only the files directly in Templates/); a `--model` argument
/// is a path to a file or one of these names.
public struct ModelCatalog: Sendable {
    /// Folders searched, best first.
    public var directories: [String]

    public init(directories: [String] = ModelCatalog.defaultDirectories()) {
        self.directories = directories
    }

    /// `models` under each Templates/ folder the locator finds, when it exists.
    public static func defaultDirectories(locator: ResourceLocator = ResourceLocator()) -> [String] {
        locator.searchPaths(for: "Templates")
            .map { ($0 as NSString).appendingPathComponent("models") }
            .filter { path in
                var isDir: ObjCBool = false
                return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
            }
    }

    /// The shipped models: name (the file name up to its first dot) → path, first folder wins.
    public var shipped: [(name: String, path: String)] {
        var seen = Set<String>()
        var result: [(name: String, path: String)] = []
        for dir in directories {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            for file in files {
                let name = String(file.split(separator: ".").first ?? Substring(file))
                if seen.insert(name).inserted { result.append((name, (dir as NSString).appendingPathComponent(file))) }
            }
        }
        return result
    }

    /// The file of the shipped model `name`; never a path (for a server that must not read
    /// files of its host on a client's word).
    public func resolveShipped(_ name: String) throws(ModelFileError) -> String {
        if let hit = shipped.first(where: { $0.name == name }) { return hit.path }
        let names = shipped.map(\.name)
        throw ModelFileError(file: name, mark: nil, problem: "not a shipped model (\(names.isEmpty ? "none found" : "shipped: " + names.joined(separator: ", "))); "
            + "the embedded cluster trains shipped model files only — pick one of them")
    }

    /// The file `argument` names: an existing path, or a shipped model's name.
    public func resolve(_ argument: String) throws(ModelFileError) -> String {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: argument, isDirectory: &isDir), !isDir.boolValue { return argument }
        if let hit = shipped.first(where: { $0.name == argument }) { return hit.path }
        let names = shipped.map(\.name)
        let known = names.isEmpty ? "no shipped models found (set MARVDASH_HOME to the folder that contains Templates/, whose models/ holds the model files)" : "shipped: \(names.joined(separator: ", "))"
        throw ModelFileError(file: argument, mark: nil, problem: "no such model file or shipped model (\(known)); give a path to a .yaml file or a shipped name")
    }
}
