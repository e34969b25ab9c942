import Foundation
import RulebridgeTestSupport

extension Topics {
    /// Topics named after the test.
    init(_ h: Harness) { self.init(tag: h.unique("t")) }
}

/// `rulebridge broker` as a child process: it prints its bootstrap servers as the
/// first line on stdout.
struct BrokerProcess {
    let child: ChildProcess
    let bootstrap: String

    static func start(_ h: Harness, partitions: Int, topics: [String], brokers: Int = 1) async throws -> BrokerProcess {
        var arguments = ["broker", "--partitions", String(partitions), "--brokers", String(brokers)]
        for t in topics { arguments += ["--topic", t] }
        let child = try h.spawn("broker", Harness.rulebridge, arguments)
        let line = try await eventually("the broker's bootstrap line", timeout: .seconds(20), every: .milliseconds(20), context: { child.tail() }) { () -> String? in
            if !child.isRunning { throw FatalHarnessError("broker exited\n\(child.tail())") }
            let out = child.stdout
            guard let newline = out.firstIndex(of: "\n") else { return nil }
            return String(out[..<newline])
        }
        guard isBootstrap(line) else { throw HarnessError("not a bootstrap line: \(line)\n\(child.tail())") }
        return BrokerProcess(child: child, bootstrap: line)
    }
}

/// A bootstrap line is `host:port[,host:port…]`.
private func isBootstrap(_ line: String) -> Bool {
    line.split(separator: ",").allSatisfy { server in
        let parts = server.split(separator: ":")
        return parts.count == 2 && Int(parts[1]) != nil
    }
}
