/// Paths inside the workflow repository, and the checks that keep the bot inside it.
public enum RepoPath {
    public static let queue = "queue/"
    public static let reviews = "reviews/"
    public static let outputs = "outputs/"
    public static let watched = [queue, reviews, outputs]

    /// Where the task `id` lives: `queue/<id>.md`.
    public static func task(_ id: String) -> String { queue + id + ".md" }

    /// Where the review `id` lives: `reviews/<id>.md` (ids from `Review.id(task:type:revision:)`).
    public static func review(_ id: String) -> String { reviews + id + ".md" }

    /// The file name without folders and without `.md`.
    public static func stem(_ path: String) -> String {
        // ASCII paths (all the bot names) by bytes, in place; anything else as the characters say.
        guard path.isASCII else { return stemByCharacters(path) }
        var copy = path
        let range: Range<Int>? = copy.withUTF8 { b in
            var end = b.count
            while end > 0, b[end - 1] == 0x2F { end -= 1 }
            guard end > 0 else { return nil }
            var start = end
            while start > 0, b[start - 1] != 0x2F { start -= 1 }
            if end - start >= 3, b[end - 3] == 0x2E, b[end - 2] == 0x6D, b[end - 1] == 0x64 { return start..<(end - 3) }
            return start..<end
        }
        guard let range else { return stemByCharacters(path) }
        let utf8 = path.utf8
        return String(path[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)])
    }

    /// The first form of `stem`, kept as the reference its fast form is tested against.
    static func stemByCharacters(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// A relative, normalised path below `outputs/`, with no `..`, `.`, empty or `.git` part.
    public static func isSafeOutput(_ path: String) -> Bool {
        // ASCII paths by bytes, in place; anything else as the characters say.
        // A combining mark can join a '/' or '\\' into another character: those paths go the slow way.
        guard path.isASCII else { return isSafeOutputByCharacters(path) }
        var copy = path
        let answer: Bool? = copy.withUTF8 { b in
            let prefix = Array(outputs.utf8)
            guard b.count >= prefix.count, zip(b, prefix).allSatisfy({ $0 == $1 }) else { return false }
            func safe(_ from: Int, _ to: Int) -> Bool {
                let n = to - from
                if n == 0 || (n == 1 && b[from] == 0x2E) || (n == 2 && b[from] == 0x2E && b[from + 1] == 0x2E) { return false }
                // ".git" in any case
                return !(n == 4 && b[from] == 0x2E && b[from + 1] | 0x20 == 0x67 && b[from + 2] | 0x20 == 0x69 && b[from + 3] | 0x20 == 0x74)
            }
            var start = 0
            for i in 0..<b.count {
                let c = b[i]
                if c == 0x5C || c == 0 { return false }
                if c == 0x2F {
                    guard safe(start, i) else { return false }
                    start = i + 1
                }
            }
            return safe(start, b.count)
        }
        return answer ?? isSafeOutputByCharacters(path)
    }

    /// The first form of `isSafeOutput`, kept as the reference its fast form is tested against.
    static func isSafeOutputByCharacters(_ path: String) -> Bool {
        guard path.hasPrefix(outputs), !path.contains("\\"), !path.contains("\0") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && $0.lowercased() != ".git" }
    }
}
