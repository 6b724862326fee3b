/// A pipeline file: several template instances placed together (`marvdash plan FILE`).
///
/// ```yaml
/// instances:                 # (or the list alone, at the top level)
/// - template: audioanony     # template id (required)
///   name: anony-grn          # instance name (default: the template id); unique
///   set: {LANG: en}          # variable values, as --set
///   layer: edge              # overrides the template's required layer (edge|fog|cloud)
///   site: GRN                # the pilot site its pods must run at
///   tolerate: [Layer=GRNEDGE1:NoSchedule]   # taints of dedicated nodes it may use
/// - template: sed
///   name: sed-grn
///   layer: fog
///   same-site-as: anony-grn  # a site where each named instance runs (name or list)
///   colocate-with: []        # a node that holds a pod of each named instance
///   anti-affinity: [sed-grn] # never a node with a pod of these (its own name: one pod per node)
/// - template: kafka
/// ```
/// Instances named by a rule must be in the file; colocate-with/same-site-as
/// must not form a cycle. Errors name file:line:col.
public struct PipelineFile: Sendable {
    /// One instance of the pipeline.
    public struct Entry: Sendable, Hashable {
        public var template: String
        public var name: String
        public var values: [String: String]
        public var layer: Layer?
        public var site: String?
        public var colocateWith: [String]
        public var sameSiteAs: [String]
        public var antiAffinity: [String]
        /// Taints this instance tolerates, on top of the template's (KEY[=VALUE][:EFFECT]).
        public var tolerate: [PlacementToleration] = []
        public var mark: SourceMark

        public init(
            template: String, name: String, values: [String: String] = [:], layer: Layer? = nil, site: String? = nil,
            colocateWith: [String] = [], sameSiteAs: [String] = [], antiAffinity: [String] = [], mark: SourceMark = SourceMark(line: 1, column: 1)
        ) {
            self.template = template
            self.name = name
            self.values = values
            self.layer = layer
            self.site = site
            self.colocateWith = colocateWith
            self.sameSiteAs = sameSiteAs
            self.antiAffinity = antiAffinity
            self.mark = mark
        }
    }

    public var file: String
    public var entries: [Entry]

    static let keys = ["template", "name", "set", "layer", "site", "tolerate", "colocate-with", "same-site-as", "anti-affinity"]

    /// Parses a pipeline text; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(PlacementError) -> PipelineFile {
        let documents: [YAMLNode]
        do {
            documents = try YAML.parse(text, file: file)
        } catch let e as YAMLError {
            throw .pipeline(file: file, mark: e.mark, problem: e.message)
        } catch {
            throw .pipeline(file: file, mark: nil, problem: "\(error)")
        }
        guard let root = documents.first else { throw .pipeline(file: file, mark: nil, problem: "the file is empty; list instances under `instances:`") }
        var list = root
        if case .mapping = root.kind {
            guard let instances = root["instances"] else {
                throw .pipeline(file: file, mark: root.mark, problem: "expected `instances:` with a list of {template, name, …}")
            }
            list = instances
        }
        guard case .sequence(let items) = list.kind else {
            throw .pipeline(file: file, mark: list.mark, problem: "instances must be a list of {template, name, …}")
        }
        var entries: [Entry] = []
        for item in items {
            let entry = try readEntry(item, file: file)
            if entries.contains(where: { $0.name == entry.name }) {
                throw .pipeline(file: file, mark: item.mark, problem: "instance name \(entry.name) is used twice; give each a distinct name")
            }
            entries.append(entry)
        }
        let names = Set(entries.map(\.name))
        for e in entries {
            for ref in e.colocateWith + e.sameSiteAs + e.antiAffinity where !names.contains(ref) {
                throw .pipeline(
                    file: file, mark: e.mark, problem: "\(e.name) refers to \(ref), which is not an instance of this file (\(names.sorted().joined(separator: ", ")))")
            }
        }
        return PipelineFile(file: file, entries: entries)
    }

    static func readEntry(_ node: YAMLNode, file: String) throws(PlacementError) -> Entry {
        guard case .mapping(let pairs) = node.kind else {
            throw .pipeline(file: file, mark: node.mark, problem: "each instance must be a mapping with at least `template:`")
        }
        for p in pairs where !keys.contains(p.key.scalar ?? "") {
            throw .pipeline(file: file, mark: p.key.mark, problem: "unknown key '\(p.key.scalar ?? "?")' (use \(keys.joined(separator: ", ")))")
        }
        guard let template = node["template"]?.scalar, !template.isEmpty else {
            throw .pipeline(file: file, mark: node.mark, problem: "missing `template:` (a template id, see `marvdash templates`)")
        }
        var entry = Entry(template: template, name: node["name"]?.scalar ?? template, mark: node.mark)
        if let set = node["set"] {
            guard case .mapping(let values) = set.kind else { throw .pipeline(file: file, mark: set.mark, problem: "`set` must be a mapping NAME: value") }
            for v in values {
                guard let k = v.key.scalar, let value = v.value.scalar else {
                    throw .pipeline(file: file, mark: v.key.mark, problem: "each value of `set` must be a single scalar (NAME: value)")
                }
                entry.values[k] = value
            }
        }
        if let layerNode = node["layer"] {
            guard let text = layerNode.scalar, let layer = Layer(rawValue: text.lowercased()), layer != .unassigned else {
                throw .pipeline(file: file, mark: layerNode.mark, problem: "layer must be edge, fog or cloud")
            }
            entry.layer = layer
        }
        entry.site = node["site"]?.scalar
        if let tolerate = node["tolerate"] {
            let items: [YAMLNode]
            switch tolerate.kind {
            case .sequence(let list): items = list
            case .scalar: items = [tolerate]
            case .mapping: throw .pipeline(file: file, mark: tolerate.mark, problem: "tolerate must be a list of KEY[=VALUE][:EFFECT]")
            }
            for item in items {
                guard let text = item.scalar else {
                    throw .pipeline(file: file, mark: item.mark, problem: "tolerate must be a list of KEY[=VALUE][:EFFECT]")
                }
                do { entry.tolerate += try PlacementToleration.parseList(text) } catch {
                    throw .pipeline(file: file, mark: item.mark, problem: error.description)
                }
            }
        }
        entry.colocateWith = try names(node["colocate-with"], file: file)
        entry.sameSiteAs = try names(node["same-site-as"], file: file)
        entry.antiAffinity = try names(node["anti-affinity"], file: file)
        return entry
    }

    static func names(_ node: YAMLNode?, file: String) throws(PlacementError) -> [String] {
        guard let node else { return [] }
        switch node.kind {
        case .scalar(let s, _): return s.isEmpty ? [] : [s]
        case .sequence(let items):
            var out: [String] = []
            for i in items {
                guard let s = i.scalar else { throw .pipeline(file: file, mark: i.mark, problem: "expected an instance name") }
                out.append(s)
            }
            return out
        case .mapping: throw .pipeline(file: file, mark: node.mark, problem: "expected an instance name or a list of them")
        }
    }

    /// The plan's components: each entry's template rendered (values plus NAME) by
    /// `render`, its workloads prepared by `placer`, with the entry's layer and site
    /// overriding the template's and its rules attached.
    public func components(
        placer: TemplatePlacer, snapshot: PlacementSnapshot,
        render: (Entry) throws -> (manifests: [JSONValue], rules: TemplatePlacement?)
    ) throws -> [PlanComponent] {
        var out: [PlanComponent] = []
        for entry in entries {
            let (manifests, templateRules) = try render(entry)
            var rules = templateRules ?? TemplatePlacement()
            if let layer = entry.layer { rules.layer = layer }
            if let site = entry.site { rules.site = site }
            for t in entry.tolerate where !rules.tolerate.contains(t) { rules.tolerate.append(t) }
            let components = try placer.components(manifests, rules: rules, snapshot: snapshot)
            if components.isEmpty {
                throw PlacementError.pipeline(file: file, mark: entry.mark, problem: "template \(entry.template) has no workload to place")
            }
            for c in components {
                var c = c
                c.name = "\(entry.name):\(c.name)"
                out.append(
                    PlanComponent(c, group: entry.name, colocateWith: entry.colocateWith, sameSiteAs: entry.sameSiteAs, antiAffinity: entry.antiAffinity))
            }
        }
        return out
    }
}
