/// Where a pod's persistent volume lives: the node affinity of the
/// PersistentVolume a claim of the pod is bound to. A pod runs only on a node
/// matching one term of every such volume (kube-scheduler's VolumeBinding
/// filter); a local volume pins its pods to its node.
public struct VolumeNodeAffinity: Sendable, Hashable {
    /// The claim the pod names (`volumes[].persistentVolumeClaim.claimName`).
    public var claim: String
    /// The PersistentVolume it is bound to.
    public var volume: String
    /// `spec.nodeAffinity.required.nodeSelectorTerms` of the volume (any one must match).
    public var terms: [NodeSelectorTerm]

    public init(claim: String, volume: String, terms: [NodeSelectorTerm]) {
        self.claim = claim
        self.volume = volume
        self.terms = terms
    }

    /// kube-scheduler's reason for a node no volume of the pod can be used on.
    public static let conflict = "node(s) had volume node affinity conflict"

    /// Whether a node with `labels` and `name` can reach the volume.
    public func admits(labels: [String: String], nodeName: String) -> Bool {
        terms.isEmpty || terms.contains { $0.matches(labels: labels, nodeName: nodeName) }
    }
}

/// The claims of one namespace and the volumes they are bound to, read from
/// the API's PersistentVolumeClaim and PersistentVolume objects, answering
/// where the pods using a claim may run.
public struct ClaimBindings: Sendable, Hashable {
    /// Claim name → its bound volume's affinity (claims not bound, or bound to
    /// a volume without node affinity, are absent).
    public var affinities: [String: VolumeNodeAffinity]

    public init(affinities: [String: VolumeNodeAffinity] = [:]) { self.affinities = affinities }

    /// From the claims of one namespace and every volume.
    public init(claims: [JSONValue], volumes: [JSONValue]) {
        var byName: [String: JSONValue] = [:]
        for v in volumes { if let name = v.at("metadata", "name")?.stringValue { byName[name] = v } }
        var out: [String: VolumeNodeAffinity] = [:]
        for claim in claims {
            guard let name = claim.at("metadata", "name")?.stringValue,
                let volumeName = claim.at("spec", "volumeName")?.stringValue, !volumeName.isEmpty,
                let volume = byName[volumeName]
            else { continue }
            let terms = (volume.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?.arrayValue ?? [])
                .map(NodeSelectorTerm.init(json:))
            guard !terms.isEmpty else { continue }
            out[name] = VolumeNodeAffinity(claim: name, volume: volumeName, terms: terms)
        }
        affinities = out
    }

    /// The claim names a pod spec mounts (`volumes[].persistentVolumeClaim.claimName`).
    public static func claimNames(inPodSpec spec: JSONValue) -> [String] {
        (spec["volumes"]?.arrayValue ?? []).compactMap { $0.at("persistentVolumeClaim", "claimName")?.stringValue }
    }

    /// The volume affinities that bind a pod spec.
    public func affinities(forPodSpec spec: JSONValue) -> [VolumeNodeAffinity] {
        Self.claimNames(inPodSpec: spec).compactMap { affinities[$0] }
    }

    /// The names of a StatefulSet's `volumeClaimTemplates` (empty for other kinds).
    public static func claimTemplateNames(of manifest: JSONValue) -> [String] {
        guard manifest["kind"]?.stringValue == "StatefulSet" else { return [] }
        return (manifest.at("spec", "volumeClaimTemplates")?.arrayValue ?? []).compactMap { $0.at("metadata", "name")?.stringValue }
    }

    /// The claims the StatefulSet controller makes for ordinals below `replicas`: `<template>-<set>-<ordinal>`.
    public static func ordinalClaimNames(ofStatefulSet manifest: JSONValue, replicas: Int) -> [String] {
        let templates = claimTemplateNames(of: manifest)
        guard !templates.isEmpty, let set = manifest.at("metadata", "name")?.stringValue else { return [] }
        return (0..<max(0, replicas)).flatMap { ordinal in templates.map { "\($0)-\(set)-\(ordinal)" } }
    }

    /// Per ordinal below `replicas`, the bound volumes of the claims the StatefulSet
    /// controller made for it (`<template>-<set>-<ordinal>`); ordinals with none are absent.
    public func affinitiesByOrdinal(ofStatefulSet manifest: JSONValue, replicas: Int) -> [Int: [VolumeNodeAffinity]] {
        let templates = Self.claimTemplateNames(of: manifest)
        guard !templates.isEmpty, !affinities.isEmpty, let set = manifest.at("metadata", "name")?.stringValue else { return [:] }
        var out: [Int: [VolumeNodeAffinity]] = [:]
        for ordinal in 0..<max(0, replicas) {
            let bound = templates.compactMap { affinities["\($0)-\(set)-\(ordinal)"] }
            if !bound.isEmpty { out[ordinal] = bound }
        }
        return out
    }
}
