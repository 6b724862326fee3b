import Foundation
import MarvelCore

/// The text and JSON of the `images` commands: the catalogue with node
/// caches and users per repository, a repository's digest groups, one tag.
enum ImagesReport {
    // MARK: catalogue

    static func catalog(_ rows: [(String, [String])], session: ImagesSession) -> JSONValue {
        [
            "registry": .string(session.client.endpoint.baseURL),
            "repositories": .array(rows.map { name, tags in
                var o: JSONObject = ["name": .string(name), "tags": .array(RepositoryImages.sortedTags(tags).map(JSONValue.string))]
                for member in session.usage.usage(repository: name).json.objectValue ?? JSONObject() { o[member.key] = member.value }
                return .object(o)
            }),
        ]
    }

    static func catalogTable(_ rows: [(String, [String])], session: ImagesSession) -> String {
        let out = "registry \(session.client.endpoint.baseURL): \(rows.count) repositor\(rows.count == 1 ? "y" : "ies")\n"
        if rows.isEmpty { return out + "  (empty)\n" }
        var table = [["REPOSITORY", "TAGS", "NODES", "USED BY"]]
        for (name, tags) in rows {
            let usage = session.usage.usage(repository: name)
            table.append([name, ImageText.tags(RepositoryImages.sortedTags(tags)), String(usage.nodes.count), usedBy(usage)])
        }
        return out + PlaceReport.table(table, indent: "")
    }

    // MARK: repository

    static func repository(_ images: RepositoryImages, session: ImagesSession) -> JSONValue {
        [
            "registry": .string(session.client.endpoint.baseURL), "repository": .string(images.repository),
            "groups": .array(images.groups.map { group in
                var o = group.json.objectValue ?? JSONObject()
                o["usage"] = session.usage.usage(repository: images.repository, tags: group.tags, digests: digests(group)).json
                return .object(o)
            }),
        ]
    }

    static func repositoryTable(_ images: RepositoryImages, session: ImagesSession) -> String {
        var out = "\(images.repository) on \(session.client.endpoint.baseURL): \(images.tagCount) tag\(images.tagCount == 1 ? "" : "s"), "
            + "\(images.groups.count) digest\(images.groups.count == 1 ? "" : "s")\n"
        var table = [["DIGEST", "TAGS", "PLATFORMS", "SIZE", "CREATED", "KIND"]]
        var notes: [String] = []
        for group in images.groups {
            guard let detail = group.detail else {
                table.append([group.digest.isEmpty ? "-" : ImageText.shortDigest(group.digest), group.tags.joined(separator: ", "), "?", "-", "-", "-"])
                notes.append("\(group.tags.joined(separator: ", ")): \(group.problem ?? "unreadable")")
                continue
            }
            table.append([
                ImageText.shortDigest(group.digest), group.tags.joined(separator: ", "), detail.platformNames.joined(separator: ", "),
                ImageText.size(detail.sizeRange), ImageText.day(detail.created), ManifestMediaType.shortName(detail.mediaType),
            ])
        }
        out += PlaceReport.table(table, indent: "")
        for group in images.groups where group.detail != nil {
            let usage = session.usage.usage(repository: images.repository, tags: group.tags, digests: digests(group))
            let lines = usageLines(usage)
            guard !lines.isEmpty else { continue }
            out += "\n\(images.repository):\(group.tags.first ?? "") (\(ImageText.shortDigest(group.digest)))\n"
            out += lines.map { "  " + $0 + "\n" }.joined()
        }
        for note in notes { out += "! \(note)\n" }
        return out + footnote(session)
    }

    // MARK: one tag

    static func show(_ repository: String, reference: String, detail: ImageDetail, tags: [String], session: ImagesSession) -> JSONValue {
        var o = detail.json.objectValue ?? JSONObject()
        o["registry"] = .string(session.client.endpoint.baseURL)
        o["repository"] = .string(repository)
        o["reference"] = .string(reference)
        o["tags"] = .array(tags.map(JSONValue.string))
        o["usage"] = session.usage.usage(repository: repository, tags: tags.isEmpty ? [reference] : tags, digests: digests(detail)).json
        return .object(o)
    }

    static func showText(_ repository: String, reference: String, detail: ImageDetail, tags: [String], session: ImagesSession) -> String {
        var out = "\(repository):\(reference) on \(session.client.endpoint.baseURL)\n"
        out += "  digest:    \(detail.digest)\n"
        out += "  kind:      \(ManifestMediaType.shortName(detail.mediaType)) (\(detail.mediaType))\n"
        if !tags.isEmpty { out += "  tags:      \(tags.joined(separator: ", "))\n" }
        out += "  platforms: \(detail.platformNames.isEmpty ? "-" : detail.platformNames.joined(separator: ", "))\n"
        for image in detail.platforms {
            out += "\n  \(image.platform?.description ?? "platform not stated")\n"
            out += "    manifest: \(image.digest)\n"
            out += "    size:     \(image.size.map(ImageText.size) ?? "-") in \(image.layers) layer\(image.layers == 1 ? "" : "s")\n"
            out += "    created:  \(image.created.map(Timestamp.format) ?? "-")\n"
            for key in image.labels.keys.sorted() { out += "    label     \(key)=\(image.labels[key] ?? "")\n" }
        }
        let usage = session.usage.usage(repository: repository, tags: tags.isEmpty ? [reference] : tags, digests: digests(detail))
        out += "\n"
        let lines = usageLines(usage)
        out += lines.isEmpty ? "  not cached on any node and not used by any template or instance\n" : lines.map { "  " + $0 + "\n" }.joined()
        return out + footnote(session)
    }

    // MARK: shared

    static func usageLines(_ usage: ImageUsage) -> [String] {
        var lines: [String] = []
        if !usage.nodes.isEmpty {
            lines.append("cached on: " + usage.nodes.map { "\($0.node) (\($0.layer.rawValue), \($0.arch), \(ImageText.size($0.sizeBytes)))" }.joined(separator: ", "))
        }
        if !usage.templates.isEmpty { lines.append("templates: " + usage.templates.joined(separator: ", ")) }
        for instance in usage.instances {
            lines.append("instance \(instance.namespace)/\(instance.name) (\(instance.template)): \(instance.pods.joined(separator: ", "))")
        }
        if !usage.otherPods.isEmpty { lines.append("other pods: " + usage.otherPods.joined(separator: ", ")) }
        return lines
    }

    static func usedBy(_ usage: ImageUsage) -> String {
        var parts: [String] = []
        if !usage.templates.isEmpty { parts.append("templates " + usage.templates.joined(separator: ", ")) }
        if !usage.instances.isEmpty { parts.append("instances " + usage.instances.map(\.name).joined(separator: ", ")) }
        if !usage.otherPods.isEmpty { parts.append("\(usage.otherPods.count) other pod\(usage.otherPods.count == 1 ? "" : "s")") }
        return parts.isEmpty ? "-" : parts.joined(separator: "; ")
    }

    static func digests(_ group: TagGroup) -> [String] {
        [group.digest] + (group.detail.map(digests) ?? [])
    }

    static func digests(_ detail: ImageDetail) -> [String] {
        [detail.digest] + detail.platforms.map(\.digest)
    }

    static func footnote(_ session: ImagesSession) -> String {
        session.usageNote.map { "(\($0))\n" } ?? ""
    }
}
