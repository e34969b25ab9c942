import Foundation
import EventPatterns
import Events
import Testing

/// Bytes → envelope → matching patterns, the one way every driver reads an
/// input record.
@Suite struct EventMatcherTests {
    static let spot = #"{"version":"0","id":"e-1","detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2","account":"1","time":"2026-03-01T10:00:00Z","region":"us-east-1","resources":["arn:1"],"detail":{"instance-id":"i-1"}}"#

    static func matcher(_ patterns: [String], paths: [[String]] = []) throws -> EventMatcher {
        let compiled = try PatternMatcher(patterns.map { try EventPattern(json: $0) })
        var fields = compiled.paths
        for p in paths { fields.insert(p) }
        return EventMatcher(compiled, paths: fields)
    }

    @Test func readsTheEnvelopeAndFindsTheMatchingPatterns() throws {
        var events = try Self.matcher([#"{"source":["aws.autoscaling"]}"#, #"{"detail":{"instance-id":["i-1"]}}"#, #"{"source":["aws.ec2"]}"#])
        let envelope = try events.read(Array(Self.spot.utf8))
        #expect(envelope.id == "e-1")
        #expect(envelope.resources == ["arn:1"])
        #expect(events.match() == [1, 2])
    }

    @Test func rejectsBytesThatAreNotJSONWithTheDeadLetterReason() throws {
        var events = try Self.matcher([#"{"source":["aws.ec2"]}"#])
        let error = try #require(throws: EventRejection.self) { try events.read(Array(#"{"id": tru}"#.utf8)) }
        #expect(error.code == "invalid-json")
        #expect(error.message == "invalid literal at byte 7")
    }

    @Test func rejectsAnEventWithoutAValidEnvelope() throws {
        var events = try Self.matcher([#"{"source":["aws.ec2"]}"#])
        let error = try #require(throws: EventRejection.self) { try events.read(Array(#"{"source":"aws.ec2"}"#.utf8)) }
        #expect(error.code == "missing-id")
        #expect(error.description == "missing-id: envelope field `id` is missing")
    }

    @Test func checkingGivesTheEventTimeWithoutBuildingTheEnvelope() throws {
        var events = try Self.matcher([#"{"source":["aws.ec2"]}"#])
        let time = try Array(Self.spot.utf8).withUnsafeBytes { bytes throws(EventRejection) in try events.check(bytes) }
        #expect(time == 1_772_359_200_000)
        #expect(events.match() == [0])
    }

    @Test func theScanTellsWhichKeysWereThereWhateverTheirValue() throws {
        var events = try Self.matcher([#"{"source":["aws.ec2"]}"#], paths: [["detail", "instance-id"], ["detail", "missing"]])
        let paths = events.scanner.paths
        let detail = try #require(paths.id(of: ["detail"]))
        let instance = try #require(paths.id(of: ["detail", "instance-id"]))
        let missing = try #require(paths.id(of: ["detail", "missing"]))
        _ = try events.read(Array(Self.spot.utf8))
        // An object yields no field, but its key was there.
        #expect(!events.fields.fields.contains { $0.path == detail })
        #expect(events.scanner.reachedNodes.contains(detail))
        #expect(events.scanner.reachedNodes.contains(instance))
        #expect(!events.scanner.reachedNodes.contains(missing))
        // What the previous event had does not carry over.
        _ = try events.read(Array(Self.spot.replacingOccurrences(of: #""instance-id":"i-1""#, with: #""other":1"#).utf8))
        #expect(!events.scanner.reachedNodes.contains(instance))
        #expect(events.scanner.reachedNodes.contains(detail))
    }

    @Test func scansTheExtraPathsItIsGivenAlongsideThePatterns() throws {
        var events = try Self.matcher([#"{"source":["aws.ec2"]}"#], paths: [["detail", "instance-id"]])
        _ = try events.read(Array(Self.spot.utf8))
        #expect(events.fields.fields.contains { events.scanner.paths.segments(of: $0.path) == ["detail", "instance-id"] })
        #expect(events.match() == [0])
    }
}
