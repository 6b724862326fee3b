import Foundation
import MarvelCore
import MarvelSim
import Testing

/// Templates written the way Karvdash ships its own (a Service, a workload and an
/// Ingress on $HOSTNAME, the GPU in `limits` only, a bare Pod), modernised to current
/// apiVersions, deploy against the embedded cluster with GPUs counted and hosts distinct.
@Suite struct KarvdashStyleTemplateTests {
    static let jupyterGPU = """
        kind: Service
        apiVersion: v1
        metadata:
          name: $NAME
        spec:
          type: ClusterIP
          ports:
          - port: 80
            targetPort: 8888
          selector:
            app: $NAME
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: $NAME
          labels:
            app: $NAME
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: $NAME
          template:
            metadata:
              labels:
                app: $NAME
            spec:
              containers:
              - name: jupyter
                image: ${REGISTRY}/jupyter-gpu:$VERSION
                args: [start-notebook.sh, --NotebookApp.token=$TOKEN]
                env:
                - name: JUPYTER_ENABLE_LAB
                  value: $LAB
                ports:
                - containerPort: 8888
                resources:
                  limits:
                    nvidia.com/gpu: $GPUS
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: $NAME
        spec:
          ingressClassName: nginx
          rules:
          - host: $HOSTNAME
            http:
              paths:
              - path: /
                pathType: Prefix
                backend:
                  service:
                    name: $NAME
                    port:
                      number: 80
        ---
        kind: Template
        name: Jupyter GPU
        description: Jupyter notebook with an NVIDIA GPU
        singleton: no
        variables:
        - name: NAMESPACE
          default: default
        - name: HOSTNAME
          default: localhost
        - name: REGISTRY
          default: docker.io
        - name: NAME
          default: jupyter-gpu
        - name: VERSION
          default: "12.2"
        - name: TOKEN
          default: "1234"
        - name: LAB
          default: yes
        - name: GPUS
          default: 1
          type: int
          min: 1
        """

    static let zeppelin = """
        kind: Service
        apiVersion: v1
        metadata:
          name: $NAME
        spec:
          ports:
          - port: 80
            targetPort: 8080
          selector:
            app: $NAME
        ---
        kind: Pod
        apiVersion: v1
        metadata:
          name: $NAME
          labels:
            app: $NAME
        spec:
          containers:
          - name: zeppelin
            image: ${REGISTRY}/zeppelin:0.11.1
            env:
            - name: ZEPPELIN_PORT
              value: $PORT
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: $NAME
        spec:
          rules:
          - host: $HOSTNAME
            http:
              paths:
              - path: /
                pathType: Prefix
                backend: {service: {name: $NAME, port: {number: 80}}}
        ---
        kind: Template
        name: Zeppelin
        description: Apache Zeppelin notebooks
        variables:
        - name: HOSTNAME
          default: localhost
        - name: REGISTRY
          default: docker.io
        - name: NAME
          default: zeppelin
        - name: PORT
          default: 8080
        """

    static let automatic = AutomaticValues(namespace: "default", ingressDomain: "apps.test", registry: "reg.local:5000")

    func host(_ f: DeployFixture, _ name: String) throws -> String? {
        try f.client.get("/apis/networking.k8s.io/v1/namespaces/default/ingresses/\(name)").at("spec", "rules")?[0]?["host"]?.stringValue
    }

    @Test func twoGPUNotebooksGetGPUNodesStringValuesAndTheirOwnHosts() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let template = try Template.parse(Self.jupyterGPU, file: "/nonexistent/jupyter-gpu.template.yaml")
        // The template's own requests count the GPU given in limits.
        #expect(template.resourceRequests["nvidia.com/gpu"] == Quantity(value: 1))
        var chosen: [String] = []
        for name in ["nb-alice", "nb-bob"] {
            let result = try f.deployer.deploy(
                template: template, name: name, values: ["TOKEN": "12345"], namespace: "default", automatic: Self.automatic, dryRun: false,
                placement: .auto)
            chosen += (result.placement["workloads"]?[0]?["nodes"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        let gpuNodes: Set<String> = ["psnc-gpu1", "unsfog1", "grnfog1", "unsedge1", "grnedge1"]
        #expect(chosen.count == 2 && chosen.allSatisfy(gpuNodes.contains), "\(chosen)")
        #expect(try host(f, "nb-alice") == "nb-alice.apps.test")
        #expect(try host(f, "nb-bob") == "nb-bob.apps.test")
        let deployment = try f.client.get("/apis/apps/v1/namespaces/default/deployments/nb-alice")
        let container = deployment.at("spec", "template", "spec", "containers")?[0]
        #expect(container?["args"]?[1] == .string("--NotebookApp.token=12345"))
        #expect(container?["env"]?[0]?["value"] == .string("yes"))
        #expect(container?["image"] == .string("reg.local:5000/jupyter-gpu:12.2"))
    }

    @Test func aBarePodInstanceShowsReadyOverItsPods() throws {
        let f = try DeployFixture()
        defer { f.close() }
        let template = try Template.parse(Self.zeppelin, file: "/nonexistent/zeppelin.template.yaml")
        _ = try f.deployer.deploy(template: template, name: "zep", values: [:], namespace: "default", automatic: Self.automatic, dryRun: false)
        #expect(try host(f, "zep") == "zep.apps.test")
        let pod = try f.client.get("/api/v1/namespaces/default/pods/zep")
        #expect(pod.at("spec", "containers")?[0]?["env"]?[0]?["value"] == .string("8080"))
        try f.wait("zep ready 1/1") {
            guard let instance = try f.deployer.instances(namespace: "default").first(where: { $0.name == "zep" }) else { return false }
            return try f.deployer.status(of: instance).readyText == "1/1"
        }
    }
}
