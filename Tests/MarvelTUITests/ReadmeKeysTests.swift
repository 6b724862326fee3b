import Foundation
import Testing
@testable import MarvelTUI

/// README's key and command section is `ConsoleReference.markdown()`, so it
/// cannot drift from the keys the console has.
@Suite struct ReadmeKeysTests {
    static let readmePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("README.md").path

    @Test func readmeKeySectionIsGeneratedFromTheTable() throws {
        let readme = try String(contentsOfFile: Self.readmePath, encoding: .utf8)
        let begin = try #require(readme.range(of: ConsoleReference.markdownBegin), "README lacks \(ConsoleReference.markdownBegin)")
        let end = try #require(readme.range(of: ConsoleReference.markdownEnd, range: begin.upperBound..<readme.endIndex))
        let section = String(readme[begin.upperBound..<end.lowerBound]).trimmingCharacters(in: .newlines)
        let expected = ConsoleReference.markdown().trimmingCharacters(in: .newlines)
        if section != expected, ProcessInfo.processInfo.environment["MARVDASH_UPDATE_README"] == "1" {
            let updated = String(readme[..<begin.upperBound]) + "\n" + expected + "\n" + String(readme[end.lowerBound...])
            try updated.write(toFile: Self.readmePath, atomically: true, encoding: .utf8)
            return
        }
        #expect(section == expected, "README's key section differs from ConsoleReference: run MARVDASH_UPDATE_README=1 swift test --filter ReadmeKeys")
    }

    @Test func everyConditionAndScopeIsWordedForReaders() {
        for key in ConsoleReference.keys {
            if let condition = key.condition { #expect(ConsoleReference.conditionText(condition) != condition, "no README wording for \(condition)") }
        }
        // Every scope has keys, and the markdown names each scope once.
        let markdown = ConsoleReference.markdown()
        for scope in KeyScope.allCases {
            #expect(ConsoleReference.keys.contains { $0.scope == scope }, "\(scope) has no keys")
            #expect(markdown.components(separatedBy: "#### \(scope.title)\n").count == 2)
        }
        for command in ConsoleReference.commands { #expect(markdown.contains("`\(command.usage)`")) }
    }
}
