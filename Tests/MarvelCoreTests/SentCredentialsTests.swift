import Foundation
import Testing

@testable import MarvelCore

/// Text from an error answer is scrubbed of the credentials the request carried
/// and of anything shaped like one, at the one place it enters marvdash.
@Suite struct SentCredentialsTests {
    @Test func bearerAndBasicCredentialsInEveryFormAreRemoved() {
        let basic = Data("alice:pa55word".utf8).base64EncodedString()
        let sent = SentCredentials(headers: [
            (name: "Authorization", value: "Basic \(basic)"), (name: "Accept", value: "application/json"),
        ])
        #expect(sent.scrub("got Basic \(basic) from alice") == "got *** from alice")
        #expect(sent.scrub("user alice:pa55word denied") == "user *** denied")
        #expect(sent.scrub("password pa55word is wrong") == "password *** is wrong")
        #expect(sent.scrub("application/json is fine") == "application/json is fine")
        let bearer = SentCredentials(headers: [(name: "authorization", value: "Bearer abc123")])
        #expect(bearer.scrub("token abc123 expired") == "token *** expired")
    }

    @Test func credentialShapedTextIsMaskedWhoeverSentIt() {
        let none = SentCredentials()
        #expect(none.scrub("header was Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig") == "header was Bearer ***")
        #expect(none.scrub("use a Bearer token") == "use a Bearer token")
        #expect(none.scrub("Authorization: Basic YWxpY2U6c2VjcmV0") == "Authorization: Basic ***")
        #expect(none.scrub("basic authentication failed") == "basic authentication failed")
        let pem = "key -----BEGIN RSA PRIVATE KEY-----\nMIIB\nabcd\n-----END RSA PRIVATE KEY----- end"
        #expect(none.scrub(pem) == "key *** end")
    }

    @Test func theClientKeyIsRemovedWholeOrByTheLine() {
        let line = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
        let key = "-----BEGIN EC PRIVATE KEY-----\n\(line)\nAAAA\n-----END EC PRIVATE KEY-----\n"
        let sent = SentCredentials(headers: [], tls: TLSOptions(clientKeyPEM: Array(key.utf8)))
        #expect(sent.scrub("echo \(line) back") == "echo *** back")
    }

    @Test func statusMessagesAndBodyExcerptsAreScrubbed() {
        let request = HTTPRequest(url: "https://k/api", headers: [(name: "Authorization", value: "Bearer s3cr3t-token-value")])
        let status = #"{"kind":"Status","message":"bad token s3cr3t-token-value","reason":"Unauthorized s3cr3t-token-value","code":401}"#
        let error = HTTPError.fromResponse(to: request, HTTPResponse(status: 401, body: Array(status.utf8)))
        #expect(error == .status(url: "https://k/api", code: 401, reason: "Unauthorized ***", message: "bad token ***"))
        let html = HTTPError.fromResponse(to: request, HTTPResponse(status: 502, body: Array("<p>Authorization: Bearer s3cr3t-token-value</p>".utf8)))
        #expect(html.description.contains("<p>Authorization: ***</p>"))
        #expect(!html.description.contains("s3cr3t"))
    }
}
