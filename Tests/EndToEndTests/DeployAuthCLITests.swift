import Foundation
import Testing

/// Basic auth and volumes through the binary: the password shown once by deploy (and by
/// upgrade --rotate-password), nowhere else; claims listed, kept by delete, removed by --purge.
@Suite struct DeployAuthCLITests {
    static let template = """
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
                image: jupyter/minimal-notebook:latest
                args: ["--notebook-dir=${PRIVATE_DIR}"]
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
        variables:
        - name: NAME
          default: nb
        - name: HOSTNAME
          default: nb.local
        - name: PRIVATE_DIR
          default: /private

        """

    /// The password on deploy's "password XXXX" line.
    static func password(in stdout: String) -> String? {
        guard let line = stdout.split(separator: "\n").first(where: { $0.contains("basic auth on its Ingresses") }),
            let range = line.range(of: "password ")
        else { return nil }
        return String(line[range.upperBound...].prefix { !$0.isWhitespace })
    }

    @Test func passwordShownOnceClaimsListedKeptAndPurged() throws {
        let dir = try ProcessRunner.tempDir()
        defer { ProcessRunner.removeTempDir(dir) }
        let file = dir + "/notebook.template.yaml"
        try Self.template.write(toFile: file, atomically: true, encoding: .utf8)
        let sim = try SimProcess.start()
        defer { sim.stop() }
        let k = sim.kubeconfigArguments

        let deploy = try ProcessRunner.marvdash(["deploy", file] + k)
        #expect(deploy.status == 0, "\(deploy.stderr)")
        #expect(deploy.stdout.contains("applied Secret/marvdash-auth.nb"))
        #expect(deploy.stdout.contains("applied PersistentVolumeClaim/nb-private"))
        let password = try #require(Self.password(in: deploy.stdout), "\(deploy.stdout)")
        #expect(password.count == 20)
        #expect(deploy.stdout.contains("user admin"))

        var table = ""
        let listed = try ProcessRunner.waitUntil(seconds: 60) {
            table = try ProcessRunner.marvdash(["services"] + k).stdout
            return table.contains("VOLUMES") && table.split(separator: "\n").contains { $0.hasPrefix("nb ") && $0.contains("nb-private") }
        }
        #expect(listed, "\(table)")
        for format in ["json", "yaml"] {
            let shown = try ProcessRunner.marvdash(["services", "-o", format, "--show-secrets"] + k)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("marvdash-auth.nb") && shown.stdout.contains("nb-private"))
            #expect(!shown.stdout.contains(password))
        }
        let up = try ProcessRunner.marvdash(["upgrade", "nb", "--templates", dir] + k)
        #expect(up.status == 0, "\(up.stderr)")
        #expect(Self.password(in: up.stdout) == nil)
        #expect(!up.stdout.contains(password) && !up.stderr.contains(password))

        let rotated = try ProcessRunner.marvdash(["upgrade", "nb", "--rotate-password"] + k)
        #expect(rotated.status == 0, "\(rotated.stderr)")
        let fresh = try #require(Self.password(in: rotated.stdout), "\(rotated.stdout)")
        #expect(fresh != password)

        let delete = try ProcessRunner.marvdash(["delete", "nb", "--yes"] + k)
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(delete.stdout.contains("removed Secret/marvdash-auth.nb"))
        #expect(delete.stdout.contains("kept PersistentVolumeClaim/nb-private"))
        #expect(!delete.stdout.contains(password) && !delete.stdout.contains(fresh))

        let again = try ProcessRunner.marvdash(["deploy", file, "--name", "nb2"] + k)
        #expect(again.status == 0, "\(again.stderr)")
        let purge = try ProcessRunner.marvdash(["delete", "nb2", "--yes", "--purge"] + k)
        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(purge.stdout.contains("removed PersistentVolumeClaim/nb2-private"))
    }
}
