import Foundation

/// The `rel="next"` target of an RFC 8288 `Link` header, as registries page
/// the catalogue and tag lists: `</v2/_catalog?last=b&n=2>; rel="next"`.
public enum LinkHeader {
    /// The next page's URI reference (often a path only), nil when there is none.
    public static func next(_ header: String?) -> String? {
        guard let header else { return nil }
        for link in header.split(separator: ",") {
            let text = String(link)
            guard let open = text.firstIndex(of: "<"), let close = text.firstIndex(of: ">"), open < close else { continue }
            let params = text[text.index(after: close)...].split(separator: ";").map {
                $0.replacingOccurrences(of: " ", with: "").lowercased()
            }
            if params.contains(where: { $0 == "rel=\"next\"" || $0 == "rel=next" }) {
                return String(text[text.index(after: open)..<close])
            }
        }
        return nil
    }

    /// `reference` resolved against `base` ("http://h:5000"): absolute URLs as they are, paths appended.
    public static func resolve(_ reference: String, base: String) -> String {
        if reference.hasPrefix("http://") || reference.hasPrefix("https://") { return reference }
        return base + (reference.hasPrefix("/") ? reference : "/" + reference)
    }
}
