import Foundation
import RulebridgeTestSupport
import StreamProcessing
import Testing
import Yams

/// Every `run` setting is declared once (RunSettings); these tests hold the file
/// users read and the flags they type to that declaration.
@Suite("run: settings")
struct RunSettingsTests {
    static let sampleFile = TestPaths.packageRoot.appendingPathComponent("rulebridge.yaml")

    /// Each setting is written in the file (commented out when its default is computed at
    /// start), and the file, loaded, is exactly the defaults: what users read cannot drift
    /// from what the engine does.
    @Test func rulebridgeYamlDocumentsEverySettingWithItsDefault() throws {
        let text = try String(contentsOf: Self.sampleFile, encoding: .utf8)
        let root = try #require(try Yams.compose(yaml: text)?.mapping)
        for setting in RunSettings.all {
            let path = setting.key.split(separator: ".").map(String.init)
            let node = path.dropFirst().reduce(root[path[0]]) { node, key in node?.mapping?[key] }
            if let documented = setting.documentedDefault {
                #expect(node != nil, "rulebridge.yaml does not set \(setting.key) (default \(documented))")
            } else {
                #expect(node == nil, "\(setting.key) has a default computed at start; rulebridge.yaml must not fix it")
                #expect(text.contains("# \(path.last!): "), "rulebridge.yaml does not document \(setting.key)")
            }
        }
        #expect(try RunConfiguration.load(Self.sampleFile.path) == RunConfiguration())
    }

    @Test func everyFieldOfTheConfigurationIsOneDeclaredSettingWithItsOwnKeyAndFlag() {
        #expect(Mirror(reflecting: RunConfiguration()).children.count == RunSettings.all.count)
        #expect(Set(RunSettings.all.map(\.key)).count == RunSettings.all.count)
        #expect(Set(RunSettings.all.map(\.flag)).count == RunSettings.all.count)
    }

    @Test func flagsOverrideTheFileAndRepeatedFlagsMakeListsAndMaps() throws {
        var c = try RunConfiguration.load(Self.sampleFile.path)
        try c.apply(flags: [
            "--brokers", "b1:9092,b2:9092", "--commit-interval=250ms", "--input-topic", "a", "--input-topic", "b",
            "--kafka", "session.timeout.ms=6000", "--kafka", "sasl.jaas.config=x=y", "--idle-advance", "1m", "--http", "0.0.0.0:0",
            "--log-level", "debug", "--guarantee", "at-least-once",
        ])
        #expect(c.brokers == "b1:9092,b2:9092")
        #expect(c.commitInterval == 250)
        #expect(c.inputTopics == ["a", "b"])
        #expect(c.kafka == ["session.timeout.ms": "6000", "sasl.jaas.config": "x=y"])
        #expect(c.idleAdvance == 60_000)
        #expect(c.httpListen == ListenAddress("0.0.0.0:0"))
        #expect(c.logLevel == .debug)
        #expect(c.guarantee == .atLeastOnce)
        try c.apply(flags: ["--idle-advance", "off"])
        #expect(c.idleAdvance == nil)
    }

    @Test(arguments: [
        (["--commit-interval", "100"], "--commit-interval: invalid duration (e.g. 100ms, 30s, 1m)"),
        (["--guarantee", "maybe"], "--guarantee: must be exactly-once or at-least-once"),
        (["--http", "9464"], "--http: must be host:port"),
        (["--log-level", "loud"], "--log-level: must be trace, debug, info, notice, warning, error or critical"),
        (["--kafka", "acks"], "--kafka takes NAME=VALUE, not 'acks'"),
        (["--brokers"], "--brokers needs a value (HOST:PORT[,HOST:PORT…])"),
        (["--borkers", "x"], "unknown option '--borkers'"),
    ])
    func aBadFlagIsAnErrorThatNamesIt(flags: [String], message: String) {
        var c = RunConfiguration()
        #expect {
            try c.apply(flags: flags)
        } throws: { error in
            "\(error)".hasPrefix(message)
        }
    }

    @Test func aBadValueInTheFileNamesTheFileLineColumnAndKey() throws {
        let scratch = try ScratchDirectory()
        let file = try scratch.write("brokers: localhost:9092\nlog:\n  level: loud\n", to: "run.yaml")
        #expect {
            try RunConfiguration.load(file.path)
        } throws: { error in
            "\(error)" == "\(file.path):3:10: log.level: must be trace, debug, info, notice, warning, error or critical"
        }
        let misspelt = try scratch.write("http:\n  listn: 127.0.0.1:1\n", to: "misspelt.yaml")
        #expect {
            try RunConfiguration.load(misspelt.path)
        } throws: { error in
            "\(error)" == "\(misspelt.path):2:3: http.listn: unknown key (known: listen)"
        }
    }
}
