namespace LocUnlearn.Tests;

/// <summary>The repository this test assembly was built from: the first folder above it holding LocUnlearn.slnx.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LocUnlearn.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("repository root (LocUnlearn.slnx) not found above the test assembly");
    }
}
