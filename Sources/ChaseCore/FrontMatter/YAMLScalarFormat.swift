/// How the bot writes a scalar value: plain when that reads back as the same string, else
/// double-quoted with escapes.
public enum YAMLScalarFormat {
    /// The YAML text for `text` as a block mapping value (what follows `key: `).
    ///
    /// Plain when all of these hold: non-empty; no leading or trailing space or tab; the first
    /// character is not a YAML indicator (``-?:,[]{}#&*!|>'"%@` ``), except `-` followed by a digit
    /// ("-1"); no ": ", ":" + tab, " #" or tab + "#" inside and no ":" at the end; only printable
    /// characters (no control characters, tabs, line breaks, U+FEFF); and not a word that YAML 1.1
    /// reads as null or a bool (null, ~, true, false, yes, no, on, off in any case).
    /// Otherwise a double-quoted string with `\"`, `\\`, `\n`, `\t`, `\r` and `\uXXXX` escapes.
    public static func render(_ text: String) -> String {
        isPlainSafe(text) ? text : doubleQuoted(text)
    }

    /// Whether `text` written plain reads back as exactly `text`.
    public static func isPlainSafe(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        if first == " " || last == " " || last == ":" { return false }
        if indicators.contains(first) {
            guard first == "-", scalars.count > 1, ("0"..."9").contains(scalars[1]) else { return false }
        }
        if reservedWords.contains(text.lowercased()) { return false }
        for (index, scalar) in scalars.enumerated() {
            guard isPrintable(scalar), scalar != "\t" else { return false }
            if scalar == ":", index + 1 < scalars.count, scalars[index + 1] == " " { return false }
            if scalar == "#", index > 0, scalars[index - 1] == " " { return false }
        }
        return true
    }

    /// `text` as a double-quoted YAML scalar.
    public static func doubleQuoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFFFF {
                    out += "\\u" + hex(scalar.value, digits: 4)
                } else {
                    out += "\\U" + hex(scalar.value, digits: 8)
                }
            }
        }
        return out + "\""
    }

    static let indicators: Set<Unicode.Scalar> = [
        "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`",
    ]

    static let reservedWords: Set<String> = ["null", "~", "true", "false", "yes", "no", "on", "off"]

    /// Characters YAML allows unescaped, minus line breaks: printable ASCII, then U+00A0 and up
    /// except surrogates, U+2028, U+2029, U+FEFF, U+FFFE and U+FFFF.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20...0x7E: return true
        case 0xA0...0xD7FF: return scalar.value != 0x2028 && scalar.value != 0x2029
        case 0xE000...0xFFFD: return scalar.value != 0xFEFF
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let raw = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - raw.count)) + raw
    }
}
