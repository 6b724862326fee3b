import MarvelCore

/// The deploy and upgrade forms' last field, "Tolerate": the taints of
/// dedicated nodes the instance may run on, written as `--tolerate` takes them
/// (`Layer=GRNEDGE1:NoSchedule`, several separated by commas). It is not a
/// template variable: its text becomes the placement's tolerations.
enum TolerateField {
    /// A name no template can declare (it has a slash), so it never reaches the renderer.
    static let name = "marvdash/tolerate"

    /// The field, starting from `tolerations` (an upgrade's recorded ones).
    static func variable(_ tolerations: [PlacementToleration]) -> TemplateVariable {
        let text = tolerations.map(\.text).joined(separator: ", ")
        return TemplateVariable(
            name: name, defaultText: text, defaultValue: .string(text),
            help: "Taints of dedicated nodes this instance may use, KEY[=VALUE][:EFFECT] separated by commas "
                + "(e.g. Layer=GRNEDGE1:NoSchedule); marvdash tolerates nothing else, as --tolerate",
            label: "Tolerate")
    }

    /// Why `text` is not a list of tolerations, or nil.
    static func violation(_ text: String) -> String? {
        do {
            _ = try PlacementToleration.parseList(text)
            return nil
        } catch {
            return error.description
        }
    }
}

extension DeployForm {
    /// The Tolerate field's tolerations (none while its text is invalid; the form refuses it then).
    public var tolerations: [PlacementToleration] {
        guard let i = variables.firstIndex(where: { $0.name == TolerateField.name }) else { return [] }
        return (try? PlacementToleration.parseList(texts[i])) ?? []
    }
}
