import ChaseCore
import GitKit

/// Parsed files by blob id and path: an unchanged file is parsed once per run.
/// (The id alone is not enough: the same bytes under another name fail the id == file name check.)
final class ParseCache {
    private var entries: [String: ParsedFile] = [:]
    private(set) var hits = 0
    private(set) var misses = 0

    func parsed(path: String, oid: Oid, mode: UInt32?, in repo: Repository) throws -> ParsedFile {
        let key = "\(oid.hex) \(path)"
        if let hit = entries[key] { hits += 1; return hit }
        misses += 1
        let kind = EntryKind(mode: mode)
        let limits = FrontMatterLimits.default
        let bytes: [UInt8]
        if kind == .file, path.hasPrefix(RepoPath.queue) || path.hasPrefix(RepoPath.reviews) {
            // Size first, so a huge blob is refused without loading it.
            let size = try repo.blobSize(oid)
            if size > limits.maxFileBytes {
                let parsed = ParsedFile.invalid(FileProblems([FileProblem(
                    path: path, message: FrontMatterError.tooLarge(bytes: size, limit: limits.maxFileBytes).description)]))
                entries[key] = parsed
                return parsed
            }
            bytes = try repo.blob(oid)
        } else {
            bytes = []
        }
        let parsed = QueueFileParser.parse(path: path, kind: kind, bytes: bytes, limits: limits)
        entries[key] = parsed
        return parsed
    }
}

extension EntryKind {
    init(mode: UInt32?) {
        switch mode {
        case 0o100644, 0o100755, nil: self = .file
        case 0o120000: self = .symlink
        default: self = .other
        }
    }
}
