import Foundation
import MarvelCore
import MarvelTUI

/// A template without placement rules (so every layer competes) and a fake
/// placer that runs the real engine on the console fixture's snapshot.
enum PlacementFixtures {
    static let svcText = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${NAME}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: ${NAME}
          template:
            metadata:
              labels:
                app: ${NAME}
            spec:
              containers:
              - name: svc
                image: ${REGISTRY}/svc:1
                resources:
                  requests:
                    cpu: "${CPU}"
                    memory: 1Gi
        ---
        kind: Template
        name: Service
        description: one pod that wants a cpu
        variables:
        - name: REGISTRY
          default: registry.local:5000
        - name: NAME
          default: svc
          label: Name
        - name: CPU
          default: 1
          label: CPU
          help: cpu request

        """

    static func svc() throws -> Template { try Template.parse(svcText, file: "/t/svc.template.yaml") }

    /// The decision the engine makes for `query` on `cluster` (what the live backend does, minus HTTP).
    static func decide(_ query: PlacementQuery, template: Template, cluster: ClusterSnapshot) -> PlacementPreview {
        var values = query.values
        values["NAME"] = query.instance
        do {
            let manifests = try template.render(values: values, automatic: AutomaticValues()).filter { !$0.isNull }
            let snapshot = PlacementSnapshot(cluster: cluster)
            let placer = TemplatePlacer(request: query.placement.request())
            let components = try placer.components(manifests, rules: template.placement, snapshot: snapshot)
            return .decided(try placer.decide(components, snapshot: snapshot))
        } catch let error as PlacementError {
            return .refused(error.description)
        } catch {
            return .failed(String(describing: error))
        }
    }

    /// A fake backend with the svc template whose placer decides on the fixture snapshot.
    static func backend() throws -> FakeConsoleBackend {
        let template = try svc()
        let cluster = try ConsoleFixtures.snapshot()
        let backend = FakeConsoleBackend(catalog: ConsoleCatalog(templates: [template], problems: []))
        backend.setPlacer { decide($0, template: template, cluster: cluster) }
        return backend
    }

    /// A console on the fixture snapshot whose backend is `backend`; Nodes pane active.
    static func console(_ backend: FakeConsoleBackend, readOnly: Bool = false) throws -> Console {
        let source = StaticDataSource(snapshot: try ConsoleFixtures.snapshot(), connection: .connected(at: Date(timeIntervalSince1970: 0)))
        let options = ConsoleOptions(
            source: source, contextName: "test", namespace: "default", serverURL: ConsoleFixtures.serverURL, readOnly: readOnly,
            timeZone: TimeZone(identifier: "UTC") ?? .current, environment: [:], backend: backend)
        return Console(options: options, panes: [NodesPane(), PlaceholderPane(title: "Services"), TemplatesPane()])
    }
}
