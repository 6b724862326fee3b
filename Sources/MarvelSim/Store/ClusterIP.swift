/// Service cluster IPs: a stable address in the service network 10.96.0.0/12
/// derived from the service's `namespace/name`, so a topology and a deploy get
/// the same addresses every run.
enum ClusterIP {
    /// The cluster IP of the service `key` ("namespace/name").
    static func stable(for key: String) -> String {
        let n = StableID.number(key + "clusterIP", in: 1...(16 * 256 * 256 - 2))
        return "10.\(96 + n / 65_536).\(n / 256 % 256).\(max(1, n % 256))"
    }
}
