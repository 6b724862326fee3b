import MarvelCore

/// Templates as `marvdash templates lint FILE` and `marvdash render FILE --set …` read
/// them: lint, parse, then render with values chosen from the input among the ones that
/// break naive substitution (YAML syntax, references, empty, huge, non-ASCII).
enum TemplateRendererFuzz {
    static let tricky = [
        "", "0", "-1", "007", "1e309", "0x1F", ".inf", "yes", "No", "~", "null", "a: b", "- x", "{", "[x]", "'", "\"",
        "$NAME", "${NAME}", "$$", "${", "\n", "\t", "#", "&a", "*a", "!!str", "--- x", "...", "🙂", "é", "a b",
        String(repeating: "x", count: 4096), "my-service", "1.10",
    ]

    static let target = FuzzTarget(
        name: "template", summary: "template lint, parse and render with tricky values (the CLI's lint/render path)"
    ) { bytes in
        let text = FuzzInput.text(bytes)
        _ = Template.lint(text, file: "fuzz.template.yaml")
        guard let template = try? Template.parse(text, file: "fuzz.template.yaml") else { return }
        var values: [String: String] = [:]
        for (i, variable) in template.variables.prefix(16).enumerated() {
            let pick = i < bytes.count ? Int(bytes[bytes.count - 1 - i]) : i
            values[variable.name] = pick % 4 == 0 ? variable.defaultText : tricky[pick % tricky.count]
        }
        _ = try? template.render(values: [:], automatic: AutomaticValues())
        _ = try? template.render(values: values, automatic: AutomaticValues(namespace: "fuzz-ns"))
    }
}
