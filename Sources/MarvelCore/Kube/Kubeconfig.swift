/// One or more kubeconfig files merged the kubectl way: clusters, users and
/// contexts by name with the first file to define a name winning, and the
/// current-context from the first file that sets it. Entries keep their
/// source file and YAML marks so errors can point at them.
public struct Kubeconfig: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A named cluster, user or context entry and where it was written.
    struct Entry: Sendable {
        var name: String
        /// The `cluster:` / `user:` / `context:` mapping (nil when absent or null).
        var body: YAMLNode?
        /// Where the list item starts.
        var location: ConfigLocation
        var file: String
    }

    var clusters: [String: Entry] = [:]
    var users: [String: Entry] = [:]
    var contexts: [String: Entry] = [:]
    /// The files that were read, in order.
    public private(set) var files: [String] = []
    /// Context names in the order they were first defined.
    public private(set) var contextNames: [String] = []
    /// The first non-empty current-context.
    public private(set) var currentContext: String?

    public init() {}

    /// Cluster and user names defined, sorted.
    public var clusterNames: [String] { clusters.keys.sorted() }
    public var userNames: [String] { users.keys.sorted() }

    /// The files joined for messages ("/a/config:/b/config").
    public var sourceDescription: String { files.joined(separator: ":") }

    /// Files, context names and the current context: never a user entry, which may hold a token or key.
    public var description: String {
        let current = currentContext.map { ", current \($0)" } ?? ""
        return "kubeconfig \(sourceDescription) (contexts: \(contextNames.joined(separator: ", "))\(current))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }

    /// Merges another file's text into this configuration (values already set win).
    public mutating func merge(text: String, file: String) throws(KubeconfigError) {
        let docs: [YAMLNode]
        do {
            docs = try YAML.parse(text, file: file)
        } catch let e as YAMLError {
            throw .syntax(e)
        } catch {
            throw .unreadable(path: file, detail: "\(error)")
        }
        files.append(file)
        guard let root = docs.first else { return }
        if case .scalar(_, _) = root.kind, root.scalar?.isEmpty ?? true || root.scalar == "null" || root.scalar == "~" {
            return  // an empty file
        }
        guard case .mapping = root.kind else {
            throw .invalidField(
                at: ConfigLocation(file: file, mark: root.mark), field: "the document",
                problem: "is not a mapping; a kubeconfig has apiVersion, kind, clusters, users and contexts")
        }
        if currentContext == nil, let cc = root["current-context"]?.scalar, !cc.isEmpty {
            currentContext = cc
        }
        try mergeList(root, key: "clusters", body: "cluster", file: file, into: &clusters)
        try mergeList(root, key: "users", body: "user", file: file, into: &users)
        var order: [String] = []
        try mergeList(root, key: "contexts", body: "context", file: file, into: &contexts, newNames: &order)
        contextNames += order
    }

    private func mergeList(
        _ root: YAMLNode, key: String, body: String, file: String, into: inout [String: Entry]
    ) throws(KubeconfigError) {
        var ignored: [String] = []
        try mergeList(root, key: key, body: body, file: file, into: &into, newNames: &ignored)
    }

    private func mergeList(
        _ root: YAMLNode, key: String, body: String, file: String, into: inout [String: Entry], newNames: inout [String]
    ) throws(KubeconfigError) {
        guard let list = root[key] else { return }
        let items: [YAMLNode]
        switch list.kind {
        case .sequence(let s): items = s
        case .scalar(let s, _) where s.isEmpty || s == "null" || s == "~": return
        default:
            throw .invalidField(at: ConfigLocation(file: file, mark: list.mark), field: key, problem: "must be a list of {name, \(body)} entries")
        }
        for item in items {
            let at = ConfigLocation(file: file, mark: item.mark)
            guard case .mapping = item.kind else {
                throw .invalidField(at: at, field: "\(key) entry", problem: "must be a mapping with name and \(body)")
            }
            guard let name = item["name"]?.scalar, !name.isEmpty else {
                throw .invalidField(at: at, field: "\(key) entry", problem: "has no name")
            }
            if into[name] != nil { continue }  // the first definition wins
            var bodyNode = item[body]
            if let b = bodyNode {
                switch b.kind {
                case .mapping: break
                case .scalar(let s, _) where s.isEmpty || s == "null" || s == "~": bodyNode = nil
                default:
                    throw .invalidField(
                        at: ConfigLocation(file: file, mark: b.mark), field: "\(key)[\(name)].\(body)", problem: "must be a mapping")
                }
            }
            into[name] = Entry(name: name, body: bodyNode, location: at, file: file)
            newNames.append(name)
        }
    }
}
