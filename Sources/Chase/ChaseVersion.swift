/// The version of Chase, as `chase --version` prints it and `chase init` pins its workflows to
/// (the tag `v` + this) until told which release to use. Raise it with each release tag.
public enum ChaseVersion {
    public static let current = "1.0.0"
}
