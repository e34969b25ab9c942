import Foundation
import Logging
import RulebridgeTestSupport
import StreamProcessing
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The HTTP endpoints on their own: what they answer, and that they keep answering.
@Suite("run: HTTP endpoints")
struct HTTPEndpointsTests {
    /// Runs the endpoints of `health` and `metrics` on a free loopback port while `body` runs.
    func withEndpoints(health: Health = Health(), metrics: RunMetrics = RunMetrics(), _ body: (Int) async throws -> Void) async throws {
        let endpoints = HTTPEndpoints(listen: ListenAddress("127.0.0.1:0")!, health: health, metrics: metrics, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let server = Task(executorPreference: TestExecutor.shared) { try await endpoints.run() }
        defer { server.cancel() }
        try await withTaskExecutorPreference(TestExecutor.shared) {
            let port = try #require(await endpoints.port())
            try await body(port)
        }
    }

    /// The old server answered one connection at a time: one client that connected and
    /// sent nothing held every probe up. Here 100 such clients do not delay /healthz.
    @Test func healthAnswersWithinASecondWhileAHundredIdleConnectionsAreOpen() async throws {
        let health = Health()
        try await withEndpoints(health: health) { port in
            let idle = try (0..<100).map { _ -> Int32 in
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                try #require(fd >= 0)
                try connectToLoopback(fd, port: port)
                return fd
            }
            defer { idle.forEach { close($0) } }
            health.markAlive()  // healthy means the loop came round within 30 s; here, just now
            let started = ContinuousClock.now
            // A one-second receive timeout: a probe not answered by then fails.
            let probe = try await onDedicatedThread { try HTTPResponse.get(port: port, path: "/healthz", timeout: 1) }
            #expect(probe.status == 200)
            #expect(probe.body == "ok\n")
            #expect(ContinuousClock.now - started < .seconds(1))
        }
    }

    @Test func healthReadinessAndUnknownPathsAnswerWithTheirStatus() async throws {
        let health = Health()
        try await withEndpoints(health: health) { port in
            func get(_ path: String) async throws -> HTTPResponse { try await onDedicatedThread { try HTTPResponse.get(port: port, path: path) } }
            health.markAlive()
            #expect(try await get("/healthz").status == 200)
            #expect(try await get("/readyz").status == 503)
            #expect(try await get("/nope").status == 404)
            health.markReady()
            #expect(try await get("/readyz").status == 200)
            health.fail("rebalance failed: broker gone")
            let failed = try await get("/healthz")
            #expect(failed.status == 503)
            #expect(failed.body == "rebalance failed: broker gone\n")
            #expect(try await get("/readyz").status == 503)
        }
    }

    @Test func metricsAreTheTextExpositionWithEveryUnlabelledSeriesFromTheStart() async throws {
        try await withEndpoints { port in
            let scrape = try await onDedicatedThread { try HTTPResponse.get(port: port, path: "/metrics") }
            #expect(scrape.status == 200)
            let m = MetricsSnapshot(scrape.body)
            for metric in RunMetric.allCases where metric.labels.isEmpty && metric.kind != .histogram {
                #expect(m[metric.name] == 0, "\(metric.name) missing at start:\n\(scrape.body)")
                #expect(scrape.body.contains("# TYPE \(metric.name) \(metric.kind.rawValue)\n"))
            }
        }
    }
}
