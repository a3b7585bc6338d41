import Foundation

/// `chase new task`: the next free id for a prefix and the text of a new, valid task file.
public enum NewTaskFile {
    /// The id prefix a task type gets by default (`content` → `CONTENT`).
    public static func prefix(for type: TaskType) -> String { type.rawValue.uppercased() }

    /// One more than the highest number any of `taken` has for `prefix`, written with as many
    /// digits as the widest of them (at least 3: `CONTENT-001`). `taken` holds ids or file stems,
    /// valid or not, so a file that does not parse still keeps its number.
    public static func nextID(prefix: String, taken: [String]) -> String {
        var highest = 0, width = 3
        for id in taken where TaskID.prefix(of: id) == prefix && id.count > prefix.count {
            guard let number = TaskID.number(of: id) else { continue }
            highest = max(highest, number.value)
            width = max(width, number.width)
        }
        let digits = String(highest + 1)
        return "\(prefix)-" + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// What a person asks for: the title, type and the optional keys.
    public struct Request: Sendable, Equatable {
        public var title: String
        public var type: TaskType
        public var contentType: String?
        public var priority: Priority
        public var dependsOn: [String]
        public var reviewTier: Int?
        public var body: String

        public init(title: String, type: TaskType, contentType: String? = nil, priority: Priority = .p2,
                    dependsOn: [String] = [], reviewTier: Int? = nil, body: String = "") {
            self.title = title; self.type = type; self.contentType = contentType; self.priority = priority
            self.dependsOn = dependsOn; self.reviewTier = reviewTier; self.body = body
        }
    }

    /// The file's text, checked by parsing it back as a task; the problem when the request cannot
    /// make a valid task (an empty title, a bad dependency id). `status` is pending; the bot fills
    /// `assignee` and `created`.
    public static func text(id: String, _ request: Request) -> Result<[UInt8], FileProblems> {
        let path = RepoPath.task(id)
        let task = Task(path: path, id: id, title: request.title.trimmingCharacters(in: .whitespacesAndNewlines),
                        type: request.type, contentType: request.contentType, priority: request.priority,
                        reviewTier: request.reviewTier, status: .pending, dependsOn: request.dependsOn)
        let body = request.body.isEmpty || request.body.hasSuffix("\n") ? request.body : request.body + "\n"
        let bytes = QueueFileText.task(task, body: body)
        switch QueueFileParser.parse(path: path, kind: .file, bytes: bytes) {
        case .task: return .success(bytes)
        case .invalid(let problems): return .failure(problems)
        default: return .failure(FileProblems([FileProblem(path: path, message: "not a task file")]))
        }
    }
}
