/// `requeue`: asks the job scheduler to run a job again, from its checkpoint
/// when it has one (rules/README.md, "Actions").
enum RequeueAction: CommandAction {
    static let name = "requeue"
    static let keys: [ActionKey] = [
        .required("job-id"), .optional("queue"), .optional("checkpoint"), .defaulted("priority", to: "high"),
        .defaulted("resume", to: true), .optional("instance-id"),
    ]
    static let detailType = "Rulebridge Requeue"
    static let recordKey = "job-id"
}
