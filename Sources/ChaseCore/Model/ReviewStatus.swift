/// A review's verdict; `closed` is written by the bot when its round was sent back.
public enum ReviewStatus: String, Sendable, CaseIterable, Codable {
    case pending, approved
    case changesRequested = "changes_requested"
    case rejected, closed

    public var sendsBack: Bool { self == .changesRequested || self == .rejected }
}
