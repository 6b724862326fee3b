/// What a `:` command's argument names, so Tab can complete it from what the
/// console already knows.
public enum CommandArgumentKind: String, Sendable, Hashable, CaseIterable {
    /// A node of the cluster snapshot.
    case node = "NODE"
    /// A deployed instance (the Services pane's list).
    case instance = "SERVICE"
    /// A template of the catalogue.
    case template = "TEMPLATE"
    /// A kept revision of the selected instance.
    case revision = "REVISION"
    /// A namespace seen in the snapshot, the instances or the console's own.
    case namespace = "NAMESPACE"
    /// A context of the kubeconfig.
    case context = "CONTEXT"
}

/// A command's argument: what it names and whether it may be left out.
public struct CommandArgument: Sendable, Hashable {
    public var kind: CommandArgumentKind
    public var optional: Bool

    public static func optional(_ kind: CommandArgumentKind) -> CommandArgument { CommandArgument(kind: kind, optional: true) }
    public static func required(_ kind: CommandArgumentKind) -> CommandArgument { CommandArgument(kind: kind, optional: false) }

    /// "[NODE]" or "SERVICE".
    public var usage: String { optional ? "[\(kind.rawValue)]" : kind.rawValue }
}

/// One `:` command: its name, aliases, argument, what it does, and the
/// handler that does it (one entry of `ConsoleReference.commands`).
public struct ConsoleCommandSpec: Sendable {
    public var name: String
    public var aliases: [String]
    public var argument: CommandArgument?
    public var summary: String
    /// Runs the command on the console with the words after the name.
    let run: @Sendable (Console, [String]) -> ConsoleAction

    init(_ name: String, aliases: [String] = [], argument: CommandArgument? = nil, _ summary: String,
         run: @escaping @Sendable (Console, [String]) -> ConsoleAction) {
        self.name = name
        self.aliases = aliases
        self.argument = argument
        self.summary = summary
        self.run = run
    }

    /// The name and every alias.
    public var words: [String] { [name] + aliases }

    /// ":nodes [NODE]".
    public var usage: String { ":" + name + (argument.map { " " + $0.usage } ?? "") }
}
