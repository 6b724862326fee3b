/// The manifest and config media types of the Docker Registry v2 and OCI
/// distribution specs, and the Accept header that asks for all of them.
public enum ManifestMediaType {
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    /// Schema 1 (deprecated): signed or not; no layer sizes, one architecture.
    public static let dockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws"
    public static let dockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json"
    public static let dockerConfig = "application/vnd.docker.container.image.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"

    /// Every manifest kind the client reads, best first. A registry answers with the
    /// first kind it has for the reference; without these it may down-convert to schema 1.
    public static let acceptAll = [ociIndex, dockerManifestList, ociManifest, dockerManifest, dockerSchema1Signed, dockerSchema1]
        .joined(separator: ", ")

    /// Whether `type` is a list of per-platform manifests.
    public static func isIndex(_ type: String) -> Bool { type == dockerManifestList || type == ociIndex }

    /// A short name for tables: "oci-index", "docker-list", "oci", "docker-v2", "docker-v1".
    public static func shortName(_ type: String) -> String {
        switch type {
        case ociIndex: return "oci-index"
        case dockerManifestList: return "docker-list"
        case ociManifest: return "oci"
        case dockerManifest: return "docker-v2"
        case dockerSchema1, dockerSchema1Signed: return "docker-v1"
        default: return type
        }
    }
}
