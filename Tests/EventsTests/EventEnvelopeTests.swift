import JSON
import EventPatterns
import Testing
import Events

@Suite struct EventEnvelopeTests {
    func envelope(_ json: String) throws -> EventEnvelope {
        try envelope(Array(json.utf8))
    }

    func envelope(_ bytes: [UInt8]) throws -> EventEnvelope {
        var scanner = EventScanner(paths: fieldPaths([["detail", "instance-id"]]))
        var fields = EventFields()
        try scanner.scan(bytes, into: &fields)
        return try EventEnvelope(fields: fields, paths: scanner.envelope)
    }

    func envelopeError(_ json: String) -> EnvelopeError? {
        do {
            _ = try envelope(json)
            return nil
        } catch let error as EnvelopeError {
            return error
        } catch {
            Issue.record("not an envelope error: \(error)")
            return nil
        }
    }

    static let valid: [String: String] = [
        "id": #""e-1""#, "source": #""aws.ec2""#, "detail-type": #""EC2 Spot Instance Interruption Warning""#,
        "time": #""2026-03-01T01:34:48Z""#,
    ]

    /// A valid envelope with `changes` applied (nil removes a key); keys keep a fixed order.
    func event(_ changes: [String: String?] = [:]) -> String {
        var members = Self.valid
        for (key, value) in changes { members[key] = value }
        let order = ["version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail"]
        let text = order.compactMap { key in members[key].map { "\"\(key)\": \($0)" } }
        return "{" + text.joined(separator: ", ") + "}"
    }

    @Test func readsTheSpotInterruptionFixture() throws {
        let envelope = try envelope(try Fixtures.spotInterruption)
        #expect(envelope == EventEnvelope(
            version: "0", id: "12345678-1234-1234-1234-123456789012", source: "aws.ec2",
            detailType: "EC2 Spot Instance Interruption Warning", time: 1_612_361_106_000, timeText: "2021-02-03T14:05:06Z",
            account: "123456789012", region: "us-east-2", resources: ["arn:aws:ec2:us-east-2a:instance/i-1234567890abcdef0"]))
    }

    @Test func readsTheAutoScalingFixture() throws {
        let envelope = try envelope(try Fixtures.autoScalingLaunch)
        #expect(envelope.detailType == "EC2 Instance Launch Successful")
        #expect(envelope.resources.count == 2)
        #expect(envelope.time == 1_447_277_507_000)
    }

    @Test func acceptsAnEnvelopeWithOnlyTheRequiredFields() throws {
        let envelope = try envelope(event())
        #expect(envelope.version == nil && envelope.account == nil && envelope.region == nil && envelope.resources.isEmpty)
    }

    @Test func validateReturnsTheTimeWithoutBuildingTheEnvelope() throws {
        var scanner = EventScanner(paths: FieldPaths())
        var fields = EventFields()
        try scanner.scan(Array(event(["time": #""2026-03-01T01:34:48.250Z""#]).utf8), into: &fields)
        #expect(try EventEnvelope.validate(fields, paths: scanner.envelope) == 1_772_328_888_250)
    }

    @Test(arguments: [("id", "missing-id"), ("source", "missing-source"), ("detail-type", "missing-detail-type"), ("time", "missing-time")])
    func namesTheMissingRequiredField(key: String, code: String) {
        let error = envelopeError(event([key: String?.none]))
        #expect(error?.code == code)
        #expect(error?.message == "envelope field `\(key)` is missing")
    }

    @Test func reportsRequiredFieldsInAFixedOrder() {
        #expect(envelopeError("{}")?.code == "missing-id")
        #expect(envelopeError(event(["id": String?.none, "source": String?.none]))?.code == "missing-id")
        #expect(envelopeError(event(["source": "5", "time": #""never""#]))?.code == "invalid-source")
        #expect(envelopeError(event(["time": #""never""#, "region": "1"]))?.code == "invalid-time")
    }

    @Test(arguments: [
        ("id", "7", "invalid-id", "a number"),
        ("id", #"["a"]"#, "invalid-id", "an array"),
        ("id", #""""#, "invalid-id", "an empty string"),
        ("source", "null", "invalid-source", "null"),
        ("detail-type", "true", "invalid-detail-type", "true"),
        ("time", "1772328888", "invalid-time", "a number"),
        ("version", "0", "invalid-version", "a number"),
        ("account", "123456789012", "invalid-account", "a number"),
        ("region", "false", "invalid-region", "false"),
        ("resources", #""arn:x""#, "invalid-resources", "a string"),
        ("resources", #"["arn:x", 5]"#, "invalid-resources", "an array holding a number"),
        ("resources", #"[["arn:x"]]"#, "invalid-resources", "a nested array"),
    ])
    func namesTheFieldOfTheWrongType(key: String, value: String, code: String, found: String) {
        let error = envelopeError(event([key: value]))
        #expect(error?.code == code)
        #expect(error?.problem == .wrongType(found: found))
    }

    @Test func readsAnObjectWhereAScalarBelongsAsMissing() {
        #expect(envelopeError(event(["id": #"{"value": "e-1"}"#]))?.code == "missing-id")
    }

    @Test(arguments: [#""yesterday""#, #""2026-03-01""#, #""2026-02-30T00:00:00Z""#, #""""#])
    func rejectsATimeThatIsNotRFC3339(time: String) {
        let error = envelopeError(event(["time": time]))
        #expect(error?.code == "invalid-time")
        #expect(error?.message.hasPrefix("envelope field `time` is not an RFC 3339 date-time") == true)
    }

    @Test func keepsTheTimeAsWrittenAndAsMilliseconds() throws {
        let envelope = try envelope(event(["time": #""2026-03-01T03:34:48.5+02:00""#]))
        #expect(envelope.timeText == "2026-03-01T03:34:48.5+02:00")
        #expect(envelope.time == 1_772_328_888_500)
    }

    @Test func acceptsEmptyOptionalStringsAndEmptyResources() throws {
        let envelope = try envelope(event(["region": #""""#, "resources": "[]"]))
        #expect(envelope.region == "")
        #expect(envelope.resources.isEmpty)
    }

    @Test func decodesEscapedEnvelopeStrings() throws {
        let envelope = try envelope(event(["source": #""my.\u0061pp""#, "resources": #"["a\/b"]"#]))
        #expect(envelope.source == "my.app")
        #expect(envelope.resources == ["a/b"])
    }

    @Test func readsTheSameEnvelopeFromTheFieldsOfAParsedDocument() throws {
        let bytes = try Fixtures.autoScalingLaunch
        let scanner = EventScanner(paths: FieldPaths())
        let fields = EventFields(flattening: try JSONValue.parse(bytes), paths: scanner.paths)
        #expect(try EventEnvelope(fields: fields, paths: scanner.envelope) == envelope(bytes))
    }

    @Test func writesTheEnvelopeMembersInEventBridgeOrderThenTheDetail() {
        let envelope = EventEnvelope(
            id: "e-1", source: "rulebridge", detailType: "Rulebridge Drain", time: 1_715_673_600_000,
            account: "123456789012", region: nil, resources: ["arn:1"])
        #expect(envelope.json(detail: ["n": .number("0.10")]).jsonText == #"{"version":"0","id":"e-1","detail-type":"Rulebridge Drain","source":"rulebridge","account":"123456789012","time":"2024-05-14T08:00:00Z","region":"","resources":["arn:1"],"detail":{"n":0.10}}"#)
        #expect(envelope.json(detail: [:], resources: [5]).jsonText.contains(#""resources":[5],"detail":{}"#))
    }

    @Test func errorsDescribeThemselvesWithCodeAndMessage() {
        let error = EnvelopeError(field: .detailType, problem: .wrongType(found: "a number"))
        #expect(error.description == "invalid-detail-type: envelope field `detail-type` must be a string, found a number")
        #expect(EnvelopeError(field: .resources, problem: .wrongType(found: "a string")).message
            == "envelope field `resources` must be an array of strings, found a string")
    }
}
