namespace LocUnlearn.Study;

/// <summary>
/// The one home of every artifact of a study run (docs/run-directory.md):
/// <code>
/// config.json  manifest.json  data/ (synthetic world)
/// stages/pretrain/  stages/retain/               (θp, θr: model/ + record.json)
/// seeds/seed-S/inject/  inject-full/             (θo with v_tgt.json; the full-parameter reference)
/// seeds/seed-S/v_rdm.json
/// seeds/seed-S/unlearn/OBJECTIVE-REGION/         (trajectory.jsonl, result.json, model/ when kept)
/// seeds/seed-S/localize/METHOD/                  (scores.json, region.json, record.json)
/// seeds/seed-S/reconstruct/REGION/               (trajectory.jsonl, result.json)
/// seeds/seed-S/relearn/                          (the relearning attack's references and split)
/// results/                                       (tables, plots, summary.json, report.md)
/// </code>
/// </summary>
public sealed record RunLayout(string Root)
{
    public string ConfigFile => Path.Combine(Root, "config.json");
    public string ManifestFile => Path.Combine(Root, "manifest.json");
    public string DataDir => Path.Combine(Root, "data");
    public string Stage(string name) => Path.Combine(Root, "stages", name);
    public string SeedDir(long seed) => Path.Combine(Root, "seeds", $"seed-{seed}");
    public string Inject(long seed) => Path.Combine(SeedDir(seed), "inject");
    public string InjectFull(long seed) => Path.Combine(SeedDir(seed), "inject-full");
    public string TargetRegion(long seed) => Path.Combine(Inject(seed), "v_tgt.json");
    public string RandomRegion(long seed) => Path.Combine(SeedDir(seed), "v_rdm.json");
    public string Unlearn(long seed, string objective, Arm arm) => Path.Combine(SeedDir(seed), "unlearn", $"{objective}-{arm.Id}");
    public string Localize(long seed, string method) => Path.Combine(SeedDir(seed), "localize", method);
    public string Reconstruct(long seed, Arm arm) => Path.Combine(SeedDir(seed), "reconstruct", arm.Id);
    public string Relearn(long seed) => Path.Combine(SeedDir(seed), "relearn");
    public string ResultsDir => Path.Combine(Root, "results");

    public static string ModelDir(string stageDir) => Path.Combine(stageDir, "model");
}
