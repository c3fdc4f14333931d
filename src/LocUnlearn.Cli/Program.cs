using System.CommandLine;
using LocUnlearn.Cli.Commands;

var root = new RootCommand("LocUnlearn: controlled experiments on localized knowledge unlearning in language models.");
foreach (Command command in CommandCatalog.All())
    root.Subcommands.Add(command);
return await CliErrors.InvokeAsync(root.Parse(args));
