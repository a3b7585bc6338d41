/// The GitHub Actions workflows `chase init` writes into a repository; the same text as this
/// repository's own `.github/workflows/`.
public enum WorkflowTemplates {
    /// (path in the repository, file text). Filled in by the GitHub workflows work.
    public static let files: [(path: String, text: String)] = []
}
