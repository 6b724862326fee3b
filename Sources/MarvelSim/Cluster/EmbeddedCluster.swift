import Foundation
import MarvelCore
import MarvelNet
import Synchronization

/// The in-process cluster: a store seeded with a topology, the Kubernetes
/// API handler over it, an HTTP server on 127.0.0.1 serving it, and the
/// controllers (workloads, scheduler, pod lifecycle) ticking in the background.
/// In front of the API: bearer-token authentication when tokens are given,
/// request counting (`/metrics`), injected faults for tests, and the
/// resource-metrics API (`metrics.k8s.io`, what `kubectl top` reads).
public final class EmbeddedCluster: Sendable {
    public let store: ClusterStore
    private let server: Mutex<HTTPServer?>
    private let handler: any ServerHandler
    /// The port served (kept across `stopServing` and `resumeServing`).
    public let port: Int
    private let controllers: ControllerLoop
    /// Runs the DynHP training pods for real, at `SimTrainingScale` size.
    public let training: SimTrainingSupervisor
    /// What the API served so far (`/metrics`).
    public let requestMetrics: APIRequestMetrics
    /// Failures to produce on demand (tests).
    public let faults: FaultInjector
    /// The bearer tokens required (none: no authentication).
    public let accessTokens: AccessTokens

    /// Seconds between controller ticks.
    public static let tickInterval = 0.2

    private init(
        store: ClusterStore, server: HTTPServer, handler: any ServerHandler, controllers: ControllerLoop,
        training: SimTrainingSupervisor, requestMetrics: APIRequestMetrics, faults: FaultInjector, accessTokens: AccessTokens
    ) {
        self.store = store
        self.server = Mutex(server)
        self.handler = handler
        self.port = server.port
        self.controllers = controllers
        self.training = training
        self.requestMetrics = requestMetrics
        self.faults = faults
        self.accessTokens = accessTokens
    }

    /// Seeds a store with `topology`, binds 127.0.0.1:`port` (0 picks a free
    /// port) and starts serving. Throws when the port cannot be bound. DynHP training
    /// pods train for real in-process at `training` size. Images on `privateRegistries`
    /// pull only with a matching pull Secret (else ErrImagePull, then ImagePullBackOff).
    /// With `tokens`, every request must carry one of them as a bearer token (401 otherwise).
    public static func start(
        port: Int = 0, topology: Topology = .marvel, training scale: SimTrainingScale = .demo,
        privateRegistries: PrivateRegistries = .none, tokens: Set<String> = []
    ) throws -> EmbeddedCluster {
        try start(port: port, training: scale, privateRegistries: privateRegistries, tokens: tokens) { store throws(StoreError) in
            try topology.seed(into: store, now: store.now)
        }
    }

    /// Like `start(port:topology:training:privateRegistries:tokens:)` with a large synthetic cluster (`marvdash sim --nodes --pods`).
    public static func start(
        port: Int = 0, synthetic: SyntheticTopology, training scale: SimTrainingScale = .demo,
        privateRegistries: PrivateRegistries = .none, tokens: Set<String> = []
    ) throws -> EmbeddedCluster {
        try start(port: port, training: scale, privateRegistries: privateRegistries, tokens: tokens) { store throws(StoreError) in
            try synthetic.seed(into: store)
        }
    }

    private static func start(
        port: Int, training scale: SimTrainingScale, privateRegistries: PrivateRegistries, tokens: Set<String>,
        seed: (ClusterStore) throws(StoreError) -> Void
    ) throws -> EmbeddedCluster {
        let store = ClusterStore()
        try seed(store)
        let training = SimTrainingSupervisor(scale: scale)
        let resources = ResourceType.served + ResourceType.metricsAPI
        let metrics = APIRequestMetrics()
        let faults = FaultInjector()
        let accessTokens = AccessTokens(tokens)
        let api = EmbeddedAPIHandler(api: KubeAPIHandler(store: store, resources: resources), training: training)
        // The demo registry (`/v2/`) answers on the same port, outside the API's token gate.
        let handler = RegistryRoutingHandler(
            registry: DemoRegistry(),
            api: BearerTokenGate(
                tokens: accessTokens,
                next: RequestCountingHandler(
                    metrics: metrics, resources: resources,
                    next: FaultInjectingHandler(
                        faults: faults, next: MetricsAPIHandler(store: store, training: training, next: api)))))
        let server = try HTTPServer(host: "127.0.0.1", port: port, handler: handler)
        server.start()
        let controllers = ControllerLoop(
            reconciler: Reconciler(store: store, training: training, privateRegistries: privateRegistries), interval: tickInterval)
        return EmbeddedCluster(
            store: store, server: server, handler: handler, controllers: controllers, training: training,
            requestMetrics: metrics, faults: faults, accessTokens: accessTokens)
    }

    /// `http://127.0.0.1:PORT`.
    public var serverURL: String { "http://127.0.0.1:\(port)" }

    /// The demo image registry (`/v2/` on the same server): the catalogue's images.
    public var registryURL: String { serverURL }

    /// A kubeconfig for this cluster: one cluster, a user (with the first token when
    /// tokens are required) and a context (namespace `default`) named `contextName`, made current.
    public func kubeconfigYAML(contextName: String = "marvdash-embedded", token: String? = nil) -> String {
        Kubeconfig(server: serverURL, contextName: contextName, token: token).yaml
    }

    /// Writes `kubeconfigYAML()` to `path`, readable by the owner only (0600).
    public func writeKubeconfig(to path: String, token: String? = nil) throws {
        try Kubeconfig(server: serverURL, contextName: "marvdash-embedded", token: token).write(to: path)
    }

    /// Stops the HTTP server only, as when the API server process dies: connections
    /// and watch streams end; the store and controllers go on (etcd keeps the data).
    public func stopServing() {
        let old = server.withLock { s -> HTTPServer? in
            defer { s = nil }
            return s
        }
        old?.stop()
    }

    /// Serves again on the same port after `stopServing` (does nothing while serving).
    public func resumeServing() throws {
        try server.withLock { s in
            guard s == nil else { return }
            let next = try HTTPServer(host: "127.0.0.1", port: port, handler: handler)
            next.start()
            s = next
        }
    }

    /// Stops serving: trainers stop, watch streams end, open connections are closed.
    public func stop() {
        controllers.stop()
        training.stopAll()
        store.closeWatches()
        faults.thaw()
        stopServing()
    }
}
