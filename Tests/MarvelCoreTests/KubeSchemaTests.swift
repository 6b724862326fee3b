import Testing

@testable import MarvelCore

/// The generated Kubernetes 1.30 schema: kinds, field types by path, merge strategies, descriptions.
@Suite struct KubeSchemaTests {
    let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")

    @Test func everyServedKindHasADefinition() {
        let schema = KubeSchema.builtIn
        #expect(schema.definitions.count == KubeSchemaTable.definitionCount)
        for (apiVersion, kind) in [
            ("v1", "Node"), ("v1", "Namespace"), ("v1", "Pod"), ("v1", "Service"), ("v1", "Endpoints"),
            ("v1", "ConfigMap"), ("v1", "Secret"), ("v1", "Event"), ("v1", "ServiceAccount"),
            ("v1", "PersistentVolumeClaim"), ("v1", "PersistentVolume"), ("apps/v1", "Deployment"),
            ("apps/v1", "StatefulSet"), ("apps/v1", "DaemonSet"), ("apps/v1", "ReplicaSet"), ("batch/v1", "Job"),
            ("batch/v1", "CronJob"), ("networking.k8s.io/v1", "Ingress"), ("rbac.authorization.k8s.io/v1", "Role"),
            ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"), ("storage.k8s.io/v1", "StorageClass"),
            ("autoscaling/v2", "HorizontalPodAutoscaler"), ("policy/v1", "PodDisruptionBudget"),
            ("policy/v1", "Eviction"), ("discovery.k8s.io/v1", "EndpointSlice"),
            ("authorization.k8s.io/v1", "SelfSubjectAccessReview"), ("authentication.k8s.io/v1", "SelfSubjectReview"),
        ] {
            let gvk = GroupVersionKind(apiVersion: apiVersion, kind: kind)
            #expect(schema.definition(for: gvk) != nil, "\(gvk)")
        }
        #expect(schema.definition(for: deployment)?.name == "io.k8s.api.apps.v1.Deployment")
        #expect(schema.definition(for: GroupVersionKind(apiVersion: "example.com/v1", kind: "Widget")) == nil)
    }

    @Test func typesByPath() {
        let containers = ["spec", "template", "spec", "containers", "*"]
        #expect(FieldSchema.type(at: containers + ["env", "*", "value"], in: deployment) == .string)
        #expect(FieldSchema.type(at: containers + ["ports", "0", "containerPort"], in: deployment) == .int32)
        #expect(FieldSchema.type(at: ["spec", "replicas"], in: deployment) == .int32)
        #expect(FieldSchema.type(at: containers + ["resources", "limits", "nvidia.com/gpu"], in: deployment) == .quantity)
        #expect(FieldSchema.type(at: containers + ["resources", "limits"], in: deployment) == .map(.object("io.k8s.apimachinery.pkg.api.resource.Quantity")))
        #expect(FieldSchema.type(at: ["spec", "strategy", "rollingUpdate", "maxSurge"], in: deployment) == .intOrString)
        #expect(FieldSchema.type(at: ["metadata", "labels", "app"], in: pod) == .string)
        #expect(FieldSchema.type(at: ["metadata", "creationTimestamp"], in: pod) == .dateTime)
        #expect(FieldSchema.type(at: ["spec", "hostNetwork"], in: pod) == .boolean)
        #expect(FieldSchema.type(at: ["spec", "containers"], in: pod) == .array(.object("io.k8s.api.core.v1.Container")))
        #expect(FieldSchema.type(at: ["data", "key"], apiVersion: "v1", kind: "Secret") == .bytes)
        #expect(FieldSchema.type(at: ["spec", "foo"], in: deployment) == nil)
        #expect(FieldSchema.type(at: ["spec", "template", "spec", "containers", "name"], in: deployment) == nil)
    }

    @Test func patchStrategiesAndMergeKeys() {
        let schema = KubeSchema.builtIn
        let containers = schema.field(at: ["spec", "containers"], in: pod)
        #expect(containers?.patchMergeKey == "name")
        #expect(containers?.mergesInPatches == true)
        let ports = schema.field(at: ["spec", "containers", "*", "ports"], in: pod)
        #expect(ports?.patchMergeKey == "containerPort")
        #expect(ports?.listMapKeys == ["containerPort", "protocol"])
        let volumes = schema.field(at: ["spec", "volumes"], in: pod)
        #expect(volumes?.patchStrategies == ["merge", "retainKeys"])
        #expect(schema.field(at: ["spec", "tolerations"], in: pod)?.patchStrategies == [])
        #expect(schema.field(at: ["spec", "strategy"], in: deployment)?.retainsKeys == true)
        #expect(schema.field(at: ["metadata", "finalizers"], in: pod)?.patchStrategies == ["merge"])
    }

    @Test func goNamesForDecoderMessages() {
        let schema = KubeSchema.builtIn
        #expect(schema.definitions["io.k8s.api.core.v1.EnvVar"]?.goName == "EnvVar")
        #expect(schema.goTypeName(.array(.object("io.k8s.api.core.v1.Container"))) == "[]v1.Container")
        #expect(schema.goTypeName(.map(.object("io.k8s.apimachinery.pkg.api.resource.Quantity"))) == "v1.ResourceList")
        #expect(schema.goTypeName(.map(.string)) == "map[string]string")
        #expect(schema.goTypeName(.object("io.k8s.api.apps.v1.DeploymentSpec")) == "v1.DeploymentSpec")
    }

    @Test func descriptionsUnpack() {
        let docs = SchemaDocumentation.builtIn
        let resources = docs.description(of: "resources", in: "io.k8s.api.core.v1.Container") ?? ""
        #expect(resources.hasPrefix("Compute Resources required by this container."))
        #expect(docs.description(of: "io.k8s.api.core.v1.ResourceRequirements")?.contains("compute resource") == true)
    }

    @Test func tableErrorsNameTheLine() {
        let text = "D a.b.C\n name string\n size integer/int128\n"
        #expect(thrownErrorText { _ = try KubeSchema(table: text) } == "schema table line 3: unknown type integer/int128")
    }
}
