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
public enum EntryKind: Sendable, Equatable {
    case file, symlink, other
}

/// Turns one file's bytes into a `ParsedFile`. Pure: the same bytes and path give the same result,
/// which is what lets the engine cache results by blob id.
public enum QueueFileParser {
    public static func parse(path: String, kind: EntryKind, bytes: [UInt8], limits: FrontMatterLimits = .default) -> ParsedFile {
        let isTask = path.hasPrefix(RepoPath.queue)
        let isReview = path.hasPrefix(RepoPath.reviews)
        guard isTask || isReview else { return .other }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasPrefix(".") || name.lowercased() == "readme.md" { return .other }
        func invalid(_ message: String, line: Int? = nil) -> ParsedFile {
            .invalid(FileProblems([FileProblem(path: path, line: line, message: message)]))
        }
        guard kind == .file else {
            return invalid(kind == .symlink ? "symbolic links are not read; commit the file itself" : "not a regular file")
        }
        guard path.hasSuffix(".md") else { return invalid("only Markdown files (.md) belong here") }
        guard path.split(separator: "/").count == 2 else {
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
