using LocUnlearn.Config;
using LocUnlearn.Study.Units;
using LocUnlearn.Training;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Jobs;

/// <summary>Estimated wall time of one kind of job in a plan: how many jobs and their summed seconds.</summary>
public sealed record KindTime(JobKind Kind, int Jobs, double Seconds);

/// <summary>
/// Wall time of a study on a 2-core CPU machine like this project's (2 torch threads, no other load), from the config
/// and the vocabulary size: training costs rows × steps × a per-row cost that grows with the model's non-embedding
/// parameters, the output projection (vocabulary × hidden) and max_length; evaluations cost items × a per-token cost over
/// prompt and generated tokens. The constants are fitted to stage times measured here on quiet runs of `quick` (0.73 M
/// non-embedding parameters, 666-token vocabulary) and `standard` (2.9 M, 2,860), and to the `tofu` preset's cost per
/// step and per evaluation relative to `standard`'s, measured side by side at one thread (1.6 M, 18,887: the output
/// projection is most of a step there); expect ±50%, more on a loaded machine (a 2-core machine shared with other jobs
/// ran 3-4× slower). `locunlearn plan` prints it per kind of job.
/// </summary>
public static class TimeEstimate
{
    /// <summary>Seconds per full-parameter training row of 64 corpus tokens: fixed part, part per million non-embedding
    /// parameters and part per million output-projection weights (vocabulary × hidden). Fitted exactly to three θp stages:
    /// quick 300 × 32 rows in 8.5 s, standard 1500 × 32 rows in 115 s, and tofu (max_length 144) at 4.4 × standard's time
    /// per 32-row step.</summary>
    public const double RowSeconds = 0.508e-3, RowSecondsPerMParam = 0.406e-3, RowSecondsPerMLogit = 0.970e-3;

    /// <summary>A question-answer row (θr, θo, unlearning, reconstruction, the attack) against a corpus line of the same
    /// max_length: θr ran 1.7 × θp's time per row on standard and 1.45 × on tofu.</summary>
    public const double QaRowFactor = 1.5;

    /// <summary>A region run trains deltas on V_tgt only (no weight gradients): quick's θo, 400 × 40 rows in 10 s per seed,
    /// against 17 s for the same rows with every parameter free.</summary>
    public const double RegionRowFactor = 0.6;

    /// <summary>A forward pass without gradient (a frozen reference model) costs about a third of a training row.</summary>
    public const double ForwardRowFactor = 1.0 / 3;

    /// <summary>Seconds per evaluated token (prompt up to max_length plus max_new_tokens generated), fixed and per million
    /// of (non-embedding parameters + <see cref="EvaluationLogitWeight"/> × output-projection weights), least squares over
    /// one evaluation at 1 thread: quick 239 items × (64 + 32) tokens in 0.76 s, standard 1,417 items × (64 + 64) tokens
    /// in 14.5 s, tofu 1,417 items × (144 + 64) tokens at 5.4 × standard's time (fits within 0.97, 1.11 and 0.90);
    /// 2 threads take about 0.65 of that.</summary>
    public const double TokenSeconds = 0.0205e-3 * 0.65, TokenSecondsPerMParam = 0.00936e-3 * 0.65;

    /// <summary>Scoring an answer token reads the whole vocabulary (log-softmax, argmax) while the decoder layers run
    /// forward only, so per weight the output projection costs more in evaluation than in training.</summary>
    public const double EvaluationLogitWeight = 6;

    /// <summary>real_authors and world_facts items beside the retain items in model utility (TOFU: 100 and 117).</summary>
    public const int RealAuthorsItems = 100, WorldFactsItems = 117;

    /// <summary>Forget items when the data is a folder (TOFU has 4,000 QA pairs).</summary>
    public const int FolderQaPairs = 4000;

    /// <summary>Seconds per kind of job of <paramref name="plan"/>, in pipeline order; kinds without jobs are left out.</summary>
    /// <param name="vocab">the model's vocabulary size (the output projection's rows)</param>
    public static IReadOnlyList<KindTime> For(StudyPlan plan, ExperimentConfig c, int vocab) =>
        plan.Jobs.GroupBy(j => j.Kind).OrderBy(g => g.Key)
            .Select(g => new KindTime(g.Key, g.Count(), g.Sum(j => Seconds(j, c, vocab)))).ToList();

    /// <summary>Seconds of one job.</summary>
    public static double Seconds(PlannedJob job, ExperimentConfig c, int vocab)
    {
        double line = LineSeconds(c, vocab), qa = line * QaRowFactor, region = qa * RegionRowFactor, evaluation = EvaluationSeconds(c, vocab);
        var inject = c.Inject;
        int injectQa = inject.Training.BatchSize + inject.RetainReplay;
        var full = inject.FullTraining();
        double replayForward = Train(full, inject.RetainReplay, qa * ForwardRowFactor)
            + Train(full, inject.CorpusReplay, line * ForwardRowFactor);
        return job.Kind switch
        {
            JobKind.Pretrain => Train(c.Pretrain, c.Pretrain.BatchSize, line),
            JobKind.Retain => Train(c.Retain, c.Retain.BatchSize, qa) + Train(c.Retain, c.RetainCorpusReplay, line),
            JobKind.EvaluateThetaR or JobKind.EvaluateThetaO => evaluation,
            // θo and the reference report forget and retain ES of the new model (SplitFit).
            JobKind.Inject => Train(inject.Training, injectQa, region) + Train(inject.Training, inject.CorpusReplay, line * RegionRowFactor)
                + evaluation,
            JobKind.InjectFull => Train(full, injectQa, qa) + Train(full, inject.CorpusReplay, line) + evaluation
                + (inject.FullReplayLoss.UsesReference() ? replayForward : 0),
            JobKind.Unlearn or JobKind.UnlearnOverlap or JobKind.UnlearnLocalized => Unlearning(job, c, vocab, region, evaluation),
            JobKind.Relearn => AttackSeconds(c, vocab),
            // Localizers score V on the forget (and retain) set: about one pass over them with gradients.
            JobKind.Localize => 2 * ForgetItems(c) * qa,
            JobKind.Reconstruct => Train(c.Reconstruction.Training, c.Reconstruction.Training.BatchSize, region * (1 + ForwardRowFactor / RegionRowFactor))
                + Checkpoints(c.Reconstruction.Training.Steps, c.Reconstruction.EvalEvery) * evaluation,
            _ => 0,
        };
    }

    /// <summary>Seconds of one full-parameter training row of max_length corpus tokens (a QA row costs
    /// <see cref="QaRowFactor"/> times as much).</summary>
    public static double LineSeconds(ExperimentConfig c, int vocab) =>
        (RowSeconds + RowSecondsPerMParam * NonEmbeddingMParams(c.Model) + RowSecondsPerMLogit * OutputMParams(c.Model, vocab))
        * c.Data.MaxLength / 64.0;

    /// <summary>Seconds of one evaluation of a model (forget, retain and utility items, generation included).</summary>
    public static double EvaluationSeconds(ExperimentConfig c, int vocab)
    {
        var e = c.Evaluation;
        int Cap(int items) => e.UtilityItems > 0 ? Math.Min(items, e.UtilityItems) : items;
        int items = ForgetItems(c) + e.RetainItems + Cap(e.RetainItems) + Cap(RealAuthorsItems) + Cap(WorldFactsItems);
        return items * ItemSeconds(c, vocab);
    }

    /// <summary>Seconds of the relearning attack (experiment d) on one model: a full-parameter fine-tune on half of the
    /// forget items, and ES of the other half before and after it.</summary>
    public static double AttackSeconds(ExperimentConfig c, int vocab) =>
        Train(c.Relearn.Training, c.Relearn.Training.BatchSize, LineSeconds(c, vocab) * QaRowFactor) + ForgetItems(c) * ItemSeconds(c, vocab);

    /// <summary>Seconds of one evaluated item: max_length prompt-and-answer tokens plus max_new_tokens generated.</summary>
    public static double ItemSeconds(ExperimentConfig c, int vocab) =>
        (c.Data.MaxLength + c.Evaluation.MaxNewTokens)
        * (TokenSeconds + TokenSecondsPerMParam * (NonEmbeddingMParams(c.Model) + EvaluationLogitWeight * OutputMParams(c.Model, vocab)));

    /// <summary>Millions of output-projection weights: vocabulary × hidden.</summary>
    public static double OutputMParams(ModelConfig m, int vocab) => (double)vocab * m.HiddenSize / 1e6;

    /// <summary>Items of the forget split (forget01/05/10 are 1/5/10% of all QA pairs).</summary>
    public static int ForgetItems(ExperimentConfig c)
    {
        int pairs = c.Data.Source == DataSource.Synthetic ? c.Data.Authors * c.Data.QaPerAuthor : FolderQaPairs;
        int percent = int.TryParse(c.Data.ForgetSplit.Replace("forget", ""), out int p) ? p : 10;
        return pairs * percent / 100;
    }

    /// <summary>Millions of parameters in the decoder layers (attention with grouped KV heads and the SwiGLU MLP),
    /// from the config's model block; a given model (--model) counts as its config says, or as the default block.</summary>
    public static double NonEmbeddingMParams(ModelConfig m)
    {
        long hidden = m.HiddenSize, kv = hidden / m.Heads * m.KvHeads;
        long layer = 2 * hidden * hidden + 2 * hidden * kv + 3 * hidden * m.IntermediateSize;
        return m.Layers * layer / 1e6;
    }

    private static double Unlearning(PlannedJob job, ExperimentConfig c, int vocab, double region, double evaluation)
    {
        var t = c.Unlearn.Training;
        var objective = job.Objective is { } name ? UnlearningObjectives.Create(name, c.Unlearn.Settings) : null;
        // forget batch, plus the retain and refusal batches the objective reads, plus π_ref's forward passes
        double passes = 1 + (objective?.UsesRetain == true ? 1 : 0) + (objective?.UsesRefusals == true ? 1 : 0)
            + (objective?.UsesReference == true ? ForwardRowFactor / RegionRowFactor : 0);
        // Oracle, Random and overlap arms are attacked right after they finish, in the same job (experiment d).
        double attack = job.Region is { } arm && UnlearnUnit.Attacked(c, arm) ? AttackSeconds(c, vocab) : 0;
        return Train(t, t.BatchSize, region * passes) + Checkpoints(t.Steps, c.Unlearn.EvalEvery) * evaluation + attack;
    }

    private static double Train(TrainingConfig t, int rows, double rowSeconds) => (double)t.Steps * t.GradientAccumulation * rows * rowSeconds;

    /// <summary>Evaluations of a run: every eval_every steps and at step 0 (θo itself is cached, so the count is an
    /// upper bound by one).</summary>
    private static int Checkpoints(int steps, int every) => (every > 0 ? steps / every : 0) + 1;

    /// <summary>The lines `locunlearn plan` prints: one per kind of job and the total.</summary>
    public static IReadOnlyList<string> Lines(StudyPlan plan, ExperimentConfig c, int vocab)
    {
        var kinds = For(plan, c, vocab);
        var lines = new List<string> { "estimated wall time on a 2-core CPU, 2 threads, no other load (±50%; docs/config.md, \"Time estimate\"):" };
        if (c.Device != "cpu")
            lines.Add($"  (device {c.Device}: this CPU estimate does not apply there)");
        lines.AddRange(kinds.Where(k => k.Seconds > 0)
            .Select(k => $"  {k.Kind.Name(),-18} {k.Jobs,4} × {Format(k.Seconds / k.Jobs),-14} {Format(k.Seconds)}"));
        lines.Add($"  {"total",-18} {plan.Jobs.Count,4}   {"",-14} {Format(kinds.Sum(k => k.Seconds))}");
        return lines;
    }

    /// <summary>"1 h 05 min", "4 min 10 s", "12 s".</summary>
    public static string Format(double seconds)
    {
        if (seconds < 0.5)
            return "<1 s";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes:00} min" : t.TotalMinutes >= 1 ? $"{t.Minutes} min {t.Seconds:00} s" : $"{t.Seconds} s";
    }
}
