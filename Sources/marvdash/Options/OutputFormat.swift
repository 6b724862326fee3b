import ArgumentParser

/// The `-o` formats of list commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, yaml
}
