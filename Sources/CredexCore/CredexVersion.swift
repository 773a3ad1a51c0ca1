/// The version of this Credex build, recorded in what it produces for later reproduction.
public enum CredexVersion {
    public static let current = "0.7.0"
}
