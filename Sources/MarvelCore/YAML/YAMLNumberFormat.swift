/// Writes doubles so that YAML 1.1 (PyYAML's float pattern) reads them back
/// as the same doubles: always a dot, exponent with a sign, `.inf`, `.nan`.
enum YAMLNumberFormat {
    static func plain(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        let text = "\(d)"  // shortest round-trip form: "1.0", "1e-05", "1.5e+300"
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return text.contains(".") ? text : text + ".0"
        }
        var mantissa = String(text[..<e])
        var exponent = String(text[text.index(after: e)...])
        if !mantissa.contains(".") { mantissa += ".0" }
        if !(exponent.hasPrefix("-") || exponent.hasPrefix("+")) { exponent = "+" + exponent }
        return mantissa + "e" + exponent
    }
}
