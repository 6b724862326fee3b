import MarvelCore

/// The Images pane: the registry's repositories (with the nodes caching them
/// and who uses them) → a repository's tags grouped by digest (platforms,
/// size, created, digest) with the selected group's node caches and users →
/// one digest's full detail. Ctrl-D deletes a tag's manifest after a y/N
/// question (hidden in read-only mode). A registry that is unreachable or
/// wants credentials is shown as such with what to configure. Data comes
/// from an `ImageSource`, fetched in the background.
public struct ImagesPane: InteractivePane {
    /// What the pane shows.
    enum View: Sendable {
        case repositories
        case repository(String)
        case detail(String, digest: String, TextViewer)
        case confirm(ImageDeleteRequest, back: BackTo)
        case deleting(ImageDeleteRequest, id: Int, back: BackTo)
    }

    /// Where Esc (or the end of a delete) returns to.
    enum BackTo: Sendable {
        case repository(String)
        case detail(String, digest: String)
    }

    public var title: String { "Images" }
    public let source: (any ImageSource)?
    /// The settings file named in "configure a registry" messages.
    public let settingsFile: String?
    public internal(set) var filter = ""
    var view: View = .repositories
    var repositoryTable = Table(columns: ImageTables.repositoryColumns, rows: [])
    var groupTable = Table(columns: ImageTables.groupColumns, rows: [])
    /// The repository names and groups the tables show (after the filter), in table order.
    public private(set) var shownRepositories: [String] = []
    public private(set) var shownGroups: [TagGroup] = []
    var repositoryFilter = ""
    var flashMessage: PaneFlash?
    var usage: ImageUsageIndex?
    /// The source's generation read just before `usage` was: an index that arrives after
    /// that read raises the generation, so the next update sees a new key and rebuilds.
    var usageSeenAt: Int?
    /// The deletion whose outcome was flashed.
    var announcedDeletion: Int?
    private var builtKey: BuildKey?

    /// What the tables were built from, to rebuild only on change.
    private struct BuildKey: Equatable {
        var source: Int
        var generation: Int
        var filter: String
        var view: String
        /// The source's generation when `usage` was read (nil: no index yet).
        var usageSeenAt: Int?
    }

    public init(source: (any ImageSource)?, settingsFile: String? = nil) {
        self.source = source
        self.settingsFile = settingsFile
    }

    // MARK: queries

    /// "repositories", "repository", "detail", "confirm", "deleting".
    public var viewName: String {
        switch view {
        case .repositories: return "repositories"
        case .repository: return "repository"
        case .detail: return "detail"
        case .confirm: return "confirm"
        case .deleting: return "deleting"
        }
    }

    /// The repository open (in its tags, detail or a delete of it).
    public var openRepository: String? {
        switch view {
        case .repositories: return nil
        case .repository(let r), .detail(let r, _, _): return r
        case .confirm(let request, _), .deleting(let request, _, _): return request.repository
        }
    }

    public var selectedRepository: String? {
        repositoryTable.state.selection.flatMap { shownRepositories.indices.contains($0) ? shownRepositories[$0] : nil }
    }

    public var selectedGroup: TagGroup? {
        groupTable.state.selection.flatMap { shownGroups.indices.contains($0) ? shownGroups[$0] : nil }
    }

    public var acceptsFilter: Bool {
        guard source != nil else { return false }
        switch view {
        case .repositories, .repository: return true
        default: return false
        }
    }

    public var capturesAllKeys: Bool {
        switch view {
        case .confirm, .deleting: return true
        default: return false
        }
    }

    public mutating func takeFlash() -> PaneFlash? {
        defer { flashMessage = nil }
        return flashMessage
    }

    public func keyHelp(readOnly: Bool) -> [KeyHelp] {
        guard source != nil else { return [] }
        switch view {
        case .repositories: return ConsoleReference.help(.images, readOnly: readOnly)
        case .repository: return ConsoleReference.help(.imageTags, readOnly: readOnly)
        case .detail: return ConsoleReference.help(.imageDetail, readOnly: readOnly)
        case .confirm: return ConsoleReference.help(.imageConfirm, readOnly: readOnly)
        case .deleting(_, let id, _):
            let done = source?.deletion(id).map { $0 != .running } ?? true
            return ConsoleReference.help(.imageDeleting, readOnly: readOnly) { $0 == (done ? "finished" : "running") }
        }
    }

    /// A repository's tags and a tag's detail are views `q` closes.
    public var isSubViewOpen: Bool {
        switch view {
        case .repository, .detail: return true
        case .repositories, .confirm, .deleting: return false
        }
    }

    public mutating func setFilter(_ text: String, context: PaneContext) {
        guard text != filter else { return }
        filter = text
        if case .repositories = view { repositoryFilter = text }
        rebuild(context)
    }

    // MARK: data

    public mutating func update(_ context: PaneContext) {
        guard let source else { return }
        // The generation first, then the index: a newer index arriving in between raises the
        // generation again, so it is never hidden behind a key that already counts it.
        usageSeenAt = source.generation
        usage = source.usage(snapshot: context.snapshot, generation: context.generation, rules: context.layerRules)
        if case .deleting(_, let id, _) = view, let outcome = source.deletion(id), announcedDeletion != id {
            switch outcome {
            case .running: break
            case .deleted(let line):
                announcedDeletion = id
                flashMessage = PaneFlash(line)
            case .failed(let line):
                announcedDeletion = id
                flashMessage = PaneFlash(line, isError: true)
            }
        }
        rebuild(context)
    }

    mutating func rebuild(_ context: PaneContext, force: Bool = false) {
        guard let source else { return }
        let key = BuildKey(
            source: source.generation, generation: context.generation, filter: filter, view: viewName + (openRepository ?? ""),
            usageSeenAt: usage == nil ? nil : usageSeenAt)
        guard force || key != builtKey else { return }
        builtKey = key
        switch view {
        case .repositories:
            let names = source.repositories().value ?? []
            let selected = selectedRepository
            shownRepositories = ImageTables.matching(names, filter: filter)
            repositoryTable.setRows(shownRepositories.map { ImageTables.repositoryRow($0, usage: usage?.usage(repository: $0)) })
            repositoryTable.state.selection = selected.flatMap { shownRepositories.firstIndex(of: $0) } ?? (shownRepositories.isEmpty ? nil : 0)
            repositoryTable.state.clamp(to: repositoryTable.rows)
        default:
            guard let repository = openRepository else { return }
            let groups = source.images(repository).value?.groups ?? []
            let selected = selectedGroup?.digest
            shownGroups = ImageTables.matching(groups, filter: filter)
            groupTable.setRows(shownGroups.map { g in
                ImageTables.groupRow(g, usage: usage?.usage(repository: repository, tags: g.tags, digests: Self.digests(g)))
            })
            groupTable.state.selection = selected.flatMap { d in shownGroups.firstIndex { $0.digest == d } } ?? (shownGroups.isEmpty ? nil : 0)
            groupTable.state.clamp(to: groupTable.rows)
            if case .detail(let repo, let digest, var viewer) = view, let group = groups.first(where: { $0.digest == digest }) {
                viewer.replaceLines(detailLines(repo, group))
                view = .detail(repo, digest: digest, viewer)
            }
        }
    }

    /// The digests a group's usage is matched on: the tag's and each platform manifest's.
    static func digests(_ group: TagGroup) -> [String] {
        [group.digest] + (group.detail?.platforms.map(\.digest) ?? [])
    }

    func groupUsage(_ repository: String, _ group: TagGroup) -> ImageUsage? {
        usage?.usage(repository: repository, tags: group.tags, digests: Self.digests(group))
    }

    func detailLines(_ repository: String, _ group: TagGroup) -> [StyledLine] {
        ImageDetailText.detail(
            repository: repository, group: group, usage: groupUsage(repository, group), hasCluster: usage?.hasCluster ?? false,
            registry: source?.registryURL ?? "")
    }
}

/// A tag the operator asked to delete, with the group it belongs to (the tags that go with it).
public struct ImageDeleteRequest: Sendable {
    public var repository: String
    public var tag: String
    public var group: TagGroup
}
