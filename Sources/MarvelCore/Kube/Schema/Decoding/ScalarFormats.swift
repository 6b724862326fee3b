import Foundation

/// The checks Kubernetes' Go types run on string forms while decoding, with
/// their error texts: quantities, base64 bytes and RFC 3339 times.
enum ScalarFormats {
    static let quantityFormatError =
        "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"

    /// Why `text` is not a quantity, in resource.ParseQuantity's words; nil when it is one.
    static func quantityProblem(_ text: String) -> String? {
        let t = text.trimmingCharacters(in: .whitespaces)
        var bytes = Array(t.utf8)[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let number = bytes.prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: ".") }
        let suffix = bytes.dropFirst(number.count)
        let suffixLetters = Set("eEinumkKMGTP".utf8)
        let lettersEnd = suffix.prefix { suffixLetters.contains($0) }
        var rest = suffix.dropFirst(lettersEnd.count)
        if let s = rest.first, s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { rest = rest.dropFirst() }
        let regexOK = !number.isEmpty && rest.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if !regexOK { return quantityFormatError }
        do {
            _ = try Quantity(parsing: t)
            return nil
        } catch {
            return number.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) || number.filter({ $0 == 0x2E }).count == 1
                ? "unable to parse quantity's suffix" : "unable to parse numeric part of quantity"
        }
    }

    /// Where standard base64 (with padding, CR/LF ignored) first goes wrong, as Go's
    /// `illegal base64 data at input byte N`; nil when the text decodes.
    static func base64Problem(_ text: String) -> String? {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        let bytes = Array(text.utf8)
        var quantumStart = 0
        var inQuantum = 0
        var padding = false
        for (i, b) in bytes.enumerated() {
            if b == 0x0A || b == 0x0D { continue }
            if padding {
                if b != UInt8(ascii: "=") || inQuantum == 0 { return "illegal base64 data at input byte \(i)" }
            } else if b == UInt8(ascii: "=") {
                if inQuantum < 2 { return "illegal base64 data at input byte \(i)" }
                padding = true
            } else if !alphabet.contains(b) {
                return "illegal base64 data at input byte \(i)"
            }
            if inQuantum == 0 { quantumStart = i }
            inQuantum = (inQuantum + 1) % 4
            if inQuantum == 0 { padding = false }
        }
        if inQuantum != 0 { return "illegal base64 data at input byte \(quantumStart)" }
        return nil
    }

    /// Why `text` is not an RFC 3339 time, as Go's time.Parse words it; nil when it is one.
    static func timeProblem(_ text: String) -> String? {
        let layout = "2006-01-02T15:04:05Z07:00"
        let s = Array(text.unicodeScalars)
        var i = 0
        func fail(_ element: String) -> String {
            let rest = String(String.UnicodeScalarView(s[min(i, s.count)...]))
            return "parsing time \(GoValueText.quoted(text)) as \(GoValueText.quoted(layout)): cannot parse "
                + "\(GoValueText.quoted(rest)) as \(GoValueText.quoted(element))"
        }
        func digits(_ n: Int) -> Int? {
            guard i + n <= s.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = s[i + k].value
                guard c >= 0x30 && c <= 0x39 else { return nil }
                v = v * 10 + Int(c - 0x30)
            }
            i += n
            return v
        }
        func literal(_ c: Character) -> Bool {
            guard i < s.count, Character(s[i]) == c else { return false }
            i += 1
            return true
        }
        guard digits(4) != nil else { return fail("2006") }
        guard literal("-") else { return fail("-") }
        guard let month = digits(2) else { return fail("01") }
        guard literal("-") else { return fail("-") }
        guard let day = digits(2) else { return fail("02") }
        guard literal("T") else { return fail("T") }
        guard let hour = digits(2) else { return fail("15") }
        guard literal(":") else { return fail(":") }
        guard let minute = digits(2) else { return fail("04") }
        guard literal(":") else { return fail(":") }
        guard let second = digits(2) else { return fail("05") }
        if literal(".") {
            let start = i
            while i < s.count, s[i].value >= 0x30 && s[i].value <= 0x39 { i += 1 }
            if i == start { return fail("Z07:00") }
        }
        if !literal("Z") {
            guard i < s.count, s[i] == "+" || s[i] == "-" else { return fail("Z07:00") }
            i += 1
            guard digits(2) != nil, literal(":"), digits(2) != nil else { return fail("Z07:00") }
        }
        let head = "parsing time \(GoValueText.quoted(text))"
        if i < s.count { return "\(head): extra text: \(GoValueText.quoted(String(String.UnicodeScalarView(s[i...]))))" }
        if !(1...12).contains(month) { return "\(head): month out of range" }
        if !(1...31).contains(day) { return "\(head): day out of range" }
        if hour > 23 { return "\(head): hour out of range" }
        if minute > 59 { return "\(head): minute out of range" }
        if second > 59 { return "\(head): second out of range" }
        return nil
    }
}
