import Foundation
import MarvelCore
import MarvelNet

/// The in-process cluster: a store seeded with a topology, the Kubernetes
/// API handler over it, an HTTP server on 127.0.0.1 serving it, and the
/// controllers (workloads, scheduler, pod lifecycle) ticking in the background.
public final class EmbeddedCluster: Sendable {
    public let store: ClusterStore
    private let server: HTTPServer
    private let controllers: ControllerLoop
    /// Runs the DynHP training pods for real, at `SimTrainingScale` size.
    public let training: SimTrainingSupervisor

    /// Seconds between controller ticks.
    public static let tickInterval = 0.2

    private init(store: ClusterStore, server: HTTPServer, controllers: ControllerLoop, training: SimTrainingSupervisor) {
        self.store = store
        self.server = server
        self.controllers = controllers
        self.training = training
    }

    /// Seeds a store with `topology`, binds 127.0.0.1:`port` (0 picks a free
    /// port) and starts serving. Throws when the port cannot be bound. DynHP training
    /// pods train for real in-process at `training` size. Images on `privateRegistries`
    /// pull only with a matching pull Secret (else ErrImagePull, then ImagePullBackOff).
    public static func start(
        port: Int = 0, topology: Topology = .marvel, training scale: SimTrainingScale = .demo,
        privateRegistries: PrivateRegistries = .none
    ) throws -> EmbeddedCluster {
        let store = ClusterStore()
        try topology.seed(into: store, now: store.now)
        let training = SimTrainingSupervisor(scale: scale)
        let handler = RegistryRoutingHandler(
            registry: DemoRegistry(), api: EmbeddedAPIHandler(api: KubeAPIHandler(store: store), training: training))
        let server = try HTTPServer(host: "127.0.0.1", port: port, handler: handler)
        server.start()
        let controllers = ControllerLoop(
            reconciler: Reconciler(store: store, training: training, privateRegistries: privateRegistries), interval: tickInterval)
        return EmbeddedCluster(store: store, server: server, controllers: controllers, training: training)
    }

    /// `http://127.0.0.1:PORT`.
    public var serverURL: String { server.baseURL }

    /// The demo image registry (`/v2/` on the same server): the catalogue's images.
    public var registryURL: String { server.baseURL }

    /// A kubeconfig for this cluster: one cluster, an anonymous user and a
    /// context (namespace `default`) named `contextName`, made current.
    public func kubeconfigYAML(contextName: String = "marvdash-embedded") -> String {
        Kubeconfig(server: serverURL, contextName: contextName).yaml
    }

    /// Writes `kubeconfigYAML()` to `path`, readable by the owner only (0600).
    public func writeKubeconfig(to path: String) throws {
        try Kubeconfig(server: serverURL, contextName: "marvdash-embedded").write(to: path)
    }

    /// Stops serving: trainers stop, watch streams end, open connections are closed.
    public func stop() {
        controllers.stop()
        training.stopAll()
        store.closeWatches()
        server.stop()
    }
}
