import MarvelCore

/// The YAML composer: libyaml's events into node trees (aliases, depth and size limits),
/// YAML 1.1 resolution to JSON values, and the emitter, whose output must read back.
enum YAMLComposerFuzz {
    static let target = FuzzTarget(
        name: "yaml", summary: "YAML composer: parse with limits, resolve to JSON, emit, read the emitted text back"
    ) { bytes in
        let text = FuzzInput.text(bytes)
        guard let nodes = try? YAML.parse(text, file: "fuzz.yaml") else { return }
        _ = YAML.emit(nodes: nodes)
        guard let values = try? nodes.map({ try $0.toJSON() }) else { return }
        let emitted = YAML.emit(documents: values)
        do {
            _ = try YAML.load(emitted)
        } catch {
            fatalError("emitted YAML does not read back: \(error)\n\(emitted)")
        }
    }
}
