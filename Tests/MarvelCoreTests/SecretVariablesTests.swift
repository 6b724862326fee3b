import Testing

@testable import MarvelCore

/// Which variables are secrets, how their values are masked in values, manifests
/// and text, and which values are placeholders.
@Suite struct SecretVariablesTests {
    @Test func namesWithASecretWordPartAreSecret() {
        for name in ["PASSWORD", "N2N_KEY", "ADMIN_PASSWORD", "MINIO_SECRET_KEY", "api-token", "db.passwd", "adminPassword", "AWS_CREDENTIALS",
                     "credential", "apiToken", "SECRET"] {
            #expect(SecretNames.looksSecret(name), "\(name) should be secret")
        }
        for name in ["KEYCLOAK_URL", "MONKEY", "TOKENIZER_MODEL", "PASSWORDLESS", "NAME", "REPLICAS", "keystore", "SECRETARY"] {
            #expect(!SecretNames.looksSecret(name), "\(name) should not be secret")
        }
    }

    static let text = """
        apiVersion: v1
        kind: Secret
        metadata:
          name: ${NAME}
        stringData:
          user: admin
          pw: ${DB_PASSWORD}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${NAME}-cfg
        data:
          url: "postgres://admin:${DB_PASSWORD}@db/${PIN}"
          JOIN_TOKEN: fixed-token-in-template
          mode: ${MODE}
        ---
        kind: Template
        name: t
        variables:
        - name: NAME
          default: x
        - name: DB_PASSWORD
          default: change-me
        - name: PIN
          default: "1234"
          type: int
          secret: true
        - name: MODE
          default: fast
        - name: PUBLIC_KEY
          default: ssh-ed25519 AAAA
          secret: false

        """

    @Test func secretIsDeclaredOrInferredAndCanBeTurnedOff() throws {
        let t = try Template.parse(Self.text, file: "t.yaml")
        #expect(t.secretVariableNames == ["DB_PASSWORD", "PIN"])
        #expect(t.variable(named: "PUBLIC_KEY")?.isSecret == false)
        #expect(t.warnings.isEmpty, "\(t.warnings)")
        let bad = Template.lint("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: $NAME}\n---\nkind: Template\nname: t\nvariables:\n- name: NAME\n  default: a\n  secret: perhaps\n", file: "t.yaml")
        #expect(bad.map(\.description) == ["t.yaml:10:11: error: secret of NAME must be a boolean — write yes/no or true/false"])
    }

    @Test func placeholdersAndEmptySecretsWarnWithoutShowingTheValue() throws {
        let t = try Template.parse(Self.text, file: "t.yaml")
        #expect(t.placeholderWarnings(values: [:]) == [
            "DB_PASSWORD is still a placeholder value: set a real secret before anyone can reach the service",
        ])
        #expect(t.placeholderWarnings(values: ["DB_PASSWORD": " ", "PIN": "9876"]) == [
            "DB_PASSWORD is empty: set a real secret before anyone can reach the service",
        ])
        for value in ["change-me", "CHANGE-ME-NOW", "changeme", "Password", "secret", ""] {
            #expect(SecretNames.isPlaceholder(value), "\(value)")
        }
        #expect(t.placeholderWarnings(values: ["DB_PASSWORD": "k7#Rq9!vz"]).isEmpty)
        #expect(t.placeholderWarnings(values: ["MODE": "secret"]).count == 1)  // MODE is not secret: only DB_PASSWORD's default warns
    }

    @Test func aSecretValueIsNeverQuotedInAValidationMessage() throws {
        let t = try Template.parse(Self.text, file: "t.yaml")
        let error = #expect(throws: TemplateError.self) { try t.render(values: ["PIN": "hunter2"], automatic: AutomaticValues()) }
        let text = error.map { String(describing: $0) } ?? ""
        #expect(text.contains("PIN must be an integer, got \"***\""))
        #expect(!text.contains("hunter2"))
    }

    @Test func manifestsAreMaskedStructurallyAndByValue() throws {
        let t = try Template.parse(Self.text, file: "t.yaml")
        let values = ["DB_PASSWORD": "S3cr3t-pass", "PIN": "4711"]
        let resolved = try t.resolvedValues(values, automatic: AutomaticValues())
        let manifests = try t.render(values: values, automatic: AutomaticValues())
        let mask = SecretMask(values: resolved, secretNames: t.secretVariableNames)
        let shown = mask.objects(manifests)
        let yaml = YAML.emit(documents: shown)
        for secret in ["S3cr3t-pass", "4711", "fixed-token-in-template", "admin\n"] { #expect(!yaml.contains(secret), "\(secret) in\n\(yaml)") }
        #expect(shown[0].at("stringData", "user") == "***")
        #expect(shown[0].at("stringData", "pw") == "***")
        #expect(shown[1].at("data", "url") == "postgres://admin:***@db/***")
        #expect(shown[1].at("data", "JOIN_TOKEN") == "***")
        #expect(shown[1].at("data", "mode") == "fast")
        #expect(shown[0].at("metadata", "name") == "x")
        // Without --show-secrets the values are masked by name; with it nothing changes.
        #expect(SecretMask.values(["A_TOKEN": "t", "B": "b"], secretNames: ["A_TOKEN"]) == ["A_TOKEN": "***", "B": "b"])
    }

    @Test func shortSecretsAreMaskedOnlyAsWholeWords() {
        let mask = SecretMask(values: ["ab", "longer-secret", ""])
        #expect(mask.text("tab ab (ab) ab1 longer-secret!") == "tab *** (***) ab1 ***!")
        #expect(SecretMask(values: [String]()).text("nothing") == "nothing")
    }

    @Test func envEntriesWithSecretNamesAreMasked() {
        let deployment: JSONValue = [
            "kind": "Deployment",
            "spec": ["template": ["spec": ["containers": [["env": [["name": "API_TOKEN", "value": "abc"], ["name": "LEVEL", "value": "info"]]]]]]],
        ]
        let shown = SecretMask.structural.object(deployment)
        let env = shown.at("spec", "template", "spec", "containers")?[0]?["env"]
        #expect(env?[0]?["value"] == "***")
        #expect(env?[1]?["value"] == "info")
    }
}
