using LocUnlearn.Cli.Commands;

return await CliErrors.InvokeAsync(CommandCatalog.Root().Parse(args));
