import CZlib
import Foundation

/// The descriptions of the schema's definitions and fields (what `kubectl
/// explain` prints), unpacked from the generated, compressed table on first use.
public struct SchemaDocumentation: Sendable {
    /// definition name → ("" → the definition's description, field → the field's).
    public let descriptions: [String: [String: String]]

    public init(descriptions: [String: [String: String]]) {
        self.descriptions = descriptions
    }

    /// The descriptions compiled into marvdash.
    public static let builtIn: SchemaDocumentation = {
        do {
            return try unpack(base64: KubeSchemaDocs.zlibBase64, size: KubeSchemaDocs.uncompressedSize)
        } catch {
            preconditionFailure("the generated schema descriptions are corrupt (\(error)); run make schema")
        }
    }()

    public func description(of definition: String) -> String? { descriptions[definition]?[""] }

    public func description(of field: String, in definition: String) -> String? {
        descriptions[definition]?[field]
    }

    /// Why packed descriptions cannot be read.
    public struct UnpackError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Decodes base64 (newlines ignored), inflates zlib data of `size` bytes, parses the JSON.
    static func unpack(base64: String, size: Int) throws -> SchemaDocumentation {
        guard let packed = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            throw UnpackError(description: "not base64")
        }
        var out = [UInt8](repeating: 0, count: size)
        var outLength = uLongf(size)
        let status = packed.withUnsafeBytes { input -> Int32 in
            out.withUnsafeMutableBufferPointer { buffer in
                uncompress(
                    buffer.baseAddress, &outLength, input.bindMemory(to: Bytef.self).baseAddress, uLong(packed.count))
            }
        }
        guard status == Z_OK, Int(outLength) == size else {
            throw UnpackError(description: "zlib status \(status), \(outLength) of \(size) bytes")
        }
        guard case .object(let root) = try JSONValue.parse(out) else {
            throw UnpackError(description: "not a JSON object")
        }
        var descriptions: [String: [String: String]] = [:]
        for member in root {
            var entry: [String: String] = [:]
            for field in member.value.objectValue ?? [:] { entry[field.key] = field.value.stringValue }
            descriptions[member.key] = entry
        }
        return SchemaDocumentation(descriptions: descriptions)
    }
}
