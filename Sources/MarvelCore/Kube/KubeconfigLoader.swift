import Foundation

/// What looking for cluster access found: a target, or nothing anywhere (the
/// CLI then falls back to the embedded cluster).
public enum KubeconfigResolution: Sendable {
    case found(KubeTarget)
    /// No kubeconfig and no in-cluster service account; `searched` lists what was tried.
    case notFound(searched: [String])

    public var target: KubeTarget? { if case .found(let t) = self { return t }; return nil }
}

/// Resolves cluster access the kubectl way: `--kubeconfig` (that file alone),
/// else `KUBECONFIG` (a ':'-list, merged, missing files skipped), else
/// `~/.kube/config`, else the in-cluster service account, else `.notFound`.
/// The environment, home folder and service-account folder are injected so
/// tests never touch the real ones.
public struct KubeconfigLoader: Sendable {
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"

    public var environment: [String: String]
    public var homeDirectory: String?
    public var serviceAccountDirectory: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, homeDirectory: String? = nil,
        serviceAccountDirectory: String = KubeconfigLoader.serviceAccountDirectory
    ) {
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"]
        self.serviceAccountDirectory = serviceAccountDirectory
    }

    /// Finds and resolves the access to use.
    /// - Parameters:
    ///   - kubeconfigPath: `--kubeconfig`; that file alone, and it must exist.
    ///   - context: `--context`; overrides current-context.
    ///   - namespace: `--namespace`; overrides the context's namespace ("default" when neither sets one).
    public func resolve(kubeconfigPath: String? = nil, context: String? = nil, namespace: String? = nil)
        throws(KubeconfigError) -> KubeconfigResolution
    {
        var searched: [String] = []
        if let config = try loadConfig(kubeconfigPath: kubeconfigPath, searched: &searched) {
            return .found(try KubeconfigResolver(config: config, home: homeDirectory).target(context: context, namespace: namespace))
        }
        let inCluster = InClusterConfig(environment: environment, directory: serviceAccountDirectory)
        if let target = try inCluster.target(namespace: namespace) { return .found(target) }
        searched.append("in-cluster service account (\(serviceAccountDirectory))")
        return .notFound(searched: searched)
    }

    /// The merged kubeconfig the rules select, or nil when no file exists (for listing contexts).
    public func loadConfig(kubeconfigPath: String? = nil) throws(KubeconfigError) -> Kubeconfig? {
        var searched: [String] = []
        return try loadConfig(kubeconfigPath: kubeconfigPath, searched: &searched)
    }

    private func loadConfig(kubeconfigPath: String?, searched: inout [String]) throws(KubeconfigError) -> Kubeconfig? {
        if let explicit = kubeconfigPath {
            let path = expand(explicit)
            switch try read(path) {
            case .missing(let detail): throw .fileNotFound(path: path, detail: detail)
            case .text(let text): return try Self.config(text, file: path)
            }
        }
        if let list = environment["KUBECONFIG"], !list.isEmpty {
            var config = Kubeconfig()
            var seen = Set<String>()
            for raw in list.split(separator: ":", omittingEmptySubsequences: true) {
                let path = expand(String(raw))
                guard seen.insert(path).inserted else { continue }
                // KUBECONFIG entries that do not exist are skipped.
                guard case .text(let text) = try read(path) else { continue }
                try config.merge(text: text, file: path)
            }
            if !config.files.isEmpty { return config }
            searched.append("KUBECONFIG=\(list) (no such files)")
        }
        if let home = homeDirectory {
            let path = home + "/.kube/config"
            switch try read(path) {
            case .missing: searched.append(path)
            case .text(let text): return try Self.config(text, file: path)
            }
        }
        return nil
    }

    /// A kubeconfig file's text, or why it is not there.
    private enum FileText {
        case text(String)
        /// The file (or a folder on its path) does not exist; `detail` is the OS reason.
        case missing(detail: String)
    }

    /// Reads a file; any failure but "does not exist" is an error naming the path.
    private func read(_ path: String) throws(KubeconfigError) -> FileText {
        do {
            return .text(String(decoding: try LocalFile.read(path), as: UTF8.self))
        } catch where error.isNotFound {
            return .missing(detail: error.detail)
        } catch {
            throw .unreadable(path: path, detail: error.detail)
        }
    }

    /// One file's configuration.
    private static func config(_ text: String, file: String) throws(KubeconfigError) -> Kubeconfig {
        var config = Kubeconfig()
        try config.merge(text: text, file: file)
        return config
    }

    private func expand(_ path: String) -> String {
        if path == "~", let home = homeDirectory { return home }
        if path.hasPrefix("~/"), let home = homeDirectory { return home + "/" + path.dropFirst(2) }
        return path
    }
}
