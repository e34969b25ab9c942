import Dispatch
import Rules

/// One input partition's engine and where its reading stands.
final class PartitionEngine {
    var engine: RuleEngine
    /// When the partition last had a record (or was last moved to the wall clock).
    var lastRecord = DispatchTime.now()
    /// The engine's summary when metrics last took it, so they count what changed since.
    var lastSummary = EngineSummary()
    /// Where reading goes on: restored from the changelog, then after each record.
    var nextOffset: Int64?

    init(engine: RuleEngine, nextOffset: Int64?) {
        self.engine = engine
        self.nextOffset = nextOffset
    }

    /// The same state under new rules.
    func replaceRules(with ruleSet: RuleSet) throws {
        let next = try RuleEngine(ruleSet: ruleSet)
        next.restoreState(engine.stateSnapshot().map { ($0.key, $0.value) })
        engine = next
        lastSummary = EngineSummary()
    }
}
