using Spectre.Console;
using Spectre.Console.Rendering;

namespace LocUnlearn.Cli.Progress;

/// <summary>"120/500": the step counter Spectre's built-in columns lack (they show percent or bytes).</summary>
internal sealed class StepCountColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        task.IsIndeterminate
            ? new Spectre.Console.Text(FormattableString.Invariant($"{task.Value:F0}"))
            : new Spectre.Console.Text(FormattableString.Invariant($"{task.Value:F0}/{task.MaxValue:F0}"));
}
