import Foundation
import MarvelCore
import MarvelNet
import Testing

@testable import MarvelSim

/// Protobuf request bodies, as kubectl's typed clients send RoleBindings.
@Suite struct SimProtobufTests {
    /// A length-delimited field.
    func field(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        [UInt8(number << 3 | 2)] + varint(payload.count) + payload
    }

    func field(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    func varint(_ n: Int) -> [UInt8] {
        var v = UInt64(n)
        var out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    /// `runtime.Unknown{typeMeta, raw: RoleBinding{metadata, subjects, roleRef}}` after the `k8s\0` magic.
    var roleBinding: [UInt8] {
        let meta = field(1, "read") + field(11, field(1, "team") + field(2, "ops"))
        let subject = field(1, "User") + field(2, "rbac.authorization.k8s.io") + field(3, "jane")
        let roleRef = field(1, "rbac.authorization.k8s.io") + field(2, "Role") + field(3, "reader")
        let raw = field(1, meta) + field(2, subject) + field(3, roleRef)
        let typeMeta = field(1, "rbac.authorization.k8s.io/v1") + field(2, "RoleBinding")
        return ProtobufBody.magic + field(1, typeMeta) + field(2, raw) + field(4, "application/vnd.kubernetes.protobuf")
    }

    @Test func aProtobufRoleBindingIsCreated() throws {
        let fixture = try SimFixture()
        let response = fixture.handler.handle(ServerRequest(
            method: "POST", path: "/apis/rbac.authorization.k8s.io/v1/namespaces/marvel/rolebindings",
            headers: ["content-type": "application/vnd.kubernetes.protobuf"], body: roleBinding))
        #expect(response.status == 201)
        let stored = try #require(fixture.store.get("rolebindings", namespace: "marvel", name: "read"))
        #expect(stored["kind"] == "RoleBinding")
        #expect(stored.at("metadata", "labels", "team") == "ops")
        #expect(stored["subjects"]?[0]?["name"] == "jane" && stored["subjects"]?[0]?["kind"] == "User")
        #expect(stored.at("roleRef", "name") == "reader" && stored.at("roleRef", "kind") == "Role")
    }

    @Test func otherProtobufBodiesAreRefusedClearly() throws {
        let fixture = try SimFixture()
        let response = fixture.handler.handle(ServerRequest(
            method: "POST", path: "/api/v1/namespaces/marvel/configmaps",
            headers: ["content-type": "application/vnd.kubernetes.protobuf"], body: ProtobufBody.magic + [0x0A, 0x00]))
        #expect(response.status == 415)
        let truncated = fixture.handler.handle(ServerRequest(
            method: "POST", path: "/apis/rbac.authorization.k8s.io/v1/namespaces/marvel/rolebindings",
            headers: ["content-type": "application/vnd.kubernetes.protobuf"], body: Array(roleBinding.dropLast(20))))
        #expect(truncated.status == 400)
    }
}
