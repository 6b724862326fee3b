/// Reads a sweep file (`marvdash dynhp sweep FILE`): flag sets of `dynhp train`, each run
/// as one Job of the DynHP training template.
///
/// ```yaml
/// name: lambda-alpha        # the sweep (a DNS label; default: the file name up to its first dot)
/// base:                     # flags every run shares (dynhp train's flags without "--")
///   epochs: 40
///   lr-schedule: cosine
/// grid:                     # every combination of these values …
///   lambda: [0.1, 0.3]
///   alpha-bs: [0.988, 0.989]
/// runs:                     # … and/or a list of flag sets (with grid: each run × the grid)
/// - {mode: hp}
/// - {mode: dynhp, lr-batch-scaling: linear}
/// ```
/// A file that is only a list is a `runs` list. Errors name file:line:col.
public enum SweepFile {
    /// At most this many runs per sweep.
    public static let maxRuns = 100
    static let keys = ["name", "base", "grid", "runs"]

    /// Parses `text`; `file` names it in errors and gives the default sweep name.
    public static func parse(_ text: String, file: String) throws(SweepFileError) -> SweepPlan {
        let documents: [YAMLNode]
        do {
            documents = try YAML.parse(text, file: file)
        } catch let e as YAMLError {
            throw SweepFileError(file: file, mark: e.mark, problem: e.message)
        } catch {
            throw SweepFileError(file: file, mark: nil, problem: "\(error)")
        }
        guard let root = documents.first, !isNull(root) else {
            throw SweepFileError(file: file, mark: nil, problem: "the file is empty; give `grid:` or `runs:` with dynhp train flags")
        }
        var name = defaultName(file)
        var base: [SweepPlan.Setting] = []
        var grid: [(flag: String, values: [SweepPlan.Setting])] = []
        var runNodes: [YAMLNode] = []
        switch root.kind {
        case .sequence(let items): runNodes = items
        case .mapping(let pairs):
            for p in pairs where !keys.contains(p.key.scalar ?? "") {
                throw SweepFileError(file: file, mark: p.key.mark, problem: "unknown key '\(p.key.scalar ?? "?")' (use \(keys.joined(separator: ", ")))")
            }
            if let n = root["name"] {
                guard let text = n.scalar, isName(text) else {
                    throw SweepFileError(file: file, mark: n.mark, problem: "name must be lowercase letters, digits and '-' (at most 40, starting with a letter), e.g. lambda-alpha")
                }
                name = text
            }
            if let b = root["base"] { base = try settings(b, file: file, what: "base") }
            if let g = root["grid"] { grid = try gridAxes(g, file: file) }
            if let r = root["runs"] {
                guard case .sequence(let items) = r.kind else {
                    throw SweepFileError(file: file, mark: r.mark, problem: "runs must be a list of flag sets, e.g. - {mode: hp, lambda: 0.3}")
                }
                runNodes = items
            }
            if root["grid"] == nil && root["runs"] == nil {
                throw SweepFileError(file: file, mark: root.mark, problem: "no runs: give `grid:` (flag: [values]) or `runs:` (a list of flag sets)")
            }
        case .scalar:
            throw SweepFileError(file: file, mark: root.mark, problem: "expected a mapping with grid/runs or a list of flag sets")
        }
        guard isName(name) else {
            throw SweepFileError(file: file, mark: nil, problem: "the file name gives the sweep name '\(name)', which is not a DNS label; set `name:` in the file")
        }
        var entries: [[SweepPlan.Setting]] = []
        for node in runNodes { entries.append(try settings(node, file: file, what: "each run")) }
        if entries.isEmpty { entries = [[]] }
        var combined: [[SweepPlan.Setting]] = []
        for entry in entries {
            for g in grid {
                if let clash = entry.first(where: { $0.flag == g.flag }) {
                    throw SweepFileError(file: file, mark: clash.mark, problem: "\(g.flag) is set both in this run and in grid; set it in one place")
                }
            }
            var products: [[SweepPlan.Setting]] = [entry]
            for axis in grid { products = products.flatMap { p in axis.values.map { p + [$0] } } }
            combined += products
            guard combined.count <= maxRuns else {
                throw SweepFileError(file: file, mark: root.mark, problem: "the sweep has more than \(maxRuns) runs; split it into several files")
            }
        }
        let runs = combined.enumerated().map { i, own in
            let merged = base.filter { b in !own.contains { $0.flag == b.flag } } + own
            return SweepPlan.Run(index: i + 1, instance: "\(name)-\(i + 1)", flags: merged)
        }
        return SweepPlan(file: file, name: name, runs: runs)
    }

    /// The file name up to its first dot ("lambda.sweep.yaml" → "lambda").
    static func defaultName(_ file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        return String(base.split(separator: ".").first ?? "sweep").lowercased()
    }

    /// A DNS label short enough for "<name>-<index>" and the Job's pods.
    static func isName(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter, text.count <= 40, text.last != "-" else { return false }
        return text.allSatisfy { ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }
    }

    private static func isNull(_ node: YAMLNode) -> Bool {
        if case .scalar(let s, .plain) = node.kind { return s.isEmpty || s == "~" || s == "null" }
        return false
    }

    /// A mapping of flags to single values.
    static func settings(_ node: YAMLNode, file: String, what: String) throws(SweepFileError) -> [SweepPlan.Setting] {
        guard case .mapping(let pairs) = node.kind else {
            throw SweepFileError(file: file, mark: node.mark, problem: "\(what) must be a mapping of dynhp train flags to values, e.g. {lambda: 0.3}")
        }
        var out: [SweepPlan.Setting] = []
        for p in pairs {
            let flag = try flagName(p.key, file: file)
            guard let value = p.value.scalar else {
                throw SweepFileError(file: file, mark: p.value.mark, problem: "--\(flag) takes one value here; list several values under `grid:`")
            }
            if out.contains(where: { $0.flag == flag }) {
                throw SweepFileError(file: file, mark: p.key.mark, problem: "--\(flag) is set twice")
            }
            out.append(SweepPlan.Setting(flag: flag, value: value, mark: p.value.mark))
        }
        return out
    }

    /// `grid:`: each flag with a list of values (a single value is a list of one).
    static func gridAxes(_ node: YAMLNode, file: String) throws(SweepFileError) -> [(flag: String, values: [SweepPlan.Setting])] {
        guard case .mapping(let pairs) = node.kind else {
            throw SweepFileError(file: file, mark: node.mark, problem: "grid must map flags to lists of values, e.g. lambda: [0.1, 0.3]")
        }
        var axes: [(flag: String, values: [SweepPlan.Setting])] = []
        for p in pairs {
            let flag = try flagName(p.key, file: file)
            var values: [SweepPlan.Setting] = []
            switch p.value.kind {
            case .scalar(let s, _): values = [SweepPlan.Setting(flag: flag, value: s, mark: p.value.mark)]
            case .sequence(let items):
                for item in items {
                    guard let s = item.scalar else {
                        throw SweepFileError(file: file, mark: item.mark, problem: "each value of --\(flag) must be a single scalar")
                    }
                    values.append(SweepPlan.Setting(flag: flag, value: s, mark: item.mark))
                }
            case .mapping:
                throw SweepFileError(file: file, mark: p.value.mark, problem: "--\(flag) needs a list of values, e.g. [0.1, 0.3]")
            }
            guard !values.isEmpty else { throw SweepFileError(file: file, mark: p.value.mark, problem: "--\(flag) has no values") }
            if axes.contains(where: { $0.flag == flag }) {
                throw SweepFileError(file: file, mark: p.key.mark, problem: "--\(flag) is in grid twice")
            }
            axes.append((flag, values))
        }
        return axes
    }

    private static func flagName(_ key: YAMLNode, file: String) throws(SweepFileError) -> String {
        var flag = key.scalar ?? ""
        if flag.hasPrefix("--") { flag.removeFirst(2) }
        guard SweepFlags.variable(of: flag) != nil else {
            throw SweepFileError(file: file, mark: key.mark, problem: "'\(key.scalar ?? "?")' is not a flag a sweep can set (use \(SweepFlags.names))")
        }
        return flag
    }
}
