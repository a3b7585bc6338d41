/// How a file of the watched folders reads: a task, a review, an invalid file, or
/// something the rules do not read (work products in `outputs/`).
public enum ParsedFile: Sendable, Equatable {
    case task(Task)
    case review(Review)
    case invalid(FileProblems)
    case other

    public var task: Task? { if case .task(let t) = self { return t }; return nil }
    public var review: Review? { if case .review(let r) = self { return r }; return nil }
    public var problems: FileProblems? { if case .invalid(let p) = self { return p }; return nil }
}

/// What kind of tree entry a path is; only regular files are read.
public enum EntryKind: Sendable, Equatable, Hashable {
    case file, symlink, other
}

/// Turns one file's bytes into a `ParsedFile`. Pure: the same bytes and path give the same result,
/// which is what lets the engine cache results by blob id.
public enum QueueFileParser {
    public static func parse(path: String, kind: EntryKind, bytes: [UInt8], limits: FrontMatterLimits = .default) -> ParsedFile {
        let isTask = path.hasPrefix(RepoPath.queue)
        let isReview = path.hasPrefix(RepoPath.reviews)
        guard isTask || isReview else { return .other }
        let shape = PathShape(path)
        let name = shape.name
        if name.hasPrefix(".") || shape.isReadme { return .other }
        func invalid(_ message: String, line: Int? = nil) -> ParsedFile {
            .invalid(FileProblems([FileProblem(path: path, line: line, message: message)]))
        }
        guard kind == .file else {
            return invalid(kind == .symlink ? "symbolic links are not read; commit the file itself" : "not a regular file")
        }
        guard path.hasSuffix(".md") else { return invalid("only Markdown files (.md) belong here") }
        guard shape.components == 2 else {
            return invalid("\(isTask ? "tasks" : "reviews") live directly in \(isTask ? RepoPath.queue : RepoPath.reviews), not in subfolders")
        }
        let fm: FrontMatter
        do {
            fm = try FrontMatter.parse(bytes, limits: limits)
        } catch {
            return invalid(error.message, line: error.line)
        }
        let result: Result<ParsedFile, FileProblems> = isTask
            ? Task.validate(fm, path: path).map(ParsedFile.task)
            : Review.validate(fm, path: path).map(ParsedFile.review)
        switch result {
        case .success(let parsed): return parsed
        case .failure(let problems): return .invalid(problems)
        }
    }
}

/// The last non-empty component of a path and how many non-empty components it has, as
/// `split(separator: "/")` counts them: by bytes for ASCII paths (all the bot names), else by characters.
struct PathShape {
    var name: String
    var components: Int

    init(_ path: String) {
        let utf8 = path.utf8
        guard path.isASCII else {
            let parts = path.split(separator: "/")
            name = parts.last.map(String.init) ?? path
            components = parts.count
            return
        }
        var count = 0
        var last: Range<String.Index>?
        var start = utf8.startIndex
        var i = utf8.startIndex
        while true {
            if i == utf8.endIndex || utf8[i] == 0x2F {
                if start < i {
                    count += 1
                    last = start..<i
                }
                if i == utf8.endIndex { break }
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        name = last.map { String(path[$0]) } ?? path
        components = count
    }

    /// `README.md` in any case (people's notes, never a task).
    var isReadme: Bool {
        let utf8 = name.utf8
        guard name.isASCII else { return name.lowercased() == "readme.md" }
        return utf8.count == 9 && zip(utf8, "readme.md".utf8).allSatisfy { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) == $1 }
    }
}
