/// The TAINTS column: every taint of a node, shortened so that they fit
/// together ("control-plane:NS,layer=edge:NS"), or just their count and
/// effects ("2 NS") when the column is narrow. The detail lists them in full.
public enum NodeTaintText {
    /// kubectl's effect names, shortened.
    static let effects = ["NoSchedule": "NS", "PreferNoSchedule": "PNS", "NoExecute": "NE"]

    /// The cell for a node's taints (as "key=value:Effect"); empty without taints.
    public static func cell(_ taints: [String]) -> TableCell {
        guard !taints.isEmpty else { return .text("", TextStyle(.dim)) }
        var seenEffects: [String] = []
        for taint in taints {
            let effect = shortEffect(of: taint)
            if !seenEffects.contains(effect) { seenEffects.append(effect) }
        }
        return .choice([taints.map(abbreviated).joined(separator: ","), "\(taints.count) " + seenEffects.joined(separator: ",")],
                       TextStyle(.dim))
    }

    /// "node-role.kubernetes.io/control-plane:NoSchedule" → "control-plane:NS".
    public static func abbreviated(_ taint: String) -> String {
        let (head, effect) = split(taint)
        var key = head
        var value = ""
        if let eq = head.firstIndex(of: "=") {
            key = String(head[..<eq])
            value = String(head[eq...])
        }
        if let slash = key.lastIndex(of: "/") { key = String(key[key.index(after: slash)...]) }
        return key + value + (effect.isEmpty ? "" : ":" + (effects[effect] ?? effect))
    }

    static func shortEffect(of taint: String) -> String {
        let effect = split(taint).effect
        return effects[effect] ?? effect
    }

    /// "key=value" and "Effect" of "key=value:Effect".
    static func split(_ taint: String) -> (head: String, effect: String) {
        guard let colon = taint.lastIndex(of: ":") else { return (taint, "") }
        return (String(taint[..<colon]), String(taint[taint.index(after: colon)...]))
    }
}
