import Foundation
import Synchronization

/// The tags of one repository that point at the same manifest digest, and
/// what that digest holds (nil with `problem` set when it could not be read).
public struct TagGroup: Sendable, Hashable {
    public var digest: String
    /// Sorted; "latest" last so version tags lead.
    public var tags: [String]
    public var detail: ImageDetail?
    public var problem: String?

    public init(digest: String, tags: [String], detail: ImageDetail?, problem: String? = nil) {
        self.digest = digest
        self.tags = tags
        self.detail = detail
        self.problem = problem
    }

    public var json: JSONValue {
        var o: JSONObject = ["digest": .string(digest), "tags": .array(tags.map(JSONValue.string))]
        if let detail {
            o["mediaType"] = .string(detail.mediaType)
            o["platforms"] = .array(detail.platforms.map(\.json))
        }
        if let problem { o["problem"] = .string(problem) }
        return .object(o)
    }
}

/// A repository's tags grouped by digest, newest build first.
public struct RepositoryImages: Sendable, Hashable {
    public var repository: String
    public var groups: [TagGroup]

    public init(repository: String, groups: [TagGroup]) {
        self.repository = repository
        self.groups = groups
    }

    /// The group a tag belongs to.
    public func group(ofTag tag: String) -> TagGroup? { groups.first { $0.tags.contains(tag) } }

    public var tagCount: Int { groups.reduce(0) { $0 + $1.tags.count } }

    /// Orders tags for display: versions by name, "latest" last.
    public static func sortedTags(_ tags: [String]) -> [String] {
        tags.sorted { a, b in
            if (a == "latest") != (b == "latest") { return b == "latest" }
            return a.compare(b, options: .numeric) == .orderedAscending
        }
    }
}

/// Image details by manifest digest: content-addressed, so an entry never goes stale.
public final class ImageDetailCache: Sendable {
    private let entries = Mutex<[String: ImageDetail]>([:])
    /// At most this many digests are kept (the oldest entries are not tracked: the cache is cleared).
    static let capacity = 4096

    public init() {}

    func detail(_ digest: String) -> ImageDetail? { entries.withLock { $0[digest] } }

    func store(_ detail: ImageDetail) {
        entries.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll() }
            cache[detail.digest] = detail
        }
    }
}

extension RegistryClient {
    /// Every tag of `repository` with its digest (HEAD each), grouped, and each digest described
    /// once (details come from `cache` when known). A tag that vanished or cannot be read
    /// becomes a group with its problem instead of failing the whole repository.
    public func repositoryImages(_ repository: String, cache: ImageDetailCache = ImageDetailCache()) throws(RegistryError)
        -> RepositoryImages
    {
        let tags = try self.tags(repository)
        var byDigest: [String: [String]] = [:]
        var problems: [TagGroup] = []
        for tag in tags {
            do {
                byDigest[try digest(repository, reference: tag), default: []].append(tag)
            } catch let error where !error.isUnreachable && !error.needsCredentials {
                problems.append(TagGroup(digest: "", tags: [tag], detail: nil, problem: error.description))
            }
        }
        var groups: [TagGroup] = []
        for (digest, tags) in byDigest {
            var group = TagGroup(digest: digest, tags: RepositoryImages.sortedTags(tags), detail: cache.detail(digest))
            if group.detail == nil {
                do {
                    let detail = try describe(repository, reference: digest)
                    cache.store(detail)
                    group.detail = detail
                } catch let error where !error.isUnreachable && !error.needsCredentials {
                    group.problem = error.description
                }
            }
            groups.append(group)
        }
        groups.sort { a, b in
            let (ca, cb) = (a.detail?.created ?? .distantPast, b.detail?.created ?? .distantPast)
            if ca != cb { return ca > cb }
            return (a.tags.first ?? "") < (b.tags.first ?? "")
        }
        return RepositoryImages(repository: repository, groups: groups + problems)
    }
}
