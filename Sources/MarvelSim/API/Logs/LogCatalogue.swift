/// Plausible log lines per image: what a component prints while starting,
/// then the lines it repeats while it runs. `{pod}`, `{ip}`, `{n}` and
/// `{v}` are filled per pod and per line, deterministically.
struct LogProfile: Sendable {
    var startup: [String]
    var steady: [String]
    /// Printed last by a container that completed (Job pods).
    var completion: String
}

enum LogCatalogue {
    /// The profile for an image: the first known component name the image contains, else a generic one.
    static func profile(for image: String) -> LogProfile {
        let repository = image.split(separator: "/").last.map { String($0.split(separator: ":").first ?? "") } ?? image
        let key = repository.lowercased()
        for (name, profile) in known where key.contains(name) { return profile }
        return generic
    }

    static let known: [(String, LogProfile)] = [
        ("zookeeper", LogProfile(
            startup: [
                "INFO  Reading configuration from: /conf/zoo.cfg",
                "INFO  Server environment:host.name={pod}",
                "INFO  binding to port 0.0.0.0/0.0.0.0:2181",
                "INFO  Snapshotting: 0x0 to /data/version-2/snapshot.0",
                "INFO  PrepRequestProcessor (sid:0) started, reconfigEnabled=false",
                "INFO  Using checkIntervalMs=60000 maxPerMinute=10000 maxNeverUsedIntervalMs=0",
            ],
            steady: [
                "INFO  Processing srvr command from /{ip}:5{n}",
                "INFO  Expiring session 0x10000{v}, timeout of 18000ms exceeded",
                "INFO  Creating new log file: log.{v}",
            ],
            completion: "INFO  shutdown of request processor complete")),
        ("kafka", LogProfile(
            startup: [
                "[KafkaServer id=0] starting (kafka.server.KafkaServer)",
                "Connecting to zookeeper on zookeeper:2181 (kafka.server.KafkaServer)",
                "[ZooKeeperClient Kafka server] Connected. (kafka.zookeeper.ZooKeeperClient)",
                "Cluster ID = {v} (kafka.server.KafkaServer)",
                "[SocketServer listenerType=ZK_BROKER, nodeId=0] Created data-plane acceptor for endpoint : ListenerName(PLAINTEXT)",
                "Registered broker 0 at path /brokers/ids/0 with addresses: PLAINTEXT://{pod}:9092",
                "[KafkaServer id=0] started (kafka.server.KafkaServer)",
            ],
            steady: [
                "[GroupCoordinator 0]: Member consumer-{n} in group marvel has joined",
                "[Log partition=marvel-events-{n}, dir=/var/lib/kafka/data] Rolled new log segment at offset {v}",
                "[Controller id=0] Processing automatic preferred replica leader election",
            ],
            completion: "[KafkaServer id=0] shut down completed (kafka.server.KafkaServer)")),
        ("elasticsearch", LogProfile(
            startup: [
                "{\"level\": \"INFO\", \"message\": \"version[8.13.4], pid[7], build[docker], OS[Linux], JVM[21.0.2]\"}",
                "{\"level\": \"INFO\", \"message\": \"loaded module [x-pack-security]\"}",
                "{\"level\": \"INFO\", \"message\": \"using [1] data paths, mounts [[/usr/share/elasticsearch/data]]\"}",
                "{\"level\": \"INFO\", \"message\": \"publish_address {{ip}:9300}, bound_addresses {0.0.0.0:9300}\"}",
                "{\"level\": \"INFO\", \"message\": \"elected-as-master ([1] nodes joined)[{pod}]\"}",
                "{\"level\": \"INFO\", \"message\": \"started {pod}\"}",
            ],
            steady: [
                "{\"level\": \"INFO\", \"message\": \"[marvel-logs-{n}] creating index, cause [auto(bulk api)], shards [1]/[1]\"}",
                "{\"level\": \"INFO\", \"message\": \"Cluster health status changed from [YELLOW] to [GREEN]\"}",
                "{\"level\": \"INFO\", \"message\": \"[gc][{v}] overhead, spent [112ms] collecting in the last [1s]\"}",
            ],
            completion: "{\"level\": \"INFO\", \"message\": \"stopped\"}")),
        ("grafana", LogProfile(
            startup: [
                "logger=settings t={t} level=info msg=\"Starting Grafana\" version=11.0.0",
                "logger=sqlstore t={t} level=info msg=\"Connecting to DB\" dbtype=sqlite3",
                "logger=migrator t={t} level=info msg=\"migrations completed\" performed=0 skipped=576",
                "logger=http.server t={t} level=info msg=\"HTTP Server Listen\" address=[::]:3000 protocol=http",
            ],
            steady: [
                "logger=context t={t} level=info msg=\"Request Completed\" method=GET path=/api/health status=200",
                "logger=cleanup t={t} level=info msg=\"Completed cleanup jobs\" duration={n}ms",
                "logger=infra.usagestats t={t} level=info msg=\"Usage stats are ready to report\"",
            ],
            completion: "logger=server t={t} level=info msg=\"Shutdown completed\"")),
        ("prometheus", LogProfile(
            startup: [
                "ts={t} caller=main.go:573 level=info msg=\"Starting Prometheus Server\" version=2.52.0",
                "ts={t} caller=web.go:568 level=info component=web msg=\"Start listening for connections\" address=0.0.0.0:9090",
                "ts={t} caller=main.go:1129 level=info msg=\"TSDB started\"",
                "ts={t} caller=main.go:1311 level=info msg=\"Loading configuration file\" filename=/etc/prometheus/prometheus.yml",
                "ts={t} caller=main.go:1092 level=info msg=\"Server is ready to receive web requests.\"",
            ],
            steady: [
                "ts={t} caller=compact.go:576 level=info component=tsdb msg=\"write block\" duration={n}ms",
                "ts={t} caller=head.go:1343 level=info component=tsdb msg=\"Head GC completed\" duration={n}ms",
                "ts={t} caller=checkpoint.go:101 level=info component=tsdb msg=\"Creating checkpoint\" from_segment={n}",
            ],
            completion: "ts={t} caller=main.go:1036 level=info msg=\"See you next time!\"")),
        ("mosquitto", LogProfile(
            startup: [
                "{s}: mosquitto version 2.0.18 starting",
                "{s}: Config loaded from /mosquitto/config/mosquitto.conf.",
                "{s}: Opening ipv4 listen socket on port 1883.",
                "{s}: mosquitto version 2.0.18 running",
            ],
            steady: [
                "{s}: New connection from {ip}:4{n} on port 1883.",
                "{s}: New client connected from {ip}:4{n} as sensor-{n} (p2, c1, k60).",
                "{s}: Client sensor-{n} disconnected.",
            ],
            completion: "{s}: mosquitto version 2.0.18 terminating")),
        ("minio", LogProfile(
            startup: [
                "MinIO Object Storage Server",
                "Version: RELEASE.2024-05-10T01-41-38Z (go1.22.3 linux/amd64)",
                "API: http://{ip}:9000  http://127.0.0.1:9000",
                "WebUI: http://{ip}:9001 http://127.0.0.1:9001",
                "Status:         1 Online, 0 Offline.",
            ],
            steady: [
                "API: PutObject(bucket=marvel, object=streams/{v}.avro) 200 OK",
                "API: ListObjectsV2(bucket=marvel) 200 OK",
                "Scanner: completed cycle {n}, 0 objects healed",
            ],
            completion: "Exiting on signal: TERMINATED")),
        ("nginx", LogProfile(
            startup: [
                "/docker-entrypoint.sh: Configuration complete; ready for start up",
                "{d} [notice] 1#1: using the \"epoll\" event method",
                "{d} [notice] 1#1: nginx/1.27.0",
                "{d} [notice] 1#1: start worker processes",
            ],
            steady: [
                "{ip} - - [{d}] \"GET / HTTP/1.1\" 200 615 \"-\" \"kube-probe/1.30\"",
                "{ip} - - [{d}] \"GET /healthz HTTP/1.1\" 200 2 \"-\" \"kube-probe/1.30\"",
                "{ip} - - [{d}] \"GET /api/v1/status HTTP/1.1\" 404 153 \"-\" \"curl/8.5.0\"",
            ],
            completion: "{d} [notice] 1#1: exit")),
    ]

    static let generic = LogProfile(
        startup: [
            "starting {pod}",
            "loading configuration from environment",
            "listening on {ip}",
            "ready",
        ],
        steady: [
            "heartbeat {n}: ok",
            "processed {v} messages",
            "health check passed",
        ],
        completion: "done: completed successfully")
}
