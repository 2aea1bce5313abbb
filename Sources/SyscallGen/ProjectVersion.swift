/// The release of sysshim, named in outputs that carry a version (the man
/// pages' .TH source, sysshim.pc). The Makefile reads it from here too.
public enum ProjectVersion {
    public static let current = "0.1.0"
}
