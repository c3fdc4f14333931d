namespace LocUnlearn.Tests;

/// <summary>
/// Locates the shared test files (real TOFU, real tokenizers): the repository root is the first folder above the test
/// assembly holding LocUnlearn.slnx, and the shared folder is its sibling <c>../shared</c>.
/// </summary>
internal static class SharedFiles
{
    public static string? Root { get; } = FindRoot();

    public static string? Path(string relative)
    {
        if (Root is null)
            return null;
        string path = System.IO.Path.Combine(Root, relative);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    public static string Require(string relative) =>
        Path(relative) ?? throw new InvalidOperationException($"shared file {relative} is missing");

    private static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "LocUnlearn.slnx")))
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared"));
        }
        return null;
    }
}

/// <summary>A fact that needs a file of the shared folder and is skipped, saying which, when it is absent.</summary>
internal sealed class SharedFileFactAttribute : FactAttribute
{
    public SharedFileFactAttribute(params string[] relativePaths)
    {
        string[] missing = relativePaths.Where(p => SharedFiles.Path(p) is null).ToArray();
        if (missing.Length > 0)
            Skip = $"shared test files absent: {string.Join(", ", missing)} (expected under ../shared next to the repository)";
    }
}
