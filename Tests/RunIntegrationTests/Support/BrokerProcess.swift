import Foundation

/// The topics one engine (or one group of engines) works with.
struct Topics: Sendable {
    var input: String
    var actions: String
    var notifications: String
    var deadLetter: String
    var changelog: String

    init(_ h: Harness) {
        let tag = h.unique("t")
        input = "\(tag)-in"
        actions = "\(tag)-actions"
        notifications = "\(tag)-notifications"
        deadLetter = "\(tag)-dead-letter"
        changelog = "\(tag)-state"
    }

    var all: [String] { [input, actions, notifications, deadLetter, changelog] }

    /// Physical topic of each logical destination that `replay` names.
    var outputs: [(logical: String, topic: String)] {
        [("actions", actions), ("notifications", notifications), ("dead-letter", deadLetter)]
    }
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
