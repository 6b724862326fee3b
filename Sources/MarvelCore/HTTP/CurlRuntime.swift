import CCurl

/// libcurl's process-wide setup, done once on first use (Swift runs the
/// initializer of a static `let` exactly once, thread-safely).
enum CurlRuntime {
    /// Whether `curl_global_init` succeeded.
    static let ready: Bool = ccurl_global_init_default() == CURLE_OK
}
