/// MarvelNet: the HTTP/1.1 server shared by the embedded cluster and the
/// federated-learning server. Blocking sockets, one thread per connection,
/// chunked streaming responses; handlers implement `ServerHandler`.
public enum MarvelNet {}
