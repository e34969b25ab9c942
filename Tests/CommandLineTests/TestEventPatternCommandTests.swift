import RulebridgeTestSupport
import Testing

/// `rulebridge test-event-pattern` answers like `aws events test-event-pattern`.
struct TestEventPatternCommandTests {
    let event = #"{"version":"0","id":"1","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2","account":"123456789012","time":"2026-03-01T10:00:00Z","region":"us-east-1","resources":[],"detail":{"instance-id":"i-1","instance-action":"terminate"}}"#

    @Test func aMatchingPatternPrintsResultTrue() async throws {
        let r = try await RulebridgeProcess.run(["test-event-pattern", "--event-pattern", #"{"detail":{"instance-action":[{"anything-but":"stop"}]}}"#, "--event", event])
        #expect(r.status == 0)
        #expect(r.stdout == "{\"Result\":true}\n")
    }

    @Test func aPatternThatDoesNotMatchPrintsResultFalse() async throws {
        let r = try await RulebridgeProcess.run(["test-event-pattern", "--event-pattern", #"{"source":["aws.autoscaling"]}"#, "--event", event])
        #expect(r.status == 0)
        #expect(r.stdout == "{\"Result\":false}\n")
    }

    @Test func anInvalidPatternExitsTwoWithTheReason() async throws {
        let r = try await RulebridgeProcess.run(["test-event-pattern", "--event-pattern", #"{"detail":{"n":[{"numeric":[">",5,"<",1]}]}}"#, "--event", event])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("invalid pattern"))
        #expect(r.stderr.contains("detail.n"))
    }

    @Test func anEventWithoutAnEnvelopeExitsTwo() async throws {
        let r = try await RulebridgeProcess.run(["test-event-pattern", "--event-pattern", #"{"source":["x"]}"#, "--event", #"{"source":"x"}"#])
        #expect(r.status == 2)
        #expect(r.stderr.contains("invalid event"))
    }

    @Test func batchAnswersEveryLineInOrderAndAnErrorNeverStopsIt() async throws {
        let input = [
            #"{"pattern":{"source":["aws.ec2"]},"event":\#(event)}"#,
            #"{"pattern":{"source":[{"prefix":5}]},"event":\#(event)}"#,
            "not json",
            #"{"pattern":{"source":["aws.ecs"]},"event":\#(event)}"#,
        ].joined(separator: "\n") + "\n"
        let r = try await RulebridgeProcess.run(["test-event-pattern", "--batch"], stdin: input)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == #"{"result":true}"#)
        #expect(lines[1].hasPrefix(#"{"error":"invalid pattern"#))
        #expect(lines[2].hasPrefix(#"{"error":"#))
        #expect(lines[3] == #"{"result":false}"#)
    }
}
