/// Something wrong with one file of the queue, said so a user can act on it
/// (`queue/CONTENT-010.md:7: depends_on names LORE-999, which does not exist`).
public struct FileProblem: Error, Sendable, Equatable, Hashable, CustomStringConvertible, Codable {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// One line whatever the file's name or the values quoted hold.
    public var description: String {
        if let line { return "\(path.oneLine):\(line): \(message.oneLine)" }
        return "\(path.oneLine): \(message.oneLine)"
    }
}
