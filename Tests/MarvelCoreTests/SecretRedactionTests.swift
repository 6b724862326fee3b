import Testing

@testable import MarvelCore

/// No token, password or URL credential reaches a description, debug text or dump.
@Suite struct SecretRedactionTests {
    let secretURL = "https://admin:S3CRET@kube.example:6443/api/v1/pods?limit=5&access_token=S3CRET#frag"

    @Test func urlLosesUserInfoAndCredentialQueryValues() {
        #expect(SecretRedaction.url(secretURL) == "https://***@kube.example:6443/api/v1/pods?limit=5&access_token=***#frag")
        #expect(SecretRedaction.url("http://u@h/") == "http://***@h/")
        #expect(SecretRedaction.url("https://h?password=p") == "https://h?password=***")
    }

    @Test func ordinaryURLsAreUnchanged() {
        for url in [
            "http://127.0.0.1:8080/api/v1/pods?continue=abc&limit=500",
            "https://[::1]:6443/version", "https://kube.example", "not a url", "",
            "https://h/path/with@sign", "https://h/?labelSelector=app%3Dweb&",
        ] {
            #expect(SecretRedaction.url(url) == url)
        }
    }

    @Test func httpErrorsNeverShowURLCredentials() {
        let errors: [HTTPError] = [
            .connect(url: secretURL, detail: "refused"), .tls(url: secretURL, detail: "bad"),
            .timeout(url: secretURL, seconds: 1), .status(url: secretURL, code: 500, reason: nil, message: "m"),
            .invalidURL(secretURL), .transport(url: secretURL, detail: "d"), .cancelled(url: secretURL),
        ]
        for error in errors {
            var dumped = ""
            dump(error, to: &dumped)
            for text in [error.description, String(reflecting: error), dumped] {
                #expect(!text.contains("S3CRET"), "\(text)")
            }
            #expect(error.description.contains("kube.example"))
        }
    }

    @Test func kubeErrorsNeverShowURLCredentials() {
        let errors: [KubeError] = [
            .transport(.connect(url: secretURL, detail: "refused"), server: secretURL, context: "c"),
            .transport(.invalidURL(secretURL), server: secretURL, context: "c"),
            .transport(.cancelled(url: secretURL), server: secretURL, context: "c"),
            .status(code: 401, reason: nil, message: "m", method: "GET", url: secretURL, context: "c", user: "u"),
            .status(code: 403, reason: nil, message: "m", method: "GET", url: secretURL, context: "c", user: "u"),
            .invalidResponse(url: secretURL, context: "c", detail: "d"),
        ]
        for error in errors {
            var dumped = ""
            dump(error, to: &dumped)
            for text in [error.description, String(reflecting: error), dumped] {
                #expect(!text.contains("S3CRET"), "\(text)")
            }
        }
    }

    @Test func requestDescriptionsMaskCredentialHeaders() {
        let request = HTTPRequest(
            url: secretURL,
            headers: [(name: "Authorization", value: "Bearer S3CRET"), (name: "Accept", value: "application/json")],
            body: [1, 2, 3])
        var dumped = ""
        dump(request, to: &dumped)
        for text in [request.description, request.debugDescription, String(reflecting: request), dumped] {
            #expect(!text.contains("S3CRET"), "\(text)")
            #expect(text.contains("Accept: application/json"))
        }
        #expect(request.description.contains("Authorization: ***"))
        #expect(request.description.contains("(3 bytes)"))
    }

    @Test func targetDescriptionsMaskServerCredentials() {
        let target = KubeTarget(
            contextName: "c", clusterName: "k", server: secretURL, auth: .bearer("S3CRET"), sourceDescription: "f")
        var dumped = ""
        dump(target, to: &dumped)
        #expect(target.displayServer == "https://***@kube.example:6443/api/v1/pods?limit=5&access_token=***#frag")
        for text in [target.description, target.debugDescription, dumped] {
            #expect(!text.contains("S3CRET"), "\(text)")
        }
    }
}
