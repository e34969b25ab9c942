import ArgumentParser
import EventPatterns
import Events
import JSON
import StreamProcessing

/// `aws events test-event-pattern`, offline: same answer shape, same exit
/// codes, and a batch mode for checking many cases in one process.
struct TestEventPatternCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-event-pattern",
        abstract: "Check whether an event pattern matches an event.",
        discussion: """
            Prints {"Result":true} or {"Result":false}, like `aws events test-event-pattern`. \
            An invalid pattern or event exits 2 with the reason on stderr.

            With --batch, reads JSON Lines {"pattern": {...}, "event": {...}} on stdin and writes one line \
            per input line, in order: {"result":true}, {"result":false} or {"error":"..."}.
            """
    )

    @Option(name: .customLong("event-pattern"), help: "The event pattern, as JSON.")
    var eventPattern: String?

    @Option(help: "The event, as JSON (an EventBridge envelope).")
    var event: String?

    @Flag(help: "Read {\"pattern\":…,\"event\":…} lines on stdin.")
    var batch = false

    func validate() throws {
        if batch {
            guard eventPattern == nil, event == nil else {
                throw ValidationError("--batch reads stdin; do not combine it with --event-pattern or --event.")
            }
        } else if eventPattern == nil || event == nil {
            throw ValidationError("Give both --event-pattern and --event, or --batch.")
        }
    }

    func run() throws {
        if batch {
            while let line = readLine(strippingNewline: true) {
                if line.allSatisfy(\.isWhitespace) { continue }
                let answer: String
                do {
                    answer = try batchCase(line) ? #"{"result":true}"# : #"{"result":false}"#
                } catch {
                    answer = JSONValue.object(["error": .string(error.message)]).jsonText
                }
                print(answer)
            }
            return
        }
        do {
            let pattern = try PatternCheck.parsePattern(eventPattern!)
            let result = try PatternCheck.matches(pattern, eventJSON: Array(event!.utf8))
            print(result ? #"{"Result":true}"# : #"{"Result":false}"#)
        } catch {
            printError(error.message)
            throw ExitCode(2)
        }
    }

    private func batchCase(_ line: String) throws(PatternCheck.Failure) -> Bool {
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { throw .init(message: "invalid input line: \(error)") }
        guard case .object = value.content else { throw .init(message: "input line is not a JSON object") }
        guard let pattern = value["pattern"] else {
            throw .init(message: "input line has no \"pattern\"")
        }
        guard let event = value["event"] else {
            throw .init(message: "input line has no \"event\"")
        }
        let parsed: EventPattern
        do { parsed = try EventPattern(pattern) } catch { throw .init(message: "invalid pattern: \(error)") }
        return try PatternCheck.matches(parsed, eventJSON: event.jsonBytes)
    }
}

/// One pattern against one event, through the same scanner and compiled
/// matcher that `run` and `replay` use.
enum PatternCheck {
    struct Failure: Error {
        var message: String
    }

    static func parsePattern(_ json: String) throws(Failure) -> EventPattern {
        do { return try EventPattern(json: json) } catch { throw Failure(message: "invalid pattern: \(error)") }
    }

    static func matches(_ pattern: EventPattern, eventJSON: [UInt8]) throws(Failure) -> Bool {
        let matcher: PatternMatcher
        do { matcher = try PatternMatcher([pattern]) } catch { throw Failure(message: "invalid pattern: \(error)") }
        var events = EventMatcher(matcher)
        do { _ = try events.read(eventJSON) } catch { throw Failure(message: "invalid event: \(error)") }
        return !events.match().isEmpty
    }
}

extension Error {
    var message: String {
        if let f = self as? PatternCheck.Failure { return f.message }
        return String(describing: self)
    }
}

