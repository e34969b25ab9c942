import Hummingbird
import Logging
import ServiceLifecycle

/// `/metrics`, `/healthz` and `/readyz` over HTTP (Hummingbird, on its own event
/// loops: a scrape never waits for the processing thread, nor it for a scrape).
package struct HTTPEndpoints: Service {
    private let application: Application<RouterResponder<BasicRequestContext>>
    private let listening = Latch<Int>()

    /// Port 0 picks a free one (``port()`` tells which).
    package init(listen: ListenAddress, health: Health, metrics: RunMetrics, logger: Logger) {
        let (host, port) = (listen.host, listen.port)
        let router = Router()
        router.get("/metrics") { _, _ in
            Response.text(.ok, metrics.exposition(), contentType: "text/plain; version=0.0.4")
        }
        router.get("/healthz") { _, _ in
            health.isHealthy ? Response.text(.ok, "ok\n") : Response.text(.serviceUnavailable, "\(health.failureReason ?? "stalled")\n")
        }
        router.get("/readyz") { _, _ in
            health.isReady ? Response.text(.ok, "ready\n") : Response.text(.serviceUnavailable, "not ready\n")
        }
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .warning)
        application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
            onServerRunning: { [listening] channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("http on \(host):\(bound) (/metrics, /healthz, /readyz)")
                listening.set(bound)
            },
            logger: quiet)
    }

    package func run() async throws {
        // Whatever way the server ends, nobody waits for it to listen any more.
        defer { listening.cancel() }
        try await application.run()
    }

    /// The port once the server listens; nil if it stopped (or failed) before it did.
    package func port() async -> Int? { await listening.value() }
}

extension Response {
    fileprivate static func text(_ status: HTTPResponse.Status, _ body: String, contentType: String = "text/plain; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
