/// Who `chase validate` judges a range of commits as: the identity something outside the commits
/// vouches for, or (a local run) the author each commit claims.
public enum ChangeActor: Sendable, Equatable {
    /// A GitHub account, as GitHub vouches for it: a pull request's author. Every change in the
    /// range is this account's, whatever author its commits claim.
    case login(String)
    /// Agent N, as the job that ran it vouches for it: every change is the agent's.
    case agent(Int)
    /// Each commit's author email. Anyone can set an email, so this proves nothing: for local runs.
    case commitAuthors

    /// `@lead` → `lead`: how a login is compared (GitHub logins ignore case).
    public static func normalizedLogin(_ text: String) -> String {
        (text.hasPrefix("@") ? String(text.dropFirst()) : text).lowercased()
    }

    /// Whether `text` is a GitHub login (letters, digits and single hyphens, at most 39, or an app's
    /// `name[bot]`), with or without its `@`.
    public static func isLogin(_ text: String) -> Bool {
        var name = Substring(text.hasPrefix("@") ? String(text.dropFirst()) : text)
        if name.hasSuffix("[bot]") { name = name.dropLast(5) }
        guard (1...39).contains(name.count), name.first != "-", name.last != "-", !name.contains("--") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
