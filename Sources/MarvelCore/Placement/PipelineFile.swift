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
/// must not name the instance itself nor form a cycle. Errors name file:line:col.
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

    /// A pipeline file's text: at most the YAML size limit (plus one byte, so the parser
    /// names the limit), UTF-8.
    public static func readText(_ file: String) throws(PlacementError) -> String {
        let bytes: [UInt8]
        do {
            bytes = try LocalFile.read(file, limit: YAMLLimits().maxBytes + 1)
        } catch {
            throw .pipeline(file: file, mark: nil, problem: "cannot read the pipeline file (\(error.detail)) — check the path")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .pipeline(file: file, mark: nil, problem: "the pipeline file is not UTF-8 text — save it as UTF-8")
        }
        return text
    }

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
        var references: [[Reference]] = []
        for item in items {
            let (entry, refs) = try readEntry(item, file: file)
            if entries.contains(where: { $0.name == entry.name }) {
                throw .pipeline(file: file, mark: item.mark, problem: "instance name \(entry.name) is used twice; give each a distinct name")
            }
            entries.append(entry)
            references.append(refs)
        }
        try checkReferences(entries, references, file: file)
        return PipelineFile(file: file, entries: entries)
    }

    /// One instance name in a rule, where it was written.
    struct Reference {
        var rule: String
        var name: String
        var mark: SourceMark
        /// colocate-with and same-site-as make the named instance go first.
        var ordersPlacement: Bool { rule != "anti-affinity" }
    }

    /// Every name must be an instance of the file; colocate-with and same-site-as may not
    /// name the instance itself (it trivially shares its own nodes and site) nor form a
    /// cycle (each names instances that must be placed before it).
    static func checkReferences(_ entries: [Entry], _ references: [[Reference]], file: String) throws(PlacementError) {
        let names = entries.map(\.name)
        let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for (e, refs) in references.enumerated() {
            for ref in refs {
                guard index[ref.name] != nil else {
                    throw .pipeline(
                        file: file, mark: ref.mark,
                        problem: "\(names[e]) refers to \(ref.name), which is not an instance of this file (\(names.sorted().joined(separator: ", ")))")
                }
                if ref.ordersPlacement, ref.name == names[e] {
                    throw .pipeline(
                        file: file, mark: ref.mark,
                        problem: "\(names[e]) lists itself in \(ref.rule); an instance always shares its own nodes and site — remove it (anti-affinity: [\(names[e])] keeps its pods on separate nodes)")
                }
            }
        }
        // Depth-first search for a cycle of ordering rules; report the rule that closes it.
        var state = [Int](repeating: 0, count: entries.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ e: Int) throws(PlacementError) {
            state[e] = 1
            path.append(e)
            for ref in references[e] where ref.ordersPlacement {
                guard let d = index[ref.name] else { continue }
                if state[d] == 1 {
                    let cycle = (path.drop(while: { $0 != d }) + [d]).map { names[$0] }
                    throw .pipeline(
                        file: file, mark: ref.mark,
                        problem: "colocate-with/same-site-as rules form a cycle (\(cycle.joined(separator: " → "))): each waits for the other to be placed — remove one of these rules")
                }
                if state[d] == 0 { try visit(d) }
            }
            path.removeLast()
            state[e] = 2
        }
        for e in entries.indices where state[e] == 0 { try visit(e) }
    }

    static func readEntry(_ node: YAMLNode, file: String) throws(PlacementError) -> (Entry, [Reference]) {
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
        let colocate = try names(node["colocate-with"], rule: "colocate-with", file: file)
        let sameSite = try names(node["same-site-as"], rule: "same-site-as", file: file)
        let avoid = try names(node["anti-affinity"], rule: "anti-affinity", file: file)
        entry.colocateWith = colocate.map(\.name)
        entry.sameSiteAs = sameSite.map(\.name)
        entry.antiAffinity = avoid.map(\.name)
        return (entry, colocate + sameSite + avoid)
    }

    static func names(_ node: YAMLNode?, rule: String, file: String) throws(PlacementError) -> [Reference] {
        guard let node else { return [] }
        switch node.kind {
        case .scalar(let s, _): return s.isEmpty ? [] : [Reference(rule: rule, name: s, mark: node.mark)]
        case .sequence(let items):
            var out: [Reference] = []
            for i in items {
                guard let s = i.scalar else { throw .pipeline(file: file, mark: i.mark, problem: "expected an instance name") }
                out.append(Reference(rule: rule, name: s, mark: i.mark))
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
