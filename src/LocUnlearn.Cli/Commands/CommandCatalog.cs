using System.CommandLine;

namespace LocUnlearn.Cli.Commands;

/// <summary>Every top-level verb of the `locunlearn` command, one factory per verb (each in its own file).</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return RunCommand.Create();
        yield return ModelCommand.Create();
        yield return DataCommand.Create();
        yield return EvalCommand.Create();
        yield return StageCommand.Create();
        yield return UnlearnCommand.Create();
        yield return LocalizeCommand.Create();
        yield return ReportCommand.Create();
        yield return PlanCommand.Create();
        yield return JobCommand.Create();
        yield return StatusCommand.Create();
        yield return BenchCommand.Create();
        yield return DoctorCommand.Create();
    }
}
