import ChaseCore
import GitKit

/// The team's configuration as of one commit: `.chase/config.yml` in its tree, or the built-in
/// defaults (the blueprint's tables) when there is none.
enum ConfigLoader {
    static let path = ConfigReader.path

    static func load(repo: Repository, tree: Oid, fallback: Config) throws -> Config {
        guard let bytes = try repo.blob(at: path, in: tree)?.bytes else { return fallback }
        do {
            return try ConfigReader.read(bytes, over: fallback)
        } catch {
            throw ChaseError.invalidConfig(error.description)
        }
    }

    /// What is wrong with the config file of a tree, if anything (for `chase validate`).
    static func problem(repo: Repository, tree: Oid, fallback: Config) throws -> FileProblem? {
        guard let bytes = try repo.blob(at: path, in: tree)?.bytes else { return nil }
        do {
            _ = try ConfigReader.read(bytes, over: fallback)
            return nil
        } catch {
            return error
        }
    }
}
