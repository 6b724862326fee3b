import Foundation

/// The record as a Secret, the way Helm 3 keeps a release: type
/// `marvdash.io/instance.v1`, the record as JSON, gzip-compressed, in
/// `data.record` (the API carries `data` base64-encoded), and labels to list
/// records by selector (`marvdash.io/record=true`, `marvdash.io/state=…`).
/// The record holds the instance's values, secret ones included, so it lives
/// where only those allowed to read Secrets can read it; marvdash never
/// prints it.
extension InstanceRecord {
    /// The Secret type of a record.
    public static let secretType = "marvdash.io/instance.v1"
    /// The label with the latest revision's state.
    public static let stateLabel = "marvdash.io/state"
    /// The label with the latest revision number.
    public static let revisionLabel = "marvdash.io/revision"
    /// The key of `data` holding the compressed record.
    static let dataKey = "record"
    /// Secrets are limited to 1 MiB; older revisions are dropped until the record fits in this.
    static let maxEncodedBytes = 900 << 10
    /// The most a record may decompress to.
    static let maxDecodedBytes = 32 << 20

    /// The Secret to write: labels, type and the compressed record. Drops the oldest kept
    /// revisions (never the latest) while the record is too large for a Secret.
    public func secret(now: Date = Date()) -> JSONValue {
        var rec = self
        var payload = rec.compressedPayload(now: now)
        while payload.count > Self.maxEncodedBytes, let oldest = rec.history.keys.min(), oldest != rec.revision {
            rec.history[oldest] = nil
            payload = rec.compressedPayload(now: now)
        }
        var labels = JSONObject()
        labels[InstanceLabels.managedBy] = "marvdash"
        labels[InstanceLabels.instance] = .string(name)
        labels[InstanceLabels.template] = .string(templateID)
        labels[InstanceLabels.record] = "true"
        labels[Self.stateLabel] = .string(state.rawValue)
        labels[Self.revisionLabel] = .string(String(revision))
        return [
            "apiVersion": "v1", "kind": "Secret",
            "metadata": ["name": .string(Self.objectName(name)), "namespace": .string(namespace), "labels": .object(labels)],
            "type": .string(Self.secretType),
            "data": [Self.dataKey: .string(Data(payload).base64EncodedString())],
        ]
    }

    /// The record as JSON (values in clear: only ever stored inside the Secret).
    func json(now: Date) -> JSONValue {
        var revisions: [JSONValue] = []
        for rev in history.keys.sorted() {
            guard let entry = history[rev] else { continue }
            var o: JSONObject = [
                "revision": .int(rev), "state": .string(entry.state.rawValue), "values": Self.valuesJSON(entry.values),
                "manifests": .array(entry.manifests), "placement": entry.placement,
            ]
            if let updated = entry.updatedAt { o["updated"] = .string(Timestamp.format(updated)) }
            revisions.append(.object(o))
        }
        var o: JSONObject = [
            "kind": "InstanceRecord", "version": 1, "name": .string(name), "namespace": .string(namespace),
            "template": .string(templateID), "revision": .int(revision),
            "created": .string(Timestamp.format(createdAt ?? now)),
            "secretVariables": .array(secretNames.sorted().map { .string($0) }),
            "revisions": .array(revisions),
        ]
        if let templateSource { o["templateSource"] = .string(templateSource) }
        return .object(o)
    }

    private func compressedPayload(now: Date) -> [UInt8] { Gzip.compress(json(now: now).jsonBytes()) }

    /// Whether `object` is a record Secret (its type, or its record label).
    public static func isRecordSecret(_ object: JSONValue) -> Bool {
        object["type"]?.stringValue == secretType || DeployObject.labels(object)[InstanceLabels.record] == "true"
    }

    /// Reads a record Secret; a missing or damaged part is named.
    public init(secret: JSONValue) throws(DeployError) {
        let objectName = DeployObject.name(secret)
        let ns = secret.at("metadata", "namespace")?.stringValue ?? ""
        let name = DeployObject.labels(secret)[InstanceLabels.instance] ?? String(objectName.dropFirst("marvdash-".count))
        func damaged(_ field: String) -> DeployError { .badRecord(name: name, namespace: ns, field: field) }
        guard let encoded = secret.at("data", Self.dataKey)?.stringValue, let compressed = Data(base64Encoded: encoded) else {
            throw damaged("data.\(Self.dataKey)")
        }
        let json: JSONValue
        do {
            json = try JSONValue.parse(try Gzip.decompress(Array(compressed), limit: Self.maxDecodedBytes))
        } catch {
            throw damaged("data.\(Self.dataKey) (\(error))")
        }
        guard let template = json["template"]?.stringValue else { throw damaged("template") }
        guard let rev = json["revision"]?.intValue else { throw damaged("revision") }
        self.init(name: name, namespace: ns, templateID: template)
        revision = rev
        storage = .secret
        templateSource = json["templateSource"]?.stringValue
        secretNames = Set((json["secretVariables"]?.arrayValue ?? []).compactMap(\.stringValue))
        createdAt = json["created"]?.stringValue.flatMap(Timestamp.parse)
            ?? secret.at("metadata", "creationTimestamp")?.stringValue.flatMap(Timestamp.parse)
        for (index, item) in (json["revisions"]?.arrayValue ?? []).enumerated() {
            guard let r = item["revision"]?.intValue else { throw damaged("revisions[\(index)].revision") }
            guard let values = Self.values(from: item["values"] ?? .object([:])) else { throw damaged("revisions[\(index)].values") }
            guard let manifests = item["manifests"]?.arrayValue else { throw damaged("revisions[\(index)].manifests") }
            history[r] = Revision(
                values: values, manifests: manifests, placement: item["placement"] ?? .null,
                state: InstanceState(recorded: item["state"]?.stringValue ?? "deployed"),
                updatedAt: item["updated"]?.stringValue.flatMap(Timestamp.parse))
        }
        if history[rev] == nil { throw damaged("revisions (revision \(rev) is missing)") }
    }
}
