/// Reads the top-level `maintainers` list of `.chase/config.yml`: who `chase validate` lets change
/// what only a reviewer or a maintainer may. An entry starting with `@` is a GitHub login (what
/// `validate --actor` matches); any other is a git author email (a claim, for local runs).
///
/// ```yaml
/// maintainers: ["@lead", lead@example.com]
/// ```
public enum PolicySettingsReader {
    public static func apply(root: YAMLNode, to config: inout Config) throws(FileProblem) {
        guard case .mapping(let pairs, _) = root, let node = pairs.first(where: { $0.key.text == "maintainers" })?.value else { return }
        config.maintainers = try ConfigYAML.list(node, "maintainers").map { (entry, item) throws(FileProblem) in
            if entry.hasPrefix("@") {
                guard ChangeActor.isLogin(entry) else { throw ConfigYAML.problem(item, "maintainers: '\(entry)' is not a GitHub login") }
                return entry
            }
            guard entry.contains("@"), !entry.contains(" ") else {
                throw ConfigYAML.problem(item, "maintainers: '\(entry)' is neither a GitHub login (@name) nor an email address")
            }
            return entry
        }
    }
}
