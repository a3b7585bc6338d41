extension String {
    /// The text on one line: line breaks and other control characters written as escapes (`\n`,
    /// `\u{1B}`). Text from files (a file name, a YAML value) printed this way cannot start a line
    /// of its own, such as a GitHub Actions workflow command (`::add-mask::`, `::error::`).
    public var oneLine: String {
        func isControl(_ s: Unicode.Scalar) -> Bool {
            (s.value < 0x20 && s != "\t") || s.value == 0x7F || s.value == 0x85 || s.value == 0x2028 || s.value == 0x2029
        }
        guard unicodeScalars.contains(where: isControl) else { return self }
        var out = String.UnicodeScalarView()
        for s in unicodeScalars {
            switch s {
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case _ where isControl(s): out.append(contentsOf: "\\u{\(String(s.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(s)
            }
        }
        return String(out)
    }
}
