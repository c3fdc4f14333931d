using System.CommandLine;
using System.CommandLine.Help;

namespace LocUnlearn.Cli.Commands;

/// <summary>Every top-level verb of the `locunlearn` command, one factory per verb (each in its own file).</summary>
internal static class CommandCatalog
{
    public const string Name = "locunlearn";

    /// <summary>The root command, named as users type it (a RootCommand would take the assembly's name, LocUnlearn.Cli).</summary>
    public static Command Root()
    {
        var root = new Command(Name, "LocUnlearn: controlled experiments on localized knowledge unlearning in language models.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (var command in All())
            root.Subcommands.Add(command);
        return root;
    }

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
