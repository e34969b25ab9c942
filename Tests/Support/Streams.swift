import Foundation

/// The input streams the tests feed.
package enum Streams {
    package static func sample(_ name: String) -> URL { TestPaths.packageRoot.appendingPathComponent("samples/\(name)") }

    /// Lines of sample files, in order.
    package static func lines(_ samples: String...) throws -> [String] {
        try samples.flatMap { name in
            try String(contentsOf: sample(name), encoding: .utf8).split(separator: "\n").map(String.init)
        }
    }

    /// `spot-requeue.jsonl` then `spot-storm.jsonl` (57 events, 08:00–10:05, times never
    /// go back): a re-queue at 08:17:20; the `spot-capacity` breaker of
    /// `render-spot-asg` opens at 09:32:15, goes half-open at 09:47:15 (revealed by the
    /// event at 09:48:15) and closes at 09:57:15 (revealed at 09:59:15).
    package static func requeueThenStorm() throws -> [String] {
        try lines("spot-requeue.jsonl", "spot-storm.jsonl")
    }

    /// The storm's phases, cut by event time:
    /// - `open`: up to 09:33:10, the breaker has opened (fallback, notifications);
    /// - `whileOpen`: up to 09:42:00, nothing acts, the breaker stays open;
    /// - `reveal`: the rest, which reveals half-open and closed (restore).
    package static let whileOpenStarts = "2024-05-14T09:33:10Z"
    package static let revealStarts = "2024-05-14T09:42:00Z"
    /// The event that reveals half-open (the closing comes with 09:59:15).
    package static let halfOpenRevealed = "2024-05-14T09:48:15Z"

    /// Cuts `lines` after each of `times` (each piece holds the events with a time up
    /// to and including its cut; the last piece the rest).
    package static func split(_ lines: [String], after times: [String]) -> [[String]] {
        var pieces: [[String]] = Array(repeating: [], count: times.count + 1)
        for line in lines {
            let time = (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["time"] as? String ?? ""
            pieces[times.firstIndex { time <= $0 } ?? times.count].append(line)
        }
        return pieces
    }

    /// One event that acts on its own: a rebalance recommendation (the default rules
    /// drain the instance) or, with `source: test.reload`, the hot-reload probe.
    package static func event(id: String, time: String, instance: String, source: String = "aws.ec2") -> String {
        let detailType = source == "aws.ec2" ? "EC2 Instance Rebalance Recommendation" : "Reload Probe"
        return #"{"version":"0","id":"\#(id)","detail-type":"\#(detailType)","source":"\#(source)","account":"123456789012","time":"\#(time)","region":"us-east-1","resources":[],"detail":{"instance-id":"\#(instance)"}}"#
    }

    /// The envelope id of an event line.
    package static func id(of line: String) -> String? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
    }

    /// The same story for another fleet: event ids, the account and the Auto Scaling
    /// group renamed, so that its actions have ids of their own.
    package static func otherFleet(_ lines: [String], tag: String) -> [String] {
        lines.map {
            $0.replacingOccurrences(of: #""id":""#, with: #""id":"\#(tag)-"#)
                .replacingOccurrences(of: "123456789012", with: "210987654321")
                .replacingOccurrences(of: "render-spot-asg", with: "render-spot-asg-\(tag)")
        }
    }
}
