import MarvelCore

/// The text views of the Images pane: the panel under the tag table, one
/// digest's full detail, and the delete question.
public enum ImageDetailText {
    /// Where a group is used, a few lines (the panel under the tags).
    public static func usageLines(_ usage: ImageUsage?, hasCluster: Bool) -> [StyledLine] {
        guard let usage else { return [StyledLine("  working out where it is used…", TextStyle(.statusPending))] }
        var lines: [StyledLine] = []
        if usage.nodes.isEmpty {
            lines.append(StyledLine([label("cached on"), StyledSpan(hasCluster ? "no node" : "unknown (the cluster cannot be read)", TextStyle(.dim))]))
        } else {
            lines.append(StyledLine([label("cached on"), StyledSpan(usage.nodes.map { "\($0.node) (\($0.arch), \(ImageText.size($0.sizeBytes)))" }.joined(separator: ", "))]))
        }
        lines.append(StyledLine([label("templates"), StyledSpan(usage.templates.isEmpty ? "none" : usage.templates.joined(separator: ", "), usage.templates.isEmpty ? TextStyle(.dim) : .normal)]))
        if usage.instances.isEmpty {
            lines.append(StyledLine([label("instances"), StyledSpan("none running it", TextStyle(.dim))]))
        }
        for instance in usage.instances {
            lines.append(StyledLine([label("instance"), StyledSpan("\(instance.namespace)/\(instance.name)", TextStyle(.normal, bold: true)),
                                     StyledSpan(" (\(instance.template)): " + instance.pods.joined(separator: ", "))]))
        }
        if !usage.otherPods.isEmpty {
            lines.append(StyledLine([label("other pods"), StyledSpan(usage.otherPods.joined(separator: ", "), TextStyle(.dim))]))
        }
        return lines
    }

    /// Everything about one digest: kind, tags, each platform with size, layers, date and labels, and its use.
    public static func detail(repository: String, group: TagGroup, usage: ImageUsage?, hasCluster: Bool, registry: String) -> [StyledLine] {
        var lines: [StyledLine] = [
            StyledLine("\(repository):\(group.tags.first ?? "") on \(registry)", TextStyle(.title, bold: true)),
            .empty,
            StyledLine([label("digest"), StyledSpan(group.digest)]),
            StyledLine([label("tags"), StyledSpan(group.tags.joined(separator: ", "), TextStyle(.normal, bold: true))]),
        ]
        if let detail = group.detail {
            lines.append(StyledLine([label("kind"), StyledSpan("\(ManifestMediaType.shortName(detail.mediaType)) (\(detail.mediaType))")]))
            for image in detail.platforms {
                lines.append(.empty)
                lines.append(StyledLine(image.platform?.description ?? "platform not stated", TextStyle(.header, bold: true)))
                lines.append(StyledLine([label("manifest"), StyledSpan(image.digest, TextStyle(.dim))]))
                lines.append(StyledLine([label("size"), StyledSpan("\(image.size.map(ImageText.size) ?? "-") in \(image.layers) layer\(image.layers == 1 ? "" : "s")")]))
                lines.append(StyledLine([label("created"), StyledSpan(image.created.map(Timestamp.format) ?? "-")]))
                for key in image.labels.keys.sorted() {
                    lines.append(StyledLine([label("label"), StyledSpan("\(key)=\(image.labels[key] ?? "")", TextStyle(.dim))]))
                }
            }
        } else if let problem = group.problem {
            lines.append(StyledLine("✖ " + problem, TextStyle(.statusError, bold: true)))
        }
        lines.append(.empty)
        lines.append(StyledLine("Where it is used", TextStyle(.header, bold: true)))
        return lines + usageLines(usage, hasCluster: hasCluster)
    }

    /// The details under the delete question: what goes, and who still uses it.
    public static func deleteDetails(repository: String, tag: String, group: TagGroup, usage: ImageUsage?, registry: String) -> [StyledLine] {
        var lines: [StyledLine] = [
            StyledLine("  registry \(registry)", TextStyle(.dim)),
            StyledLine("  manifest \(group.digest)", TextStyle(.dim)),
        ]
        let others = group.tags.filter { $0 != tag }
        if !others.isEmpty {
            lines.append(StyledLine("  the manifest is deleted by digest, so these tags go too: \(others.joined(separator: ", "))", TextStyle(.statusWarn)))
        }
        if let usage, !usage.instances.isEmpty || !usage.templates.isEmpty {
            lines.append(.empty)
            lines.append(StyledLine("  still used by:", TextStyle(.statusWarn, bold: true)))
            for instance in usage.instances { lines.append(StyledLine("    instance \(instance.namespace)/\(instance.name): \(instance.pods.joined(separator: ", "))")) }
            if !usage.templates.isEmpty { lines.append(StyledLine("    templates \(usage.templates.joined(separator: ", "))")) }
            lines.append(StyledLine("  running pods keep their image; new pods of them cannot pull it", TextStyle(.dim)))
        }
        lines.append(.empty)
        lines.append(StyledLine("  the registry frees the space at its next garbage collection", TextStyle(.dim)))
        return lines
    }

    private static func label(_ text: String) -> StyledSpan {
        StyledSpan("  " + text.padding(toLength: 11, withPad: " ", startingAt: 0), TextStyle(.dim))
    }
}
