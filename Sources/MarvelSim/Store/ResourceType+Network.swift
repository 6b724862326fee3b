/// Networking and storage groups: ingresses, endpoint slices, storage classes.
extension ResourceType {
    public static let ingresses = ResourceType(
        name: "ingresses", singularName: "ingress", kind: "Ingress", namespaced: true, group: "networking.k8s.io",
        shortNames: ["ing"], verbs: writable)
    /// Kept by the endpoint-slice controller beside each Service's Endpoints.
    public static let endpointSlices = ResourceType(
        name: "endpointslices", singularName: "endpointslice", kind: "EndpointSlice", namespaced: true,
        group: "discovery.k8s.io", verbs: writable)
    public static let storageClasses = ResourceType(
        name: "storageclasses", singularName: "storageclass", kind: "StorageClass", namespaced: false,
        group: "storage.k8s.io", shortNames: ["sc"], verbs: writable)
}
