/// Reading, listing, writing and removing instance records: the Secret
/// `marvdash-NAME`, or the ConfigMap of an older marvdash (migrated to a Secret
/// at the next write).
extension Deployer {
    static func secretPath(_ name: String, namespace: String) -> String {
        "/api/v1/namespaces/\(namespace)/secrets/\(InstanceRecord.objectName(name))"
    }

    static func configMapPath(_ name: String, namespace: String) -> String {
        "/api/v1/namespaces/\(namespace)/configmaps/\(InstanceRecord.objectName(name))"
    }

    /// The record of instance `name` (the Secret, else a legacy ConfigMap), or nil when there is none.
    public func record(name: String, namespace: String) throws -> InstanceRecord? {
        do {
            let secret = try client.get(Self.secretPath(name, namespace: namespace))
            if InstanceRecord.isRecordSecret(secret) { return try InstanceRecord(secret: secret) }
        } catch let e as KubeError {
            if e.statusCode != 404 { throw DeployError.api(action: "reading the record of \(name)", e) }
        }
        do {
            let cm = try client.get(Self.configMapPath(name, namespace: namespace))
            guard DeployObject.labels(cm)[InstanceLabels.record] == "true" else { return nil }
            return try InstanceRecord(configMap: cm)
        } catch let e as KubeError {
            if e.statusCode == 404 { return nil }
            throw DeployError.api(action: "reading the record of \(name)", e)
        }
    }

    /// The record of `name`, or why there is none (read-only Karvdash instance, not found).
    func existingRecord(name: String, namespace: String) throws -> InstanceRecord {
        if let rec = try record(name: name, namespace: namespace) { return rec }
        if try instances(namespace: namespace).contains(where: { $0.name == name && $0.managedBy == .karvdash }) {
            throw DeployError.readOnly(name: name, namespace: namespace)
        }
        throw DeployError.notFound(name: name, namespace: namespace)
    }

    /// Every record in `namespace` (all namespaces when nil): the Secrets, then legacy
    /// ConfigMaps without a Secret of the same name. Damaged records are skipped.
    public func records(namespace: String?) throws -> [InstanceRecord] {
        let selector = ["labelSelector": "\(InstanceLabels.record)=true"]
        var out: [InstanceRecord] = []
        do {
            let secrets = try client.list(namespace.map { "/api/v1/namespaces/\($0)/secrets" } ?? "/api/v1/secrets", query: selector)
            out = secrets.items.filter(InstanceRecord.isRecordSecret).compactMap { try? InstanceRecord(secret: $0) }
            let seen = Set(out.map { "\($0.namespace)/\($0.name)" })
            let legacy = try client.list(namespace.map { "/api/v1/namespaces/\($0)/configmaps" } ?? "/api/v1/configmaps", query: selector)
            out += legacy.items.compactMap { try? InstanceRecord(configMap: $0) }.filter { !seen.contains("\($0.namespace)/\($0.name)") }
        } catch {
            throw DeployError.api(action: "listing instance records", error)
        }
        return out
    }

    /// Writes `rec` as its Secret: created (a name taken meanwhile is refused) or applied over
    /// the existing one. A legacy ConfigMap record is removed once the Secret holds the record.
    func writeRecord(_ rec: inout InstanceRecord, creating: Bool) throws {
        let secret = rec.secret(now: now())
        do {
            if creating {
                _ = try client.send(
                    .post, "/api/v1/namespaces/\(rec.namespace)/secrets", headers: [(name: "Content-Type", value: "application/json")],
                    body: secret.jsonBytes())
            } else {
                let type = ResourceType(group: "", version: "v1", resource: "secrets", namespaced: true, kind: "Secret")
                _ = try applyObject(secret, type: type, namespace: rec.namespace, dryRun: false)
            }
        } catch {
            if creating && error.statusCode == 409 {
                throw DeployError.nameTaken(name: rec.name, namespace: rec.namespace, template: rec.templateID)
            }
            throw DeployError.recordWrite(name: rec.name, namespace: rec.namespace, message: DeployObject.message(error))
        }
        if rec.storage == .legacyConfigMap {
            let configMap = JSONValue.object(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(InstanceRecord.objectName(rec.name))]])
            _ = try deleteObject(configMap, namespace: rec.namespace)
        }
        rec.storage = .secret
    }

    /// Removes the record (the Secret and a legacy ConfigMap record); returns "Kind/name" of what was removed.
    func deleteRecord(name: String, namespace: String) throws -> [String] {
        var removed: [String] = []
        let objectName = InstanceRecord.objectName(name)
        let secret = JSONValue.object(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(objectName)]])
        if try deleteObject(secret, namespace: namespace) { removed.append("Secret/\(objectName)") }
        let legacy = try? client.get(Self.configMapPath(name, namespace: namespace))
        let configMap = JSONValue.object(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(objectName)]])
        if let legacy, DeployObject.labels(legacy)[InstanceLabels.record] == "true", try deleteObject(configMap, namespace: namespace) {
            removed.append("ConfigMap/\(objectName)")
        }
        return removed
    }
}
