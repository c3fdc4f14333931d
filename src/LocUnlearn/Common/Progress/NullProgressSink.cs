namespace LocUnlearn.Common.Progress;

/// <summary>Discards all progress: for tests and library callers that want none.</summary>
public sealed class NullProgressSink : IProgressSink
{
    public static NullProgressSink Instance { get; } = new();

    public IProgressTask Start(string stage, string description, long total) => NullTask.Instance;

    public void Log(string message)
    {
    }

    private sealed class NullTask : IProgressTask
    {
        public static NullTask Instance { get; } = new();

        public void Advance(long n = 1)
        {
        }

        public void SetDescription(string description)
        {
        }

        public void Complete()
        {
        }

        public void Dispose()
        {
        }
    }
}
