/// Where a key binding works: the whole console, a pane, or a view or prompt
/// inside one. The order of the cases is the order of README's key section.
public enum KeyScope: String, Sendable, CaseIterable, Hashable {
    case everywhere, commandLine, help, messages
    case nodes, nodeDetail, headroomPicker, layerChoice, nodeConfirm, nodeEditor
    case services, serviceDetail, logs, logsPrompt, logsPicker, manifests, serviceConfirm, serviceJob
    case templates, templateProblems, deployForm, deployDiscard, deployPreview, deployConfirm, deployProgress
    case images, imageTags, imageDetail, imageConfirm, imageDeleting
    case training, epochTable
    case resources, resourceDescribe, resourceYAML, resourceConfirm, resourcePrompt, contexts

    /// The heading of the scope in README and in the `?` overlay.
    public var title: String {
        switch self {
        case .everywhere: "Everywhere"
        case .commandLine: "Command line (`:`)"
        case .help: "Help (`?`)"
        case .messages: "Message history (`!`)"
        case .nodes: "Nodes"
        case .nodeDetail: "Node detail"
        case .headroomPicker: "Nodes: headroom template picker"
        case .layerChoice: "Nodes: dedicate to which layer"
        case .nodeConfirm: "Nodes: y/N before a node change"
        case .nodeEditor: "Nodes: label and taint editor (`e`)"
        case .services: "Services"
        case .serviceDetail: "Service detail"
        case .logs: "Logs"
        case .logsPrompt: "Logs: search and save prompts"
        case .logsPicker: "Logs: pod and container picker"
        case .manifests: "Manifests (`y`)"
        case .serviceConfirm: "Services: y/N before an action"
        case .serviceJob: "Services: an action's progress"
        case .templates: "Templates"
        case .templateProblems: "Templates: problems (`p`)"
        case .deployForm: "Deploy and upgrade form"
        case .deployDiscard: "Form: discard the typed values?"
        case .deployPreview: "Deploy preview"
        case .deployConfirm: "Deploy: y/N"
        case .deployProgress: "Deploy: progress"
        case .images: "Images"
        case .imageTags: "Images: a repository's tags"
        case .imageDetail: "Images: a tag's detail"
        case .imageConfirm: "Images: y/N before a delete"
        case .imageDeleting: "Images: a delete's progress"
        case .training: "Training"
        case .epochTable: "Training: epoch table"
        case .resources: "Resources (`:po`, `:deploy`, `:svc`, `:ns`, …)"
        case .resourceDescribe: "Resources: describe (`d`)"
        case .resourceYAML: "Resources: YAML (`y`)"
        case .resourceConfirm: "Resources: y/N before an action"
        case .resourcePrompt: "Resources: replicas prompt (`s`)"
        case .contexts: "Contexts (`:ctx`)"
        }
    }
}

/// One row of the console's key table: the keys, what they do, where, and
/// how they show. `ConsoleReference.keys` holds them all; the panes' status
/// hints, the `?` overlay and README's key section are all read from it.
public struct KeyBinding: Sendable, Hashable {
    public var scope: KeyScope
    /// How the keys are written ("j/k ↑/↓", "Ctrl-D").
    public var keys: String
    /// What they do. `{verb}` stands for the action of the view ("deploy" or "upgrade").
    public var action: String
    /// What they do in read-only mode when that differs; nil keeps `action`.
    public var readOnlyAction: String?
    /// A shorter wording for the status line's hints; nil keeps `action`.
    public var short: String?
    /// Changes the cluster: hidden (and refused) in read-only mode.
    public var mutates: Bool
    /// Shown in the status line's short hints, not only under `?`.
    public var hint: Bool
    /// Listed only while the view says this condition holds (e.g. "problems").
    public var condition: String?
    /// In the status line only while the view says this condition holds (always under `?`).
    public var hintCondition: String?

    public init(_ scope: KeyScope, _ keys: String, _ action: String, readOnly readOnlyAction: String? = nil, short: String? = nil,
                mutates: Bool = false, hint: Bool = true, when condition: String? = nil, hintWhen hintCondition: String? = nil) {
        self.scope = scope
        self.keys = keys
        self.action = action
        self.readOnlyAction = readOnlyAction
        self.short = short
        self.mutates = mutates
        self.hint = hint
        self.condition = condition
        self.hintCondition = hintCondition
    }

    /// The binding as a pane's key help, for `verb` and the mode; `holds` answers the conditions.
    func keyHelp(readOnly: Bool, verb: String, holds: (String) -> Bool) -> KeyHelp {
        func fill(_ text: String) -> String { text.replacingOccurrences(of: "{verb}", with: verb) }
        let text = fill(readOnly ? readOnlyAction ?? action : action)
        let shortText = readOnly && readOnlyAction != nil ? nil : short.map(fill)
        return KeyHelp(keys, text, mutates: mutates, hint: hint && (hintCondition.map(holds) ?? true), short: shortText)
    }
}
