import Foundation
import MarvelCore

/// A kubeconfig file as `--kubeconfig FILE` loads it: read, merged, the context resolved
/// (server URL, TLS material, credentials), with no real home or service account.
enum KubeconfigFuzz {
    static let target = FuzzTarget(name: "kubeconfig", summary: "kubeconfig loading and context resolution (--kubeconfig FILE)") { bytes in
        let dir = FuzzInput.scratchDirectory
        let file = dir + "/kubeconfig"
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { return }
        defer { try? FileManager.default.removeItem(atPath: file) }
        let loader = KubeconfigLoader(environment: [:], homeDirectory: dir + "/home", serviceAccountDirectory: dir + "/none")
        _ = try? loader.resolve(kubeconfigPath: file)
        _ = try? loader.resolve(kubeconfigPath: file, context: "fuzz", namespace: "ns")
        _ = try? loader.loadConfig(kubeconfigPath: file)?.contextNames
    }
}
