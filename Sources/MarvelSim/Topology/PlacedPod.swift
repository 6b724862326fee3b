import Foundation

/// A system pod the seeder decided to run: its workload, node and name.
struct PlacedPod {
    var workload: WorkloadDescription
    var node: NodeDescription
    var name: String
    /// The owning controller's name (DaemonSet, ReplicaSet) or the node for static pods.
    var ownerKind: String
    var ownerName: String
    /// Extra labels the controller adds (pod-template-hash, controller-revision-hash…).
    var controllerLabels: [String: String]
    var created: Date
}
