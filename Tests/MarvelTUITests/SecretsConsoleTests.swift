import Foundation
import MarvelCore
import MarvelSim
import Testing
@testable import MarvelTUI

/// Secrets in the console: typed as dots, revealed only on Ctrl-R for the
/// focused field, masked in the preview, the Services detail and the manifests;
/// placeholders warned about; unfinished actions shown with what exists.
@Suite struct SecretsConsoleTests {
    static let password = "C0nsole-Pw-31"

    static let vaultText = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: ${NAME}-auth
        stringData:
          password: ${ADMIN_PASSWORD}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${NAME}
        spec:
          replicas: 1
          selector: {matchLabels: {app: "${NAME}"}}
          template:
            metadata: {labels: {app: "${NAME}"}}
            spec:
              containers:
              - name: server
                image: ${REGISTRY}/vault:1
                args: ["--banner", "admin password is ${ADMIN_PASSWORD}"]
                resources: {requests: {cpu: 10m}}
        ---
        kind: Template
        name: Vault
        variables:
        - name: REGISTRY
          default: reg.local
        - name: NAME
          default: vault
          label: Name
        - name: ADMIN_PASSWORD
          default: change-me
          label: Admin password

        """

    static func vault() throws -> Template { try Template.parse(vaultText, file: "/t/vault.template.yaml") }

    /// The Templates pane's deploy form for vault, focused on ADMIN_PASSWORD.
    func formOnPassword(_ backend: FakeConsoleBackend) -> Console {
        let console = BackendFixtures.console(backend)
        ConsoleFixtures.press(console, .enter, .down)
        return console
    }

    func render(_ console: Console, rows: Int = 40) -> MemoryScreen { ConsoleFixtures.render(console, rows: rows, columns: 120) }

    @Test func aSecretFieldIsTypedAsDotsAndCtrlRRevealsItWhileFocused() throws {
        let backend = FakeConsoleBackend(catalog: ConsoleCatalog(templates: [try Self.vault()], problems: []))
        let console = formOnPassword(backend)
        // The placeholder default warns, in the field's row and under the form.
        var screen = render(console)
        #expect(screen.contains("⚠ a placeholder: set a real secret"))
        #expect(screen.contains("ADMIN_PASSWORD is still a placeholder"))
        #expect(!screen.contains("change-me"), "\(screen.text)")
        ConsoleFixtures.press(console, .ctrl("u"))
        ConsoleFixtures.type(console, Self.password)
        screen = render(console)
        #expect(!screen.contains(Self.password))
        #expect(screen.contains(String(repeating: "•", count: Self.password.count)))
        #expect(screen.contains("secret · Ctrl-R shows"))
        #expect(!screen.contains("placeholder"))

        ConsoleFixtures.press(console, .ctrl("r"))
        #expect(render(console).contains(Self.password))
        ConsoleFixtures.press(console, .up)  // the focus moves: hidden again
        #expect(!render(console).contains(Self.password))
        ConsoleFixtures.press(console, .down)
        #expect(!render(console).contains(Self.password))

        // The preview masks the Secret's data and the value wherever the template uses it.
        ConsoleFixtures.press(console, .enter)
        let preview = render(console, rows: 80)
        #expect(preview.contains("Preview: 2 objects"))
        #expect(preview.contains("admin password is ***"))
        #expect(!preview.contains(Self.password))
        ConsoleFixtures.press(console, .char("d"))
        #expect(!render(console, rows: 80).contains(Self.password))
        ConsoleFixtures.press(console, .char("y"))
        // The request itself carries the real value.
        guard case .placedDeploy(_, let values, _, _, _)? = backend.requests.first else {
            Issue.record("no deploy submitted: \(backend.requests)")
            return
        }
        #expect(values["ADMIN_PASSWORD"] == Self.password)
        #expect(!render(console).contains(Self.password))
    }

    @Test func aPlaceholderWarnsInThePreviewButDoesNotRefuse() throws {
        let backend = FakeConsoleBackend(catalog: ConsoleCatalog(templates: [try Self.vault()], problems: []))
        let console = formOnPassword(backend)
        ConsoleFixtures.press(console, .enter)
        #expect(render(console).contains("⚠ ADMIN_PASSWORD is still a placeholder"))
        ConsoleFixtures.press(console, .char("d"), .char("y"))
        #expect(backend.requests.count == 1)
    }

    static func pendingStatus() -> InstanceStatus {
        let manifests: [JSONValue] = ["Secret/kafka-auth", "Service/kafka", "Service/kafka-headless", "StatefulSet/kafka", "Deployment/kafka-admin"].map {
            let parts = $0.split(separator: "/")
            return ["apiVersion": "v1", "kind": .string(String(parts[0])), "metadata": ["name": .string(String(parts[1]))]]
        }
        let instance = Instance(
            name: "kafka", namespace: "default", templateID: "kafka", revision: 1, values: ["NAME": "kafka", "ADMIN_PASSWORD": password],
            managedBy: .marvdash, createdAt: ServicesFixtures.now.addingTimeInterval(-150), revisions: [1], manifests: manifests,
            state: .pendingInstall, stateSince: ServicesFixtures.now.addingTimeInterval(-150))
        let objects = manifests.enumerated().map { InstanceStatus.ObjectEntry(object: "\($0.element["kind"]?.stringValue ?? "")/\($0.element.at("metadata", "name")?.stringValue ?? "")", exists: $0.offset < 3) }
        return InstanceStatus(instance: instance, pods: [], ready: 0, desired: 2, endpoints: [], objects: objects)
    }

    @Test func aPendingInstanceShowsItsStateWhatExistsAndWhatToDo() throws {
        let backend = FakeServicesBackend(services: ServicesFixtures.state([Self.pendingStatus(), ServicesFixtures.web]))
        let console = ServicesFixtures.console(backend)
        ServicesFixtures.press(console, .char("j"))  // select web, so kafka's row shows its own styles
        var screen = ServicesFixtures.render(console, rows: 30, columns: 160)
        let row = screen.line(try #require(ServicesFixtures.row(screen, of: "kafka")))
        #expect(row.contains("pending-install: 3/5 objects"))
        let at = try #require(screen.find("pending-install"))
        #expect(screen.style(row: at.row, column: at.column).role == .statusPending)

        ServicesFixtures.press(console, .char("k"), .enter)
        screen = ServicesFixtures.render(console, rows: 60, columns: 160)
        #expect(screen.contains("pending-install since 2m30s — an earlier deploy was interrupted: Ctrl-D deletes it, u finishes it as an upgrade"))
        #expect(screen.contains("Objects (3/5 of revision 1 exist)"))
        #expect(screen.contains("✔ Secret/kafka-auth"))
        #expect(screen.contains("✖ StatefulSet/kafka  (missing)"))
        #expect(screen.contains("ADMIN_PASSWORD"))
        #expect(!screen.contains(Self.password))

        ServicesFixtures.press(console, .ctrl("d"))
        screen = ServicesFixtures.render(console, rows: 60, columns: 160)
        #expect(screen.contains("Secret/marvdash-kafka (the instance record)"))
    }

    @Test func anOrphanCanOnlyBeDeleted() throws {
        let objects: [JSONValue] = [["apiVersion": "v1", "kind": "Service", "metadata": ["name": "left"]]]
        let orphan = Instance(name: "left", namespace: "default", templateID: "store", revision: 0, values: [:], managedBy: .marvdash,
                              manifests: objects, state: .orphaned)
        let status = InstanceStatus.compute(instance: orphan, objects: objects, pods: [], nodes: [], events: [])
        let backend = FakeServicesBackend(services: ServicesFixtures.state([status]))
        let console = ServicesFixtures.console(backend)
        let screen = ServicesFixtures.render(console, rows: 30, columns: 160)
        #expect(screen.contains("no record: 1 object left"))
        ServicesFixtures.press(console, .char("u"))
        #expect(console.flashMessage?.contains("has no record, only objects labelled with it: Ctrl-D deletes them") == true)
        ServicesFixtures.press(console, .ctrl("d"))
        #expect(ServicesFixtures.pane(console)?.viewName == "confirm")
        let confirm = ServicesFixtures.render(console, rows: 30, columns: 160)
        #expect(confirm.contains("Service/left"))
        #expect(!confirm.contains("marvdash-left"))
    }

    /// The whole console against the embedded cluster: no screen shows the password.
    @Test func noScreenOfTheLiveConsoleShowsTheSecret() throws {
        let cluster = try EmbeddedCluster.start()
        defer { cluster.stop() }
        let client = KubeClient(target: KubeTarget(
            contextName: "t", clusterName: "t", server: cluster.serverURL, namespace: "default", sourceDescription: "test"))
        let automatic = AutomaticValues(namespace: "default", hostname: "h.local", registry: "reg.local:5000")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.vaultText.write(to: folder.appendingPathComponent("vault.template.yaml"), atomically: true, encoding: .utf8)
        _ = try Deployer(client: client).deploy(
            template: try Self.vault(), name: "vault", values: ["ADMIN_PASSWORD": Self.password], namespace: "default", automatic: automatic, dryRun: false)

        let backend = LiveConsoleBackend(
            client: client, cache: testCache(client), namespace: "default", templateDirectories: [folder.path], automatic: automatic)
        backend.start()
        defer { backend.stop() }
        let deadline = Date().addingTimeInterval(30)
        while backend.services().statuses.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!backend.services().statuses.isEmpty, "the instance never showed")

        let source = StaticDataSource(snapshot: nil, connection: .connected(at: ServicesFixtures.now))
        let options = ConsoleOptions(source: source, contextName: "embedded", namespace: "default", serverURL: cluster.serverURL,
                                     environment: [:], backend: backend)
        let console = Console(options: options, panes: [NodesPane(), ServicesPane(), TemplatesPane()])
        var screens: [(String, MemoryScreen)] = []
        func look(_ what: String) { screens.append((what, ServicesFixtures.render(console, rows: 80, columns: 200))) }
        ServicesFixtures.press(console, .char("2"))
        look("list")
        ServicesFixtures.press(console, .enter)
        look("detail")
        #expect(screens.last?.1.contains("ADMIN_PASSWORD") == true)
        ServicesFixtures.press(console, .char("y"))
        look("manifests")
        #expect(screens.last?.1.contains("kind: Secret") == true)
        ServicesFixtures.press(console, .escape, .char("u"))
        look("upgrade form")
        #expect(ServicesFixtures.pane(console)?.viewName == "upgrade")
        #expect(screens.last?.1.contains(String(repeating: "•", count: Self.password.count)) == true)
        ServicesFixtures.press(console, .down, .enter)
        look("upgrade preview")
        ServicesFixtures.press(console, .escape, .escape, .char("3"), .enter)
        look("deploy form")
        for (what, screen) in screens {
            #expect(!screen.contains(Self.password), "the \(what) screen shows the password")
        }
    }
}
