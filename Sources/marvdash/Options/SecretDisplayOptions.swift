import ArgumentParser
import MarvelCore

/// `--show-secrets`: print secret values (variables marked or named as secrets,
/// Secret data) instead of `***` in a command's output.
struct SecretDisplayOptions: ParsableArguments {
    @Flag(name: .customLong("show-secrets"), help: "Print secret values (passwords, keys, tokens, Secret data) instead of ***.")
    var showSecrets = false

    /// `objects` masked by `mask`, unless secrets were asked for.
    func shown(_ objects: [JSONValue], mask: SecretMask) -> [JSONValue] { showSecrets ? objects : mask.objects(objects) }
}
