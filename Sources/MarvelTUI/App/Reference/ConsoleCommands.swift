import MarvelCore

extension ConsoleReference {
    /// Every `:` command with its aliases and handler. Pane names and their
    /// singulars switch panes; each resource kind (`ResourceKind.all`) has its
    /// view, named by kubectl's short name with the other names as aliases.
    public static let commands: [ConsoleCommandSpec] = paneCommands + resourceCommands

    /// The resource views: one command per kind, `:ns` and `:ctx`.
    static let resourceCommands: [ConsoleCommandSpec] =
        ResourceKind.all.filter { $0 != .namespaces }.map { kind in
            var summary = "\(kind.plural) of the namespace (with all: every namespace)"
            if kind == .services { summary = "Kubernetes Services (marvdash's own Services pane is :services)" + " of the namespace (all: every one)" }
            return ConsoleCommandSpec(kind.command, aliases: Array(kind.aliases.dropFirst()), argument: .optional(.namespace), summary) { console, words in
                console.showResources(kind, namespace: words.first)
            }
        } + [
            ConsoleCommandSpec("ns", aliases: ["namespace", "namespaces"], argument: .optional(.namespace),
                               "switch to NAMESPACE; without it, the namespace view (Enter switches)") { console, words in
                console.namespaceCommand(words.first)
            },
            ConsoleCommandSpec("ctx", aliases: ["context", "contexts"], argument: .optional(.context),
                               "switch to the kubeconfig's CONTEXT; without it, the context list (Enter switches)") { console, words in
                console.contextCommand(words.first)
            },
        ]

    /// The marvdash panes and the console's own commands.
    static let paneCommands: [ConsoleCommandSpec] = [
        ConsoleCommandSpec("quit", aliases: ["q", "q!", "exit"], "leave the console") { _, _ in .quit },
        ConsoleCommandSpec("help", aliases: ["h"], "every key of the current view (as ?)") { console, _ in
            console.openHelp()
            return .continue
        },
        ConsoleCommandSpec("messages", aliases: ["msg"], "every message of this session in full (as !)") { console, _ in
            console.openMessages()
            return .continue
        },
        ConsoleCommandSpec("nodes", aliases: ["node", "no"], argument: .optional(.node), "the Nodes pane; with a NODE, its detail") { console, words in
            console.showNodes(node: words.first)
        },
        ConsoleCommandSpec("services", aliases: ["service", "instances"], argument: .optional(.instance),
                           "the Services pane; with a SERVICE, its detail") { console, words in
            console.showServices(instance: words.first, logs: false)
        },
        ConsoleCommandSpec("logs", aliases: ["log"], argument: .required(.instance), "follow a service's logs") { console, words in
            console.showServices(instance: words.first, logs: true)
        },
        ConsoleCommandSpec("rollback", aliases: ["rb"], argument: .optional(.revision),
                           "roll the selected service back (to REVISION; default the one before)") { console, words in
            console.runPaneCommand(["rollback"] + words)
        },
        ConsoleCommandSpec("templates", aliases: ["template", "tpl"], argument: .optional(.template),
                           "the Templates pane; with a TEMPLATE, selects it (Enter opens its form)") { console, words in
            console.showTemplates(template: words.first)
        },
        ConsoleCommandSpec("images", aliases: ["image"], "the Images pane") { console, _ in
            console.showPane(titled: "Images")
        },
        ConsoleCommandSpec("training", aliases: ["train", "runs"], "the Training pane") { console, _ in
            console.showPane(titled: "Training")
        },
        ConsoleCommandSpec("resources", aliases: ["res"], "the Resources pane (the last resource view)") { console, _ in
            console.showResourcesPane()
        },
    ]

    /// The command `word` names (any case), by name or alias.
    public static func command(named word: String) -> ConsoleCommandSpec? {
        let lower = word.lowercased()
        return commands.first { $0.words.contains(lower) }
    }
}
