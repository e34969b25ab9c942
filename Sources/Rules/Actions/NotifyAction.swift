import Events
import JSON

/// `notify`: an SNS-style notification on the notifications topic, held back
/// while an identical one (same cooldown key) is within its `cooldown`.
enum NotifyAction: RuleAction {
    static let name = "notify"
    static let keys: [ActionKey] = [
        .required("subject"), .required("message"), .defaulted("severity", to: "info"), .optional("topic-arn"),
        .duration("cooldown"), .optional("cooldown-key"),
    ]

    static func check(_ action: ActionSpec, _ context: ActionCheck) throws(RuleError) {
        if let severity = action.literalString("severity"), !["info", "warning", "critical"].contains(severity) {
            throw context.error(at: "severity", "severity must be info, warning or critical")
        }
    }

    /// How long identical notifications are held back, if at all.
    static func cooldown(of action: ActionSpec) -> Int64? {
        action.type == NotifyAction.self ? action.durations["cooldown"] : nil
    }

    static func perform(_ action: ActionSpec, _ run: inout ActionRun) {
        let state = run.state
        let subject = run.parameter("subject", of: action).templateText
        let cooldownKey = run.rule.name + "/" + (action["cooldown-key"] == nil ? subject : run.parameter("cooldown-key", of: action).templateText)
        let cooldown = cooldown(of: action)
        if let cooldown, let last = state.lastNotified[cooldownKey], state.clock - last < cooldown {
            run.summary.notificationsSuppressed += 1
            return
        }
        if cooldown != nil { state.notified(cooldownKey, at: state.clock) }
        let trigger = run.trigger
        let arn = action["topic-arn"] == nil
            ? "arn:aws:sns:\(trigger.region):\(trigger.account):rulebridge-notifications"
            : run.parameter("topic-arn", of: action).templateText
        func attribute(_ value: String) -> JSONValue { ["Type": "String", "Value": .string(value)] }
        let message: JSONValue = [
            "Type": "Notification",
            "MessageId": .string(run.id(of: action)),
            "TopicArn": .string(arn),
            "Subject": .string(String(subject.prefix(100))),
            "Message": .string(run.parameter("message", of: action).templateText),
            "Timestamp": .string(snsTimestamp(trigger.time)),
            "MessageAttributes": [
                "rule": attribute(run.rule.name),
                "severity": attribute(run.parameter("severity", of: action).templateText),
                "trigger-event-id": attribute(trigger.id),
            ],
        ]
        run.emit(message, to: .notifications, key: cooldownKey, for: action)
    }

    /// SNS always writes milliseconds: `2026-03-01T10:00:00.000Z`.
    private static func snsTimestamp(_ ms: Int64) -> String {
        let text = RFC3339.format(milliseconds: ms)
        return text.contains(".") ? text : String(text.dropLast()) + ".000Z"
    }
}
