import MarvelCore

/// Where the Images pane gets its registry data and how it deletes: every
/// call returns at once with what is known; the HTTP runs in the background
/// (see `RegistryBrowser`, the live implementation), so the pane never blocks.
public protocol ImageSource: AnyObject, Sendable {
    /// The registry's base URL, for headings and messages.
    var registryURL: String { get }
    /// Grows when any answer arrives; the pane rebuilds its tables on change.
    var generation: Int { get }
    func repositories() -> RegistryLoadState<[String]>
    func images(_ repository: String) -> RegistryLoadState<RepositoryImages>
    /// Where the images are used in `snapshot` (numbered `generation` by the console); nil until indexed.
    func usage(snapshot: ClusterSnapshot?, generation: Int, rules: LayerRules) -> ImageUsageIndex?
    /// Starts deleting the manifest `tag` points at; returns an id for `deletion(_:)`.
    func delete(repository: String, tag: String) -> Int
    func deletion(_ id: Int) -> RegistryDeletion?
    /// Refetches on the next ask (the `r` key), failure pauses forgotten.
    func refresh()
}

extension RegistryBrowser: ImageSource {
    public var registryURL: String { client.endpoint.baseURL }
}
