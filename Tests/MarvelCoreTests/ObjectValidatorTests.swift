import Testing

@testable import MarvelCore

/// Semantic validation with kube-apiserver 1.30's field paths and wording.
@Suite struct ObjectValidatorTests {
    let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")

    /// A valid, defaulted Deployment to break one field at a time.
    func web(_ change: (inout JSONValue) -> Void = { _ in }) -> JSONValue {
        var d: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "namespace": "default"],
            "spec": [
                "replicas": 2, "selector": ["matchLabels": ["app": "web"]],
                "strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]],
                "template": [
                    "metadata": ["labels": ["app": "web"]],
                    "spec": [
                        "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
                        "containers": [
                            [
                                "name": "web", "image": "nginx:1.27", "imagePullPolicy": "IfNotPresent",
                                "terminationMessagePolicy": "File",
                                "ports": [["containerPort": 80, "protocol": "TCP"]],
                            ]
                        ],
                    ],
                ],
            ],
        ]
        change(&d)
        return d
    }

    func firstContainer(_ d: inout JSONValue, _ change: (inout JSONValue) -> Void) {
        var containers = d.at("spec", "template", "spec", "containers")?.arrayValue ?? []
        change(&containers[0])
        d["spec"]?["template"]?["spec"]?["containers"] = .array(containers)
    }

    func messages(_ object: JSONValue, _ gvk: GroupVersionKind? = nil, namespaced: Bool = true) -> [String] {
        ObjectValidator().validate(object, as: gvk ?? deployment, namespaced: namespaced).map(\.description)
    }

    @Test func aValidDeploymentPasses() {
        #expect(messages(web()) == [])
    }

    @Test func negativeReplicas() {
        let errors = ObjectValidator().validate(web { $0["spec"]?["replicas"] = -1 }, as: deployment, namespaced: true)
        #expect(errors.map(\.description) == ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"])
        #expect(errors.first?.kind == .invalid)
        #expect(errors.first?.body == "Invalid value: -1: must be greater than or equal to 0")
    }

    @Test func selectorMustMatchTemplateLabels() {
        let object = web { $0["spec"]?["template"]?["metadata"]?["labels"] = ["app": "api"] }
        #expect(
            messages(object) == [
                #"spec.template.metadata.labels: Invalid value: map[string]string{"app":"api"}: `selector` does not match template `labels`"#
            ])
    }

    @Test func namesAreDNSSubdomains() {
        #expect(
            messages(web { $0["metadata"]?["name"] = "Web_1" }) == [
                #"metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"#
            ])
        let nul = messages(web { $0["metadata"]?["name"] = "web\u{0}" })
        #expect(nul.first?.hasPrefix(#"metadata.name: Invalid value: "web\x00": a lowercase RFC 1123 subdomain"#) == true)
        #expect(messages(web { $0["metadata"]?["name"] = "" }) == ["metadata.name: Required value: name or generateName is required"])
        let service = GroupVersionKind(group: "", version: "v1", kind: "Service")
        let svc: JSONValue = [
            "metadata": ["name": "1web", "namespace": "default"],
            "spec": ["type": "ClusterIP", "sessionAffinity": "None", "ports": [["port": 80, "protocol": "TCP", "targetPort": 80]]],
        ]
        #expect(messages(svc, service).first?.hasPrefix(#"metadata.name: Invalid value: "1web": a DNS-1035 label"#) == true)
    }

    @Test func containerNamesImagesAndPorts() {
        let object = web {
            $0["spec"]?["template"]?["spec"]?["containers"] = [
                ["name": "web", "image": "nginx", "imagePullPolicy": "IfNotPresent", "terminationMessagePolicy": "File",
                 "ports": [["containerPort": 70000, "protocol": "TCP"]]],
                ["name": "web", "imagePullPolicy": "IfNotPresent", "terminationMessagePolicy": "File"],
                ["image": "busybox", "imagePullPolicy": "IfNotPresent", "terminationMessagePolicy": "File"],
            ]
        }
        #expect(
            messages(object) == [
                "spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.template.spec.containers[1].image: Required value",
                #"spec.template.spec.containers[1].name: Duplicate value: "web""#,
                "spec.template.spec.containers[2].name: Required value",
            ])
    }

    @Test func volumeMountsNeedAVolume() {
        let object = web { d in firstContainer(&d) { $0["volumeMounts"] = [["name": "data", "mountPath": "/data"]] } }
        #expect(messages(object) == [#"spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data""#])
    }

    @Test func aStatefulSetsContainersMayMountItsClaimTemplatesByName() {
        let statefulSet = GroupVersionKind(group: "apps", version: "v1", kind: "StatefulSet")
        func db(claimTemplate: String) -> JSONValue {
            var o = web { d in firstContainer(&d) { $0["volumeMounts"] = [["name": "data", "mountPath": "/data"]] } }
            o["kind"] = "StatefulSet"
            o["spec"]?["strategy"] = nil
            o["spec"]?["serviceName"] = "web"
            o["spec"]?["podManagementPolicy"] = "OrderedReady"
            o["spec"]?["updateStrategy"] = ["type": "RollingUpdate"]
            o["spec"]?["volumeClaimTemplates"] = [
                ["metadata": ["name": .string(claimTemplate)], "spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "1Gi"]]]]
            ]
            return o
        }
        #expect(messages(db(claimTemplate: "data"), statefulSet) == [])
        #expect(messages(db(claimTemplate: "logs"), statefulSet) == [#"spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data""#])
    }

    @Test func jobsNeedOnFailureOrNever() {
        let job = GroupVersionKind(group: "batch", version: "v1", kind: "Job")
        var object = web()
        object["kind"] = "Job"
        object["spec"] = ["template": object.at("spec", "template") ?? [:]]
        #expect(
            messages(object, job) == [
                #"spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never""#
            ])
    }

    @Test func tolerationsAndTaints() {
        let object = web {
            $0["spec"]?["template"]?["spec"]?["tolerations"] = [["operator": "Equal", "value": "x"], ["key": "a", "effect": "Sometimes"]]
        }
        #expect(
            messages(object) == [
                #"spec.template.spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys""#,
                #"spec.template.spec.tolerations[1].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute""#,
            ])
        let node = GroupVersionKind(group: "", version: "v1", kind: "Node")
        let n: JSONValue = [
            "metadata": ["name": "n1"],
            "spec": ["taints": [["key": "gpu", "effect": "NoSchedule"], ["key": "gpu", "value": "x", "effect": "NoSchedule"]]],
        ]
        #expect(
            messages(n, node, namespaced: false) == [
                #"spec.taints[1]: Duplicate value: core.Taint{Key:"gpu", Value:"x", Effect:"NoSchedule", TimeAdded:<nil>}: taints must be unique by key and effect pair"#
            ])
    }

    @Test func requestsWithinLimits() {
        let object = web { d in
            firstContainer(&d) {
                $0["resources"] = [
                    "limits": ["cpu": "1", "nvidia.com/gpu": "1"], "requests": ["cpu": "2", "nvidia.com/gpu": "0"],
                ]
            }
        }
        #expect(
            messages(object) == [
                #"spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "2": must be less than or equal to cpu limit of 1"#,
                #"spec.template.spec.containers[0].resources.requests[nvidia.com/gpu]: Invalid value: "0": must be equal to nvidia.com/gpu limit of 1"#,
            ])
    }

    @Test func requiredFieldsFromTheSchema() {
        let hpa = GroupVersionKind(group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler")
        let object: JSONValue = ["metadata": ["name": "h", "namespace": "default"], "spec": ["maxReplicas": 3]]
        #expect(messages(object, hpa) == ["spec.scaleTargetRef: Required value"])
    }

    @Test func updatesKeepTheSelector() {
        let old = web()
        let new = web {
            $0["spec"]?["selector"] = ["matchLabels": ["app": "web", "tier": "x"]]
            $0["spec"]?["template"]?["metadata"]?["labels"] = ["app": "web", "tier": "x"]
        }
        let errors = ObjectValidator().validateUpdate(new, old: old, as: deployment, namespaced: true)
        #expect(
            errors.map(\.description) == [
                #"spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable"#
            ])
        #expect(FieldError.aggregate(errors + errors) == errors[0].description)
        #expect(FieldError.aggregate([.required(FieldPath("a")), .required(FieldPath("b"))]) == "[a: Required value, b: Required value]")
    }
}
