extension ConsoleReference {
    /// Every `:` command with its aliases and handler. Pane names and their
    /// singulars switch panes; resource views (part B) add their kinds here.
    public static let commands: [ConsoleCommandSpec] = [
        ConsoleCommandSpec("quit", aliases: ["q", "q!", "exit"], "leave the console") { _, _ in .quit },
        ConsoleCommandSpec("help", aliases: ["h"], "every key of the current view (as ?)") { console, _ in
            console.openHelp()
            return .continue
        },
        ConsoleCommandSpec("messages", aliases: ["msg"], "every message of this session in full (as !)") { console, _ in
            console.openMessages()
            return .continue
        },
        ConsoleCommandSpec("nodes", aliases: ["node"], argument: .optional(.node), "the Nodes pane; with a NODE, its detail") { console, words in
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
    ]

    /// The command `word` names (any case), by name or alias.
    public static func command(named word: String) -> ConsoleCommandSpec? {
        let lower = word.lowercased()
        return commands.first { $0.words.contains(lower) }
    }
}
