/// MarvelSim: the embedded cluster. An in-process Kubernetes API server on
/// 127.0.0.1 holding a MARVEL-like edge–fog–cloud topology.
public enum MarvelSim {}
