namespace LocUnlearn.Common.Progress;

/// <summary>
/// One unit of tracked work. Disposing completes it, so a <c>using</c> block reports the end even when the
/// work throws.
/// </summary>
public interface IProgressTask : IDisposable
{
    void Advance(long n = 1);

    void SetDescription(string description);

    void Complete();
}
