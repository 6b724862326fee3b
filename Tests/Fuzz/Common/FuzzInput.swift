import Foundation

/// Helpers that turn libFuzzer's bytes into the inputs a target needs.
enum FuzzInput {
    /// The bytes as text (invalid UTF-8 replaced, as a file read would be decoded).
    static func text(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// The bytes split at the first occurrence of `separator` (the second part empty if none).
    static func split(_ bytes: [UInt8], at separator: String) -> (head: [UInt8], tail: [UInt8]) {
        let marker = Array(separator.utf8)
        guard !marker.isEmpty, bytes.count >= marker.count else { return (bytes, []) }
        for i in 0...(bytes.count - marker.count) where bytes[i] == marker[0] && Array(bytes[i..<(i + marker.count)]) == marker {
            return (Array(bytes[..<i]), Array(bytes[(i + marker.count)...]))
        }
        return (bytes, [])
    }

    /// A private folder for targets that must go through files (kubeconfig, checkpoint),
    /// on a RAM disk where there is one; emptied by the caller after each input and
    /// removed when the process exits.
    /// `make fuzz` names one (MARVDASH_FUZZ_SCRATCH) and removes it itself, since libFuzzer
    /// may end the process without running exit handlers.
    static let scratchDirectory: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = ProcessInfo.processInfo.environment["MARVDASH_FUZZ_SCRATCH"]
            ?? (base as NSString).appendingPathComponent("marvdash-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        scratchToRemove = dir
        atexit {
            if let dir = scratchToRemove { try? FileManager.default.removeItem(atPath: dir) }
        }
        return dir
    }()
}

/// The scratch folder, for the exit handler (a C function pointer captures nothing).
nonisolated(unsafe) private var scratchToRemove: String?

extension FuzzInput {

    /// The repository's folder (for the template catalogue), found from this file's path.
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Tests/Fuzz/Common/FuzzInput.swift
        return url.path
    }()
}
