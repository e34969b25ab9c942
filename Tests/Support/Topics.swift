/// The topics one engine (or one group of engines) works with.
package struct Topics: Sendable {
    package var input: String
    package var actions: String
    package var notifications: String
    package var deadLetter: String
    package var changelog: String

    package init(tag: String) {
        input = "\(tag)-in"
        actions = "\(tag)-actions"
        notifications = "\(tag)-notifications"
        deadLetter = "\(tag)-dead-letter"
        changelog = "\(tag)-state"
    }

    package var all: [String] { [input, actions, notifications, deadLetter, changelog] }

    /// Physical topic of each logical destination that `replay` names.
    package var outputs: [(logical: String, topic: String)] {
        [("actions", actions), ("notifications", notifications), ("dead-letter", deadLetter)]
    }
}
