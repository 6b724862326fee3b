import Foundation

/// The inputs kept for a target: its seed corpus (`Tests/Fuzz/<target>/corpus/`), which
/// `make test` replays and `make fuzz` starts from and grows, and its regressions
/// (`Tests/Fuzz/<target>/regressions/`): inputs that once crashed, kept forever.
public enum FuzzCorpus {
    /// `Tests/Fuzz/<target>/<kind>` in this repository.
    public static func folder(of target: String, _ kind: String) -> String {
        FuzzInput.repositoryRoot + "/Tests/Fuzz/\(target)/\(kind)"
    }

    /// The files at `path` (itself, or the regular files in it, sorted), hidden ones left out.
    public static func files(at path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
    }

    /// A file's bytes (empty if it cannot be read). Read with stdio: Foundation's reader
    /// leaks a buffer on empty files, which the fuzzer's leak check would report.
    public static func read(_ path: String) -> [UInt8] {
        guard let file = fopen(path, "rb") else { return [] }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes += buffer[0..<n]
            if n < buffer.count { return bytes }
        }
    }
}
