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
