namespace LocUnlearn.Common.Progress;

/// <summary>
/// Where long stages report how far they are. The orchestration only talks to this interface; the CLI picks a
/// live terminal display or plain log lines (CI, redirected output), tests a no-op or a captured writer.
/// Implementations are safe to call from several threads.
/// </summary>
public interface IProgressSink
{
    /// <param name="stage">Pipeline stage, e.g. "theta_r", "unlearn", "evaluate".</param>
    /// <param name="description">What runs in it, e.g. "wga oracle seed 3".</param>
    /// <param name="total">Units of work (steps, items); 0 or less when unknown.</param>
    IProgressTask Start(string stage, string description, long total);

    /// <summary>A message that is not progress: a result, a warning, a file written.</summary>
    void Log(string message);
}
