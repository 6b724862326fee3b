/// The manifests the kubectl conformance suite applies.
enum ConformanceManifests {
    /// A two-replica web Deployment and its Service.
    static let web = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              nodeSelector: {marvdash.io/layer: cloud}
              containers:
              - name: web
                image: nginx:1.27
                ports: [{name: http, containerPort: 80}]
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
        spec:
          selector: {app: web}
          ports:
          - name: http
            port: 80
            targetPort: http
        """

    /// `web` with a new image, for `kubectl diff`.
    static let webNext = web.replacingOccurrences(of: "image: nginx:1.27", with: "image: nginx:1.29")

    /// Two replicas on two fog nodes (one each), guarded by a budget that lets none go.
    static let spread = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: spread
        spec:
          replicas: 2
          selector:
            matchLabels: {app: spread}
          template:
            metadata:
              labels: {app: spread}
            spec:
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms:
                    - matchExpressions:
                      - {key: kubernetes.io/hostname, operator: In, values: [grnfog1, unsfog1]}
              containers:
              - name: app
                image: nginx:1.27
                resources:
                  requests: {cpu: 100m, memory: 64Mi}
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: spread
        spec:
          minAvailable: 2
          selector:
            matchLabels: {app: spread}
        """

    /// A claim of the default (local, WaitForFirstConsumer) class and a Deployment that mounts it.
    static let data = """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: data
        spec:
          accessModes: [ReadWriteOnce]
          resources:
            requests: {storage: 1Gi}
        ---
        \(mounting("db"))
        """

    /// A second Deployment of the same claim.
    static let dataAgain = mounting("db2")

    static func mounting(_ name: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
        spec:
          replicas: 1
          selector:
            matchLabels: {app: \(name)}
          template:
            metadata:
              labels: {app: \(name)}
            spec:
              nodeSelector: {marvdash.io/layer: fog}
              containers:
              - name: db
                image: postgres:16
                volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
              volumes:
              - name: data
                persistentVolumeClaim: {claimName: data}
        """
    }

    /// A DaemonSet on the fog nodes and a two-pod StatefulSet.
    static let daemonAndStateful = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: agent
        spec:
          selector:
            matchLabels: {app: agent}
          template:
            metadata:
              labels: {app: agent}
            spec:
              nodeSelector: {marvdash.io/layer: fog}
              containers: [{name: agent, image: "busybox:1.36"}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata:
          name: db
        spec:
          serviceName: db
          replicas: 2
          selector:
            matchLabels: {app: db}
          template:
            metadata:
              labels: {app: db}
            spec:
              containers: [{name: db, image: "postgres:16"}]
        """

    /// A pod with two containers.
    static let chat = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: chat
        spec:
          containers:
          - name: app
            image: eclipse-mosquitto:2.0.18
          - name: sidecar
            image: busybox:1.36
        """

    /// An EDITOR for `kubectl edit` that sets the replicas from 3 to 2.
    static let editor = """
        #!/bin/sh
        sed -i 's/^  replicas: 3$/  replicas: 2/' "$1"
        """
}
