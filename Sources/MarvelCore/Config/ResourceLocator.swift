import Foundation

/// Finds marvdash's data folders (`Themes/`, `Templates/`; model files in `Templates/models/`): under
/// `$MARVDASH_HOME`, in the source tree the binary was built in, and under
/// `share/marvdash` next to an installed binary.
public struct ResourceLocator: Sendable {
    public var environment: [String: String]
    /// Absolute path of the running executable.
    public var executablePath: String

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executablePath: String = ResourceLocator.currentExecutablePath()
    ) {
        self.environment = environment
        self.executablePath = executablePath
    }

    /// The running executable's absolute path (`/proc/self/exe` on Linux).
    public static func currentExecutablePath() -> String {
        if let p = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return p }
        return URL(fileURLWithPath: CommandLine.arguments.first ?? "marvdash").standardizedFileURL.path
    }

    /// Candidate folders for `name` ("Themes" or "Templates"), best first; only existing ones.
    public func searchPaths(for name: String) -> [String] {
        var candidates: [String] = []
        if let home = environment["MARVDASH_HOME"], !home.isEmpty {
            candidates.append((home as NSString).appendingPathComponent(name))
        }
        let binDir = (executablePath as NSString).deletingLastPathComponent
        // Build tree: .build/<triple>/<config>/marvdash → walk up to the folder holding Package.swift.
        var dir = binDir
        for _ in 0..<6 {
            if FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("Package.swift")) {
                candidates.append((dir as NSString).appendingPathComponent(name))
                break
            }
            let parent = (dir as NSString).deletingLastPathComponent
            if parent == dir { break }
            dir = parent
        }
        // Installed: PREFIX/bin/marvdash → PREFIX/share/marvdash/<name>.
        let prefix = (binDir as NSString).deletingLastPathComponent
        candidates.append(((prefix as NSString).appendingPathComponent("share/marvdash") as NSString).appendingPathComponent(name))
        candidates.append("/usr/local/share/marvdash/\(name)")
        candidates.append("/usr/share/marvdash/\(name)")
        var seen = Set<String>()
        return candidates.filter { path in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else { return false }
            return seen.insert((path as NSString).standardizingPath).inserted
        }
    }
}
