import Foundation
import MarvelCore
import MarvelNet
import MarvelSim
import Testing

private let kubectlPath = "/usr/bin/kubectl"

/// The embedded server speaks HTTP/1.1 the way Go's net/http (kubectl) expects.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: kubectlPath), "needs kubectl"))
struct HTTPKubectlTests {
    /// Runs kubectl against `server` and returns its stdout and exit status.
    private func kubectl(_ server: HTTPServer, _ arguments: [String]) throws -> (output: String, status: Int32) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("marvdash-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try Data("apiVersion: v1\nkind: Config\n".utf8).write(to: config)
        let output = folder.appendingPathComponent("out").path
        let process = try ChildProcess(
            kubectlPath, ["--kubeconfig", config.path, "--server", server.baseURL, "--request-timeout", "20s"] + arguments,
            output: output)
        let status = process.wait()
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return (text, status)
    }

    @Test func kubectlReadsChunkedStreamsAndSendsBodies() throws {
        try withServer({ request in
            switch request.path {
            case "/api/stream":
                return ServerResponse(status: 200, headers: [("Content-Type", "application/json")], body: .stream { sink in
                    for index in 0..<3 { _ = sink.write(Array("{\"piece\":\(index)}\n".utf8)) }
                })
            default:
                return echoResponse(request)
            }
        }) { server in
            let streamed = try kubectl(server, ["get", "--raw", "/api/stream"])
            #expect(streamed.status == 0)
            #expect(streamed.output == "{\"piece\":0}\n{\"piece\":1}\n{\"piece\":2}\n")

            let folder = FileManager.default.temporaryDirectory
            let body = folder.appendingPathComponent("marvdash-body-\(UUID().uuidString).json")
            try Data(#"{"kind":"Thing","spec":{"size":3}}"#.utf8).write(to: body)
            defer { try? FileManager.default.removeItem(at: body) }
            let posted = try kubectl(server, ["create", "--raw", "/apis/example.io/v1/things?dryRun=All", "-f", body.path])
            #expect(posted.status == 0)
            let echo = try JSONValue.parse(posted.output)
            #expect(echo["method"]?.stringValue == "POST")
            #expect(echo["path"]?.stringValue == "/apis/example.io/v1/things")
            #expect(echo.at("query", "dryRun")?.stringValue == "All")
            #expect(echo["body"]?.stringValue == #"{"kind":"Thing","spec":{"size":3}}"#)
        }
    }
}
