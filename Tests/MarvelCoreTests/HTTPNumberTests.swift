import Testing
@testable import MarvelCore

/// The one parser of HTTP's decimal and hexadecimal numbers: digits only, never a sign or
/// a space, and a value past the limit reported instead of wrapping or trapping.
@Suite struct HTTPNumberTests {
    @Test func digitsParse() {
        #expect(HTTPNumber.parse("0", radix: 10) == .value(0))
        #expect(HTTPNumber.parse("0042", radix: 10) == .value(42))
        #expect(HTTPNumber.parse("1F", radix: 16) == .value(31))
        #expect(HTTPNumber.parse("ff", radix: 16) == .value(255))
        #expect(HTTPNumber.parse(String(Int.max), radix: 10) == .value(Int.max))
    }

    @Test(arguments: ["", "-5", "+5", " 5", "5 ", "0x5", "5.0", "٣", "1_000", "ten"])
    func anythingButDigitsIsInvalid(text: String) {
        #expect(HTTPNumber.parse(text, radix: 10) == .invalid)
        #expect(HTTPNumber.parse(text, radix: 16) == .invalid)
    }

    @Test func valuesPastTheLimitAreTooLargeWithoutOverflowing() {
        #expect(HTTPNumber.parse("1000001", radix: 16, limit: 16 << 20) == .tooLarge)
        #expect(HTTPNumber.parse("1000000", radix: 16, limit: 16 << 20) == .value(16 << 20))
        #expect(HTTPNumber.parse(String(repeating: "f", count: 40), radix: 16) == .tooLarge)
        #expect(HTTPNumber.parse("9223372036854775808", radix: 10) == .tooLarge)
        #expect(HTTPNumber.parse("5", radix: 10, limit: 0) == .tooLarge)
        #expect(HTTPNumber.parse("0", radix: 10, limit: 0) == .value(0))
        // A non-digit after an over-long number is still invalid, not too large.
        #expect(HTTPNumber.parse(String(repeating: "9", count: 30) + "x", radix: 10) == .invalid)
    }

    @Test func statusLinesReadOnlyThreeDigitCodes() {
        func status(_ line: String) -> Int {
            let sink = TransferSink()
            Array(line.utf8).withUnsafeBufferPointer { sink.receiveHeader($0) }
            return sink.status
        }
        #expect(status("HTTP/1.1 200 OK\r\n") == 200)
        #expect(status("HTTP/1.1 -200 OK\r\n") == 0)
        #expect(status("HTTP/1.1 +200 OK\r\n") == 0)
        #expect(status("HTTP/1.1 2000 OK\r\n") == 0)
    }
}
