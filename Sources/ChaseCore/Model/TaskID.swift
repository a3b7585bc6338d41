/// Task ids are PREFIX-NUMBER (`CONTENT-010`); the file stem must equal the id.
public enum TaskID {
    public static func isValid(_ id: String) -> Bool {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let prefix = parts.first, let number = parts.last,
              let first = prefix.unicodeScalars.first, ("A"..."Z").contains(first),
              prefix.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }),
              !number.isEmpty, number.count <= 9, number.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) })
        else { return false }
        return true
    }

    /// The prefix of a valid id (`CONTENT` of `CONTENT-010`).
    public static func prefix(of id: String) -> String {
        String(id.prefix(while: { $0 != "-" }))
    }

    /// The number of a valid id and how many digits it was written with.
    public static func number(of id: String) -> (value: Int, width: Int)? {
        guard let dash = id.firstIndex(of: "-") else { return nil }
        let digits = id[id.index(after: dash)...]
        guard let value = Int(digits) else { return nil }
        return (value, digits.count)
    }
}

/// Paths inside the workflow repository, and the checks that keep the bot inside it.
public enum RepoPath {
    public static let queue = "queue/"
    public static let reviews = "reviews/"
    public static let outputs = "outputs/"
    public static let watched = [queue, reviews, outputs]

    /// The file name without folders and without `.md`.
    public static func stem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// A relative, normalised path below `outputs/`, with no `..`, `.`, empty or `.git` part.
    public static func isSafeOutput(_ path: String) -> Bool {
        guard path.hasPrefix(outputs), !path.contains("\\"), !path.contains("\0") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && $0.lowercased() != ".git" }
    }
}
