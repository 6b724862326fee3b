import ArgumentParser
import Foundation
import MarvelCore

/// `marvdash images`: the image registry — repositories, tags grouped by
/// digest with platforms, size and date, the nodes that cache them and where
/// they are used; `show` one tag, `rm` delete one.
struct ImagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Browse the image registry: repositories, tags (platforms, size, created, digest), node caches and where each is used.",
        discussion: """
            The registry is --registry URL, else registry.url of the config, else (with --demo or no kubeconfig) \
            the embedded cluster's demo registry. Credentials come from the config (registry.username/password) \
            or ~/.docker/config.json.
            """,
        subcommands: [ImagesListCommand.self, ImagesShowCommand.self, ImagesRemoveCommand.self],
        defaultSubcommand: ImagesListCommand.self)
}

/// `marvdash images [REPO]`: every repository, or one repository's tags.
struct ImagesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls", abstract: "List the repositories, or one repository's tags grouped by digest (`images REPO`).")

    @OptionGroup var options: ImagesOptions

    @Argument(help: ArgumentHelp("A repository: list its tags (default: list the repositories).", valueName: "repo"))
    var repository: String?

    func run() throws {
        try ImagesSession.run(cluster: options.cluster, source: options.source) { session in
            if let repository {
                let images = try session.call { try session.client.repositoryImages(repository) }
                try ImagesOutput.print(ImagesReport.repository(images, session: session), format: options.output) {
                    ImagesReport.repositoryTable(images, session: session)
                }
            } else {
                let names = try session.call { try session.client.catalog() }
                var rows: [(String, [String])] = []
                for name in names { rows.append((name, try session.call { try session.client.tags(name) })) }
                try ImagesOutput.print(ImagesReport.catalog(rows, session: session), format: options.output) {
                    ImagesReport.catalogTable(rows, session: session)
                }
            }
        }
    }
}

/// `marvdash images show REPO:TAG`: one tag's manifest, every platform, and where it is used.
struct ImagesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one tag: digest, kind, the tags sharing it, each platform (size, layers, created, labels), node caches and use.")

    @OptionGroup var options: ImagesOptions

    @Argument(help: ArgumentHelp("The image: repository:tag (or repository@digest).", valueName: "repo:tag"))
    var image: String

    func run() throws {
        try ImagesSession.run(cluster: options.cluster, source: options.source) { session in
            let (repository, reference) = try ImagesSession.split(image)
            let detail = try session.call { try session.client.describe(repository, reference: reference) }
            let tags = try session.call { try session.client.repositoryImages(repository) }.groups.first { $0.digest == detail.digest }?.tags ?? []
            try ImagesOutput.print(ImagesReport.show(repository, reference: reference, detail: detail, tags: tags, session: session), format: options.output) {
                ImagesReport.showText(repository, reference: reference, detail: detail, tags: tags, session: session)
            }
        }
    }
}

/// `marvdash images rm REPO:TAG`: deletes the manifest the tag points at, after confirmation.
struct ImagesRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Delete a tag's manifest from the registry (every tag with the same digest goes with it).",
        discussion: "The registry must allow deletes (docker-registry: storage.delete.enabled). Space is reclaimed by the registry's garbage collection.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions

    @Flag(name: [.short, .long], help: "Do not ask for confirmation (needed when stdin is not a terminal).")
    var yes = false

    @Argument(help: ArgumentHelp("The image: repository:tag.", valueName: "repo:tag"))
    var image: String

    func run() throws {
        try ImagesSession.run(cluster: cluster, source: source, needsCluster: false) { session in
            let (repository, tag) = try ImagesSession.split(image)
            guard !tag.hasPrefix("sha256:") || yes else {
                throw CommandFailure("images rm \(image): deleting by digest needs --yes (every tag of that manifest goes)")
            }
            let digest = try session.call { try session.client.digest(repository, reference: tag) }
            let siblings = try session.call { try session.client.repositoryImages(repository) }.groups.first { $0.digest == digest }?.tags ?? [tag]
            let others = siblings.filter { $0 != tag }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CommandFailure("images rm \(image): stdin is not a terminal, so nothing was deleted; add --yes to confirm")
                }
                var question = "Delete \(repository):\(tag) (manifest \(ImageText.shortDigest(digest)))"
                if !others.isEmpty { question += " and the tags sharing it (\(others.joined(separator: ", ")))" }
                FileHandle.standardError.write(Data("\(question) from \(session.client.endpoint.baseURL)? [y/N] ".utf8))
                let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else { throw CommandFailure("images rm \(image): not confirmed; nothing was deleted") }
            }
            try session.call { try session.client.deleteManifest(repository, digest: digest, what: "\(repository):\(tag)") }
            print("deleted \(repository):\(tag) (manifest \(digest)) from \(session.client.endpoint.baseURL)")
            if !others.isEmpty { print("  tags removed with it: \(others.joined(separator: ", "))") }
        }
    }
}

/// The options `images` and `images show` share: the cluster, the registry and templates, the format.
struct ImagesOptions: ParsableArguments {
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var source: TemplateSourceOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format.", valueName: "format"))
    var output: OutputFormat = .table
}

/// How `-o` prints a report: JSON, YAML, or the table text.
enum ImagesOutput {
    static func print(_ value: JSONValue, format: OutputFormat, table: () -> String) throws {
        switch format {
        case .json: Swift.print(value.prettyJSONString())
        case .yaml: Swift.print(YAML.emit(value), terminator: "")
        case .table: Swift.print(table(), terminator: "")
        }
    }
}
