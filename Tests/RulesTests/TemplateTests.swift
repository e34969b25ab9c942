import JSON
import EventPatterns
import Testing
@testable import Rules

struct TemplateTests {
    func render(_ text: String, _ values: [String: JSONValue]) throws -> JSONValue {
        let t = try Template.parse(text).get()
        return t.render { ref in
            if case .variable(let name, let fields) = ref {
                var v = values[name]
                for f in fields { v = v?[f] }
                return v
            }
            return nil
        }
    }

    @Test func aLonePlaceholderKeepsTheValuesType() throws {
        #expect(try render("<n>", ["n": .number("42")]) == .number("42"))
    }

    @Test func placeholdersInTextAreInsertedAsText() throws {
        #expect(try render("group <g> lost <n>", ["g": .string("asg-1"), "n": .number("4")]) == .string("group asg-1 lost 4"))
    }

    @Test func fieldsOfARecordAreReachedWithDots() throws {
        let job: JSONValue = .object([.init(key: "queue", value: .string("render"))])
        #expect(try render("<job.queue>", ["job": job]) == .string("render"))
    }

    @Test func doubleAngleBracketIsALiteral() throws {
        #expect(try render("a <<b>", [:]) == .string("a <b>"))
    }

    @Test func missingValuesRenderAsNullOrNothing() throws {
        #expect(try render("<x>", [:]) == .null)
        #expect(try render("[<x>]", [:]) == .string("[]"))
    }

    @Test func unclosedPlaceholderIsAnError() {
        guard case .failure(let e) = Template.parse("a <b") else {
            Issue.record("expected an error")
            return
        }
        #expect(e.message.contains("unclosed"))
    }
}

struct JSONPathTests {
    let event = try! JSONValue.parse(#"{"detail":{"Subnet ID":"s-1","list":[{"v":1},{"v":2}]},"resources":["arn:1"]}"#)

    @Test func dottedPathsReachNestedKeys() {
        #expect(JSONPath("$.detail.list[1].v")?.resolve(in: event) == .number("2"))
    }

    @Test func bracketedKeysMayHoldSpaces() {
        #expect(JSONPath("$.detail['Subnet ID']")?.resolve(in: event) == .string("s-1"))
    }

    @Test func aMissingPathResolvesToNothing() {
        #expect(JSONPath("$.detail.nope")?.resolve(in: event) == nil)
        #expect(JSONPath("$.resources[3]")?.resolve(in: event) == nil)
    }

    @Test func malformedPathsAreRejected() {
        #expect(JSONPath("detail.x") == nil)
        #expect(JSONPath("$.a[") == nil)
        #expect(JSONPath("$..a") == nil)
    }
}

struct DurationSyntaxTests {
    @Test func unitsAddUp() {
        #expect(DurationSyntax.milliseconds("2h30m") == 9_000_000)
        #expect(DurationSyntax.milliseconds("250ms") == 250)
        #expect(DurationSyntax.milliseconds("1d") == 86_400_000)
    }

    @Test func aBareNumberIsRejected() {
        #expect(DurationSyntax.milliseconds("15") == nil)
        #expect(DurationSyntax.milliseconds("5x") == nil)
        #expect(DurationSyntax.milliseconds("") == nil)
    }

    @Test func textRoundTrips() {
        #expect(DurationSyntax.text(9_000_000) == "2h30m")
    }
}
