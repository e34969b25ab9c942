/// `drain`: asks for an instance to be drained before it goes away.
enum DrainAction: CommandAction {
    static let name = "drain"
    static let keys: [ActionKey] = [.required("instance-id"), .optional("deadline"), .optional("reason")]
    static let detailType = "Rulebridge Drain"
    static let recordKey = "instance-id"
}
