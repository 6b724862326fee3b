import Foundation
import MarvelCore

/// The embedded cluster's controllers, one step at a time: each `tick()`
/// finishes deleted namespaces and gives new ones their ServiceAccount,
/// reconciles every Deployment against its ReplicaSets and every ReplicaSet,
/// StatefulSet, DaemonSet, CronJob and Job against what it owns, binds
/// claims, moves every pod one step through its lifecycle, then keeps
/// endpoints and disruption budgets current. Ticks are deterministic:
/// objects are visited in key order.
public struct Reconciler: Sendable {
    public let store: ClusterStore
    /// Runs DynHP training pods for real; nil: they complete like any Job pod.
    public let training: SimTrainingSupervisor?
    /// Registries that need a login; their images pull only with a matching pull Secret.
    public let privateRegistries: PrivateRegistries
    private var runningTicks: [String: Int] = [:]
    private var pullBackoff: [String: ImagePullBackoff] = [:]

    public init(store: ClusterStore, training: SimTrainingSupervisor? = nil, privateRegistries: PrivateRegistries = .none) {
        self.store = store
        self.training = training
        self.privateRegistries = privateRegistries
    }

    /// The store's version after the last tick that wrote nothing: when nothing
    /// changed since and no Job pod is counting down, a tick has nothing to do.
    private var settledVersion: Int?

    /// When a CronJob is due next: a settled cluster still ticks then.
    private var nextScheduled: Date?

    public mutating func tick() {
        let before = store.resourceVersion
        let due = nextScheduled.map { store.now >= $0 } ?? false
        if settledVersion == before && runningTicks.isEmpty && pullBackoff.isEmpty && !due { return }
        let events = EventRecorder(store: store)
        let namespaces = store.list(ResourceType.namespaces.name).items
        NamespaceTermination(store: store).sync(namespaces: namespaces)
        ServiceAccounts(store: store).sync(namespaces: namespaces)
        let nodeObjects = store.list("nodes").items
        var pods = store.list("pods").items
        let daemonSets = store.list("daemonsets").items
        let sync = WorkloadSync(
            store: store, events: events, allPods: pods,
            nodes: daemonSets.isEmpty ? [] : PodLifecycle.schedulingNodes(nodeObjects, pods: pods))
        let replicaSets = store.list(ResourceType.replicaSets.name).items
        for d in store.list("deployments").items { sync.deployment(d, replicaSets: replicaSets) }
        for rs in store.list(ResourceType.replicaSets.name).items { sync.replicaSet(rs) }
        for s in store.list("statefulsets").items { sync.statefulSet(s) }
        for d in daemonSets { sync.daemonSet(d) }
        nextScheduled = CronJobSync(store: store, events: events).sync(store.list(ResourceType.cronJobs.name).items)
        for j in store.list("jobs").items { sync.job(j) }
        VolumeSync(store: store, events: events).sync()
        pods = store.list("pods").items
        PodLifecycle(store: store, events: events, training: training, privateRegistries: privateRegistries)
            .step(pods: pods, nodes: nodeObjects, runningTicks: &runningTicks, pullBackoff: &pullBackoff)
        let settledPods = store.list(ResourceType.pods.name).items
        EndpointsSync(store: store).sync(services: store.list(ResourceType.services.name).items, pods: settledPods)
        DisruptionBudgetSync(store: store).sync(pods: settledPods)
        let live = Set(pods.map(\.objectUID))
        training?.retain(podUIDs: live)
        runningTicks = runningTicks.filter { live.contains($0.key) }
        pullBackoff = pullBackoff.filter { live.contains($0.key) }
        settledVersion = store.resourceVersion == before ? before : nil
    }
}
