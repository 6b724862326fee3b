import MarvelCore

/// The instances of the namespace a new instance goes to, as the last poll saw
/// them: the form says a name clash or a singleton conflict as the name is
/// typed, in the words the deploy itself would use, before any confirmation.
public struct TakenNames: Sendable, Hashable {
    /// Instance name → its template id.
    public var templates: [String: String]
    public var namespace: String
    /// The template being deployed, and whether it allows one instance only.
    public var templateID: String
    public var singleton: Bool

    public init(templates: [String: String], namespace: String, templateID: String, singleton: Bool) {
        self.templates = templates
        self.namespace = namespace
        self.templateID = templateID
        self.singleton = singleton
    }

    /// The polled instances of `namespace` for a new instance of `template`.
    public init(_ state: ServicesState, namespace: String, template: Template) {
        var templates: [String: String] = [:]
        for status in state.statuses where status.instance.namespace == namespace {
            templates[status.instance.name] = status.instance.templateID
        }
        self.init(templates: templates, namespace: namespace, templateID: template.id, singleton: template.singleton)
    }

    /// Why `name` cannot be used, nil when it can.
    public func problem(name: String) -> String? {
        if let other = templates[name] {
            return DeployError.nameTaken(name: name, namespace: namespace, template: other).description
        }
        if singleton, let existing = templates.filter({ $0.value == templateID }).keys.sorted().first {
            return DeployError.singleton(template: templateID, existing: existing, namespace: namespace).description
        }
        return nil
    }
}
