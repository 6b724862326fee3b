/// A template for image-placement tests: one Deployment running `image`
/// from `${REGISTRY}` with `replicas` pods and no layer or arch rule of its
/// own, so only the image's platforms and locality steer it.
public enum ImageTestTemplate {
    public static func text(id: String, image: String, replicas: Int = 1) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${NAME}
        spec:
          replicas: \(replicas)
          selector:
            matchLabels: {app: "${NAME}"}
          template:
            metadata:
              labels: {app: "${NAME}"}
            spec:
              containers:
              - name: main
                image: ${REGISTRY}/\(image)
                resources:
                  requests: {cpu: 50m, memory: 64Mi}
        ---
        kind: Template
        name: \(id)
        variables:
        - name: REGISTRY
          default: registry.local:5000
        - name: NAME
          default: \(id)

        """
    }
}
