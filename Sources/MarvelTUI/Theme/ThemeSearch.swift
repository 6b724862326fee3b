import Foundation

extension Theme {
    /// File extensions a theme file may have.
    static let fileExtensions = ["yaml", "yml"]

    /// Loads NAME.yaml (or NAME.yml) from the first folder of `searchPaths`
    /// that has it. Throws ThemeError listing the available themes when none does.
    public static func load(named name: String, searchPaths: [String]) throws -> Theme {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw ThemeError(file: nil, field: "theme", message: "'\(name)' is not a theme name (use a file name without folder or extension, e.g. default)")
        }
        for folder in searchPaths {
            for ext in fileExtensions {
                let path = (folder as NSString).appendingPathComponent("\(name).\(ext)")
                if FileManager.default.fileExists(atPath: path) { return try load(path: path) }
            }
        }
        let available = Theme.available(in: searchPaths)
        let where_ = searchPaths.isEmpty ? "no theme folders" : searchPaths.joined(separator: ", ")
        let choices = available.isEmpty ? "no themes are installed there" : "available: " + available.joined(separator: ", ")
        throw ThemeError(file: nil, field: "theme", message: "no theme '\(name)' in \(where_); \(choices)")
    }

    /// The theme names (file names without extension) found in `searchPaths`,
    /// sorted and without duplicates.
    public static func available(in searchPaths: [String]) -> [String] {
        var names: Set<String> = []
        for folder in searchPaths {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for entry in entries {
                let url = URL(fileURLWithPath: entry)
                guard fileExtensions.contains(url.pathExtension), !entry.hasPrefix(".") else { continue }
                names.insert(url.deletingPathExtension().lastPathComponent)
            }
        }
        return names.sorted()
    }
}
