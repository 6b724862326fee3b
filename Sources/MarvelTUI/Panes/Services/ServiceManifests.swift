import MarvelCore

/// The `y` view of an instance: its current manifests as YAML with every secret
/// masked (`SecretMask`: Secret data, secret-named env entries and ConfigMap
/// keys, and the instance's secret values wherever they occur), since the
/// screen may be shared or recorded.
public enum ServiceManifests {
    /// The YAML text of `instance`'s manifests, masked.
    public static func yaml(for instance: Instance) -> String {
        YAML.emit(documents: instance.maskedManifests)
    }

    /// The viewer lines: the YAML, document separators dimmed.
    public static func lines(for instance: Instance) -> [StyledLine] {
        let text = yaml(for: instance)
        var out: [StyledLine] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(line == "---" ? StyledLine(String(line), TextStyle(.dim)) : StyledLine(String(line)))
        }
        while out.last == .empty || out.last?.plainText == "" { out.removeLast() }
        if out.isEmpty { out.append(StyledLine("no manifests recorded", TextStyle(.dim))) }
        return out
    }
}
