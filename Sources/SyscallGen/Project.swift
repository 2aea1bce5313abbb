/// Facts about sysshim itself that generated files state (the man pages'
/// `.TH` source, the library's pkg-config version): defined once, here.
public enum Project {
    public static let name = "sysshim"
    /// The release the generated files belong to; bump it with every release.
    public static let version = "0.1.0"
}
