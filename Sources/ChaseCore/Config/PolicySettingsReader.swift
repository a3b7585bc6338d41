/// Reads the top-level `maintainers` list of `.chase/config.yml`: the git author emails that
/// `chase validate` lets change what only a reviewer or a maintainer may.
///
/// ```yaml
/// maintainers: [lead@example.com, producer@example.com]
/// ```
public enum PolicySettingsReader {
    public static func apply(root: YAMLNode, to config: inout Config) throws(FileProblem) {
        guard case .mapping(let pairs, _) = root, let node = pairs.first(where: { $0.key.text == "maintainers" })?.value else { return }
        config.maintainers = try ConfigYAML.list(node, "maintainers").map { (email, item) throws(FileProblem) in
            guard email.contains("@"), !email.contains(" ") else {
                throw ConfigYAML.problem(item, "maintainers: '\(email)' is not an email address")
            }
            return email
        }
    }
}
