import JSON
import Testing
@testable import Rules

/// Each action type on its own: its keys and defaults as rule files see
/// them, and what it emits. (Engine-level behaviour is in RuleEngineTests.)
struct ActionTests {
    static func engine(_ actions: String, tables: String = "", breakers: String = "") throws -> RuleEngine {
        try RuleEngine(ruleSet: RuleSet.parse(files: [(path: "rules.yaml", text: """
            \(tables)\(breakers)rules:
              - name: act
                pattern: { detail-type: [Go] }
                actions:
            \(actions)
            """)]))
    }

    static let go = Array(#"{"version":"0","id":"e-1","detail-type":"Go","source":"test","account":"123456789012","time":"2026-03-01T10:00:00Z","region":"eu-west-1","resources":[],"detail":{"job":"j-7","group":"asg-1","n":0.10,"nested":{"a":[1,"x"]}}}"#.utf8)

    static func errors(_ actions: String, tables: String = "", breakers: String = "") -> [String] {
        do {
            _ = try engine(actions, tables: tables, breakers: breakers)
            return []
        } catch let e as RuleErrors {
            return e.errors.map(\.description)
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: [
        ("requeue", "job-id: <$.detail.job>", "j-7", "Rulebridge Requeue", #"{"job-id":"j-7","priority":"high","resume":true}"#),
        ("fallback", "group: <$.detail.group>", "asg-1", "Rulebridge On-Demand Fallback", #"{"group":"asg-1","on-demand-base-capacity":0,"on-demand-percentage":100}"#),
        ("restore", "group: <$.detail.group>", "asg-1", "Rulebridge Capacity Restore", #"{"group":"asg-1","on-demand-base-capacity":0,"on-demand-percentage":0}"#),
        ("drain", "instance-id: i-9", "i-9", "Rulebridge Drain", #"{"instance-id":"i-9"}"#),
    ])
    func aCommandIsOneActionEventKeyedByWhatItIsAbout(_ type: String, _ keys: String, _ key: String, _ detailType: String, _ parameters: String) throws {
        let out = try Self.engine("      - { type: \(type), \(keys) }").process(Self.go)
        #expect(out.count == 1)
        #expect(out[0].topic == .actions)
        #expect(out[0].key == key)
        #expect(out[0].headers.map(\.value) == ["act", type, "e-1"])
        let event = try JSONValue.parse(out[0].value)
        #expect(event["detail-type"]?.stringValue == detailType)
        #expect(event["source"] == "rulebridge")
        #expect(event["region"] == "eu-west-1")
        // rule, action and triggers first, then every parameter (defaults included) in name order.
        let detail = try #require(event["detail"]?.objectValue)
        #expect(detail.prefix(3).map(\.key) == ["rule", "action", "trigger-event-ids"])
        #expect(JSONValue.object(Array(detail.dropFirst(3))).jsonText == parameters)
    }

    @Test func numbersAndObjectsCopiedFromTheEventKeepTheirText() throws {
        let out = try Self.engine("      - { type: emit, detail-type: Copied, detail: { n: <$.detail.n>, nested: <$.detail.nested>, rule-literal: 0.50 } }").process(Self.go)
        let event = String(decoding: out[0].value, as: UTF8.self)
        #expect(event.hasSuffix(#""detail":{"n":0.10,"nested":{"a":[1,"x"]},"rule-literal":0.50}}"#))
    }

    @Test func emitWritesAnyResourcesListAndAnEmptyDetailByDefault() throws {
        let listed = try Self.engine("      - { type: emit, detail-type: T, resources: [<$.detail.group>, 5] }").process(Self.go)
        #expect(String(decoding: listed[0].value, as: UTF8.self).hasSuffix(#""resources":["asg-1",5],"detail":{}}"#))
        let notAList = try Self.engine("      - { type: emit, detail-type: T, resources: <$.detail.group> }").process(Self.go)
        #expect(String(decoding: notAList[0].value, as: UTF8.self).hasSuffix(#""resources":[],"detail":{}}"#))
    }

    @Test func aNotificationGoesToTheTriggersAccountAndRegionUnlessATopicIsGiven() throws {
        let out = try Self.engine("      - { type: notify, subject: \"\(String(repeating: "s", count: 120))\", message: m }").process(Self.go)
        let message = try JSONValue.parse(out[0].value)
        #expect(message["TopicArn"] == "arn:aws:sns:eu-west-1:123456789012:rulebridge-notifications")
        #expect(message["Subject"]?.stringValue?.count == 100)
        #expect(message["Timestamp"] == "2026-03-01T10:00:00.000Z")
        #expect(message["MessageAttributes"]?["severity"]?["Value"] == "info")
        #expect(out[0].key == "act/" + String(repeating: "s", count: 120))
        let given = try Self.engine("      - { type: notify, subject: s, message: m, topic-arn: arn:x }").process(Self.go)
        #expect(try JSONValue.parse(given[0].value)["TopicArn"] == "arn:x")
    }

    @Test func tableActionsChangeStateAndEmitNothing() throws {
        let tables = "tables:\n  seen: { ttl: 1h }\n"
        let e = try Self.engine("""
                  - { type: remember, table: seen, key: <$.detail.job>, value: { group: <$.detail.group>, none: <$.detail.missing> } }
                  - { type: add, table: seen, key: <$.detail.job>, field: count, amount: 2 }
            """, tables: tables)
        #expect(e.process(Self.go).isEmpty)
        let record = try #require(e.state.tables["seen"]?.lookup("j-7", now: e.state.clock))
        #expect(JSONValue.object(record).jsonText == #"{"group":"asg-1","count":2}"#)
    }

    @Test func keysAreCheckedAgainstTheTypeWithTheirPosition() {
        #expect(Self.errors("      - { type: requeue, queue: q }") == ["rules.yaml:5:9: a 'requeue' action needs 'job-id'"])
        #expect(Self.errors("      - { type: drain, instance-id: i, priority: high }")
            == ["rules.yaml:5:40: unknown key 'priority' in a 'drain' action (expected one of: type, instance-id, deadline, reason)"])
        #expect(Self.errors("      - { type: notify, subject: s, message: m, severity: loud }")
            == ["rules.yaml:5:59: severity must be info, warning or critical"])
        #expect(Self.errors("      - { type: notify, subject: s, message: m, cooldown: soon }").first?.contains("cooldown: invalid duration 'soon'") == true)
        #expect(Self.errors("      - { type: circuit-breaker, breaker: spot, key: k, operation: trip }")
            == ["rules.yaml:5:43: unknown breaker 'spot' (defined: )"])
        #expect(Self.errors("      - { type: circuit-breaker, breaker: spot, key: k, operation: open }", breakers: "breakers:\n  spot: { open-for: 1m, quiet-for: 1m }\n")
            == ["rules.yaml:7:68: operation must be 'trip' or 'reset'"])
        #expect(Self.errors("      - { type: forget, table: jobs, key: k }") == ["rules.yaml:5:32: unknown table 'jobs' (defined: )"])
        #expect(Self.errors("      - { type: remember, table: t, key: k, value: v }", tables: "tables:\n  t: { ttl: 1h }\n")
            == ["rules.yaml:7:52: 'value' must be a mapping of fields"])
    }

    @Test func everyTypeIsListedOnceInTheOrderMessagesGive() {
        #expect(ActionSpec.types.map { $0.name } == [
            "requeue", "circuit-breaker", "fallback", "restore", "drain", "notify", "emit", "remember", "forget", "add",
        ])
    }
}
