/// The names Tab can complete a command's argument from: what the console
/// already knows (the snapshot's nodes, the instances, the catalogue, …).
public struct CompletionVocabulary: Sendable {
    public var words: [CommandArgumentKind: [String]]

    public init(_ words: [CommandArgumentKind: [String]] = [:]) { self.words = words }
}

/// Completion of a `:` command line: the command's name (or alias) for the
/// first word, its argument from the vocabulary for the second.
public enum CommandCompletion {
    /// What the word being typed can become.
    public struct Result: Sendable, Hashable {
        /// The text before that word (kept as typed).
        public var stem: String
        /// The word as typed so far.
        public var word: String
        /// Every completion of `word`, sorted.
        public var candidates: [String]
        /// Whether a space should follow a single completion (a command that takes an argument).
        public var wantsArgument: Bool

        /// The longest text every candidate starts with (at least `word`).
        public var commonPrefix: String {
            guard var prefix = candidates.first else { return word }
            for candidate in candidates.dropFirst() {
                while !candidate.lowercased().hasPrefix(prefix.lowercased()) { prefix.removeLast() }
            }
            return prefix.count >= word.count ? prefix : word
        }
    }

    /// The completions of the last word of `line`.
    public static func complete(_ line: String, commands: [ConsoleCommandSpec], vocabulary: CompletionVocabulary) -> Result {
        let endsWithSpace = line.last == " "
        var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let word = endsWithSpace ? "" : (words.popLast() ?? "")
        let stem = String(line.dropLast(word.count))
        let needle = word.lowercased()
        if words.isEmpty {
            let names = Set(commands.flatMap(\.words)).filter { $0.hasPrefix(needle) }.sorted()
            let takesArgument = names.count == 1 && commands.first { $0.words.contains(names[0]) }?.argument != nil
            return Result(stem: stem, word: word, candidates: names, wantsArgument: takesArgument)
        }
        guard words.count == 1, let spec = commands.first(where: { $0.words.contains(words[0].lowercased()) }),
            let kind = spec.argument?.kind
        else { return Result(stem: stem, word: word, candidates: [], wantsArgument: false) }
        let known = Set(vocabulary.words[kind] ?? []).filter { $0.lowercased().hasPrefix(needle) }
        return Result(stem: stem, word: word, candidates: NaturalOrder.sorted(Array(known)) { $0 }, wantsArgument: false)
    }
}
