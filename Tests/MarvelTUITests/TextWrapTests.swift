import Testing
@testable import MarvelTUI

@Suite struct TextWrapTests {
    @Test func wrapsAtSpacesAndKeepsEveryWord() {
        let text = "no node can run StatefulSet/kbig: 0/11 nodes are available: 3 Insufficient memory"
        let rows = TextWrap.lines(text, width: 20)
        #expect(rows.allSatisfy { DisplayWidth.of($0) <= 20 })
        #expect(rows.joined(separator: " ") == text)
        #expect(rows.first == "no node can run")
    }

    @Test func aWordLongerThanARowIsCutAcrossRows() {
        let rows = TextWrap.lines("a {node-role.kubernetes.io/control-plane:} b", width: 12)
        #expect(rows.allSatisfy { DisplayWidth.of($0) <= 12 })
        #expect(rows.joined() .replacingOccurrences(of: " ", with: "") == "a{node-role.kubernetes.io/control-plane:}b")
    }

    @Test func continuationRowsAreIndentedAndStylesKept() {
        let line = StyledLine([StyledSpan("KEY ", TextStyle(.keyHint)), StyledSpan("one two three four five", TextStyle(.dim))])
        let rows = TextWrap.lines(line, width: 12, indent: 4)
        #expect(rows.map(\.plainText) == ["KEY one two", "    three", "    four", "    five"])
        #expect(rows[0].spans.first?.style == TextStyle(.keyHint))
        #expect(rows[1].spans.last?.style == TextStyle(.dim))
    }

    @Test func spacesInsideARowAreKeptAndDroppedWhereItBreaks() {
        let rows = TextWrap.lines("  :logs SERVICE   follow a service's logs", width: 30, indent: 4)
        #expect(rows == ["  :logs SERVICE   follow a", "    service's logs"])
    }

    @Test func aLineThatFitsIsLeftAlone() {
        let line = StyledLine([StyledSpan("a  b", .normal), StyledSpan("   c", TextStyle(.dim))])
        #expect(TextWrap.lines(line, width: 20) == [line])
        #expect(TextWrap.lines(StyledLine.empty, width: 5).count == 1)
    }

    @Test func wideCharactersCountTwoColumns() {
        let rows = TextWrap.lines("日本語 日本語 日本語", width: 8)
        #expect(rows == ["日本語", "日本語", "日本語"])
    }

    @Test func droppingColumnsScrollsSideways() {
        let line = StyledLine([StyledSpan("[pod] ", TextStyle(.keyHint)), StyledSpan("hello", .normal)])
        #expect(line.droppingColumns(3).plainText == "d] hello")
        #expect(line.droppingColumns(6).spans == [StyledSpan("hello", .normal)])
        #expect(StyledLine("日本").droppingColumns(1).plainText == " 本")
    }
}

@Suite struct NaturalOrderTests {
    @Test func digitRunsCompareAsNumbers() {
        let names = ["kafka-10", "kafka-2", "kafka-0", "kafka-1", "kafka-100", "kafka-11"]
        #expect(NaturalOrder.sorted(names) { $0 } == ["kafka-0", "kafka-1", "kafka-2", "kafka-10", "kafka-11", "kafka-100"])
        #expect(NaturalOrder.areInIncreasingOrder("a-1", "b-0"))
        #expect(NaturalOrder.areInIncreasingOrder("web", "web-1"))
        #expect(!NaturalOrder.areInIncreasingOrder("x-2", "x-2"))
        #expect(NaturalOrder.areInIncreasingOrder("x-1", "x-01"))
    }
}
