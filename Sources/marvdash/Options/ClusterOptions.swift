import ArgumentParser

/// How a command finds its cluster: kubeconfig rules, or the embedded cluster.
struct ClusterOptions: ParsableArguments {
    @Flag(name: .long, help: "Use the embedded cluster (a simulated MARVEL edge–fog–cloud cluster in this process).")
    var demo = false

    @Option(name: .long, help: ArgumentHelp("The kubeconfig file to use (default: $KUBECONFIG, then ~/.kube/config).", valueName: "file"))
    var kubeconfig: String?

    @Option(name: .long, help: ArgumentHelp("The kubeconfig context to use (default: its current-context).", valueName: "name"))
    var context: String?

    @Option(name: [.short, .long], help: ArgumentHelp("The namespace (default: the context's, else 'default').", valueName: "name"))
    var namespace: String?

    func validate() throws {
        if demo && (kubeconfig != nil || context != nil) {
            throw ValidationError("--demo uses the embedded cluster; drop --kubeconfig/--context or drop --demo")
        }
    }
}
