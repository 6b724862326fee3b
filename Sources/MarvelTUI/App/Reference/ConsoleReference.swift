/// The console's one table of keys and `:` commands (with their aliases).
/// The status-line hints and the `?` overlay of every view, README's key and
/// command section (checked by a test) and the command line's completion all
/// read it, so none of them can drift from what the console does. Adding a
/// key is one row here plus its handling in the view; adding a command is one
/// `ConsoleCommandSpec` in `commands` with its handler.
public enum ConsoleReference {
    /// Every key of the console, by scope.
    public static let keys: [KeyBinding] = [
        KeyBinding(.everywhere, "1–6", "switch pane: Nodes, Services, Templates, Images, Training, Resources (the last resource view)"),
        KeyBinding(.everywhere, "Tab / Shift-Tab", "next / previous pane"),
        KeyBinding(.everywhere, "/", "filter the pane's list (live; Enter keeps it, Esc clears it)"),
        KeyBinding(.everywhere, ":", "command line (Tab completes, ↑/↓ history)"),
        KeyBinding(.everywhere, "Esc / q", "back: close the open view (detail, logs, manifests, help, messages); Esc also clears the filter"),
        KeyBinding(.everywhere, "q", "quit (on a pane's list)"),
        KeyBinding(.everywhere, "Ctrl-C", "quit, from anywhere"),
        KeyBinding(.everywhere, "!", "message history: every message of this session in full"),
        KeyBinding(.everywhere, "r", "refresh now (in a Deployment, StatefulSet or DaemonSet view: rollout restart)"),
        KeyBinding(.everywhere, "?", "every key of the current view"),

        KeyBinding(.commandLine, "Tab / Shift-Tab", "complete the command or its argument (again: the next / previous candidate)"),
        KeyBinding(.commandLine, "↑ / ↓", "earlier / later commands (kept across runs)"),
        KeyBinding(.commandLine, "Enter", "run the command"),
        KeyBinding(.commandLine, "Esc", "cancel"),

        KeyBinding(.help, "j/k ↑/↓ PgUp/PgDn", "scroll"),
        KeyBinding(.help, "Esc ? q", "close"),

        KeyBinding(.messages, "j/k ↑/↓ PgUp/PgDn g/G", "scroll"),
        KeyBinding(.messages, "Esc ! q", "close"),

        KeyBinding(.nodes, "j/k ↑/↓", "move"),
        KeyBinding(.nodes, "g/G Home/End", "first / last node", hint: false),
        KeyBinding(.nodes, "PgUp/PgDn", "page", hint: false),
        KeyBinding(.nodes, "Enter", "node details"),
        KeyBinding(.nodes, "Space", "fold / unfold the layer (▼ / ▶)", short: "fold"),
        KeyBinding(.nodes, "/", "filter: text in name, site, arch, status, layer, taints or labels", short: "filter"),
        KeyBinding(.nodes, "/re:REGEX", "filter by a regular expression (any case)", hint: false),
        KeyBinding(.nodes, "Esc", "clear the filter", hint: false),
        KeyBinding(.nodes, "h", "headroom: room for more of a template per layer", hint: false),
        KeyBinding(.nodes, "D", "dedicate the node to a layer (label + NoSchedule taint)", mutates: true, hint: false),
        KeyBinding(.nodes, "U", "undedicate (remove the taint, keep the label)", mutates: true, hint: false),
        KeyBinding(.nodes, "c", "cordon the node (no new pods)", mutates: true, hint: false),
        KeyBinding(.nodes, "C", "uncordon the node", mutates: true, hint: false),
        KeyBinding(.nodes, "e", "edit the node's labels and taints (any key, value and effect)", mutates: true, hint: false),

        KeyBinding(.nodeDetail, "j/k ↑/↓", "scroll"),
        KeyBinding(.nodeDetail, "PgUp/PgDn", "page", hint: false),
        KeyBinding(.nodeDetail, "g/G", "top / bottom"),
        KeyBinding(.nodeDetail, "Esc q", "back to the node list"),

        KeyBinding(.headroomPicker, "j/k ↑/↓", "move"),
        KeyBinding(.headroomPicker, "Enter", "count headroom for the template"),
        KeyBinding(.headroomPicker, "Esc", "cancel"),

        KeyBinding(.layerChoice, "e / f / c", "edge / fog / cloud", mutates: true),
        KeyBinding(.layerChoice, "Esc", "cancel"),

        KeyBinding(.nodeConfirm, "y", "make the change", mutates: true),
        KeyBinding(.nodeConfirm, "n Esc", "cancel"),

        KeyBinding(.nodeEditor, "j/k ↑/↓", "move"),
        KeyBinding(.nodeEditor, "g/G Home/End", "first / last", hint: false),
        KeyBinding(.nodeEditor, "l", "add or change a label (KEY=VALUE)", mutates: true),
        KeyBinding(.nodeEditor, "t", "add a taint (KEY[=VALUE]:EFFECT)", mutates: true),
        KeyBinding(.nodeEditor, "x Del", "remove the selected label or taint", mutates: true),
        KeyBinding(.nodeEditor, "y", "make the change (after l, t or x)", mutates: true, hint: false),
        KeyBinding(.nodeEditor, "Esc q", "back to the node list"),

        KeyBinding(.services, "j/k ↑/↓", "move"),
        KeyBinding(.services, "g/G Home/End", "first / last", hint: false),
        KeyBinding(.services, "PgUp/PgDn", "page", hint: false),
        KeyBinding(.services, "Enter d", "details"),
        KeyBinding(.services, "l", "logs"),
        KeyBinding(.services, "y", "manifests"),
        KeyBinding(.services, "u", "upgrade (form)", short: "upgrade", mutates: true),
        KeyBinding(.services, "R", "roll back (:rollback N for a given revision)", mutates: true, hint: false),
        KeyBinding(.services, "Ctrl-D", "delete (confirmed)", short: "delete", mutates: true),
        KeyBinding(.services, "/", "filter"),
        KeyBinding(.services, "Esc", "clear the filter", hint: false),

        KeyBinding(.serviceDetail, "j/k ↑/↓", "scroll"),
        KeyBinding(.serviceDetail, "PgUp/PgDn", "page", hint: false),
        KeyBinding(.serviceDetail, "g/G", "top / bottom", hint: false),
        KeyBinding(.serviceDetail, "l", "logs"),
        KeyBinding(.serviceDetail, "y", "manifests"),
        KeyBinding(.serviceDetail, "u", "upgrade", mutates: true),
        KeyBinding(.serviceDetail, "R", "roll back", mutates: true, hint: false),
        KeyBinding(.serviceDetail, "Ctrl-D", "delete", mutates: true),
        KeyBinding(.serviceDetail, "Esc q", "back to the list"),

        KeyBinding(.logs, "j/k ↑/↓ PgUp/PgDn", "scroll (up pauses)", short: "scroll"),
        KeyBinding(.logs, "G End", "newest line, follow", hint: false),
        KeyBinding(.logs, "g Home", "oldest line (pauses)", hint: false),
        KeyBinding(.logs, "f", "follow / pause", short: "follow"),
        KeyBinding(.logs, "/", "search (matches highlighted)", short: "search"),
        KeyBinding(.logs, "/re:REGEX", "search by a regular expression (any case)", hint: false),
        KeyBinding(.logs, "n / N", "next / previous match", hint: false),
        KeyBinding(.logs, "w", "wrap long lines on / off", short: "wrap"),
        KeyBinding(.logs, "← / →", "scroll sideways (wrap off)", hint: false),
        KeyBinding(.logs, "t", "timestamps on / off", short: "timestamps"),
        KeyBinding(.logs, "c", "choose the pod and container", hint: false),
        KeyBinding(.logs, "p", "previous container's logs on / off (after a restart)", hint: false),
        KeyBinding(.logs, "s", "save to a file", hint: false),
        KeyBinding(.logs, "Esc", "clear the search, else back", hint: false),
        KeyBinding(.logs, "q", "back"),

        KeyBinding(.logsPrompt, "Enter", "search / save"),
        KeyBinding(.logsPrompt, "Esc", "cancel"),

        KeyBinding(.logsPicker, "j/k ↑/↓", "move"),
        KeyBinding(.logsPicker, "Enter", "follow the chosen pod and container"),
        KeyBinding(.logsPicker, "Esc q", "cancel"),

        KeyBinding(.manifests, "j/k ↑/↓", "scroll"),
        KeyBinding(.manifests, "PgUp/PgDn", "page"),
        KeyBinding(.manifests, "g/G", "top / bottom", hint: false),
        KeyBinding(.manifests, "Esc q", "back"),

        KeyBinding(.serviceConfirm, "y", "confirm", mutates: true),
        KeyBinding(.serviceConfirm, "P", "delete and purge the instance's claims (its data)", short: "delete and purge claims", mutates: true, when: "claims"),
        KeyBinding(.serviceConfirm, "n Esc", "cancel"),

        KeyBinding(.serviceJob, "any key", "back to the list", when: "finished"),
        KeyBinding(.serviceJob, "Esc", "back (the action goes on)", when: "running"),

        KeyBinding(.templates, "j/k ↑/↓", "move"),
        KeyBinding(.templates, "g/G PgUp/PgDn", "first / last, page", hint: false),
        KeyBinding(.templates, "Enter", "deploy (form, preview, y/N)", readOnly: "form and preview", short: "deploy"),
        KeyBinding(.templates, "/", "filter"),
        KeyBinding(.templates, "p", "templates that could not be loaded, with file:line:col", short: "problems", when: "problems"),
        KeyBinding(.templates, "Esc", "clear the filter", hint: false),

        KeyBinding(.templateProblems, "j/k ↑/↓", "scroll"),
        KeyBinding(.templateProblems, "Esc p q", "back to the templates"),

        KeyBinding(.deployForm, "↑/↓ Tab", "move"),
        KeyBinding(.deployForm, "type", "edit", hint: false),
        KeyBinding(.deployForm, "Space ←/→", "choose"),
        KeyBinding(.deployForm, "j/k", "move on choice and yes/no fields", hint: false),
        KeyBinding(.deployForm, "Ctrl-R", "show / hide the focused secret", hintWhen: "secretField"),
        KeyBinding(.deployForm, "Enter", "preview"),
        KeyBinding(.deployForm, "Esc", "cancel (asks first when values were typed)", short: "cancel"),

        KeyBinding(.deployDiscard, "y", "discard the typed values and close the form"),
        KeyBinding(.deployDiscard, "n Esc", "keep editing"),

        KeyBinding(.deployPreview, "j/k ↑/↓", "scroll", when: "scrollKeys"),
        KeyBinding(.deployPreview, "↑/↓", "scroll", when: "nodePick"),
        KeyBinding(.deployPreview, "PgUp/PgDn g/G", "page, top / bottom", hint: false),
        KeyBinding(.deployPreview, "m", "placement mode: auto, layer, none, node", short: "placement mode"),
        KeyBinding(.deployPreview, "o", "placement policy: spread, pack, balanced, edge-first, usage", hint: false),
        KeyBinding(.deployPreview, "p", "placement details / manifests"),
        KeyBinding(.deployPreview, "j/k", "pick the node", when: "nodePick"),
        KeyBinding(.deployPreview, "d Enter", "{verb}", mutates: true),
        KeyBinding(.deployPreview, "Esc q", "back to the form"),

        KeyBinding(.deployConfirm, "y", "{verb}", mutates: true),
        KeyBinding(.deployConfirm, "n Esc", "don't"),

        KeyBinding(.deployProgress, "any key", "close when done"),
        KeyBinding(.deployProgress, "Esc", "close (the action goes on)"),

        KeyBinding(.images, "j/k ↑/↓", "move"),
        KeyBinding(.images, "g/G PgUp/PgDn", "first / last, page", hint: false),
        KeyBinding(.images, "Enter", "the repository's tags"),
        KeyBinding(.images, "/", "filter"),
        KeyBinding(.images, "Esc", "clear the filter", hint: false),

        KeyBinding(.imageTags, "j/k ↑/↓", "move"),
        KeyBinding(.imageTags, "Enter", "details"),
        KeyBinding(.imageTags, "Ctrl-D", "delete the tag (confirmed)", short: "delete tag", mutates: true),
        KeyBinding(.imageTags, "/", "filter"),
        KeyBinding(.imageTags, "Esc q", "back to the repositories (Esc clears a filter first)", short: "repositories"),

        KeyBinding(.imageDetail, "j/k ↑/↓", "scroll"),
        KeyBinding(.imageDetail, "PgUp/PgDn", "page", hint: false),
        KeyBinding(.imageDetail, "Ctrl-D", "delete the tag (confirmed)", short: "delete tag", mutates: true),
        KeyBinding(.imageDetail, "Esc q", "back to the tags"),

        KeyBinding(.imageConfirm, "y", "delete", mutates: true),
        KeyBinding(.imageConfirm, "n Esc", "cancel"),

        KeyBinding(.imageDeleting, "any key", "back", when: "finished"),
        KeyBinding(.imageDeleting, "Esc", "back (the delete goes on)", when: "running"),

        KeyBinding(.training, "j/k ↑/↓", "run"),
        KeyBinding(.training, "g/G", "first / last run", hint: false),
        KeyBinding(.training, "Enter t", "epoch table"),
        KeyBinding(.training, "c", "compare: overlay a second run", short: "compare"),
        KeyBinding(.training, "s", "compare the selected run's sweep: every run of it overlaid", short: "compare the sweep", hintWhen: "sweep"),
        KeyBinding(.training, "Esc", "stop comparing", hintWhen: "comparing"),
        KeyBinding(.training, "a", "compared runs: align by % of their length / by epoch", short: "align", hintWhen: "comparing"),
        KeyBinding(.training, "f", "y range: full / fitted to the epochs after the first (▲ marks a clipped point)", short: "full range"),
        KeyBinding(.training, "l", "loss on a log scale on / off", short: "log loss"),
        KeyBinding(.training, "v", "next charts (when not all fit)", hint: false),
        KeyBinding(.training, "/", "filter runs", hint: false),

        KeyBinding(.epochTable, "j/k ↑/↓", "scroll epochs"),
        KeyBinding(.epochTable, "g/G", "first / last", hint: false),
        KeyBinding(.epochTable, "Enter t Esc q", "back to the charts"),

        KeyBinding(.resources, "j/k ↑/↓", "move"),
        KeyBinding(.resources, "g/G PgUp/PgDn", "first / last, page", hint: false),
        KeyBinding(.resources, "Enter", "switch to the namespace", when: "namespaces"),
        KeyBinding(.resources, "Enter d", "describe (with the object's events)", short: "describe"),
        KeyBinding(.resources, "y", "YAML (secrets masked)", short: "yaml"),
        KeyBinding(.resources, "l", "logs (a workload's pods)", short: "logs", when: "logs"),
        KeyBinding(.resources, "s", "scale: set the replicas (confirmed)", short: "scale", mutates: true, when: "scale"),
        KeyBinding(.resources, "r", "rollout restart (confirmed)", short: "restart", mutates: true, when: "restart"),
        KeyBinding(.resources, "Ctrl-K", "kill the pod (delete it; confirmed)", short: "kill", mutates: true, when: "pods"),
        KeyBinding(.resources, "Ctrl-D", "delete (confirmed)", short: "delete", mutates: true),
        KeyBinding(.resources, "0", "every namespace / the current one", short: "all ns", when: "namespaced"),
        KeyBinding(.resources, "Shift+letter", "sort by the column starting with the letter (Shift-N NAME, Shift-A AGE, Shift-S STATUS, …); again inverts, then the next column with that letter (Shift-R: READY, then RESTARTS)", hint: false),
        KeyBinding(.resources, "i", "invert the sort", hint: false),
        KeyBinding(.resources, "/", "filter: a regular expression over the row (any case)", short: "filter"),
        KeyBinding(.resources, "/-l SELECTOR", "filter by labels on the server (-l app=kafka,tier!=db)", hint: false),
        KeyBinding(.resources, "Esc", "clear the filter", hint: false),

        KeyBinding(.resourceDescribe, "j/k ↑/↓ PgUp/PgDn", "scroll"),
        KeyBinding(.resourceDescribe, "g/G", "top / bottom", hint: false),
        KeyBinding(.resourceDescribe, "Esc q", "back to the list"),

        KeyBinding(.resourceYAML, "j/k ↑/↓ PgUp/PgDn", "scroll"),
        KeyBinding(.resourceYAML, "x", "show / mask the Secret's data", short: "show/mask data", when: "secret"),
        KeyBinding(.resourceYAML, "Esc q", "back to the list"),

        KeyBinding(.resourceConfirm, "y", "confirm", mutates: true),
        KeyBinding(.resourceConfirm, "n Esc", "cancel"),

        KeyBinding(.resourcePrompt, "Enter", "ask to confirm the replicas", mutates: true),
        KeyBinding(.resourcePrompt, "Esc", "cancel"),

        KeyBinding(.contexts, "j/k ↑/↓", "move"),
        KeyBinding(.contexts, "Enter", "switch to the context (every pane follows)", short: "switch"),
        KeyBinding(.contexts, "/", "filter"),
        KeyBinding(.contexts, "Esc", "clear the filter", hint: false),
    ]

    /// The keys of `scope` as key help: read-only mode drops the mutating ones
    /// (and uses the read-only wording); a conditional row shows only when
    /// `when` says its condition holds; `{verb}` becomes `verb`.
    public static func help(_ scope: KeyScope, readOnly: Bool = false, verb: String = "deploy",
                            when: (String) -> Bool = { _ in false }) -> [KeyHelp] {
        keys.filter { $0.scope == scope && !(readOnly && $0.mutates) && ($0.condition.map(when) ?? true) }
            .map { $0.keyHelp(readOnly: readOnly, verb: verb, holds: when) }
    }
}
