/// ConfigMap and Secret keys and sizes, Namespace and Node specifics.
extension ValidationRun {
    static let maxDataSize = 1024 * 1024

    /// ValidateConfigMap / ValidateSecret: valid keys, no key in both bags, 1 MiB in all.
    func dataKeys(_ object: JSONValue, bags: [String]) {
        var total = 0
        let binary = self.object(object["binaryData"])
        for bag in bags {
            for m in self.object(object[bag]) {
                let p = FieldPath(bag).key(m.key)
                invalid(m.key, p, NameRules.configMapKey(m.key))
                if bag == "data", bags.contains("binaryData"), binary[m.key] != nil {
                    add(.invalid(p, .string(m.key), "duplicate of key present in binaryData"))
                }
                total += (m.value.stringValue ?? "").utf8.count
            }
        }
        if total > Self.maxDataSize { add(.tooLong(FieldPath(""), maxBytes: Self.maxDataSize)) }
    }

    /// validateNodeTaints: qualified keys, label values, known effects, one taint per key and effect.
    func nodeTaints(_ taints: [JSONValue], _ path: FieldPath) {
        var seen = Set<String>()
        for (i, t) in taints.enumerated() {
            let p = path.index(i)
            let key = string(t["key"])
            if key.isEmpty {
                add(.required(p.child("key")))
            } else {
                invalid(key, p.child("key"), NameRules.qualifiedName(key))
            }
            let value = string(t["value"])
            invalid(value, p.child("value"), NameRules.labelValue(value))
            let effect = string(t["effect"])
            if effect.isEmpty {
                add(.required(p.child("effect")))
            } else if !Self.taintEffects.contains(effect) {
                add(.notSupported(p.child("effect"), .string(effect), Self.taintEffects))
            }
            if !seen.insert(key + "\u{0}" + effect).inserted {
                let taint =
                    "core.Taint{Key:\(GoValueText.quoted(key)), Value:\(GoValueText.quoted(value)), "
                    + "Effect:\(GoValueText.quoted(effect)), TimeAdded:<nil>}"
                add(
                    FieldError(
                        kind: .duplicate, field: p, badValue: taint, detail: "taints must be unique by key and effect pair"))
            }
        }
    }
}
