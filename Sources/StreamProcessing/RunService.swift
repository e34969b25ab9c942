import Foundation
import Logging
import Rules
import ServiceLifecycle
import UnixSignals

/// `rulebridge run` as one group of services: the HTTP endpoints, the stream
/// processor (its blocking loop on a thread of its own) and SIGHUP for reloads.
/// SIGTERM and SIGINT shut the group down gracefully, in reverse order: the
/// processor stops fetching, commits what it has and returns, then the HTTP
/// server stops — `/healthz` answers while the engine drains.
package struct RunService: Sendable {
    package let processor: StreamProcessor
    package let http: HTTPEndpoints
    private let group: ServiceGroup

    /// `trappingSignals: false` leaves the process's signals alone (an engine
    /// inside a test process); ``shutDown()`` then does what SIGTERM does.
    package init(configuration: RunConfiguration, ruleSet: RuleSet, logger: Logger, trappingSignals: Bool = true) {
        processor = StreamProcessor(configuration: configuration, ruleSet: ruleSet, logger: logger)
        http = HTTPEndpoints(listen: configuration.httpListen, health: processor.health, metrics: processor.metrics, logger: logger)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: http, serviceName: "http"),
            // The engine stopping on its own (a failure it recorded) ends the group too.
            .init(
                service: ProcessorService(processor: processor, startAfter: http),
                successTerminationBehavior: .gracefullyShutdownGroup, serviceName: "processor"),
        ]
        if trappingSignals { services.append(.init(service: ReloadOnHangup(processor: processor), serviceName: "reload-on-sighup")) }
        group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: trappingSignals ? shutdownSignals : [], logger: logger))
    }

    /// Runs until a shutdown signal or ``shutDown()`` (then returns once
    /// everything stopped cleanly) or a failure (thrown).
    package func run() async throws {
        try await group.run()
    }

    /// The graceful shutdown SIGTERM starts.
    package func shutDown() async {
        await group.triggerGracefulShutdown()
    }
}

/// The signals that shut a long-running command down gracefully.
package let shutdownSignals: [UnixSignal] = [.sigterm, .sigint]

/// Runs `services` until one of the ``shutdownSignals``, then shuts them down gracefully.
package func runUntilShutdownSignal(_ services: [ServiceGroupConfiguration.ServiceConfiguration], logger: Logger) async throws {
    let group = ServiceGroup(configuration: ServiceGroupConfiguration(
        services: services, gracefulShutdownSignals: shutdownSignals, logger: logger))
    try await group.run()
}

/// The processor's loop on a dedicated thread (it blocks in librdkafka; the
/// concurrency pool has two threads here). A graceful shutdown or a
/// cancellation asks it to stop; the service returns when the loop has.
private struct ProcessorService: Service {
    let processor: StreamProcessor
    /// Health and metrics are served before the engine starts.
    let startAfter: HTTPEndpoints

    func run() async throws {
        guard await startAfter.port() != nil else { return }
        try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
                    let thread = Thread { [processor] in done.resume(with: Result { try processor.runOnCurrentThread() }) }
                    thread.name = "rulebridge-processor"
                    thread.stackSize = 8 << 20
                    thread.start()
                }
            } onCancel: {
                processor.requestStop()
            }
        } onGracefulShutdown: {
            processor.requestStop()
        }
        if let reason = processor.health.failureReason { throw ProcessorFailure(description: reason) }
    }
}

/// SIGHUP asks for a reload of the rules.
private struct ReloadOnHangup: Service {
    let processor: StreamProcessor

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            processor.requestReload()
        }
    }
}

package struct ProcessorFailure: Error, CustomStringConvertible {
    package var description: String
}
