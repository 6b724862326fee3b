import MarvelCore

/// An `intstr.IntOrString` such as `maxSurge: 25%` or `minAvailable: 2`,
/// scaled against a total the way the Kubernetes controllers scale it.
struct IntOrPercent: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case count(Int)
        case percent(Int)
    }

    var value: Value

    /// Reads a JSON integer or an `N%` string; nil for anything else.
    init?(_ json: JSONValue?) {
        guard let json else { return nil }
        if let n = json.intValue {
            value = .count(n)
        } else if let s = json.stringValue, s.hasSuffix("%"), let p = Int(s.dropLast()) {
            value = .percent(p)
        } else if let s = json.stringValue, let n = Int(s) {
            value = .count(n)
        } else {
            return nil
        }
    }

    init(_ value: Value) { self.value = value }

    /// The absolute number for `total`, rounding a percentage up or down.
    func scaled(_ total: Int, roundUp: Bool) -> Int {
        switch value {
        case .count(let n): return n
        case .percent(let p):
            let product = p * total
            return roundUp ? (product + 99) / 100 : product / 100
        }
    }
}
