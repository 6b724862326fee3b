/// Names of resources beyond cpu, memory, ephemeral storage and pods, as
/// Kubernetes tells them apart: an extended resource is a `domain/name` key
/// outside the `kubernetes.io` domain (`nvidia.com/gpu`, `gpu.intel.com/i915`,
/// `amd.com/gpu`, `example.com/dongle`); nodes advertise them in
/// `status.allocatable`, pods ask for whole units, and they are never
/// overcommitted. Accelerators are the extended resources that are GPUs
/// (or GPU slices): the scarce ones a placer keeps free for the pods that
/// need them.
public enum ExtendedResources {
    /// Whether `name` is an extended resource (`IsExtendedResourceName`, without the quota prefix).
    public static func isExtended(_ name: String) -> Bool {
        guard let slash = name.firstIndex(of: "/"), slash != name.startIndex else { return false }
        let domain = name[..<slash]
        if name.hasPrefix("requests.") { return false }
        return domain != "kubernetes.io" && !domain.hasSuffix(".kubernetes.io")
    }

    /// Whether `name` is an accelerator: `nvidia.com/gpu` and its MIG slices (`nvidia.com/mig-1g.5gb`),
    /// `amd.com/gpu`, every `gpu.intel.com/…` resource, and any other `domain/gpu`.
    public static func isAccelerator(_ name: String) -> Bool {
        guard isExtended(name), let slash = name.firstIndex(of: "/") else { return false }
        let domain = name[..<slash]
        let resource = name[name.index(after: slash)...]
        if resource == "gpu" || domain.hasPrefix("gpu.") || domain.contains(".gpu.") { return true }
        return domain == "nvidia.com" && resource.hasPrefix("mig-")
    }

    /// The extended resources in `resources`, sorted by name.
    public static func names(in resources: [String: Quantity]) -> [String] {
        resources.keys.filter(isExtended).sorted()
    }
}
