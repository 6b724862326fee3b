import Foundation
import MarvelCore

extension Theme {
    /// Reads a theme file. Throws ThemeError naming file:line:col and the
    /// field for bad YAML, unknown keys, roles, colours or attributes.
    public static func load(path: String) throws -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "no such file"
            throw ThemeError(file: path, message: "cannot read the theme: \(reason)")
        }
        return try parse(text, file: path)
    }

    /// Parses theme YAML; `file` names the source in errors. A file without
    /// `name` takes its base name.
    public static func parse(_ text: String, file: String) throws -> Theme {
        let documents: [YAMLNode]
        do {
            documents = try YAML.parse(text, file: file)
        } catch let error as YAMLError {
            var message = error.message
            if text.range(of: #"\b(fg|bg)\s*:\s*#"#, options: .regularExpression) != nil {
                message += " (an unquoted # starts a comment: write colours in quotes, fg: \"#ff8700\")"
            }
            throw ThemeError(file: file, mark: error.mark, message: message)
        }
        guard let root = documents.first, case .mapping(let pairs) = root.kind else {
            let mark = documents.first?.mark
            throw ThemeError(file: file, mark: mark, message: "a theme is a mapping with `name` and `colors:` (see Themes/default.yaml)")
        }
        let fallbackName = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var theme = Theme(name: fallbackName, background: .dark, styles: [:])
        var seen: Set<String> = []
        for pair in pairs {
            let key = try scalarKey(pair.key, file: file, field: nil)
            guard seen.insert(key).inserted else {
                throw ThemeError(file: file, mark: pair.key.mark, field: key, message: "appears twice; keep one")
            }
            switch key {
            case "name":
                guard let name = pair.value.scalar, !name.isEmpty else {
                    throw ThemeError(file: file, mark: pair.value.mark, field: "name", message: "must be a non-empty string")
                }
                theme.name = name
            case "background":
                guard let value = pair.value.scalar, let background = ThemeBackground(rawValue: value.lowercased()) else {
                    throw ThemeError(file: file, mark: pair.value.mark, field: "background",
                                     message: "unknown background '\(pair.value.scalar ?? "")' (use dark or light)")
                }
                theme.background = background
            case "colors":
                theme.styles = try parseColors(pair.value, file: file)
            default:
                throw ThemeError(file: file, mark: pair.key.mark, field: key,
                                 message: "unknown key (a theme has name, background and colors)")
            }
        }
        return theme
    }

    private static func parseColors(_ node: YAMLNode, file: String) throws -> [StyleRole: ThemeStyle] {
        if case .scalar(let text, _) = node.kind, text.isEmpty || text == "~" || text == "null" { return [:] }
        guard case .mapping(let pairs) = node.kind else {
            throw ThemeError(file: file, mark: node.mark, field: "colors", message: "must map role names to {fg, bg, attrs}")
        }
        var styles: [StyleRole: ThemeStyle] = [:]
        for pair in pairs {
            let name = try scalarKey(pair.key, file: file, field: "colors")
            guard let role = StyleRole(rawValue: name) else {
                let known = StyleRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(file: file, mark: pair.key.mark, field: "colors.\(name)",
                                 message: "unknown role (roles: \(known))")
            }
            guard styles[role] == nil else {
                throw ThemeError(file: file, mark: pair.key.mark, field: "colors.\(name)", message: "appears twice; keep one")
            }
            styles[role] = try parseStyle(pair.value, file: file, field: "colors.\(name)")
        }
        return styles
    }

    /// A role's value: a colour scalar (the foreground) or {fg, bg, attrs}.
    private static func parseStyle(_ node: YAMLNode, file: String, field: String) throws -> ThemeStyle {
        switch node.kind {
        case .scalar:
            return ThemeStyle(fg: try parseColor(node, file: file, field: field + ".fg"))
        case .sequence:
            throw ThemeError(file: file, mark: node.mark, field: field, message: "must be a colour or {fg, bg, attrs}")
        case .mapping(let pairs):
            var style = ThemeStyle()
            for pair in pairs {
                let key = try scalarKey(pair.key, file: file, field: field)
                switch key {
                case "fg": style.fg = try parseColor(pair.value, file: file, field: "\(field).fg")
                case "bg": style.bg = try parseColor(pair.value, file: file, field: "\(field).bg")
                case "attrs": try parseAttributes(pair.value, into: &style, file: file, field: "\(field).attrs")
                default:
                    throw ThemeError(file: file, mark: pair.key.mark, field: "\(field).\(key)", message: "unknown field (use fg, bg, attrs)")
                }
            }
            return style
        }
    }

    private static func parseColor(_ node: YAMLNode, file: String, field: String) throws -> ThemeColor {
        guard case .scalar(let text, let style) = node.kind else {
            throw ThemeError(file: file, mark: node.mark, field: field, message: "must be a single colour")
        }
        if style == .plain, text.isEmpty || text == "~" || text.lowercased() == "null" {
            throw ThemeError(file: file, mark: node.mark, field: field,
                             message: "missing colour (write #rrggbb in quotes: \"#ff8700\"; an unquoted # starts a comment)")
        }
        guard let color = ThemeColor.parse(text) else {
            throw ThemeError(file: file, mark: node.mark, field: field,
                             message: "unknown colour '\(text)' (use one of the 16 names, default, 0..255 or #rrggbb)")
        }
        return color
    }

    private static func parseAttributes(_ node: YAMLNode, into style: inout ThemeStyle, file: String, field: String) throws {
        var words: [(String, SourceMark)] = []
        switch node.kind {
        case .scalar(let text, _):
            for part in text.split(separator: ",") {
                let word = part.trimmingCharacters(in: .whitespaces)
                if !word.isEmpty { words.append((word, node.mark)) }
            }
        case .sequence(let items):
            for item in items {
                guard let word = item.scalar else {
                    throw ThemeError(file: file, mark: item.mark, field: field, message: "must be a list of attribute names")
                }
                words.append((word, item.mark))
            }
        case .mapping:
            throw ThemeError(file: file, mark: node.mark, field: field, message: "must be a list or a comma-separated string")
        }
        for (word, mark) in words {
            switch word.lowercased() {
            case "bold": style.bold = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "dim": style.dim = true
            default:
                throw ThemeError(file: file, mark: mark, field: field,
                                 message: "unknown attribute '\(word)' (use \(ThemeStyle.attributeNames.joined(separator: ", ")))")
            }
        }
    }

    private static func scalarKey(_ node: YAMLNode, file: String, field: String?) throws -> String {
        guard let key = node.scalar else {
            throw ThemeError(file: file, mark: node.mark, field: field, message: "keys must be plain names")
        }
        return key
    }
}
