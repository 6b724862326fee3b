import Testing
@testable import MarvelCore

/// A Karvdash-style template, as MARVdash users write them.
let karvdashStyleTemplate = """
    kind: Service
    apiVersion: v1
    metadata:
      name: $NAME
    spec:
      type: ClusterIP
      ports:
      - port: ${PORT}
        name: "${PORT}"
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: $NAME
      namespace: ${NAMESPACE}
    spec:
      replicas: ${SERVERS}
      selector: {matchLabels: {app: redis}}
      template:
        metadata: {labels: {app: redis}}
        spec:
          containers:
          - name: redis
            image: ${REGISTRY}/redis:${VERSION}
            args: ["--host", "${HOSTNAME##*-}", "--cost", "$$5", "--undeclared", "$OTHER", "$((1+2))"]
            env:
            - name: ENABLED
              value: ${ENABLED}
            - name: VERSION
              value: ${VERSION}
            - name: QUOTED
              value: '${SERVERS}'
            resources:
              requests:
                cpu: 250m
                memory: 128Mi
    ---
    apiVersion: example.org/v1
    kind: Template
    metadata:
      name: $NAME-crd
    spec:
      note: a CRD-style object of kind Template is a resource, not metadata
    ---
    kind: Template
    name: Redis
    description: In-memory store
    singleton: no
    auth: yes
    mount: yes
    variables:
    - name: NAMESPACE
      default: default
    - name: REGISTRY
      default: localhost:5000
    - name: NAME
      default: redis
      help: The service name
    - name: PORT
      default: 6379
    - name: SERVERS
      default: 3
      type: int
    - name: ENABLED
      default: yes
    - name: VERSION
      default: 1.10
    """

@Suite struct TemplateRenderTests {
    func load(_ text: String = karvdashStyleTemplate, file: String = "redis.template.yaml") throws -> Template {
        try Template.parse(text, file: file)
    }

    @Test func metadataIsReadKarvdashStyle() throws {
        let t = try load()
        #expect(t.id == "redis")
        #expect(t.name == "Redis")
        #expect(t.description == "In-memory store")
        #expect(t.singleton == false)
        #expect(t.auth == true)
        #expect(t.datasets == true)
        #expect(t.variables.map(\.name) == ["NAMESPACE", "REGISTRY", "NAME", "PORT", "SERVERS", "ENABLED", "VERSION"])
        #expect(t.documents.count == 3)
        let version = try #require(t.variable(named: "VERSION"))
        #expect(version.defaultText == "1.10")
        #expect(version.defaultValue == .double(1.1))
        #expect(t.variable(named: "ENABLED")?.defaultValue == .bool(true))
        #expect(t.variable(named: "NAMESPACE")?.isAutomatic == true)
        #expect(t.formVariables.map(\.name) == ["NAME", "PORT", "SERVERS", "ENABLED", "VERSION"])
        #expect(t.variable(named: "NAME")?.help == "The service name")
    }

    @Test func rendersWithTypedSubstitution() throws {
        let out = try load().render(values: [:], automatic: AutomaticValues(namespace: "ops", registry: "reg:5000"))
        #expect(out.count == 3)
        #expect(out[0].at("metadata", "name") == .string("redis"))
        let port = out[0].at("spec", "ports")?[0]
        #expect(port?["port"] == .int(6379))
        #expect(port?["name"] == .string("6379"))  // quoted stays a string
        #expect(out[1].at("spec", "replicas") == .int(3))
        #expect(out[1].at("metadata", "namespace") == .string("ops"))  // automatic, declared
        let container = try #require(out[1].at("spec", "template", "spec", "containers")?[0])
        #expect(container["image"] == .string("reg:5000/redis:1.10"))  // spliced keeps the author's text
        #expect(container["args"] == .array([
            "--host", "${HOSTNAME##*-}", "--cost", "$5", "--undeclared", "$OTHER", "$((1+2))",
        ].map { JSONValue.string($0) }))
        let env = try #require(container["env"])
        // env[].value is a string field: a sole reference stays the value's text there.
        #expect(env[0]?["value"] == .string("yes"))
        #expect(env[1]?["value"] == .string("1.10"))
        #expect(env[2]?["value"] == .string("3"))
        #expect(out[2]["kind"] == .string("Template"))
        #expect(out[2].at("metadata", "name") == .string("redis-crd"))
    }

    @Test func givenValuesWinAndAutomaticOnlyWhereDeclared() throws {
        let t = try load()
        let out = try t.render(values: ["NAME": "cache", "SERVERS": "5", "VERSION": "7.2"], automatic: AutomaticValues())
        #expect(out[1].at("metadata", "name") == .string("cache"))
        #expect(out[1].at("spec", "replicas") == .int(5))
        // HOSTNAME is not declared, so `${HOSTNAME##*-}` and `$HOSTNAME` stay.
        let plain = try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: $NAME}
            data: {host: $HOSTNAME, ns: $NAMESPACE}
            ---
            kind: Template
            name: x
            variables:
            - name: NAME
              default: x
            - name: HOSTNAME
            """, file: "x.yaml")
        let cm = try plain.render(values: [:], automatic: AutomaticValues(namespace: "ops", hostname: "dash.example"))
        #expect(cm[0].at("data", "host") == .string("dash.example"))
        #expect(cm[0].at("data", "ns") == .string("$NAMESPACE"))
    }

    @Test func requestsAreSummedOverReplicas() throws {
        let t = try load()
        #expect(t.resourceRequests["cpu"] == Quantity(milli: 750))
        #expect(t.resourceRequests["memory"] == (try Quantity(parsing: "384Mi")))
    }

    @Test func keysAreSubstitutedAsText() throws {
        let t = try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: $NAME}
            data:
              ${PORT}: port
              $NAME-key: "x"
            ---
            kind: Template
            name: k
            variables:
            - {name: NAME, default: web}
            - {name: PORT, default: 80}
            """, file: "k.yaml")
        let out = try t.render(values: [:], automatic: AutomaticValues())
        #expect(out[0].at("data", "80") == .string("port"))
        #expect(out[0].at("data", "web-key") == .string("x"))
    }

    @Test func aValueCannotAddStructure() throws {
        let t = try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: $NAME}
            data:
              a: $V
              b: x-${V}
            ---
            kind: Template
            name: k
            variables:
            - {name: NAME, default: web}
            - {name: V, default: v}
            """, file: "k.yaml")
        let evil = "x\nevil: 1\n---\napiVersion: v1\nkind: Secret"
        let out = try t.render(values: ["V": evil], automatic: AutomaticValues())
        #expect(out.count == 1)
        #expect(out[0]["data"]?.objectValue?.keys == ["a", "b"])
        #expect(out[0].at("data", "a") == .string(evil))
        #expect(out[0].at("data", "b") == .string("x-" + evil))
    }

    @Test func laterMetadataWinsAndEmptyDocumentsAreSkipped() throws {
        let t = try Template.parse("""
            kind: Template
            name: first
            variables: [{name: NAME, default: a}]
            ---
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: $NAME}
            ---
            kind: Template
            name: second
            variables: [{name: NAME, default: b}]
            """, file: "m.yaml")
        #expect(t.name == "second")
        #expect(t.documents.count == 1)
        #expect(t.warnings.count == 1)
        #expect(t.warnings.first?.description.hasPrefix("m.yaml:1:1: warning:") == true)
    }

    @Test func undeclaredReferencesAreWarnings() throws {
        let t = try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: $NAME}
            data: {a: $UNKNOWN, b: "${HOSTNAME##*-}"}
            ---
            kind: Template
            name: w
            variables: [{name: NAME, default: w}]
            """, file: "w.yaml")
        #expect(t.warnings.map(\.description) == [
            "w.yaml:4:11: warning: $UNKNOWN is not a declared variable and is left as written — declare it under variables, or write $$ for a literal $",
        ])
    }

    @Test func placementIsRead() throws {
        let t = try Template.parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: $NAME}
            ---
            kind: Template
            name: p
            variables: [{name: NAME, default: p}]
            placement: {layer: edge, prefer: [fog, cloud], arch: arm64, site: UNS, gpu: 1}
            """, file: "p.yaml")
        #expect(t.placement == TemplatePlacement(layer: .edge, prefer: [.fog, .cloud], arch: "arm64", site: "UNS", gpu: 1))
        #expect(t.placement?.layerHint == "edge")
    }

    @Test func referenceScannerFollowsPythonTemplate() {
        #expect(TemplateText("$a${b}$$c$1${d e}$").pieces == [
            .reference(name: "a", original: "$a"), .reference(name: "b", original: "${b}"), .escapedDollar,
            .literal("c$1${d e}$"),
        ])
        #expect(TemplateText("${X}").soleReference == "X")
        #expect(TemplateText("${X} ").soleReference == nil)
        #expect(TemplateText("$X_1y").referencedNames == ["X_1y"])
    }
}
