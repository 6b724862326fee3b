import MarvelCore

/// A write's body as kube-apiserver reads it: JSON (the keys repeated within
/// one object noted, as strict decoding reports them) or a single YAML document.
struct RequestBody {
    var value: JSONValue
    /// `spec.replicas` for a key written twice (the last one counts).
    var duplicateFields: [String] = []

    /// Parses JSON when the content type says so or the body starts with `{` or `[`; YAML otherwise.
    static func parse(_ bytes: [UInt8], contentType: String) throws(APIStatus) -> RequestBody {
        let firstByte = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        let looksJSON = firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[")
        if contentType.contains("json") || (looksJSON && !contentType.contains("yaml")) {
            do {
                let parsed = try JSONValue.parseReportingDuplicates(bytes)
                return RequestBody(value: parsed.value, duplicateFields: parsed.duplicateFields)
            } catch {
                throw APIStatus.badRequest("the request body is not valid JSON: \(error); send one JSON object")
            }
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let documents: [JSONValue]
        do {
            documents = try YAML.load(text, file: "request body")
        } catch {
            throw APIStatus.badRequest("error decoding YAML: \(error)")
        }
        guard documents.count == 1 else {
            throw APIStatus.badRequest(
                "the request body must be exactly one object (got \(documents.count) documents); send objects one at a time")
        }
        return RequestBody(value: documents[0])
    }
}
