using System.Text.Json.Nodes;

namespace LocUnlearn.Tests.Machine;

/// <summary>
/// scripts/device-check with --device cpu on this build's CLI: every part runs on the CPU with small sizes and lands in
/// device-check.json (the eager reference only where this machine's Python has torch and transformers). The GPU run
/// of the same script is what issue 21's device session does; this keeps the script working between those sessions.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DeviceCheckScriptEndToEndTests : IDisposable
{
    private readonly TempFolder temp = new();
    public void Dispose() => temp.Dispose();

    [EndToEndFact]
    public void EveryPartRunsOnTheCpuAndIsRecorded()
    {
        string script = Path.Combine(Repository.Root, "scripts", "device-check");
        string output = Path.Combine(temp.Path, "check");
        var outcome = ChildProcess.Run(script, [output, "--device", "cpu", "--app", Path.Combine(AppContext.BaseDirectory, "LocUnlearn.Cli.dll"), "--budget", "300"],
            new Dictionary<string, string?> { ["OMP_WAIT_POLICY"] = "PASSIVE" }, TimeSpan.FromMinutes(6));

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var parts = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "device-check.json")))!["parts"]!.AsObject();
        string[] expected = ["a_doctor", "b_parity", "c_masked_step", "d_tiny", "e_tool", "f_retain", "f_inject", "f_unlearn", "f_evaluate"];
        foreach (string name in expected)
            Assert.True(parts[name]?["status"]?.GetValue<string>() == "ok", $"{name}: {parts[name]?.ToJsonString()}\n{File.ReadAllText(Path.Combine(output, "device-check.log"))}");
        Assert.True(parts["a_doctor"]!["result"]!["ok"]!.GetValue<bool>());
        Assert.True(parts["d_tiny"]!["result"]!["report_written"]!.GetValue<bool>());
        Assert.Contains(parts["e_eager_reference"]!["status"]!.GetValue<string>(), new[] { "ok", "skipped" });
    }
}
