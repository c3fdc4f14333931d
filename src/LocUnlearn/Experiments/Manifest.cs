using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LocUnlearn.Experiments.Stages;
using LocUnlearn.Model.Checkpoints;

namespace LocUnlearn.Experiments;

/// <summary>manifest.json: versions, git commit, seeds, hashes of data and models, machine, wall time per stage.</summary>
public static class Manifest
{
    public static void Write(StudyContext ctx, StudyOutcome outcome, string dataFolder, string thetaR)
    {
        var manifest = new JsonObject
        {
            ["tool"] = "locunlearn",
            ["version"] = typeof(Manifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            ["git_commit"] = GitCommit(),
            ["torchsharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString(),
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["written_utc"] = DateTime.UtcNow.ToString("o"),
            ["preset"] = outcome.Config.Preset,
            ["seeds"] = new JsonArray(outcome.Config.SeedList.Select(s => (JsonNode)s).ToArray()),
            ["data"] = new JsonObject { ["folder"] = dataFolder, ["forget_retain_sha256"] = ctx.Data.Hash },
            ["models"] = new JsonObject
            {
                ["theta_r"] = WeightsHash(thetaR),
                ["theta_o"] = new JsonObject(outcome.Seeds.Select(s => KeyValuePair.Create($"seed-{s.Seed}", (JsonNode?)WeightsHash(s.ThetaO)))),
            },
            ["machine"] = new JsonObject
            {
                ["os"] = RuntimeInformation.OSDescription,
                ["cpu_cores"] = Environment.ProcessorCount,
                ["device"] = outcome.Config.Device,
                ["torch_threads"] = TorchSharp.torch.get_num_threads(),
            },
            ["wall_seconds"] = new JsonObject(outcome.Timings.Seconds.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 2)))),
            ["wall_seconds_total"] = Math.Round(outcome.WallSeconds, 2),
        };
        StageStore.WriteAtomically(outcome.Layout.ManifestFile, manifest.ToJsonString(new() { WriteIndented = true }));
    }

    private static string WeightsHash(string modelDir) => StudyData.HashFiles(ModelFolder.WeightFiles(modelDir));

    private static string GitCommit()
    {
        try
        {
            var start = new ProcessStartInfo("git", "rev-parse HEAD")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var git = Process.Start(start);
            if (git is null) return "unknown";
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown"; // no git on this machine
        }
    }
}
