import Foundation
import Testing

import MarvelCore

/// The catalogue against the API server's own checks: every template, rendered with its
/// defaults, decodes without type errors or unknown fields and, defaulted, passes
/// kube-apiserver 1.30's semantic validation — so a deploy is never refused.
@Suite struct CatalogueSchemaTests {
    @Test func everyRenderedObjectDecodesAndValidates() throws {
        let catalogue = try CatalogueValidationTests.renderedCatalogue()
        #expect(catalogue.count >= 27)
        for (template, manifests) in catalogue {
            for manifest in manifests {
                let gvk = GroupVersionKind(
                    apiVersion: manifest["apiVersion"]?.stringValue ?? "", kind: manifest["kind"]?.stringValue ?? "")
                let where_ = "\(template.id): \(CatalogueValidationTests.label(manifest))"
                let decoded = try #require(SchemaDecoder().decode(manifest, as: gvk), "\(where_): kind not in the schema")
                #expect(decoded.typeErrors.isEmpty, "\(where_): \(decoded.typeErrors.map(\.message))")
                #expect(decoded.unknownFields.isEmpty, "\(where_): \(decoded.unknownFields)")
                var object = SchemaDefaulter().apply(decoded.object, as: gvk)
                object["metadata"]?["namespace"] = "marvel"
                let errors = ObjectValidator().validate(object, as: gvk, namespaced: true)
                #expect(errors.isEmpty, "\(where_): \(errors.map(\.description))")
            }
        }
    }
}
