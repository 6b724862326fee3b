import Foundation
import Testing
@testable import MarvelCore

/// `authUser:` and `volumes:` in the settings, and where PRIVATE/SHARED/datasets are mounted.
@Suite struct VolumeAndAuthSettingsTests {
    let loader = SettingsLoader(environment: [:])

    @Test func readsAuthUserAndVolumes() throws {
        let s = try loader.parse(
            "authUser: alice\nvolumes:\n  privateSize: 2Gi\n  sharedSize: 20Gi\n  storageClass: fast\n", file: "config.yaml")
        #expect(s.authUser == "alice")
        #expect(s.volumes == VolumeSettings(privateSize: "2Gi", sharedSize: "20Gi", storageClass: "fast"))
        #expect(try loader.parse("", file: "config.yaml").volumes == VolumeSettings(privateSize: "1Gi", sharedSize: "10Gi", storageClass: nil))
    }

    @Test func badValuesNameTheirPosition() {
        for (text, fragment) in [
            ("authUser: \"a:b\"\n", "config.yaml:1:11: authUser"),
            ("volumes:\n  privateSize: big\n", "config.yaml:2:16: volumes.privateSize must be a size"),
            ("volumes:\n  size: 1Gi\n", "config.yaml:2:3: unknown volumes setting 'size'"),
            ("volumes: 1Gi\n", "config.yaml:1:10: volumes must be a mapping"),
        ] {
            do {
                _ = try loader.parse(text, file: "config.yaml")
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(String(describing: error).contains(fragment), "\(error)")
            }
        }
    }

    static func workload(_ kind: String) -> JSONValue {
        let spec: JSONValue = [
            "initContainers": [["name": "init", "image": "busybox"]],
            "containers": [["name": "a", "image": "x"], ["name": "b", "image": "y", "volumeMounts": [["name": "own", "mountPath": "/private"]]]],
        ]
        switch kind {
        case "Pod": return ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": spec]
        case "CronJob":
            return ["apiVersion": "batch/v1", "kind": "CronJob", "metadata": ["name": "c"], "spec": ["jobTemplate": ["spec": ["template": ["spec": spec]]]]]
        default: return ["apiVersion": "apps/v1", "kind": .string(kind), "metadata": ["name": "w"], "spec": ["template": ["spec": spec]]]
        }
    }

    @Test(arguments: ["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod"])
    func everyContainerOfEveryPodTemplateMountsTheVolumes(kind: String) throws {
        let mounts = [
            InstanceVolumes.Mount(volume: "marvdash-private", claim: "nb-private", path: "/private", readOnly: false),
            InstanceVolumes.Mount(volume: "marvdash-datasets", claim: "marvdash-datasets", path: "/mnt/datasets", readOnly: true),
        ]
        let out = try #require(InstanceVolumes.mounting([Self.workload(kind)], mounts).first)
        let spec = try #require(PodSpecEditing.podSpecPath(out).flatMap { out.at($0) })
        let volumes = spec["volumes"]?.arrayValue ?? []
        #expect(volumes.compactMap { $0.at("persistentVolumeClaim", "claimName")?.stringValue } == ["nb-private", "marvdash-datasets"])
        #expect(volumes.last?.at("persistentVolumeClaim", "readOnly") == true)
        let containers = (spec["initContainers"]?.arrayValue ?? []) + (spec["containers"]?.arrayValue ?? [])
        let paths = containers.map { c in (c["volumeMounts"]?.arrayValue ?? []).map { "\($0["name"]?.stringValue ?? ""):\($0["mountPath"]?.stringValue ?? "")" } }
        // The container that mounts its own volume at /private keeps it.
        #expect(paths == [
            ["marvdash-private:/private", "marvdash-datasets:/mnt/datasets"],
            ["marvdash-private:/private", "marvdash-datasets:/mnt/datasets"],
            ["own:/private", "marvdash-datasets:/mnt/datasets"],
        ])
    }

    @Test func onlyDeclaredVariablesGetVolumesAndDatasetsFollowTheTemplate() throws {
        let text = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: ${NAME}
            ---
            kind: Template
            name: T
            datasets: no
            variables:
            - name: NAME
              default: t
            - name: SHARED
              default: /shared

            """
        let template = try Template.parse(text, file: "/nonexistent/t.template.yaml")
        let mounts = InstanceVolumes.mounts(template: template, instance: "t", resolved: ["SHARED": "/data/shared"], datasetsExist: true)
        #expect(mounts == [InstanceVolumes.Mount(volume: "marvdash-shared", claim: "marvdash-shared", path: "/data/shared", readOnly: false)])
        var withDatasets = template
        withDatasets.datasets = true
        #expect(InstanceVolumes.mounts(template: withDatasets, instance: "t", resolved: [:], datasetsExist: true).map(\.claim) == ["marvdash-datasets"])
        #expect(InstanceVolumes.mounts(template: withDatasets, instance: "t", resolved: [:], datasetsExist: false).isEmpty)
    }
}
