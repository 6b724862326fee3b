import Foundation
import Testing
@testable import MarvelCore

@Suite struct NodeFilterPatternTests {
    @Test func reFiltersByARegularExpressionInAnyCase() throws {
        let fields = ["mtedge2", "MT", "arm64", "NotReady", "edge", "node.kubernetes.io/unreachable:NoExecute", "marvdash.io/site=MT"]
        #expect(NodeFilterPattern("re:^mt.*2$").matches(fields: fields))
        #expect(NodeFilterPattern("re:UNREACHABLE:no").matches(fields: fields))
        #expect(!NodeFilterPattern("re:^edge-").matches(fields: fields))
        #expect(NodeFilterPattern("  Edge ").matches(fields: fields))
        #expect(NodeFilterPattern("re:").matches(fields: fields))
        #expect(NodeFilterPattern("").matches(fields: fields))
        let bad = NodeFilterPattern("re:(")
        #expect(!bad.matches(fields: fields))
        #expect(bad.problem?.hasPrefix("invalid regular expression '('") == true)
        #expect(NodeInventory.filterProblem("re:[a-") != nil)
        #expect(NodeInventory.filterProblem("[a-") == nil)  // without re: it is plain text
    }
}
