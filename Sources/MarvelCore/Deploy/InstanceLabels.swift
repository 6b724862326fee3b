/// The labels marking an instance's objects, and the code that stamps them on
/// rendered objects and their pod templates.
public enum InstanceLabels {
    public static let managedBy = "app.kubernetes.io/managed-by"
    public static let instance = "marvdash.io/instance"
    public static let template = "marvdash.io/template"
    public static let record = "marvdash.io/record"
    /// The label and annotation of MARVdash/Karvdash deployments.
    public static let karvdashTemplate = "karvdash-template"
    public static let karvdashValues = "karvdash-values"

    /// The three labels of an instance.
    public static func labels(name: String, template: String) -> [(String, String)] {
        [(managedBy, "marvdash"), (instance, name), (Self.template, template)]
    }

    /// `object` with the instance labels on metadata and on pod templates, and `namespace`
    /// set when it has none.
    public static func stamp(_ object: JSONValue, name: String, template: String, namespace: String) -> JSONValue {
        var o = object
        let pairs = labels(name: name, template: template)
        o["metadata"] = addLabels(o["metadata"] ?? .object([:]), pairs)
        if (o.at("metadata", "namespace")?.stringValue ?? "").isEmpty {
            o["metadata"]?["namespace"] = .string(namespace)
        }
        if var spec = o["spec"], spec.objectValue != nil {
            if let t = spec["template"], t.objectValue != nil {
                spec["template"] = stampPodTemplate(t, pairs)
            }
            if var jt = spec["jobTemplate"], jt.objectValue != nil {
                jt["metadata"] = addLabels(jt["metadata"] ?? .object([:]), pairs)
                if var js = jt["spec"], let t = js["template"], t.objectValue != nil {
                    js["template"] = stampPodTemplate(t, pairs)
                    jt["spec"] = js
                }
                spec["jobTemplate"] = jt
            }
            o["spec"] = spec
        }
        return o
    }

    private static func stampPodTemplate(_ t: JSONValue, _ pairs: [(String, String)]) -> JSONValue {
        var t = t
        t["metadata"] = addLabels(t["metadata"] ?? .object([:]), pairs)
        return t
    }

    private static func addLabels(_ metadata: JSONValue, _ pairs: [(String, String)]) -> JSONValue {
        var m = metadata.objectValue == nil ? JSONValue.object([:]) : metadata
        var labels = m["labels"]?.objectValue ?? JSONObject()
        for (k, v) in pairs { labels[k] = .string(v) }
        m["labels"] = .object(labels)
        return m
    }
}
