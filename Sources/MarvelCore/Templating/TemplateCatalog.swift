import Foundation

/// The templates found in a list of folders; a template id found in an
/// earlier folder hides the same id in later ones.
public struct TemplateCatalog: Sendable {
    public var templates: [Template]

    public init(templates: [Template]) {
        self.templates = templates
    }

    /// Loads every `*.yaml`/`*.yml` file of each folder (in name order);
    /// files that fail come back as problems and are left out.
    public static func load(directories: [String]) -> (templates: [Template], problems: [TemplateDiagnostic]) {
        var templates: [Template] = []
        var problems: [TemplateDiagnostic] = []
        var seen = Set<String>()
        for directory in directories {
            for file in templateFiles(in: directory) {
                let id = Template.id(forFile: file)
                guard !seen.contains(id) else { continue }
                do {
                    templates.append(try Template.load(file: file))
                    seen.insert(id)
                } catch let error as TemplateError {
                    problems += error.diagnostics.filter(\.isError)
                } catch {
                    problems.append(TemplateDiagnostic(file: file, mark: nil, message: "\(error)"))
                }
            }
        }
        return (templates, problems)
    }

    /// Loads the folders into a catalog, dropping the problems.
    public init(directories: [String]) {
        self.templates = Self.load(directories: directories).templates
    }

    /// The folders to search, best first: `extra` (e.g. `--templates`), the
    /// config's `templateDirs`, then the built-in `Templates/` folders.
    public static func searchDirectories(
        extra: [String] = [], settings: Settings, locator: ResourceLocator = ResourceLocator()
    ) -> [String] {
        extra + settings.templateDirs + locator.searchPaths(for: "Templates")
    }

    /// The template with this id, if any.
    public func template(id: String) -> Template? {
        templates.first(where: { $0.id == id })
    }

    /// The template files of one folder, sorted by name; none when it cannot be read.
    public static func templateFiles(in directory: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return names
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }
}
