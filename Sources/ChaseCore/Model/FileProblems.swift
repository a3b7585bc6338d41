/// One or more problems found in one file; the first is the headline.
public struct FileProblems: Error, Sendable, Equatable, CustomStringConvertible {
    public var all: [FileProblem]
    public init(_ all: [FileProblem]) { self.all = all }
    public var first: FileProblem { all[0] }
    public var description: String { all.map(\.description).joined(separator: "; ") }
}
