/// `restore`: asks for a group's Spot mix back after a fallback (by default
/// no on-demand capacity).
enum RestoreAction: CommandAction {
    static let name = "restore"
    static let keys: [ActionKey] = [
        .required("group"), .optional("capacity-provider"), .defaulted("on-demand-percentage", to: .number("0")),
        .defaulted("on-demand-base-capacity", to: .number("0")),
    ]
    static let detailType = "Rulebridge Capacity Restore"
    static let recordKey = "group"
}
