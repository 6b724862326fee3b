/// A placement that refused a deploy or upgrade: the placer's reason, and the
/// assurance that nothing was changed.
public struct PlacementRefusal: Error, Sendable, CustomStringConvertible {
    public var error: PlacementError

    public init(_ error: PlacementError) { self.error = error }

    public var description: String { "\(error) Nothing was deployed." }
}

extension Deployer {
    /// The placement decision for rendered `manifests` of `template` (no cluster change):
    /// on `known` (the console's watched snapshot) or, without it, on the cluster read once;
    /// the instance's own pods (an upgrade's) left out; pods mounting a claim bound to a
    /// local volume stay on its node.
    public func placementDecision(
        manifests: [JSONValue], placement rules: TemplatePlacement?, instance: String, request: PlacementRequest,
        cluster known: ClusterSnapshot? = nil
    ) throws -> (decision: PlacementDecision, snapshot: PlacementSnapshot) {
        let cluster: ClusterSnapshot
        if let known {
            cluster = known
        } else {
            do {
                cluster = try client.fetchSnapshot(usage: request.policy == .usage)
            } catch let e as KubeError {
                throw DeployError.api(action: "reading nodes and pods for placement", e)
            }
        }
        let snapshot = PlacementSnapshot(cluster: cluster, rules: request.rules) { $0.labels[InstanceLabels.instance] == instance }
        let namespace = manifests.lazy.compactMap { $0.at("metadata", "namespace")?.stringValue }.first ?? "default"
        let claims = try claimBindings(for: manifests, namespace: namespace, cluster: known)
        let placer = TemplatePlacer(request: request)
        do {
            let components = ComponentRequirement.checkingImages(
                try placer.components(manifests, rules: rules, snapshot: snapshot, claims: claims), with: imagePlatforms)
            return (try placer.decide(components, snapshot: snapshot), snapshot)
        } catch {
            throw PlacementRefusal(error)
        }
    }

    /// Renders `template` with `values` (as deploy does) and decides where it would run; deploys nothing.
    public func previewPlacement(
        template: Template, name: String, values: [String: String], namespace: String, automatic: AutomaticValues,
        request: PlacementRequest = .auto, cluster: ClusterSnapshot? = nil
    ) throws -> PlacementDecision {
        var merged = values
        merged["NAME"] = name
        // The instance's own volumes too: a SHARED claim bound on one node pins it there.
        let manifests = try furnished(
            mirrored(try prepare(try template.render(values: merged, automatic: automatic), name: name, template: template.id, namespace: namespace)),
            template: template, instance: name, resolved: try template.resolvedValues(merged, automatic: automatic), namespace: namespace)
        do {
            let rules = try template.placement(values: merged, automatic: automatic)
            return try placementDecision(manifests: manifests, placement: rules, instance: name, request: request, cluster: cluster).decision
        } catch let refusal as PlacementRefusal {
            throw refusal.error
        }
    }

    /// `manifests` pinned as `request` says, and the record's placement field. Mode none pins
    /// nothing; the declared tolerations (the template's and the operator's) are written in every mode.
    func place(_ manifests: [JSONValue], rules: TemplatePlacement?, instance: String, request: PlacementRequest) throws
        -> (manifests: [JSONValue], record: JSONValue)
    {
        let placer = TemplatePlacer(request: request)
        if case .none = request.mode {
            let record: JSONValue = request.tolerations.isEmpty
                ? .null
                : PlacementDecision(mode: .none, policy: request.policy, plan: nil, workloads: [], tolerations: request.tolerations).json
            return (placer.tolerating(manifests, rules: rules), record)
        }
        let (decision, snapshot) = try placementDecision(manifests: manifests, placement: rules, instance: instance, request: request)
        return (placer.apply(decision, to: manifests, rules: rules, snapshot: snapshot), decision.json)
    }
}
