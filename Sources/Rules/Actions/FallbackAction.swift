/// `fallback`: asks for a group to run on on-demand capacity (by default
/// all of it) instead of Spot.
enum FallbackAction: CommandAction {
    static let name = "fallback"
    static let keys: [ActionKey] = [
        .required("group"), .optional("capacity-provider"), .defaulted("on-demand-percentage", to: .number("100")),
        .defaulted("on-demand-base-capacity", to: .number("0")),
    ]
    static let detailType = "Rulebridge On-Demand Fallback"
    static let recordKey = "group"
}
