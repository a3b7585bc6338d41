import ChaseCore
import GitKit

/// The team's configuration as of one commit: `.chase/config.yml` in its tree, or the built-in
/// defaults (the blueprint's tables) when there is none.
enum ConfigLoader {
    static let path = ".chase/config.yml"

    static func load(repo: Repository, tree: Oid, fallback: Config) throws -> Config {
        // The configuration file format arrives with the rules issue; until then the defaults apply.
        fallback
    }
}
