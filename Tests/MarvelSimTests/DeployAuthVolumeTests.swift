import Foundation
import MarvelCore
import MarvelSim
import Testing

/// Basic auth on Ingresses and PRIVATE/SHARED as real claims, deployed against the embedded cluster.
@Suite struct DeployAuthVolumeTests {
    /// A notebook in Karvdash's style: a Deployment writing to PRIVATE_DIR and SHARED_DIR, a Service and an Ingress.
    static func template(auth: Bool = true) throws -> Template {
        try Template.parse("""
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
                  - name: notebook
                    image: reg.local/jupyter:1
                    args: ["--notebook-dir=${PRIVATE_DIR}", "--shared=${SHARED_DIR}"]
                    resources:
                      requests:
                        cpu: 100m
                        memory: 128Mi
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: ${NAME}
            spec:
              selector:
                app: ${NAME}
              ports:
              - port: 8888
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: ${NAME}
            spec:
              rules:
              - host: ${HOSTNAME}
                http:
                  paths:
                  - path: /
                    pathType: Prefix
                    backend:
                      service:
                        name: ${NAME}
                        port:
                          number: 8888
            ---
            kind: Template
            name: Notebook
            auth: \(auth ? "yes" : "no")
            variables:
            - name: NAME
              default: nb
            - name: HOSTNAME
              default: nb.local
            - name: PRIVATE_DIR
              default: /private
            - name: SHARED_DIR
              default: /shared
            - name: NOTE
              default: one

            """, file: "/nonexistent/notebook.template.yaml")
    }

    static func secretLine(_ f: DeployFixture, instance: String) throws -> String {
        let secret = try f.client.get("/api/v1/namespaces/default/secrets/\(IngressBasicAuth.secretName(instance: instance))")
        let encoded = try #require(secret.at("data", "auth")?.stringValue)
        let data = try #require(Data(base64Encoded: encoded))
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// Every object of the namespace the server serves, as JSON text, and the instance records decoded.
    static func everythingStored(_ f: DeployFixture, instances: [String]) throws -> String {
        var text = ""
        for path in [
            "/api/v1/namespaces/default/secrets", "/api/v1/namespaces/default/configmaps", "/apis/networking.k8s.io/v1/namespaces/default/ingresses",
            "/apis/apps/v1/namespaces/default/deployments", "/api/v1/namespaces/default/pods", "/api/v1/namespaces/default/persistentvolumeclaims",
        ] {
            text += try f.client.list(path).items.map { $0.jsonString() }.joined(separator: "\n")
        }
        for name in instances {
            let rec = try #require(try f.deployer.record(name: name, namespace: "default"))
            text += rec.secret().jsonString()
            text += JSONValue.array(rec.history.values.flatMap(\.manifests)).jsonString()
            text += rec.history.values.map { $0.values.description }.joined()
        }
        let snapshot = try f.client.readSnapshot(kinds: CachedKind.instanceKinds, namespace: "default")
        let statuses = InstanceStatus.all(in: snapshot, namespace: "default", rules: LayerRules())
        text += JSONValue.array(statuses.map { $0.json(showSecrets: true) }).jsonString()
        text += YAML.emit(.array(statuses.map { $0.json(showSecrets: true) }))
        return text
    }

    @Test func authYieldsSecretAndAnnotationsAndNoClearPasswordAnywhere() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let result = try f.deployer.deploy(
            template: try Self.template(), name: "nb", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let credentials = try #require(result.credentials)
        #expect(credentials.user == "admin")
        #expect(credentials.password.count == 20)
        #expect(credentials.secret == "marvdash-auth.nb")
        #expect(credentials.displayLines.joined().contains(credentials.password))
        #expect(result.applied.contains("Secret/marvdash-auth.nb"))

        let secret = try f.client.get("/api/v1/namespaces/default/secrets/marvdash-auth.nb")
        #expect(secret["type"]?.stringValue == "Opaque")
        #expect(secret.at("metadata", "labels", InstanceLabels.instance)?.stringValue == "nb")
        let line = try Self.secretLine(f, instance: "nb")
        #expect(line.hasPrefix("admin:$apr1$"))
        #expect(APR1Hash.verify(password: credentials.password, against: String(line.dropFirst("admin:".count))))

        let ingress = try f.client.get("/apis/networking.k8s.io/v1/namespaces/default/ingresses/nb")
        #expect(ingress.at("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-type")?.stringValue == "basic")
        #expect(ingress.at("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-secret")?.stringValue == "marvdash-auth.nb")
        #expect(ingress.at("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-realm")?.stringValue?.contains("nb") == true)

        #expect(!(try Self.everythingStored(f, instances: ["nb"])).contains(credentials.password))
        let status = InstanceStatus.all(
            in: try f.client.readSnapshot(kinds: CachedKind.instanceKinds, namespace: "default"), namespace: "default", rules: LayerRules())
        #expect(status.first?.instance.authSecret == "marvdash-auth.nb")

        let removed = try f.deployer.delete(name: "nb", namespace: "default")
        #expect(removed.contains("Secret/marvdash-auth.nb"))
        #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-auth.nb"))
    }

    @Test func upgradeKeepsTheHashUnlessAskedToRotate() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let first = try f.deployer.deploy(
            template: try Self.template(), name: "nb", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let password = try #require(first.credentials?.password)
        let line = try Self.secretLine(f, instance: "nb")

        let upgraded = try f.deployer.upgrade(name: "nb", namespace: "default", set: ["NOTE": "two"], automatic: f.automatic, template: try Self.template())
        #expect(upgraded.credentials == nil)
        #expect(try Self.secretLine(f, instance: "nb") == line)

        var rotating = f.deployer
        rotating.basicAuth = BasicAuthRequest(rotate: true)
        let rotated = try rotating.upgrade(name: "nb", namespace: "default", set: [:], automatic: f.automatic, template: try Self.template())
        let fresh = try #require(rotated.credentials)
        #expect(fresh.password != password && fresh.user == "admin")
        let newLine = try Self.secretLine(f, instance: "nb")
        #expect(newLine != line)
        #expect(APR1Hash.verify(password: fresh.password, against: String(newLine.dropFirst("admin:".count))))
        #expect(!APR1Hash.verify(password: password, against: String(newLine.dropFirst("admin:".count))))
        #expect(!(try Self.everythingStored(f, instances: ["nb"])).contains(fresh.password))

        // Turning auth off removes the Secret; the applied Ingress no longer carries the annotations
        // (server-side apply drops fields its manager stops applying on a real cluster).
        let off = try f.deployer.upgrade(name: "nb", namespace: "default", set: [:], automatic: f.automatic, template: try Self.template(auth: false))
        #expect(off.pruned.contains("Secret/marvdash-auth.nb"))
        #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-auth.nb"))
        let rec = try #require(try f.deployer.record(name: "nb", namespace: "default"))
        let ingress = try #require(rec.manifests.first { $0["kind"] == "Ingress" })
        #expect(ingress.at("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-type") == nil)
        #expect(rec.instance.authSecret == nil)
        // And the live Ingress lost them: the embedded cluster removes what marvdash owned and stopped applying.
        let live = try f.client.list("/apis/networking.k8s.io/v1/namespaces/default/ingresses").items
        #expect(!live.isEmpty)
        for object in live {
            let keys = object.at("metadata", "annotations")?.objectValue?.keys ?? []
            #expect(!keys.contains { $0.hasPrefix("nginx.ingress.kubernetes.io/auth-") }, "\(keys)")
        }
    }

    @Test func authNoAddsNothingAndAGivenPasswordIsUsed() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let plain = try f.deployer.deploy(
            template: try Self.template(auth: false), name: "open", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        #expect(plain.credentials == nil)
        #expect(!plain.applied.contains { $0.hasPrefix("Secret/") })
        #expect(!f.exists("/api/v1/namespaces/default/secrets/marvdash-auth.open"))
        let ingress = try f.client.get("/apis/networking.k8s.io/v1/namespaces/default/ingresses/open")
        #expect(ingress.at("metadata", "annotations", "nginx.ingress.kubernetes.io/auth-type") == nil)

        var given = f.deployer
        given.basicAuth = BasicAuthRequest(user: "carol", password: "s3cret-given")
        let result = try given.deploy(
            template: try Self.template(), name: "mine", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        #expect(result.credentials?.user == "carol")
        let line = try Self.secretLine(f, instance: "mine")
        #expect(line.hasPrefix("carol:"))
        #expect(APR1Hash.verify(password: "s3cret-given", against: String(line.dropFirst("carol:".count))))
        #expect(!(try Self.everythingStored(f, instances: ["open", "mine"])).contains("s3cret-given"))
    }

    static func pods(_ f: DeployFixture, instance: String) throws -> [JSONValue] {
        try f.client.list("/api/v1/namespaces/default/pods", query: ["labelSelector": "\(InstanceLabels.instance)=\(instance)"]).items
    }

    static func claim(_ f: DeployFixture, _ name: String) throws -> JSONValue {
        try f.client.get("/api/v1/namespaces/default/persistentvolumeclaims/\(name)")
    }

    @Test func privateDataSurvivesAPodRestartOnTheSameBoundVolume() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try Self.template(), name: "nb", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let deployment = try f.client.get("/apis/apps/v1/namespaces/default/deployments/nb")
        let mounts = deployment.at("spec", "template", "spec", "containers")?[0]?["volumeMounts"]?.arrayValue ?? []
        #expect(mounts.contains { $0["mountPath"] == "/private" && $0["name"] == "marvdash-private" })
        #expect(mounts.contains { $0["mountPath"] == "/shared" && $0["name"] == "marvdash-shared" })
        #expect(try Self.claim(f, "nb-private").at("metadata", "labels", InstanceLabels.instance) == "nb")

        try f.wait("the private claim bound and the pod running") {
            try Self.claim(f, "nb-private").at("status", "phase") == "Bound"
                && Self.pods(f, instance: "nb").contains { $0.at("status", "phase") == "Running" }
        }
        let volume = try #require(try Self.claim(f, "nb-private").at("spec", "volumeName")?.stringValue)
        let first = try #require(try Self.pods(f, instance: "nb").first)
        let node = try #require(first.at("spec", "nodeName")?.stringValue)
        let firstName = first.at("metadata", "name")?.stringValue ?? ""

        _ = try f.client.send(.delete, "/api/v1/namespaces/default/pods/\(firstName)")
        try f.wait("a replacement pod running") {
            try Self.pods(f, instance: "nb").contains {
                $0.at("metadata", "name")?.stringValue != firstName && $0.at("status", "phase") == "Running"
            }
        }
        let replacement = try #require(try Self.pods(f, instance: "nb").first { $0.at("metadata", "name")?.stringValue != firstName })
        #expect(replacement.at("spec", "nodeName")?.stringValue == node)
        let claims = (replacement.at("spec", "volumes")?.arrayValue ?? []).compactMap { $0.at("persistentVolumeClaim", "claimName")?.stringValue }
        #expect(claims.contains("nb-private"))
        #expect(try Self.claim(f, "nb-private").at("spec", "volumeName")?.stringValue == volume)
        let pv = try f.client.get("/api/v1/persistentvolumes/\(volume)")
        #expect(pv.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]?["values"] == [.string(node)])
    }

    @Test func sharedClaimIsSharedAndDeleteKeepsClaimsUnlessPurged() throws {
        let f = try DeployFixture()
        defer { f.close() }
        _ = try f.deployer.deploy(template: try Self.template(), name: "a", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        try f.wait("the shared claim bound") { try Self.claim(f, InstanceVolumes.sharedClaim).at("status", "phase") == "Bound" }
        let second = try f.deployer.deploy(
            template: try Self.template(), name: "b", values: [:], namespace: "default", automatic: f.automatic, dryRun: false, placement: .auto)
        #expect(!second.applied.contains("PersistentVolumeClaim/\(InstanceVolumes.sharedClaim)"))
        let volume = try #require(try Self.claim(f, InstanceVolumes.sharedClaim).at("spec", "volumeName")?.stringValue)
        let pv = try f.client.get("/api/v1/persistentvolumes/\(volume)")
        let sharedNode = pv.at("spec", "nodeAffinity", "required", "nodeSelectorTerms")?[0]?["matchExpressions"]?[0]?["values"]?[0]?.stringValue
        try f.wait("both instances running") {
            try ["a", "b"].allSatisfy { name in try Self.pods(f, instance: name).contains { $0.at("status", "phase") == "Running" } }
        }
        for name in ["a", "b"] {
            let pod = try #require(try Self.pods(f, instance: name).first)
            #expect(pod.at("spec", "nodeName")?.stringValue == sharedNode)
            let claims = (pod.at("spec", "volumes")?.arrayValue ?? []).compactMap { $0.at("persistentVolumeClaim", "claimName")?.stringValue }
            #expect(Set(claims) == [InstanceVolumes.sharedClaim, "\(name)-private"])
        }
        let status = InstanceStatus.all(
            in: try f.client.readSnapshot(kinds: CachedKind.instanceKinds, namespace: "default"), namespace: "default", rules: LayerRules())
        #expect(status.first { $0.instance.name == "a" }?.instance.volumes == ["a-private → /private", "marvdash-shared → /shared"])

        let kept = try f.deployer.remove(name: "a", namespace: "default", purge: false)
        #expect(kept.keptClaims == ["a-private"])
        #expect(f.exists("/api/v1/namespaces/default/persistentvolumeclaims/a-private"))
        let purged = try f.deployer.remove(name: "b", namespace: "default", purge: true)
        #expect(purged.removed.contains("PersistentVolumeClaim/b-private"))
        #expect(!f.exists("/api/v1/namespaces/default/persistentvolumeclaims/b-private"))
        #expect(f.exists("/api/v1/namespaces/default/persistentvolumeclaims/\(InstanceVolumes.sharedClaim)"))
    }

    @Test func aDatasetsClaimTheNamespaceHasIsMountedReadOnly() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let claim = """
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"marvdash-datasets"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}}}}
            """
        _ = try f.client.send(
            .post, "/api/v1/namespaces/default/persistentvolumeclaims", headers: [(name: "Content-Type", value: "application/json")],
            body: Array(claim.utf8))
        _ = try f.deployer.deploy(template: try Self.template(), name: "nb", values: [:], namespace: "default", automatic: f.automatic, dryRun: false)
        let spec = try #require(try f.client.get("/apis/apps/v1/namespaces/default/deployments/nb").at("spec", "template", "spec"))
        let volume = spec["volumes"]?.arrayValue?.first { $0["name"] == "marvdash-datasets" }
        #expect(volume?.at("persistentVolumeClaim", "claimName") == "marvdash-datasets")
        #expect(volume?.at("persistentVolumeClaim", "readOnly") == true)
        let mount = spec["containers"]?[0]?["volumeMounts"]?.arrayValue?.first { $0["name"] == "marvdash-datasets" }
        #expect(mount?["mountPath"] == "/mnt/datasets" && mount?["readOnly"] == true)
        try f.wait("the pod running with the datasets claim bound") {
            try Self.pods(f, instance: "nb").contains { $0.at("status", "phase") == "Running" }
                && Self.claim(f, "marvdash-datasets").at("status", "phase") == "Bound"
        }
        // Delete never touches it, even with --purge.
        _ = try f.deployer.remove(name: "nb", namespace: "default", purge: true)
        #expect(f.exists("/api/v1/namespaces/default/persistentvolumeclaims/marvdash-datasets"))
    }
}
