using LocUnlearn.Model;

namespace LocUnlearn.Study;

/// <summary>
/// The models the jobs of one process work on, kept from one job to the next: the inline run loads each seed's θo once
/// for all its evaluations, localizers and region runs (each of which leaves θo bit-identical), and θr once for all
/// reconstruction runs. Only what the current job asks for stays loaded, so memory holds no more than one job needs.
/// Jobs that change a model for good (the stages) load their own copy instead.
/// </summary>
public sealed class ModelCache(Func<string, LlamaForCausalLM> load) : IDisposable
{
    private readonly Dictionary<string, LlamaForCausalLM> loaded = new(StringComparer.Ordinal);

    /// <summary>The models in these folders, reused or loaded; every other cached model is disposed first.</summary>
    public IReadOnlyList<LlamaForCausalLM> Use(params string[] dirs)
    {
        var wanted = dirs.Select(Path.GetFullPath).ToList();
        foreach (var dir in loaded.Keys.Except(wanted).ToList())
        {
            loaded[dir].Dispose();
            loaded.Remove(dir);
        }
        foreach (var dir in wanted.Where(d => !loaded.ContainsKey(d)))
            loaded[dir] = load(dir);
        return wanted.Select(d => loaded[d]).ToList();
    }

    public void Dispose() => Use();
}
