/// The version of Chase, as `chase --version` prints it. Raise it with each release tag.
public enum ChaseVersion {
    public static let current = "0.1.0"
}
