import ChaseCore
import GitKit

/// The team's configuration as of one commit: `.chase/config.yml` in its tree, or the built-in
/// defaults (the blueprint's tables) when there is none.
enum ConfigLoader {
    static let path = ".chase/config.yml"

    static func load(repo: Repository, tree: Oid, fallback: Config) throws -> Config {
        // The configuration file format arrives with the rules issue; until then the defaults apply,
        // except for the sections of the notifications, the publisher and the dashboard.
        var config = fallback
        guard let bytes = try repo.blob(at: path, in: tree)?.bytes else { return config }
        do {
            guard let root = try YAMLReader.read(bytes) else { return config }
            try ServiceSettingsReader.apply(root: root, to: &config)
            try PolicySettingsReader.apply(root: root, to: &config)
        } catch let error as FrontMatterError {
            throw TickError.invalidConfig("\(path):\(error.line.map { "\($0):" } ?? "") \(error.message)")
        } catch let problem as FileProblem {
            throw TickError.invalidConfig(problem.description)
        }
        return config
    }
}
