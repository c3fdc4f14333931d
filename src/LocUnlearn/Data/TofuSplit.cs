namespace LocUnlearn.Data;

/// <summary>The rows of one loaded split, plus what the loader noticed but accepted (e.g. ambiguous questions).</summary>
public sealed record TofuSplit<T>(string Name, string Path, IReadOnlyList<T> Items, IReadOnlyList<string> Warnings)
{
    public int Count => Items.Count;
}
