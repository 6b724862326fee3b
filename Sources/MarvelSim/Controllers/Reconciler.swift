import MarvelCore

/// The embedded cluster's controllers, one step at a time: each `tick()`
/// reconciles every Deployment, StatefulSet, DaemonSet and Job against its
/// pods, then moves every pod one step through its lifecycle. Ticks are
/// deterministic: objects are visited in key order.
public struct Reconciler: Sendable {
    public let store: ClusterStore
    /// Runs DynHP training pods for real; nil: they complete like any Job pod.
    public let training: SimTrainingSupervisor?
    private var runningTicks: [String: Int] = [:]

    public init(store: ClusterStore, training: SimTrainingSupervisor? = nil) {
        self.store = store
        self.training = training
    }

    /// The store's version after the last tick that wrote nothing: when nothing
    /// changed since and no Job pod is counting down, a tick has nothing to do.
    private var settledVersion: Int?

    public mutating func tick() {
        let before = store.resourceVersion
        if settledVersion == before && runningTicks.isEmpty { return }
        let events = EventRecorder(store: store)
        let nodeObjects = store.list("nodes").items
        var pods = store.list("pods").items
        let daemonSets = store.list("daemonsets").items
        let sync = WorkloadSync(
            store: store, events: events, allPods: pods,
            nodes: daemonSets.isEmpty ? [] : PodLifecycle.schedulingNodes(nodeObjects, pods: pods))
        for d in store.list("deployments").items { sync.deployment(d) }
        for s in store.list("statefulsets").items { sync.statefulSet(s) }
        for d in daemonSets { sync.daemonSet(d) }
        for j in store.list("jobs").items { sync.job(j) }
        pods = store.list("pods").items
        PodLifecycle(store: store, events: events, training: training)
            .step(pods: pods, nodes: nodeObjects, runningTicks: &runningTicks)
        let live = Set(pods.map(\.objectUID))
        training?.retain(podUIDs: live)
        runningTicks = runningTicks.filter { live.contains($0.key) }
        settledVersion = store.resourceVersion == before ? before : nil
    }
}
