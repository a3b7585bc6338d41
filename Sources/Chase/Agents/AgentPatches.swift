import Foundation

/// The agents' patches as the agents workflow hands them to `chase agents land`: `agent-NN.patch`
/// in a folder, directly or one folder down (`changes-agent-NN/agent-NN.patch`, as the artifacts
/// are downloaded). A folder that does not exist holds none: no agent changed anything.
public enum AgentPatches {
    public static func read(folder: String) throws -> [AgentLanding.Change] {
        let fm = FileManager.default
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { throw ChaseError.landingFailed("\(folder) is not a folder of agent-NN.patch files") }
        var found: [Int: String] = [:]
        func take(_ path: String, name: String, in parent: String?) throws {
            guard let agent = number(name, prefix: "agent-", suffix: ".patch") else { return }
            if let parent, let owner = number(parent, prefix: "changes-agent-", suffix: ""), owner != agent {
                throw ChaseError.landingFailed("\(path) is in the changes of agent \(owner), not of agent \(agent); nothing was landed")
            }
            if let other = found[agent] {
                throw ChaseError.landingFailed("two patches for agent \(agent): \(other) and \(path); nothing was landed")
            }
            found[agent] = path
        }
        for name in try fm.contentsOfDirectory(atPath: folder).sorted() {
            let path = (folder as NSString).appendingPathComponent(name)
            fm.fileExists(atPath: path, isDirectory: &isFolder)
            if !isFolder.boolValue { try take(path, name: name, in: nil); continue }
            for inner in try fm.contentsOfDirectory(atPath: path).sorted() {
                try take((path as NSString).appendingPathComponent(inner), name: inner, in: name)
            }
        }
        return try found.keys.sorted().map { agent in
            guard let data = fm.contents(atPath: found[agent]!) else { throw ChaseError.landingFailed("cannot read \(found[agent]!)") }
            return AgentLanding.Change(agent: agent, patch: Array(data))
        }
    }

    /// 2 from `agent-02.patch` (prefix `agent-`, suffix `.patch`): two digits or more, 0-99.
    private static func number(_ name: String, prefix: String, suffix: String) -> Int? {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        let digits = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard digits.count >= 2, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(digits), n <= 99 else { return nil }
        return n
    }
}
