import Foundation

/// A Docker Registry HTTP API v2 / OCI distribution client over the HTTP
/// layer: ping, catalogue and tags (paged), manifests of every kind, blobs,
/// delete, and uploads. Authentication follows the registry's challenge:
/// anonymous first, then basic auth, or the bearer-token flow (the token
/// service named by `WWW-Authenticate`'s realm, one token per scope, cached
/// until it expires). A request is retried once after a challenge, never more,
/// so a registry that refuses the credentials costs two requests, not a storm.
public struct RegistryClient: Sendable {
    public let endpoint: RegistryEndpoint
    public let credentials: RegistryCredentials?
    /// The marvdash settings file, named in "needs credentials" messages.
    public let settingsFile: String?
    public let tokens: RegistryTokenCache
    let http: HTTPClient

    /// Manifests are at most 4 MiB by the spec; configs are small. Larger answers are refused.
    public static let maxResponseBytes = 32 << 20

    public init(
        endpoint: RegistryEndpoint, credentials: RegistryCredentials? = nil, tls: TLSOptions = TLSOptions(), timeout: Double = 15,
        settingsFile: String? = nil, tokens: RegistryTokenCache = RegistryTokenCache()
    ) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.settingsFile = settingsFile
        self.tokens = tokens
        http = HTTPClient(tls: tls, connectTimeout: min(5, timeout), timeout: timeout, maxResponseBytes: Self.maxResponseBytes)
    }

    /// The client the settings describe: their URL (or `url` when given), TLS (`caFile`,
    /// `insecure`), timeout and credentials (see `RegistryCredentialResolver`).
    public static func configured(
        url: String? = nil, settings: RegistrySettings?, settingsFile: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(RegistryError) -> RegistryClient {
        guard let address = url ?? settings?.url else {
            throw .configuration("no registry configured: pass --registry URL or set registry.url in the marvdash config\(settingsFile.map { " (\($0))" } ?? "")")
        }
        guard let endpoint = RegistryEndpoint(parsing: address) else {
            throw .invalidReference("'\(address)' is not a registry address; write https://host[:port] or http://host:port")
        }
        // Settings made for another registry lend it neither TLS material nor credentials.
        let applies = settings.flatMap { RegistryEndpoint(parsing: $0.url) }.map { $0.baseURL == endpoint.baseURL } ?? false
        let own = applies ? settings : nil
        var tls = TLSOptions(insecureSkipVerify: own?.insecure ?? false)
        if let caFile = own?.caFile {
            guard let pem = FileManager.default.contents(atPath: caFile) else {
                throw .configuration("\(settingsFile ?? "config"): registry.caFile \(caFile) cannot be read; check the path")
            }
            tls.caPEM = Array(pem)
        }
        let credentials = try RegistryCredentialResolver(environment: environment)
            .credentials(for: endpoint, settings: own, settingsFile: settingsFile)
        return RegistryClient(
            endpoint: endpoint, credentials: credentials, tls: tls, timeout: own?.timeoutSeconds ?? 15, settingsFile: settingsFile)
    }

    /// What the operator should know about this connection: TLS verification off, or
    /// credentials sent over plain HTTP. Never the credentials themselves.
    public var warnings: [String] {
        var out: [String] = []
        if http.tls.insecureSkipVerify && !endpoint.isPlainHTTP {
            out.append("TLS verification is disabled for registry \(endpoint.baseURL) by registry.insecure")
        }
        if endpoint.isPlainHTTP, let credentials {
            out.append("credentials of user \(credentials.username) are sent without TLS to registry \(endpoint.baseURL)")
        }
        return out
    }

    // MARK: reading

    /// `GET /v2/`: the registry answers (200) once authenticated. Returns its API version header.
    @discardableResult
    public func ping() throws(RegistryError) -> String {
        let response = try send(.get, "/v2/", scope: nil)
        if response.status == 404 {
            throw .notARegistry(registry: endpoint.baseURL, detail: "GET /v2/ answered 404")
        }
        try check(response, url: endpoint.url("/v2/"), what: "the API root")
        return response.headers["docker-distribution-api-version"] ?? ""
    }

    /// Every repository name, following the pages (`n`, `last`, `Link: <…>; rel="next"`).
    public func catalog(pageSize: Int = 100) throws(RegistryError) -> [String] {
        try paged("/v2/_catalog", pageSize: pageSize, scope: "registry:catalog:*", key: "repositories", what: "catalogue")
    }

    /// Every tag of `repository`, following the pages.
    public func tags(_ repository: String, pageSize: Int = 100) throws(RegistryError) -> [String] {
        try Self.checkRepository(repository)
        return try paged(
            "/v2/\(repository)/tags/list", pageSize: pageSize, scope: Self.pullScope(repository), key: "tags",
            what: "repository \(repository)")
    }

    /// The manifest a tag or digest names, with its digest (checked against the bytes).
    public func manifest(_ repository: String, reference: String) throws(RegistryError) -> FetchedManifest {
        try Self.checkRepository(repository)
        try Self.checkReference(reference)
        let path = "/v2/\(repository)/manifests/\(reference)"
        let response = try send(.get, path, scope: Self.pullScope(repository), accept: ManifestMediaType.acceptAll)
        try check(response, url: endpoint.url(path), what: "\(repository):\(reference)")
        let computed = SHA256.digest(response.body)
        let declared = response.headers["docker-content-digest"]
        if reference.hasPrefix("sha256:"), reference != computed {
            throw .badResponse(url: endpoint.url(path), detail: "the manifest's bytes hash to \(computed), not \(reference)")
        }
        if let declared, declared.hasPrefix("sha256:"), declared != computed {
            throw .badResponse(url: endpoint.url(path), detail: "Docker-Content-Digest says \(declared) but the bytes hash to \(computed)")
        }
        let manifest: ImageManifest
        do {
            manifest = try ImageManifest.parse(response.body, contentType: response.headers["content-type"])
        } catch {
            throw .badResponse(url: endpoint.url(path), detail: error.description)
        }
        return FetchedManifest(
            repository: repository, reference: reference, digest: declared ?? computed, manifest: manifest, body: response.body)
    }

    /// The digest a tag points at (`HEAD`, `Docker-Content-Digest`; a GET when the header is missing).
    public func digest(_ repository: String, reference: String) throws(RegistryError) -> String {
        try Self.checkRepository(repository)
        try Self.checkReference(reference)
        let path = "/v2/\(repository)/manifests/\(reference)"
        let response = try send(.head, path, scope: Self.pullScope(repository), accept: ManifestMediaType.acceptAll)
        try check(response, url: endpoint.url(path), what: "\(repository):\(reference)")
        if let digest = response.headers["docker-content-digest"], !digest.isEmpty { return digest }
        return try manifest(repository, reference: reference).digest
    }

    /// A blob's bytes (a config), checked against its digest; redirects to storage are followed.
    public func blob(_ repository: String, digest: String) throws(RegistryError) -> [UInt8] {
        try Self.checkRepository(repository)
        try Self.checkReference(digest)
        let path = "/v2/\(repository)/blobs/\(digest)"
        let response = try send(.get, path, scope: Self.pullScope(repository))
        try check(response, url: endpoint.url(path), what: "blob \(digest) in \(repository)")
        if digest.hasPrefix("sha256:"), SHA256.digest(response.body) != digest {
            throw .badResponse(url: endpoint.url(path), detail: "the blob's bytes do not hash to \(digest)")
        }
        return response.body
    }

    // MARK: deleting

    /// Deletes the manifest `tag` points at: HEAD for its digest, then DELETE by digest
    /// (so every tag with that digest goes too). Returns the digest.
    @discardableResult
    public func deleteTag(_ repository: String, tag: String) throws(RegistryError) -> String {
        let digest = try digest(repository, reference: tag)
        try deleteManifest(repository, digest: digest, what: "\(repository):\(tag)")
        return digest
    }

    /// `DELETE /v2/<repository>/manifests/<digest>`.
    public func deleteManifest(_ repository: String, digest: String, what: String? = nil) throws(RegistryError) {
        try Self.checkRepository(repository)
        guard digest.contains(":") else { throw .invalidReference("a manifest is deleted by digest (sha256:…), not '\(digest)'") }
        let path = "/v2/\(repository)/manifests/\(digest)"
        let response = try send(.delete, path, scope: Self.deleteScope(repository))
        let name = what ?? "\(repository)@\(digest)"
        if response.status == 405 {
            throw .deleteDisabled(registry: endpoint.baseURL, what: name)
        }
        try check(response, url: endpoint.url(path), what: name)
    }

    // MARK: uploading

    /// Uploads `bytes` as a blob (monolithic: POST for an upload, PUT with the digest);
    /// does nothing when the registry has it already. Returns the digest.
    @discardableResult
    public func uploadBlob(_ repository: String, bytes: [UInt8]) throws(RegistryError) -> String {
        try Self.checkRepository(repository)
        let digest = SHA256.digest(bytes)
        let scope = Self.pushScope(repository)
        let existing = try send(.head, "/v2/\(repository)/blobs/\(digest)", scope: scope)
        if existing.status == 200 { return digest }
        let start = try send(.post, "/v2/\(repository)/blobs/uploads/", scope: scope, body: [])
        try check(start, url: endpoint.url("/v2/\(repository)/blobs/uploads/"), what: "an upload to \(repository)")
        guard let location = start.headers["location"], !location.isEmpty else {
            throw .badResponse(url: endpoint.url("/v2/\(repository)/blobs/uploads/"), detail: "no Location for the upload")
        }
        let target = LinkHeader.resolve(location, base: endpoint.baseURL)
        let separator = target.contains("?") ? "&" : "?"
        let put = try send(
            .put, target + separator + "digest=" + Self.queryEscape(digest), scope: scope, body: bytes,
            contentType: "application/octet-stream")
        try check(put, url: target, what: "blob \(digest) in \(repository)")
        return digest
    }

    /// Stores a manifest under a tag or its digest; returns the digest.
    @discardableResult
    public func putManifest(_ repository: String, reference: String, bytes: [UInt8], mediaType: String) throws(RegistryError) -> String {
        try Self.checkRepository(repository)
        try Self.checkReference(reference)
        let path = "/v2/\(repository)/manifests/\(reference)"
        let response = try send(.put, path, scope: Self.pushScope(repository), body: bytes, contentType: mediaType)
        try check(response, url: endpoint.url(path), what: "\(repository):\(reference)")
        return response.headers["docker-content-digest"] ?? SHA256.digest(bytes)
    }

    // MARK: scopes and names

    static func pullScope(_ repository: String) -> String { "repository:\(repository):pull" }
    static func pushScope(_ repository: String) -> String { "repository:\(repository):pull,push" }
    static func deleteScope(_ repository: String) -> String { "repository:\(repository):delete" }

    /// Repository names: lower-case path components of [a-z0-9] joined by '.', '_', '-' (the spec's grammar, loosely).
    static func checkRepository(_ name: String) throws(RegistryError) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-/")
        guard !name.isEmpty, name.count <= 255, name.allSatisfy(allowed.contains),
            name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty })
        else {
            throw .invalidReference("'\(name)' is not a repository name (lower-case letters, digits, '.', '_', '-', '/')")
        }
    }

    /// A tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or a digest (algorithm:hex).
    static func checkReference(_ reference: String) throws(RegistryError) {
        if let colon = reference.firstIndex(of: ":") {
            let algorithm = reference[..<colon]
            let hex = reference[reference.index(after: colon)...]
            if !algorithm.isEmpty, algorithm.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "_" || $0 == "-" }),
                hex.count >= 32, hex.allSatisfy(\.isHexDigit)
            {
                return
            }
            throw .invalidReference("'\(reference)' is not a digest (sha256:<64 hex digits>)")
        }
        guard let first = reference.first, first.isASCII, first.isLetter || first.isNumber || first == "_", reference.count <= 128,
            reference.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") })
        else {
            throw .invalidReference("'\(reference)' is not a tag (letters, digits, '_', '.', '-'; at most 128)")
        }
    }

    static func queryEscape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// A manifest as fetched: where from, its digest and its parsed content.
public struct FetchedManifest: Sendable, Hashable {
    public var repository: String
    public var reference: String
    public var digest: String
    public var manifest: ImageManifest
    /// The manifest's bytes as served (what the digest is computed over).
    public var body: [UInt8]

    /// The manifest's own size in bytes.
    public var bytes: Int { body.count }
}
