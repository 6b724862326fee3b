/// What the seed's listings (and, where it has no listing, its text) give for each catalogue
/// component: image name and tag, ports, environment names and command flags, per container.
/// MARVEL images are written on `registry.test:5000`, the REGISTRY the catalogue tests render
/// with. A deliberate difference from the seed is written in `deviations` with its reason; the
/// test fails for any other difference.
struct SeedListing: Sendable {
    /// Template id and the container the listing describes.
    var template: String
    var container: String
    /// "Listing 16", "2.5.2 image list", …
    var source: String
    /// "name:tag" exactly, or "name" when the seed names no tag (then any tag is accepted).
    var image: String
    var ports: [Int] = []
    /// UDP ports among `ports`.
    var udp: [Int] = []
    var env: [String] = []
    /// Words that must appear, in this order, in the container's command and args.
    var command: [String] = []
    /// Words the seed's command does not have and the template must not add.
    var forbidden: [String] = []
    /// Environment names the seed's container does not read and the template must not set.
    var forbiddenEnv: [String] = []
    /// The user the listing's Dockerfile switches to.
    var runAsUser: Int? = nil
    /// What differs from the seed on purpose, and why.
    var deviations: [String: String] = [:]
}

enum SeedListingTable {
    static let registry = "registry.test:5000"

    static let entries: [SeedListing] = [
        SeedListing(
            template: "viad", container: "viad", source: "Listing 1", image: "\(registry)/viad",
            command: ["python", "/app/source_avad_vad.py"],
            deviations: ["image": "the seed names no tag; the tag is the pilot build (grn3-c11)"]),
        SeedListing(
            template: "avad", container: "avad", source: "Listing 2", image: "\(registry)/avad",
            command: ["python", "/app/source_avad_vad.py"]),
        SeedListing(
            template: "vcc", container: "vcc", source: "Listing 3", image: "\(registry)/vcc",
            command: ["python", "/app/source_avcc_vcc.py", "--limit", "3"]),
        SeedListing(
            template: "avcc", container: "avcc", source: "Listing 4", image: "\(registry)/avcc",
            command: ["python", "/app/source_avcc_vcc.py", "--limit", "3"]),
        SeedListing(
            template: "sed", container: "sed", source: "Listing 5", image: "\(registry)/sed", command: ["python", "daemon.py"],
            runAsUser: 5678),
        SeedListing(
            template: "at", container: "at", source: "Listing 6", image: "\(registry)/at", command: ["python", "daemon.py"], runAsUser: 5678),
        SeedListing(
            template: "tad", container: "tad", source: "Listing 7", image: "\(registry)/tad:0",
            deviations: ["command": "Listing 7 opens a shell (docker run -it … /bin/sh) for a person; the template runs TAD (python3 tad.py)"]),
        SeedListing(
            template: "edgesec-supernode", container: "supernode", source: "Listing 8 (text: port 4194)", image: "\(registry)/edgesec-vpn",
            ports: [4194], udp: [4194], command: ["supernode", "-p", "4194"]),
        SeedListing(
            template: "edgesec-tee", container: "tee", source: "Listing 9", image: "\(registry)/docker-sgx:0", command: ["/bin/sh"]),
        SeedListing(
            template: "videoanony", container: "videoanony", source: "Listings 10–11", image: "\(registry)/videoanony",
            command: ["python", "src/anonymize.py", "--source"], forbidden: ["--output"], runAsUser: 1000),
        SeedListing(
            template: "audioanony", container: "audioanony", source: "Listings 12–14 and 2.2.5", image: "\(registry)/audioanony",
            command: ["python", "rtsp_audio_test_w_vad.py", "-r"], forbidden: ["--resource_path", "--source", "--out"],
            forbiddenEnv: ["CONVERSION_COEFF"]),
        SeedListing(
            template: "streamhandler", container: "streamhandler-api", source: "Listing 15 (StreamHandlerAPI)",
            image: "\(registry)/streamhandler-api", ports: [80], command: ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "80"]),
        SeedListing(
            template: "streamhandler", container: "minio", source: "Listing 15 (minioserver)", image: "minio/minio:latest", ports: [9000, 9001],
            env: ["MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"], command: ["server", "--console-address", ":9001", "/data"],
            deviations: ["env values": "MINIO_ROOT_PASSWORD's default is a placeholder that warns, not the listing's minio123"]),
        SeedListing(
            template: "streamhandler", container: "minioscripting", source: "Listing 15 (minio-scripting)", image: "minio/mc",
            command: ["bash", "-x", "/tmp/minio_client_script.sh"],
            deviations: ["script": "the seed does not show minio_client_script.sh; the template's copies ffmpeg's segments into a bucket"]),
        SeedListing(
            template: "streamhandler", container: "ffmpeg", source: "Listing 15 (ffmpeg Dockerfile)", image: "\(registry)/streamhandler-ffmpeg",
            command: ["ffmpeg"]),
        SeedListing(
            template: "streamhandler", container: "rtsp-server", source: "2.3.1 (rtspserver, rtsp-simple-server)",
            image: "aler9/rtsp-simple-server", ports: [8554]),
        SeedListing(
            template: "kafka", container: "cp-kafka-broker", source: "Listing 16", image: "confluentinc/cp-kafka:5.3.1", ports: [9092],
            env: [
                "HOST_IP", "KAFKA_HEAP_OPTS", "KAFKA_ZOOKEEPER_CONNECT", "CONFLUENT_METRICS_REPORTER_BOOTSTRAP_SERVERS",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_JMX_PORT", "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "KAFKA_LOG_RETENTION_BYTES",
                "KAFKA_LOG_RETENTION_MS",
            ],
            command: ["sh", "-c", "KAFKA_BROKER_ID", "KAFKA_ADVERTISED_LISTENERS", "/etc/confluent/docker/run"],
            deviations: [
                "service": "headless (clusterIP None): the listing's advertised listeners name each broker's pod, which only a headless Service resolves",
                "jmx": "port 5555 is also declared and KAFKA_JMX_HOSTNAME set, so each broker's JMX exporter can reach it",
            ]),
        SeedListing(template: "hdd", container: "hdd", source: "Listing 17", image: "\(registry)/hdd:2"),
        SeedListing(
            template: "gpuregex-intel-cpu", container: "gpuregex", source: "Listings 18–19", image: "\(registry)/gpuregex-intel-cpu:1",
            command: ["./bin/gpuregex", "-p", "-i"]),
        SeedListing(
            template: "gpuregex-intel-gpu", container: "gpuregex", source: "2.4.1 and Listing 19", image: "\(registry)/gpuregex-intel-gpu:1",
            command: ["./bin/gpuregex", "-p", "-i"]),
        SeedListing(
            template: "dynhp-notebook", container: "jupyter", source: "Listings 21, 23", image: "\(registry)/dynhp:2", ports: [8686],
            command: ["jupyter-lab", "--no-browser", "--port=8686", "--ip", "0.0.0.0"]),
        SeedListing(
            template: "fedl-server", container: "fedl-server", source: "Listing 24", image: "\(registry)/fedl-server", ports: [8080, 8080],
            udp: [8080],
            deviations: ["command": "Listing 24 is cut at \"Start the FL server\"; the flags mirror the client's (rounds, clients, strategy)"]),
        SeedListing(
            template: "fedl-client", container: "fedl-client", source: "Listing 25", image: "\(registry)/fedl-client",
            env: ["CID", "SERVER_ADDRESS", "NB_CLIENTS", "EPOCHS"],
            command: ["python3", "client.py", "--cid=", "--server_address=", "--nb_clients=", "--epochs="]),
        SeedListing(template: "smartviz", container: "nginx", source: "Listing 27", image: "nginx:latest", ports: [80]),
        SeedListing(
            template: "smartviz", container: "server", source: "Listing 27", image: "stellamarkop/dmtserv:test", ports: [8000],
            env: ["PORT", "KAFKA_URL", "TOPIC", "INDEX"],
            deviations: ["env ELASTIC_URL": "the listing's name line for the Elasticsearch URL is lost (only its value remains); the template calls it ELASTIC_URL"]),
        SeedListing(
            template: "smartviz", container: "smartviz", source: "Listing 27", image: "stellamarkop/dmtsmartviz:test", ports: [8080],
            env: ["SERV_HOST", "SOCKET_HOST"]),
        SeedListing(template: "nifi", container: "nifi", source: "2.3.3 (Docker Hub's NiFi 1.15.3)", image: "apache/nifi:1.15.3"),
        SeedListing(template: "minifi", container: "minifi", source: "2.3.3 (Docker Hub's MiNiFi for x86-64)", image: "apache/nifi-minifi"),
        SeedListing(
            template: "hadoop-namenode", container: "namenode", source: "2.5.2 image list", image: "bde2020/hadoop-namenode:2.0.0-hadoop2.7.4-java8",
            deviations: ["registry": "the seed lists the names only; they are Big Data Europe's Docker Hub images"]),
        SeedListing(
            template: "hadoop-datanode", container: "datanode", source: "2.5.2 image list", image: "bde2020/hadoop-datanode:2.0.0-hadoop2.7.4-java8"),
        SeedListing(
            template: "hadoop-nodemanager", container: "nodemanager", source: "2.5.2 image list",
            image: "bde2020/hadoop-nodemanager:2.0.0-hadoop2.7.4-java8"),
        SeedListing(
            template: "hadoop-resourcemanager", container: "resourcemanager", source: "2.5.2 image list",
            image: "bde2020/hadoop-resourcemanager:2.0.0-hadoop2.7.4-java8"),
        SeedListing(
            template: "hadoop-historyserver", container: "historyserver", source: "2.5.2 image list",
            image: "bde2020/hadoop-historyserver:2.0.0-hadoop2.7.4-java8"),
        SeedListing(template: "hbase-master", container: "master", source: "2.5.2 image list", image: "bde2020/hbase-master:1.0.0-hbase1.2.6"),
        SeedListing(
            template: "hbase-regionserver", container: "regionserver", source: "2.5.2 image list", image: "bde2020/hbase-regionserver:1.0.0-hbase1.2.6"),
        SeedListing(template: "corpus-zookeeper", container: "zookeeper", source: "2.5.2 image list", image: "zookeeper:3.4.10"),
        SeedListing(template: "ambari", container: "ambari", source: "2.5.2 image list", image: "\(registry)/docker-ambari"),
        SeedListing(template: "logstash", container: "logstash", source: "2.5.2 image list", image: "\(registry)/logstash:elastdocker-7-17.0"),
        SeedListing(
            template: "corpus-augmentation", container: "augmentation", source: "2.5.2 image list", image: "\(registry)/augmentation_libraries"),
        SeedListing(
            template: "hbase-fileservice", container: "fileservice", source: "2.5.2 image list", image: "\(registry)/docker-hbase-fileservice"),
        SeedListing(
            template: "corpus-gui", container: "gui", source: "2.5.2 image list", image: "\(registry)/aungular-gui_service",
            deviations: ["image": "the name as the seed spells it (aungular-gui_service)"]),
    ]
}
