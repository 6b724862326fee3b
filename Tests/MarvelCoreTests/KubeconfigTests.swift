import Foundation
import Testing

@testable import MarvelCore

/// A private temporary folder for kubeconfig files, removed by `remove()`.
struct KubeTempDir {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "marvdash-kube-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        return full
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

enum KubeconfigText {
    static func config(
        current: String? = "dev", clusters: String = "", users: String = "", contexts: String = ""
    ) -> String {
        var s = "apiVersion: v1\nkind: Config\n"
        if let current { s += "current-context: \(current)\n" }
        s += "clusters:\n\(clusters)users:\n\(users)contexts:\n\(contexts)"
        return s
    }

    static func cluster(_ name: String, server: String = "https://10.0.0.1:6443", extra: String = "") -> String {
        "- name: \(name)\n  cluster:\n    server: \(server)\n\(extra)"
    }

    static func user(_ name: String, _ fields: String) -> String { "- name: \(name)\n  user:\n\(fields)" }

    static func context(_ name: String, cluster: String, user: String? = nil, namespace: String? = nil) -> String {
        var s = "- name: \(name)\n  context:\n    cluster: \(cluster)\n"
        if let user { s += "    user: \(user)\n" }
        if let namespace { s += "    namespace: \(namespace)\n" }
        return s
    }
}

private let b64CA = Data("-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n".utf8).base64EncodedString()
private let b64Cert = Data("CERT-PEM".utf8).base64EncodedString()
private let b64Key = Data("KEY-PEM".utf8).base64EncodedString()

@Suite struct KubeconfigSourceTests {
    typealias T = KubeconfigText

    func loader(_ dir: KubeTempDir, env: [String: String] = [:]) -> KubeconfigLoader {
        KubeconfigLoader(environment: env, homeDirectory: dir.path + "/home", serviceAccountDirectory: dir.path + "/sa")
    }

    @Test func kubeconfigListMergesFirstWins() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let a = try dir.write(
            "a.yaml",
            T.config(
                current: "prod", clusters: T.cluster("shared", server: "https://a.example:6443"),
                users: T.user("alice", "    token: token-a\n"),
                contexts: T.context("prod", cluster: "shared", user: "alice", namespace: "marvel")))
        let b = try dir.write(
            "b.yaml",
            T.config(
                current: "dev",
                clusters: T.cluster("shared", server: "https://b.example:6443") + T.cluster("devc", server: "https://dev.example"),
                users: T.user("alice", "    token: token-b\n") + T.user("bob", "    token: token-bob\n"),
                contexts: T.context("prod", cluster: "devc", user: "bob") + T.context("dev", cluster: "devc", user: "bob")))
        let c = try dir.write("c.yaml", T.config(current: nil, contexts: T.context("extra", cluster: "shared")))
        let env = ["KUBECONFIG": "\(a):\(dir.path)/missing.yaml:\(b):\(c)"]
        let target = try #require(try loader(dir, env: env).resolve().target)
        // current-context from a.yaml; the context, cluster and user a.yaml defines win.
        #expect(target.contextName == "prod")
        #expect(target.clusterName == "shared")
        #expect(target.server == "https://a.example:6443")
        #expect(target.auth == .bearer("token-a"))
        #expect(target.namespace == "marvel")
        #expect(target.sourceDescription == "\(a):\(b):\(c)")

        // Names only b.yaml defines are found too; c.yaml's context uses a.yaml's cluster.
        let dev = try #require(try loader(dir, env: env).resolve(context: "dev").target)
        #expect(dev.server == "https://dev.example" && dev.auth == .bearer("token-bob") && dev.namespace == "default")
        let extra = try #require(try loader(dir, env: env).resolve(context: "extra").target)
        #expect(extra.server == "https://a.example:6443" && extra.auth == .none)
        let config = try #require(try loader(dir, env: env).loadConfig())
        #expect(config.contextNames == ["prod", "dev", "extra"])
        #expect(config.clusterNames == ["devc", "shared"])
    }

    @Test func currentContextFromTheFirstFileThatSetsIt() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let a = try dir.write("a", T.config(current: nil, clusters: T.cluster("c1"), contexts: T.context("one", cluster: "c1")))
        let b = try dir.write("b", T.config(current: "two", contexts: T.context("two", cluster: "c1")))
        let target = try #require(try loader(dir, env: ["KUBECONFIG": "\(a):\(b)"]).resolve().target)
        #expect(target.contextName == "two")
    }

    @Test func explicitFileAloneAndMissingExplicitFile() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let a = try dir.write("a", T.config(current: "x", clusters: T.cluster("c", server: "https://explicit"), contexts: T.context("x", cluster: "c")))
        let b = try dir.write("b", T.config(current: "y", clusters: T.cluster("c", server: "https://env"), contexts: T.context("y", cluster: "c")))
        let l = loader(dir, env: ["KUBECONFIG": b])
        #expect(try l.resolve(kubeconfigPath: a).target?.server == "https://explicit")
        let message = thrownErrorText { _ = try l.resolve(kubeconfigPath: dir.path + "/nope/config") }
        #expect(message.hasPrefix("kubeconfig \(dir.path)/nope/config not found: "))
        #expect(message.contains("No such file"))
    }

    @Test func homeConfigWhenNoKubeconfigVariable() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        try dir.write("home/.kube/config", T.config(current: "h", clusters: T.cluster("c", server: "https://home"), contexts: T.context("h", cluster: "c")))
        let target = try #require(try loader(dir).resolve().target)
        #expect(target.server == "https://home")
        #expect(target.sourceDescription == dir.path + "/home/.kube/config")
        // KUBECONFIG listing only missing files falls through to ~/.kube/config.
        #expect(try loader(dir, env: ["KUBECONFIG": dir.path + "/gone"]).resolve().target?.server == "https://home")
    }

    @Test func inClusterServiceAccount() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        try dir.write("sa/token", "sa-token-123\n")
        try dir.write("sa/ca.crt", "CA-PEM")
        try dir.write("sa/namespace", "marvel\n")
        let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        let target = try #require(try loader(dir, env: env).resolve().target)
        #expect(target.server == "https://10.96.0.1:443")
        #expect(target.auth == .tokenFile(path: dir.path + "/sa/token"), "read again before requests: projected tokens rotate")
        #expect(target.tls.caPEM == Array("CA-PEM".utf8))
        #expect(target.namespace == "marvel")
        #expect(target.sourceDescription == "in-cluster")
        #expect(try loader(dir, env: env).resolve(namespace: "other").target?.namespace == "other")
        let v6 = try #require(try loader(dir, env: ["KUBERNETES_SERVICE_HOST": "fd00::1", "KUBERNETES_SERVICE_PORT": "6443"]).resolve().target)
        #expect(v6.server == "https://[fd00::1]:6443")
        let badPort = thrownErrorText {
            _ = try loader(dir, env: ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "https"]).resolve()
        }
        #expect(badPort == "in-cluster configuration: KUBERNETES_SERVICE_PORT 'https' is not a port number (1-65535); check the pod's environment")
    }

    @Test func notFoundListsWhatWasSearched() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        guard case .notFound(let searched) = try loader(dir).resolve() else {
            Issue.record("expected notFound")
            return
        }
        #expect(searched.contains(dir.path + "/home/.kube/config"))
        #expect(searched.contains { $0.contains("in-cluster") })
        // Host/port set but no token file: still not found.
        let env = ["KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443"]
        #expect(try loader(dir, env: env).resolve().target == nil)
    }

    @Test func emptyKubeconfigFileHasNoContext() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let f = try dir.write("empty", "")
        let message = thrownErrorText { _ = try loader(dir).resolve(kubeconfigPath: f) }
        #expect(message == "no current-context in \(f); pass --context (available: none)")
    }
}

@Suite struct KubeconfigAuthTests {
    typealias T = KubeconfigText

    func resolve(_ dir: KubeTempDir, clusterExtra: String = "", user: String? = nil, server: String = "https://10.0.0.1:6443")
        throws -> KubeTarget
    {
        let users = user.map { T.user("u", $0) } ?? ""
        let f = try dir.write(
            "cfg/config",
            T.config(
                current: "ctx", clusters: T.cluster("c", server: server, extra: clusterExtra), users: users,
                contexts: T.context("ctx", cluster: "c", user: user == nil ? nil : "u")))
        let loader = KubeconfigLoader(environment: [:], homeDirectory: dir.path, serviceAccountDirectory: dir.path + "/sa")
        return try #require(try loader.resolve(kubeconfigPath: f).target)
    }

    @Test func bearerTokenAndTokenFile() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        #expect(try resolve(dir, user: "    token: abc\n").auth == .bearer("abc"))
        try dir.write("cfg/secrets/token", "from-file\n")
        #expect(try resolve(dir, user: "    tokenFile: secrets/token\n").auth == .tokenFile(path: dir.path + "/cfg/secrets/token"))
        #expect(try resolve(dir, user: "    token: inline\n    tokenFile: secrets/token\n").auth == .bearer("inline"))
    }

    @Test func clientCertificateFilesRelativeToTheKubeconfig() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        try dir.write("cfg/pki/client.crt", "CERT-FILE")
        try dir.write("cfg/pki/client.key", "KEY-FILE")
        try dir.write("cfg/pki/ca.crt", "CA-FILE")
        let t = try resolve(
            dir, clusterExtra: "    certificate-authority: pki/ca.crt\n",
            user: "    client-certificate: pki/client.crt\n    client-key: \(dir.path)/cfg/pki/client.key\n")
        #expect(t.tls.clientCertificatePEM == Array("CERT-FILE".utf8))
        #expect(t.tls.clientKeyPEM == Array("KEY-FILE".utf8))
        #expect(t.tls.caPEM == Array("CA-FILE".utf8))
        #expect(t.auth == .none)
        #expect(t.usesClientCertificate)
        #expect(t.warnings.isEmpty)
    }

    @Test func dataFieldsWinOverFiles() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let t = try resolve(
            dir, clusterExtra: "    certificate-authority: missing/ca.crt\n    certificate-authority-data: \(b64CA)\n",
            user: "    client-certificate-data: \(b64Cert)\n    client-key-data: \(b64Key)\n")
        #expect(t.tls.caPEM.map { String(decoding: $0, as: UTF8.self) }?.contains("BEGIN CERTIFICATE") == true)
        #expect(t.tls.clientCertificatePEM == Array("CERT-PEM".utf8))
        #expect(t.tls.clientKeyPEM == Array("KEY-PEM".utf8))
    }

    @Test func insecureWarningAndServerName() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let t = try resolve(dir, clusterExtra: "    insecure-skip-tls-verify: true\n    tls-server-name: api.internal\n")
        #expect(t.tls.insecureSkipVerify)
        #expect(t.tls.serverName == "api.internal")
        #expect(t.warnings == ["TLS verification is disabled for cluster c by insecure-skip-tls-verify"])
        #expect(try !resolve(dir, clusterExtra: "    insecure-skip-tls-verify: false\n").tls.insecureSkipVerify)
    }

    @Test func basicAuth() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let t = try resolve(dir, user: "    username: admin\n    password: s3cret\n")
        #expect(t.auth == .basic(user: "admin", password: "s3cret"))
    }

    @Test func twoAuthMethodsNameTheUserAndFile() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        for fields in ["    token: t\n    client-certificate-data: \(b64Cert)\n    client-key-data: \(b64Key)\n",
                       "    username: a\n    password: b\n    token: t\n"] {
            do {
                _ = try resolve(dir, user: fields)
                Issue.record("expected an error for \(fields)")
            } catch {
                #expect(String(describing: error).contains("\(dir.path)/cfg/config:"))
                #expect(String(describing: error).contains("user \"u\" sets more than one auth method"))
                #expect(!String(describing: error).contains("s3cret") && !String(describing: error).contains(": t\n"))
            }
        }
    }

    @Test func execPluginIsReadWithKubectlsRules() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let user = """
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: bin/get-token
                  args: [--cluster, prod]
                  env:
                  - name: AWS_PROFILE
                    value: ops
                  installHint: install get-token
                  interactiveMode: Never
                  provideClusterInfo: true

            """
        let target = try resolve(dir, clusterExtra: "    tls-server-name: kube.test\n", user: user)
        guard case .exec(let config) = target.auth else {
            Issue.record("expected an exec user, got \(target.auth)")
            return
        }
        #expect(config.command == dir.path + "/cfg/bin/get-token", "a command with a slash is relative to the kubeconfig")
        #expect(config.args == ["--cluster", "prod"])
        #expect(config.env == [ExecConfig.EnvVar(name: "AWS_PROFILE", value: "ops")])
        #expect(config.installHint == "install get-token")
        #expect(config.interactiveMode == .never)
        #expect(config.clusterInfo?["server"] == "https://10.0.0.1:6443")
        #expect(config.clusterInfo?["tls-server-name"] == "kube.test")
        #expect(config.execInfo(interactive: false).at("spec", "interactive") == false)
        #expect(target.description.contains("auth exec plugin"))
    }

    @Test func execPluginFieldsAreCheckedWithTheirPosition() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let noMode = thrownErrorText {
            _ = try resolve(dir, user: "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n")
        }
        #expect(noMode.hasPrefix("\(dir.path)/cfg/config:"))
        #expect(noMode.contains("users[u].user.exec.interactiveMode is required for client.authentication.k8s.io/v1"))
        let beta = try resolve(dir, user: "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n")
        guard case .exec(let config) = beta.auth else {
            Issue.record("expected exec")
            return
        }
        #expect(config.interactiveMode == .ifAvailable, "v1beta1 defaults to IfAvailable")
        #expect(config.command == "aws", "a bare name is looked up on PATH")
        let alpha = thrownErrorText {
            _ = try resolve(dir, user: "    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: aws\n")
        }
        #expect(alpha.contains("\"client.authentication.k8s.io/v1alpha1\" is not supported"))
        let badMode = thrownErrorText {
            _ = try resolve(
                dir, user: "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n      interactiveMode: Sometimes\n")
        }
        #expect(badMode.contains("\"Sometimes\" is not one of Never, IfAvailable, Always"))
        let two = thrownErrorText {
            _ = try resolve(
                dir, user: "    token: t\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: aws\n      interactiveMode: Never\n")
        }
        #expect(two.contains("sets more than one auth method"))
    }

    @Test func authProviderNamesTheExecPluginToUse() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let gcp = thrownErrorText { _ = try resolve(dir, user: "    auth-provider:\n      name: gcp\n") }
        #expect(gcp.hasPrefix("\(dir.path)/cfg/config:"))
        #expect(gcp.contains("uses auth-provider gcp, which kubectl and marvdash no longer support"))
        #expect(gcp.contains("gke-gcloud-auth-plugin"))
        #expect(thrownErrorText { _ = try resolve(dir, user: "    auth-provider:\n      name: oidc\n") }.contains("kubelogin"))
        #expect(thrownErrorText { _ = try resolve(dir, user: "    auth-provider:\n      name: azure\n") }.contains("convert-kubeconfig"))
    }

    @Test func badBase64NamesFieldAndPosition() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let message = thrownErrorText { _ = try resolve(dir, clusterExtra: "    certificate-authority-data: not*base64!\n") }
        // Line 8 of the generated file: apiVersion, kind, current-context, clusters:, - name, cluster:, server, data.
        #expect(message.hasPrefix("\(dir.path)/cfg/config:8:"))
        #expect(message.contains("certificate-authority-data of cluster \"c\" is not valid base64"))
    }

    @Test func unreadableCertificateFileNamesPathAndField() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let message = thrownErrorText { _ = try resolve(dir, user: "    client-certificate: pki/none.crt\n    client-key: pki/none.key\n") }
        #expect(message.contains("cannot read client-certificate \(dir.path)/cfg/pki/none.crt of user \"u\""))
    }

    @Test func certificateWithoutKeyIsAnError() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        #expect(throws: KubeconfigError.self) { try resolve(dir, user: "    client-certificate-data: \(b64Cert)\n") }
    }

    @Test func noSecretInDescriptions() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let targets = [
            try resolve(dir, user: "    token: TOPSECRET-TOKEN\n"),
            try resolve(dir, user: "    username: admin\n    password: TOPSECRET-PASS\n"),
            try resolve(dir, user: "    client-certificate-data: \(b64Cert)\n    client-key-data: \(Data("TOPSECRET-KEY".utf8).base64EncodedString())\n"),
        ]
        for t in targets {
            var dumped = ""
            dump(t, to: &dumped)
            for text in [t.description, t.debugDescription, String(describing: t), String(reflecting: t), dumped, "\(t.auth)", String(reflecting: t.auth)] {
                #expect(!text.contains("TOPSECRET"), "leaked: \(text)")
            }
        }
        #expect(targets[0].description.contains("bearer token"))
        #expect(targets[1].description.contains("basic (user admin)"))
        #expect(targets[2].description.contains("client certificate"))
        _ = try resolve(dir, user: "    token: TOPSECRET-TOKEN\n")  // the file now holds the token as text
        let config = try #require(try KubeconfigLoader(environment: [:], homeDirectory: dir.path).loadConfig(
            kubeconfigPath: dir.path + "/cfg/config"))
        var dumpedConfig = ""
        dump(config, to: &dumpedConfig)
        for text in [config.description, String(reflecting: config), dumpedConfig] {
            #expect(!text.contains("TOPSECRET"), "leaked: \(text)")
        }
        #expect(config.description == "kubeconfig \(dir.path)/cfg/config (contexts: ctx, current ctx)")
    }

    @Test func noURLCredentialInDescriptionsWarningsOrErrors() throws {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let plain = try resolve(dir, user: "    token: t\n", server: "http://admin:TOPSECRET@10.0.0.1:8080")
        var dumped = ""
        dump(plain, to: &dumped)
        for text in [plain.description, dumped] + plain.warnings {
            #expect(!text.contains("TOPSECRET"), "leaked: \(text)")
        }
        #expect(plain.warnings.contains("credentials of user u are sent without TLS to http://***@10.0.0.1:8080"))
        let message = thrownErrorText { _ = try resolve(dir, server: "ftp://admin:TOPSECRET@10.0.0.1") }
        #expect(message.contains("'ftp://***@10.0.0.1' is not an http(s) URL"))
    }
}

@Suite struct KubeconfigErrorTests {
    typealias T = KubeconfigText

    func load(_ text: String, context: String? = nil, namespace: String? = nil) throws -> (KubeTarget, String) {
        let dir = try KubeTempDir()
        defer { dir.remove() }
        let f = try dir.write("config", text)
        let loader = KubeconfigLoader(environment: [:], homeDirectory: dir.path, serviceAccountDirectory: dir.path + "/sa")
        do {
            return (try #require(try loader.resolve(kubeconfigPath: f, context: context, namespace: namespace).target), f)
        } catch let e as KubeconfigError {
            throw Failure(text: e.description.replacingOccurrences(of: f, with: "FILE"))
        }
    }

    struct Failure: Error { var text: String }

    func message(_ text: String, context: String? = nil) -> String {
        do {
            _ = try load(text, context: context)
            return "no error"
        } catch let f as Failure {
            return f.text
        } catch {
            return "\(error)"
        }
    }

    @Test func unknownContextListsTheAvailableOnes() {
        let text = T.config(current: "a", clusters: T.cluster("c"), contexts: T.context("a", cluster: "c") + T.context("b", cluster: "c"))
        #expect(message(text, context: "foo") == "context \"foo\" not found in FILE (available: a, b)")
        #expect(message(T.config(current: "zz", clusters: T.cluster("c"), contexts: T.context("a", cluster: "c"))).hasPrefix("context \"zz\" not found"))
    }

    @Test func missingClusterAndUserPointAtTheReference() {
        let text = T.config(current: "a", clusters: T.cluster("c"), contexts: T.context("a", cluster: "nope"))
        // clusters (4) + 3 lines of the cluster, users: (8), contexts: (9), - name (10), context: (11), cluster: (12)
        #expect(message(text) == "FILE:12:14: context \"a\" refers to cluster \"nope\", which is not defined in FILE")
        let userText = T.config(current: "a", clusters: T.cluster("c"), contexts: T.context("a", cluster: "c", user: "ghost"))
        #expect(message(userText) == "FILE:13:11: context \"a\" refers to user \"ghost\", which is not defined in FILE")
    }

    @Test func yamlSyntaxErrorHasLineAndColumn() {
        let text = "apiVersion: v1\nclusters:\n- name: c\n  cluster:\n    server: https://x\n   bad: indent\n"
        let m = message(text)
        #expect(m.hasPrefix("FILE:6:"), "got \(m)")
    }

    @Test func noServer() {
        let text = "current-context: a\nclusters:\n- name: c\n  cluster:\n    insecure-skip-tls-verify: true\ncontexts:\n- name: a\n  context:\n    cluster: c\n"
        #expect(message(text).contains("cluster \"c\" has no server"))
        #expect(message(text).hasPrefix("FILE:5:"))
    }

    @Test func wrongShapes() {
        #expect(message("clusters: 3\n").hasPrefix("FILE:1:11: clusters must be a list"))
        #expect(message("- just\n- a list\n").contains("is not a mapping"))
        #expect(message("current-context: a\nclusters:\n- name: c\n  cluster:\n    server: ftp://x\ncontexts:\n- name: a\n  context:\n    cluster: c\n").contains("is not an http(s) URL"))
    }

    @Test func namespacePrecedence() throws {
        let text = T.config(current: "a", clusters: T.cluster("c"), contexts: T.context("a", cluster: "c", namespace: "ctx-ns"))
        #expect(try load(text).0.namespace == "ctx-ns")
        #expect(try load(text, namespace: "flag-ns").0.namespace == "flag-ns")
        let plain = T.config(current: "a", clusters: T.cluster("c"), contexts: T.context("a", cluster: "c"))
        #expect(try load(plain).0.namespace == "default")
    }
}
