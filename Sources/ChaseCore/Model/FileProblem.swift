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

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
