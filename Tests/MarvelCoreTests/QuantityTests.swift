import Testing

@testable import MarvelCore

@Suite struct QuantityParsingTests {
    @Test(arguments: [
        ("100m", Int128(100_000_000)),
        ("2", Int128(2_000_000_000)),
        ("1.5", Int128(1_500_000_000)),
        ("16Gi", Int128(17_179_869_184) * 1_000_000_000),
        ("732212Ki", Int128(749_785_088) * 1_000_000_000),
        ("487558164n", Int128(487_558_164)),
        ("1e3", Int128(1000) * 1_000_000_000),
        ("1M", Int128(1_000_000) * 1_000_000_000),
        ("500Mi", Int128(524_288_000) * 1_000_000_000),
        ("0", Int128(0)),
        ("+3", Int128(3_000_000_000)),
        ("-250m", Int128(-250_000_000)),
        ("0.5Gi", Int128(536_870_912) * 1_000_000_000),
        ("1.5e-3", Int128(1_500_000)),
        ("2E2", Int128(200_000_000_000)),
        ("12u", Int128(12_000)),
        ("3k", Int128(3_000_000_000_000)),
        (".5", Int128(500_000_000)),
    ])
    func parsesExactly(text: String, nanos: Int128) throws {
        #expect(try Quantity(parsing: text).nanos == nanos)
    }

    @Test(arguments: ["", "abc", "1Qi", "1.2.3", "m", "--1", "1e", "1e999", "1 Gi", "Gi"])
    func rejectsMalformed(text: String) {
        #expect(throws: QuantityError.self) { try Quantity(parsing: text) }
    }

    @Test func errorNamesTheText() {
        do {
            _ = try Quantity(parsing: "12Qq")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'12Qq'"))
            #expect(error.description.contains("Qq"))
        }
    }

    @Test func subNanoPrecisionRoundsUp() throws {
        #expect(try Quantity(parsing: "0.1n").nanos == 1)
        #expect(try Quantity(parsing: "1.0000000001").nanos == 1_000_000_001)
    }

    @Test func milliValueAndValueRoundUpLikeKubernetes() throws {
        let q = try Quantity(parsing: "487558164n")
        #expect(q.milliValue == 488)
        #expect(q.value == 1)
        #expect(try Quantity(parsing: "1500m").value == 2)
        #expect(try Quantity(parsing: "2").milliValue == 2000)
        #expect(try Quantity(parsing: "16Gi").value == 17_179_869_184)
        #expect(try Quantity(parsing: "100m").milliValue == 100)
    }

    @Test func arithmeticAndOrdering() throws {
        let a = try Quantity(parsing: "250m")
        let b = try Quantity(parsing: "1.25")
        #expect((a + b).milliValue == 1500)
        #expect((b - a).milliValue == 1000)
        #expect(a < b)
        #expect(Quantity(milli: 250) == a)
        #expect(Quantity(value: 3).milliValue == 3000)
    }

    @Test func canonicalDescription() throws {
        #expect(try Quantity(parsing: "2000m").description == "2")
        #expect(try Quantity(parsing: "0.25").description == "250m")
        #expect(try Quantity(parsing: "5n").description == "5n")
    }
}

@Suite struct QuantityDisplayTests {
    @Test func nanosAsDoubleMatchesTheWideConversion() throws {
        for text in ["0", "250m", "15800m", "64000Mi", "1Ei", "-3", "1e20", "5n"] {
            let q = try Quantity(parsing: text)
            #expect(q.nanosAsDouble == Double(q.nanos), "\(text)")
            #expect(q.doubleValue == Double(q.nanos) / 1e9, "\(text)")
        }
    }

    @Test(arguments: [("3.5", "3.5"), ("250m", "250m"), ("46", "46"), ("4200m", "4.2"), ("0", "0"), ("999m", "999m"), ("1", "1")])
    func cpu(text: String, shown: String) throws {
        #expect(try Quantity(parsing: text).cpuDisplay == shown)
    }

    @Test(arguments: [
        ("16Gi", "16Gi"), ("512Mi", "512Mi"), ("16357Mi", "16Gi"), ("15.6Gi", "15.6Gi"), ("900", "900"),
        ("1536Ki", "1.5Mi"), ("732212Ki", "715.1Mi"), ("1048575Ki", "1Gi"), ("2Ti", "2Ti"),
    ])
    func bytes(text: String, shown: String) throws {
        #expect(try Quantity(parsing: text).bytesDisplay == shown)
    }
}
