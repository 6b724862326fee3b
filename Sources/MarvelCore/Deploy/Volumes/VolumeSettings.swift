/// Sizes and class of the claims marvdash makes for PRIVATE and SHARED
/// (the config file's `volumes:`); a nil class means the cluster's default StorageClass.
public struct VolumeSettings: Sendable, Hashable {
    public var privateSize: String
    public var sharedSize: String
    public var storageClass: String?

    public init(privateSize: String = "1Gi", sharedSize: String = "10Gi", storageClass: String? = nil) {
        self.privateSize = privateSize
        self.sharedSize = sharedSize
        self.storageClass = storageClass
    }
}
