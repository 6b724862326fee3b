import ArgumentParser
import Foundation
import MarvelCore

/// The `marvdash` command: with no subcommand it opens the console; the
/// subcommands give the same views without curses.
@main
struct Marvdash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "marvdash",
        abstract: "A terminal operations console for edge–fog–cloud Kubernetes clusters.",
        discussion: """
            With no subcommand, opens the full-screen console. With no kubeconfig \
            found (or with --demo) it runs on the embedded cluster, a simulated \
            MARVEL edge–fog–cloud cluster served in-process on 127.0.0.1.
            """,
        version: "marvdash \(MarvelCore.version)",
        subcommands: [
            NodesCommand.self, SimCommand.self, VersionCommand.self, BenchCommand.self,
            TemplatesCommand.self, RenderCommand.self, DeployCommand.self, ServicesCommand.self,
            DeleteCommand.self, UpgradeCommand.self, RollbackCommand.self, LogsCommand.self,
            DynhpCommand.self, FedlCommand.self,
            PlaceCommand.self, PlanCommand.self, HeadroomCommand.self, ImagesCommand.self, TopCommand.self,
        ]
    )

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var console: ConsoleFlags
    @OptionGroup var templates: TemplateSourceOptions

    func run() throws {
        let code = try ConsoleLauncher(cluster: cluster, flags: console, templates: templates).run()
        if code != 0 { throw ExitCode(code) }
    }

    /// Parses and runs, turning every failure into one line on stderr.
    static func main() {
        // A peer that goes away must never kill the process; writes report EPIPE instead.
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("marvdash: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success || error is CleanExit || error is ExitCode {
                exit(withError: error)
            }
            // Parse and validation errors: one line naming the flag, plus where to look.
            let line = UsageErrorLine(
                parserMessage: self.message(for: error), arguments: Array(CommandLine.arguments.dropFirst()),
                subcommands: configuration.subcommands.compactMap { $0.configuration.commandName })
            FileHandle.standardError.write(Data("marvdash: \(line.text)\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
