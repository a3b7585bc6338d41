/// Task ids are PREFIX-NUMBER (`CONTENT-010`); the file stem must equal the id.
public enum TaskID {
    public static func isValid(_ id: String) -> Bool {
        // Every valid id is ASCII: PREFIX (A–Z, 0–9, a letter first), one '-', one to nine digits.
        var prefixLength = 0, digits = 0, dashes = 0
        for c in id.utf8 {
            if c == 0x2D {
                dashes += 1
                if dashes > 1 { return false }
            } else if dashes == 0 {
                guard (c >= 0x41 && c <= 0x5A) || (prefixLength > 0 && c >= 0x30 && c <= 0x39) else { return false }
                prefixLength += 1
            } else {
                guard c >= 0x30 && c <= 0x39 else { return false }
                digits += 1
            }
        }
        return dashes == 1 && prefixLength > 0 && digits > 0 && digits <= 9
    }

    /// The first form of `isValid`, kept as the reference its fast form is tested against.
    static func isValidByCharacters(_ id: String) -> Bool {
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
        // ASCII paths (all the bot names) by bytes; anything else as the characters say.
        let utf8 = path.utf8
        if path.isASCII {
            var end = utf8.endIndex
            while end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x2F { end = utf8.index(before: end) }
            if end > utf8.startIndex {
                var start = end
                while start > utf8.startIndex, utf8[utf8.index(before: start)] != 0x2F { start = utf8.index(before: start) }
                let name = utf8[start..<end]
                if name.count >= 3, name.suffix(3).elementsEqual(".md".utf8) {
                    return String(path[start..<utf8.index(end, offsetBy: -3)])
                }
                return String(path[start..<end])
            }
        }
        return stemByCharacters(path)
    }

    /// The first form of `stem`, kept as the reference its fast form is tested against.
    static func stemByCharacters(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// A relative, normalised path below `outputs/`, with no `..`, `.`, empty or `.git` part.
    public static func isSafeOutput(_ path: String) -> Bool {
        // ASCII paths by bytes; anything else as the characters say.
        let utf8 = path.utf8
        guard path.isASCII else { return isSafeOutputByCharacters(path) }
        guard utf8.starts(with: outputs.utf8) else { return false }
        var component: [UInt8] = []
        component.reserveCapacity(32)
        func safe(_ part: [UInt8]) -> Bool {
            guard !part.isEmpty, part != [0x2E], part != [0x2E, 0x2E] else { return false }
            // ".git" in any case
            return !(part.count == 4 && part[0] == 0x2E && part[1] | 0x20 == 0x67 && part[2] | 0x20 == 0x69 && part[3] | 0x20 == 0x74)
        }
        for c in utf8 {
            if c == 0x5C || c == 0 { return false }
            if c == 0x2F {
                guard safe(component) else { return false }
                component.removeAll(keepingCapacity: true)
            } else {
                component.append(c)
            }
        }
        return safe(component)
    }

    /// The first form of `isSafeOutput`, kept as the reference its fast form is tested against.
    static func isSafeOutputByCharacters(_ path: String) -> Bool {
        guard path.hasPrefix(outputs), !path.contains("\\"), !path.contains("\0") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." && $0.lowercased() != ".git" }
    }
}
