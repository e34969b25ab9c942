import JSON
import EventPatterns
import Testing
@testable import Rules

/// The engine end to end, from event bytes to output records, on small rule
/// sets written inline so each test shows the whole behaviour.
struct RuleEngineTests {
    static func engine(_ yaml: String) throws -> RuleEngine {
        try RuleEngine(ruleSet: RuleSet.parse(files: [(path: "rules.yaml", text: yaml)]))
    }

    static func event(_ id: String, _ time: String, source: String = "aws.ec2", type: String, detail: String = "{}") -> [UInt8] {
        Array(#"{"version":"0","id":"\#(id)","detail-type":"\#(type)","source":"\#(source)","account":"123456789012","time":"2026-03-01T\#(time)Z","region":"us-east-1","resources":[],"detail":\#(detail)}"#.utf8)
    }

    static func values(_ records: [OutputRecord]) -> [JSONValue] {
        records.map { (try? JSONValue.parse($0.value)) ?? .null }
    }

    static let jobs = """
        tables:
          jobs: { ttl: 24h }
        rules:
          - name: learn-job
            pattern: { source: [app.jobs], detail-type: [Job Started, Job Checkpointed] }
            actions:
              - type: remember
                table: jobs
                key: <$.detail.instance-id>
                value: { job-id: <$.detail.job-id>, checkpoint: <$.detail.checkpoint> }
          - name: forget-job
            pattern: { source: [app.jobs], detail-type: [Job Finished] }
            actions: [{ type: forget, table: jobs, key: <$.detail.instance-id> }]
          - name: requeue
            pattern: { source: [aws.ec2], detail-type: [EC2 Spot Instance Interruption Warning] }
            vars:
              job: { lookup: jobs, key: <$.detail.instance-id> }
            require: [job]
            actions:
              - type: requeue
                job-id: <job.job-id>
                checkpoint: <job.checkpoint>
        """

    @Test func anInterruptionRequeuesTheLearnedJobWithItsLatestCheckpoint() throws {
        let e = try Self.engine(Self.jobs)
        #expect(e.process(Self.event("1", "10:00:00", source: "app.jobs", type: "Job Started", detail: #"{"job-id":"j1","instance-id":"i-1"}"#)).isEmpty)
        _ = e.process(Self.event("2", "10:01:00", source: "app.jobs", type: "Job Checkpointed", detail: #"{"job-id":"j1","instance-id":"i-1","checkpoint":"s3://c/1"}"#))
        let out = e.process(Self.event("3", "10:02:00", type: "EC2 Spot Instance Interruption Warning", detail: #"{"instance-id":"i-1"}"#))
        #expect(out.count == 1)
        #expect(out.first?.topic == .actions)
        #expect(out.first?.key == "j1")
        let v = Self.values(out)[0]
        #expect(v["detail-type"] == .string("Rulebridge Requeue"))
        #expect(v["source"] == .string("rulebridge"))
        #expect(v["time"] == .string("2026-03-01T10:02:00Z"))
        #expect(v["detail"]?["checkpoint"] == .string("s3://c/1"))
        #expect(v["detail"]?["priority"] == .string("high"))
        #expect(v["detail"]?["resume"] == .bool(true))
        #expect(v["detail"]?["trigger-event-ids"] == .array([.string("3")]))
    }

    @Test func aFinishedJobIsNeverRequeued() throws {
        let e = try Self.engine(Self.jobs)
        _ = e.process(Self.event("1", "10:00:00", source: "app.jobs", type: "Job Started", detail: #"{"job-id":"j1","instance-id":"i-1"}"#))
        _ = e.process(Self.event("2", "10:01:00", source: "app.jobs", type: "Job Finished", detail: #"{"job-id":"j1","instance-id":"i-1"}"#))
        #expect(e.process(Self.event("3", "10:02:00", type: "EC2 Spot Instance Interruption Warning", detail: #"{"instance-id":"i-1"}"#)).isEmpty)
        #expect(e.summary.skippedByRule["requeue"] == 1)
    }

    @Test func actionIDsDependOnlyOnRuleTriggerAndAction() throws {
        func run() throws -> [OutputRecord] {
            let e = try Self.engine(Self.jobs)
            _ = e.process(Self.event("1", "10:00:00", source: "app.jobs", type: "Job Started", detail: #"{"job-id":"j1","instance-id":"i-1"}"#))
            return e.process(Self.event("3", "10:02:00", type: "EC2 Spot Instance Interruption Warning", detail: #"{"instance-id":"i-1"}"#))
        }
        let a = try run(), b = try run()
        #expect(a == b)
        #expect(Self.values(a)[0]["id"] != nil)
    }

    static let storm = """
        breakers:
          spot: { open-for: 15m, quiet-for: 10m }
        rules:
          - name: storm
            pattern: { detail-type: [EC2 Spot Instance Interruption Warning] }
            vars: { group: $.detail.group }
            when: { window: 5m, group-by: <group>, above: 3 }
            actions: [{ type: circuit-breaker, breaker: spot, key: <group>, operation: trip }]
          - name: on-open
            pattern: { source: [rulebridge], detail: { breaker: [spot], state: [open] } }
            actions: [{ type: fallback, group: <$.detail.key> }]
          - name: on-close
            pattern: { source: [rulebridge], detail: { breaker: [spot], state: [closed] } }
            actions: [{ type: restore, group: <$.detail.key> }]
        """

    func warning(_ id: String, _ time: String, group: String = "g1") -> [UInt8] {
        Self.event(id, time, type: "EC2 Spot Instance Interruption Warning", detail: #"{"group":"\#(group)"}"#)
    }

    func detailTypes(_ records: [OutputRecord]) -> [String] {
        Self.values(records).map { $0["detail-type"]?.stringValue ?? "?" }
    }

    @Test func moreThanThreeInterruptionsInFiveMinutesOpenTheBreakerAndFallBack() throws {
        let e = try Self.engine(Self.storm)
        for (i, t) in ["10:00:00", "10:01:00", "10:02:00"].enumerated() { #expect(e.process(warning("w\(i)", t)).isEmpty) }
        let out = e.process(warning("w3", "10:03:00"))
        #expect(detailTypes(out) == ["Rulebridge Circuit Breaker State Change", "Rulebridge On-Demand Fallback"])
        #expect(Self.values(out)[0]["detail"]?["trigger-event-ids"] == .array(["w0", "w1", "w2", "w3"].map(JSONValue.string)))
        #expect(e.process(warning("w4", "10:04:00")).isEmpty, "a trip while open changes nothing")
    }

    @Test func interruptionsSpreadBeyondTheWindowDoNotOpenIt() throws {
        let e = try Self.engine(Self.storm)
        for (i, t) in ["10:00:00", "10:03:00", "10:06:00", "10:09:00", "10:12:00"].enumerated() {
            #expect(e.process(warning("w\(i)", t)).isEmpty)
        }
    }

    @Test func aDuplicateDeliveryDoesNotCountTwice() throws {
        let e = try Self.engine(Self.storm)
        for t in ["10:00:00", "10:01:00", "10:02:00", "10:03:00"] { #expect(e.process(warning("same", t)).isEmpty) }
    }

    @Test func groupsHaveTheirOwnWindows() throws {
        let e = try Self.engine(Self.storm)
        for (i, t) in ["10:00:00", "10:01:00", "10:02:00", "10:03:00"].enumerated() {
            #expect(e.process(warning("w\(i)", t, group: "g\(i)")).isEmpty)
        }
    }

    @Test func theBreakerGoesHalfOpenThenClosesAndRestoresInEventTime() throws {
        let e = try Self.engine(Self.storm)
        for (i, t) in ["10:00:00", "10:01:00", "10:02:00", "10:03:00"].enumerated() { _ = e.process(warning("w\(i)", t)) }
        let tick = Self.event("t1", "10:19:00", source: "other", type: "Tick")
        let halfOpen = e.process(tick)
        #expect(Self.values(halfOpen).map { $0["detail"]?["state"] } == [.string("half-open")])
        #expect(Self.values(halfOpen)[0]["time"] == .string("2026-03-01T10:18:00Z"))
        let closed = e.process(Self.event("t2", "10:40:00", source: "other", type: "Tick"))
        #expect(detailTypes(closed) == ["Rulebridge Circuit Breaker State Change", "Rulebridge Capacity Restore"])
        #expect(Self.values(closed)[0]["time"] == .string("2026-03-01T10:28:00Z"))
    }

    @Test func aNewStormInHalfOpenReopens() throws {
        let e = try Self.engine(Self.storm)
        for (i, t) in ["10:00:00", "10:01:00", "10:02:00", "10:03:00"].enumerated() { _ = e.process(warning("a\(i)", t)) }
        _ = e.process(Self.event("t1", "10:19:00", source: "other", type: "Tick"))
        var out: [OutputRecord] = []
        for (i, t) in ["10:20:00", "10:20:10", "10:20:20", "10:20:30"].enumerated() { out += e.process(warning("b\(i)", t)) }
        #expect(Self.values(out).first?["detail"]?["previous-state"] == .string("half-open"))
        #expect(Self.values(out).first?["detail"]?["state"] == .string("open"))
    }

    @Test func notificationsHoldBackDuringTheirCooldown() throws {
        let e = try Self.engine("""
            rules:
              - name: page
                pattern: { detail-type: [Alarm] }
                actions:
                  - { type: notify, subject: "alarm <$.detail.name>", message: "m", cooldown: 10m, cooldown-key: <$.detail.name> }
            """)
        let first = e.process(Self.event("1", "10:00:00", type: "Alarm", detail: #"{"name":"a"}"#))
        #expect(first.map(\.topic) == [.notifications])
        #expect(Self.values(first)[0]["Subject"] == .string("alarm a"))
        #expect(Self.values(first)[0]["Type"] == .string("Notification"))
        #expect(e.process(Self.event("2", "10:05:00", type: "Alarm", detail: #"{"name":"a"}"#)).isEmpty)
        #expect(e.process(Self.event("3", "10:05:00", type: "Alarm", detail: #"{"name":"b"}"#)).count == 1)
        #expect(e.process(Self.event("4", "10:11:00", type: "Alarm", detail: #"{"name":"a"}"#)).count == 1)
        #expect(e.summary.notificationsSuppressed == 1)
    }

    @Test func malformedInputBecomesADeadLetterWithItsReason() throws {
        let e = try Self.engine(Self.jobs)
        let garbage = e.process(Array("not json".utf8))
        #expect(garbage.map(\.topic) == [.deadLetter])
        #expect(garbage[0].value == Array("not json".utf8))
        #expect(garbage[0].headers.first?.name == "rulebridge-error")
        #expect(garbage[0].headers.first?.value == "invalid-json")
        let noID = e.process(Array(#"{"source":"x","detail-type":"y","time":"2026-03-01T00:00:00Z","detail":{}}"#.utf8))
        #expect(noID.first?.headers.first?.value == "missing-id")
        #expect(e.summary.deadLetteredByReason == ["invalid-json": 1, "missing-id": 1])
    }

    @Test func anEventWhoseWholeDocumentCannotBeReadIsCountedAndItsTemplatesSeeNull() throws {
        // The scanner accepts a duplicate of a key no rule reads; a whole
        // document (jansson) cannot hold one.
        let e = try Self.engine("""
            rules:
              - name: copy
                pattern: { detail-type: [Copy] }
                actions: [{ type: emit, detail-type: Copied, detail: { all: <$.detail> } }]
            """)
        let out = e.process(Self.event("1", "10:00:00", type: "Copy", detail: #"{"a":1,"a":2}"#))
        #expect(String(decoding: out[0].value, as: UTF8.self).hasSuffix(#""detail":{"all":null}}"#))
        #expect(e.summary.unreadableDocuments == 1)
        #expect(e.summary.lines.contains("events whose whole document could not be read (templates saw null): 1"))
    }

    @Test func aPathTheEventDoesNotHaveIsNullWithoutReadingTheWholeDocument() throws {
        // The scan shows no key leads there, so the document (which jansson
        // could not read here) is never needed.
        let e = try Self.engine("""
            rules:
              - name: copy
                pattern: { detail-type: [Copy] }
                actions: [{ type: emit, detail-type: Copied, detail: { x: <$.detail.missing>, y: "<$.nothing[0].z>" } }]
            """)
        let out = e.process(Self.event("1", "10:00:00", type: "Copy", detail: #"{"a":1,"a":2}"#))
        #expect(String(decoding: out[0].value, as: UTF8.self).hasSuffix(#""detail":{"x":null,"y":null}}"#))
        #expect(e.summary.unreadableDocuments == 0)
    }

    @Test func engineEventsThatFeedThemselvesStopAtTheDepthLimit() throws {
        let e = try Self.engine("""
            rules:
              - name: echo
                pattern: { detail-type: [Echo] }
                actions: [{ type: emit, detail-type: Echo }]
            """)
        let out = e.process(Self.event("1", "10:00:00", type: "Echo"))
        #expect(out.count == RuleEngine.maximumDepth + 1)
        #expect(e.summary.derivedDropped == 1)
    }

    @Test func ratioConditionsDivideByALearnedValue() throws {
        let e = try Self.engine("""
            tables:
              groups: { ttl: 1d }
            rules:
              - name: capacity
                pattern: { detail-type: [Launch] }
                actions: [{ type: add, table: groups, key: <$.detail.group>, field: capacity, amount: 1 }]
              - name: share
                pattern: { detail-type: [Interruption] }
                vars:
                  capacity: { lookup: groups, key: <$.detail.group>, field: capacity }
                when: { window: 1h, group-by: <$.detail.group>, per: <capacity>, above: 0.1 }
                actions: [{ type: notify, subject: s, message: "<capacity>" }]
            """)
        for i in 0..<20 { _ = e.process(Self.event("l\(i)", "09:00:00", type: "Launch", detail: #"{"group":"g"}"#)) }
        #expect(e.process(Self.event("i1", "10:00:00", type: "Interruption", detail: #"{"group":"g"}"#)).isEmpty)
        #expect(e.process(Self.event("i2", "10:10:00", type: "Interruption", detail: #"{"group":"g"}"#)).isEmpty)
        let out = e.process(Self.event("i3", "10:20:00", type: "Interruption", detail: #"{"group":"g"}"#))
        #expect(Self.values(out).first?["Message"] == .string("20"))
    }

    @Test func lateEventsBeyondTheLatenessDoNotCount() throws {
        let e = try Self.engine(Self.storm)
        _ = e.process(Self.event("t", "11:00:00", source: "other", type: "Tick"))
        for (i, t) in ["10:50:00", "10:50:01", "10:50:02", "10:50:03"].enumerated() { #expect(e.process(warning("w\(i)", t)).isEmpty) }
        #expect(e.summary.lateEvents == 4)
    }
}
