import ArgumentParser
import Foundation
import MarvelCore

/// `--auth-user` and `--auth-password-file` of deploy and upgrade: who the basic
/// auth on an instance's Ingresses lets in (default: the config's `authUser`,
/// else admin) and with which password (default: a generated one, shown once).
struct BasicAuthOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The basic-auth user of the instance's Ingresses (default: the config's authUser, else admin).", valueName: "user"))
    var authUser: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Read the basic-auth password from this file's first line ('-': stdin) instead of generating one.", valueName: "path"))
    var authPasswordFile: String?

    /// The request for the deployer, `rotate` as given; the settings' user when no flag names one.
    func request(settings: Settings, rotate: Bool) throws -> BasicAuthRequest {
        let user = authUser ?? settings.authUser
        if let user, let problem = IngressBasicAuth.userProblem(user) { throw CommandFailure("--auth-user: \(problem)") }
        return BasicAuthRequest(user: user, password: try password(), rotate: rotate)
    }

    private func password() throws -> String? {
        guard let path = authPasswordFile else { return nil }
        let text: String
        if path == "-" {
            text = readLine(strippingNewline: true) ?? ""
        } else {
            guard let data = FileManager.default.contents(atPath: path), let read = String(data: data, encoding: .utf8) else {
                throw CommandFailure("--auth-password-file \(path): cannot read the file; check that it exists and is readable UTF-8 text")
            }
            text = String(read.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }
        let password = text.hasSuffix("\r") ? String(text.dropLast()) : text
        guard !password.isEmpty else { throw CommandFailure("--auth-password-file \(path): the first line is empty; write the password there") }
        return password
    }
}
