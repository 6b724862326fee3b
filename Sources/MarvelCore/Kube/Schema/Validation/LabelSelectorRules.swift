/// Label selectors (`metav1.LabelSelector`): matching labels and the checks
/// ValidateLabelSelector runs, plus the Go form the server prints them in.
enum LabelSelectorMatch {
    /// True when `labels` satisfy every matchLabels entry and matchExpressions requirement.
    static func matches(_ selector: JSONValue, labels: JSONObject) -> Bool {
        for m in selector["matchLabels"]?.objectValue ?? [:] where labels[m.key] != m.value {
            return false
        }
        for e in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = e["key"]?.stringValue ?? ""
            let values = (e["values"]?.arrayValue ?? []).compactMap(\.stringValue)
            let value = labels[key]?.stringValue
            switch e["operator"]?.stringValue ?? "" {
            case "In": if value.map({ values.contains($0) }) != true { return false }
            case "NotIn": if let value, values.contains(value) { return false }
            case "Exists": if value == nil { return false }
            case "DoesNotExist": if value != nil { return false }
            default: return false
            }
        }
        return true
    }

    /// True when the selector has no requirement at all.
    static func isEmpty(_ selector: JSONValue) -> Bool {
        (selector["matchLabels"]?.objectValue?.isEmpty ?? true) && (selector["matchExpressions"]?.arrayValue?.isEmpty ?? true)
    }

    /// `v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}`.
    static func goSyntax(_ selector: JSONValue) -> String {
        let labels = selector["matchLabels"]?.objectValue
        let labelText = labels.map(GoValueText.stringMap) ?? "map[string]string(nil)"
        let expressions = selector["matchExpressions"]?.arrayValue ?? []
        let expressionText =
            expressions.isEmpty
            ? "[]v1.LabelSelectorRequirement(nil)"
            : "[]v1.LabelSelectorRequirement{"
                + expressions.map { e in
                    let values = (e["values"]?.arrayValue ?? []).map { GoValueText.quoted($0.stringValue ?? "") }
                    return "v1.LabelSelectorRequirement{Key:\(GoValueText.quoted(e["key"]?.stringValue ?? "")), "
                        + "Operator:\(GoValueText.quoted(e["operator"]?.stringValue ?? "")), "
                        + "Values:[]string{\(values.joined(separator: ", "))}}"
                }.joined(separator: ", ") + "}"
        return "v1.LabelSelector{MatchLabels:\(labelText), MatchExpressions:\(expressionText)}"
    }
}

extension ValidationRun {
    /// ValidateLabelSelector: label keys and values, expression operators and values.
    func labelSelector(_ selector: JSONValue, _ path: FieldPath) {
        for (i, e) in array(selector["matchExpressions"]).enumerated() {
            let p = path.child("matchExpressions").index(i)
            let op = string(e["operator"])
            let values = array(e["values"])
            switch op {
            case "In", "NotIn":
                if values.isEmpty {
                    add(.required(p.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"))
                }
            case "Exists", "DoesNotExist":
                if !values.isEmpty {
                    add(.forbidden(p.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"))
                }
            default:
                add(.invalid(p.child("operator"), .string(op), "not a valid selector operator"))
            }
            let key = string(e["key"])
            invalid(key, p.child("key"), NameRules.qualifiedName(key))
        }
        labels(object(selector["matchLabels"]), path.child("matchLabels"))
    }

    /// ValidateLabels: qualified-name keys, label values.
    func labels(_ labels: JSONObject, _ path: FieldPath) {
        for m in labels {
            invalid(m.key, path, NameRules.qualifiedName(m.key))
            let value = m.value.stringValue ?? ""
            invalid(value, path, NameRules.labelValue(value))
        }
    }
}
