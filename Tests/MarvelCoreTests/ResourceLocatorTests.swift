import Foundation
import Testing
@testable import MarvelCore

@Suite struct ResourceLocatorTests {
    private func makeTree() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-rl-\(UUID().uuidString)").path
        for d in ["src/Themes", "src/.build/x86_64-unknown-linux-gnu/debug", "home/Themes", "prefix/bin", "prefix/share/marvdash/Themes"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(d)", withIntermediateDirectories: true)
        }
        #expect(FileManager.default.createFile(atPath: "\(root)/src/Package.swift", contents: Data()))
        return root
    }

    @Test func marvdashHomeComesFirstThenBuildTree() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loc = ResourceLocator(
            environment: ["MARVDASH_HOME": "\(root)/home"],
            executablePath: "\(root)/src/.build/x86_64-unknown-linux-gnu/debug/marvdash")
        let paths = loc.searchPaths(for: "Themes")
        #expect(paths.first == "\(root)/home/Themes")
        #expect(paths.dropFirst().first == "\(root)/src/Themes")
    }

    @Test func installedLayoutIsFound() throws {
        let root = try makeTree()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let loc = ResourceLocator(environment: [:], executablePath: "\(root)/prefix/bin/marvdash")
        #expect(loc.searchPaths(for: "Themes").first == "\(root)/prefix/share/marvdash/Themes")
        #expect(loc.searchPaths(for: "NoSuchFolder").isEmpty)
    }
}
