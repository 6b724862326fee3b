import Testing
@testable import MarvelCore

/// Values typed by where they land, the pre-flight on rendered objects, and per-instance hosts.
@Suite struct TemplatePreflightTests {
    static let database = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: $NAME
          labels: {app: $NAME, version: $VERSION}
        spec:
          replicas: $SERVERS
          selector: {matchLabels: {app: $NAME}}
          template:
            metadata: {labels: {app: $NAME}}
            spec:
              containers:
              - name: db
                image: postgres:16
                args: [--port, $PORT]
                env:
                - {name: POSTGRES_PASSWORD, value: $PASSWORD}
        ---
        kind: Template
        name: db
        variables:
        - name: NAME
          default: db
        - name: PASSWORD
          default: change-me
        - name: SERVERS
          default: 1
        - name: VERSION
          default: 16
        - name: PORT
          default: 5432
        """

    @Test func aSoleReferenceInAStringFieldStaysAString() throws {
        let t = try Template.parse(Self.database, file: "db.yaml")
        let out = try t.render(values: ["PASSWORD": "12345"], automatic: AutomaticValues())
        let container = try #require(out[0].at("spec", "template", "spec", "containers")?.arrayValue?.first)
        #expect(container.at("env")?.arrayValue?.first?["value"] == .string("12345"))
        #expect(container["args"] == .array([.string("--port"), .string("5432")]))
        #expect(out[0].at("metadata", "labels", "version") == .string("16"))
        // An integer field keeps the integer.
        #expect(out[0].at("spec", "replicas") == .int(1))
    }

    @Test func textInAnIntegerFieldIsAnErrorAtTheReference() throws {
        let t = try Template.parse(Self.database, file: "db.yaml")
        let line = thrownErrorText { _ = try t.render(values: ["SERVERS": "three"], automatic: AutomaticValues()) }
        #expect(line.hasPrefix("db.yaml:7:13: error: "), "\(line)")
        #expect(line.contains("spec.replicas of Deployment takes an integer, but SERVERS is \"three\""), "\(line)")
    }

    @Test func aSecretValueIsNeverQuotedInATypeError() throws {
        let text = Self.database.replacingOccurrences(of: "replicas: $SERVERS", with: "replicas: $PASSWORD")
        // Loading renders with the defaults: PASSWORD's default cannot be a replica count.
        let line = thrownErrorText { _ = try Template.parse(text, file: "db.yaml") }
        #expect(line.contains("PASSWORD is \"***\""), "\(line)")
        #expect(!line.contains("change-me"))
    }

    static let oldIngress = """
        apiVersion: networking.k8s.io/v1beta1
        kind: Ingress
        metadata:
          name: $NAME
        spec:
          rules:
          - host: $HOSTNAME
            http:
              paths:
              - path: /
                backend: {serviceName: $NAME, servicePort: 80}
        ---
        kind: Template
        name: web
        variables:
        - name: NAME
          default: web
        - name: HOSTNAME
          default: localhost
        """

    @Test func lintFlagsARemovedAPIVersionWithItsReplacement() {
        // Template.parse renders with the defaults: this is what `templates lint` prints.
        let line = thrownErrorText { _ = try Template.parse(Self.oldIngress, file: "web.yaml") }
        #expect(line.hasPrefix("web.yaml:1:13: error: Ingress/web: networking.k8s.io/v1beta1 Ingress is no longer served"), "\(line)")
        #expect(line.contains("use apiVersion: networking.k8s.io/v1"), "\(line)")
    }

    @Test(arguments: [
        ("apps/v1beta1", "StatefulSet", "apps/v1"), ("extensions/v1beta1", "Deployment", "apps/v1"),
        ("batch/v1beta1", "CronJob", "batch/v1"), ("policy/v1beta1", "PodDisruptionBudget", "policy/v1"),
        ("apps/v1beta2", "DaemonSet", "apps/v1"),
    ])
    func removedVersionsNameTheReplacement(apiVersion: String, kind: String, replacement: String) throws {
        let removal = try #require(RemovedAPIVersions.removal(apiVersion: apiVersion, kind: kind))
        #expect(removal.replacement == replacement)
        #expect(removal.message.contains("use apiVersion: \(replacement)"))
    }

    @Test func aMissingRequiredFieldIsFoundBeforeAnythingIsSent() {
        let text = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: $NAME}
            spec:
              template:
                metadata: {labels: {app: x}}
                spec:
                  containers: [{name: c, image: busybox}]
            ---
            kind: Template
            name: d
            variables:
            - name: NAME
              default: d
            """
        let line = thrownErrorText { _ = try Template.parse(text, file: "d.yaml") }
        #expect(line.hasPrefix("d.yaml:"), "\(line)")
        #expect(line.contains("spec.selector"), "\(line)")
    }

    static let ingress = """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: $NAME
        spec:
          rules:
          - host: $HOSTNAME
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: $NAME, port: {number: 80}}}
        ---
        kind: Template
        name: web
        variables:
        - name: NAME
          default: web
        - name: HOSTNAME
          default: localhost
        """

    func host(_ values: [String: String], _ automatic: AutomaticValues) throws -> String? {
        let t = try Template.parse(Self.ingress, file: "web.yaml")
        let out = try t.render(values: values, automatic: automatic)
        return out[0].at("spec", "rules")?.arrayValue?.first?["host"]?.stringValue
    }

    @Test func everyInstanceGetsItsOwnHost() throws {
        let automatic = AutomaticValues(ingressDomain: "apps.example.org")
        let a = try host(["NAME": "alpha"], automatic)
        let b = try host(["NAME": "beta"], automatic)
        #expect(a == "alpha.apps.example.org")
        #expect(b == "beta.apps.example.org")
        #expect(try host(["NAME": "alpha"], AutomaticValues()) == "alpha.marvdash.local")
        // A fixed host for every instance, and --set HOSTNAME over both.
        #expect(try host(["NAME": "alpha"], AutomaticValues(hostname: "one.example.org")) == "one.example.org")
        #expect(try host(["NAME": "alpha", "HOSTNAME": "mine.example.org"], automatic) == "mine.example.org")
    }

    @Test func aDomainMustBeADNSName() {
        #expect(AutomaticValues.domainProblem("apps.example.org") == nil)
        #expect(AutomaticValues.domainProblem("Apps.Example") != nil)
        #expect(AutomaticValues.domainProblem("a..b") != nil)
        #expect(AutomaticValues.domainProblem("-x.org") != nil)
    }
}
