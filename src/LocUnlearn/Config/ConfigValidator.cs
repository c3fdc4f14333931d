using LocUnlearn.Data;
using LocUnlearn.Data.Synthetic;
using LocUnlearn.Text;
using LocUnlearn.Training;

namespace LocUnlearn.Config;

/// <summary>Checks the values of a config, naming the key and the allowed range.</summary>
public static class ConfigValidator
{
    private static IReadOnlyList<string> KnownObjectives => Unlearning.UnlearningObjectives.Names;
    private static IReadOnlyList<string> KnownLocalizers => Localization.Localizers.Names;

    public static void Validate(ExperimentConfig c, string source)
    {
        ValidateRunAndData(c, source);
        ValidateModel(c, source);
        ValidateInject(c, source);
        ValidateUnlearn(c, source);
        ValidateLocalization(c, source);
        ValidateStatisticsAndChecks(c, source);
        ValidateLaterExperiments(c, source);
        ValidateTrainingBlocks(c, source);
    }

    private static void Require(string source, bool ok, string key, string message)
    {
        if (!ok) throw new ConfigException($"{source}: '{key}' {message}");
    }

    /// <summary>Runs <paramref name="validate"/>, naming the config file in the <see cref="ArgumentException"/> it throws.</summary>
    private static void Rethrow(string source, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{source}: {e.Message}");
        }
    }

    private static void ValidateRunAndData(ExperimentConfig c, string source)
    {
        Require(source, c.Seeds is >= 1 and <= 64, "seeds", $"must lie in [1, 64], got {c.Seeds}.");
        Require(source, c.Threads >= 0, "threads", "must be >= 0 (0 = libtorch default).");
        Require(source, c.Device == "cpu" || c.Device == "cuda" || c.Device.StartsWith("cuda:", StringComparison.Ordinal), "device",
            $"must be cpu, cuda or cuda:N, got '{c.Device}'.");
        Require(source, c.Data.Source != DataSource.Folder || !string.IsNullOrEmpty(c.Data.Path), "data.path",
            "is required when data.source is \"folder\" (pass --data DIR).");
        Require(source, c.Data.Authors >= 10, "data.authors",
            $"must be >= 10 so that every forget split has an author, got {c.Data.Authors}.");
        Require(source, c.Data.QaPerAuthor is >= 1 and <= 20, "data.qa_per_author", $"must lie in [1, 20], got {c.Data.QaPerAuthor}.");
        if (c.Data.Source == DataSource.Synthetic)
        {
            // The synthetic world writes forgetNN/retain(100-NN) for TOFU's 1, 5, 10 and for the percentage named here.
            int? forget = TofuSplits.ForgetPercentOf(c.Data.ForgetSplit);
            Require(source, forget is not null, "data.forget_split",
                $"must be forgetNN (NN a percentage of the synthetic world's authors, e.g. forget10), got '{c.Data.ForgetSplit}'.");
            Require(source, forget is null || c.Data.RetainSplit == TofuSplits.Retain(forget.Value), "data.retain_split",
                $"must be {TofuSplits.Retain(forget ?? 10)} to pair with {c.Data.ForgetSplit} (the rest of the world's authors), got '{c.Data.RetainSplit}'.");
            // data.authors and data.qa_per_author are already in range here (Require throws at the first failure).
            if (forget is int p)
                Rethrow(source, () => new SyntheticWorldOptions(c.Data.Authors, c.Data.QaPerAuthor, ExtraForgetPercent: p).Validate());
        }
        Require(source, c.Data.Template == "auto" || ChatTemplates.Names.Contains(c.Data.Template), "data.template",
            $"must be auto or one of {string.Join(", ", ChatTemplates.Names)}, got '{c.Data.Template}'.");
        Require(source, c.Data.MaxLength >= 8, "data.max_length", "must be >= 8.");
    }

    /// <summary>The shape of a model the tool builds (a given model folder brings its own).</summary>
    private static void ValidateModel(ExperimentConfig c, string source)
    {
        var m = c.Model;
        Require(source, m.Path is not null || m.Heads <= 0 || m.HiddenSize % m.Heads != 0 || m.HiddenSize / m.Heads % 2 == 0,
            "model", $"hidden_size / heads (the head dimension, {(m.Heads > 0 ? m.HiddenSize / m.Heads : 0)}) must be even for rotary embeddings.");
        Require(source, m.Path is not null
                || (m.HiddenSize > 0 && m.Heads > 0 && m.HiddenSize % m.Heads == 0 && m.KvHeads > 0 && m.Heads % m.KvHeads == 0),
            "model", "sizes must be positive with hidden_size divisible by heads and heads by kv_heads.");
    }

    private static void ValidateInject(ExperimentConfig c, string source)
    {
        var i = c.Inject;
        Require(source, i.Fraction > 0 && i.Fraction < 0.5, "inject.fraction",
            $"must lie in (0, 0.5) so that V_rdm fits in V_tgt's complement, got {i.Fraction}.");
        Require(source, i.RetainReplay >= 0, "inject.retain_replay", $"must be >= 0, got {i.RetainReplay}.");
        Require(source, i.CorpusReplay >= 0, "inject.corpus_replay", $"must be >= 0, got {i.CorpusReplay}.");
        Require(source, i.FullSteps >= 0, "inject.full_steps", $"must be >= 0 (0 = inject.training.steps), got {i.FullSteps}.");
        Require(source, i.ReplayLoss.Alpha >= 0 && double.IsFinite(i.ReplayLoss.Alpha), "inject.replay_loss.alpha",
            $"must be a finite number >= 0, got {i.ReplayLoss.Alpha}.");
        Require(source, i.FullReplayLoss.Alpha >= 0 && double.IsFinite(i.FullReplayLoss.Alpha), "inject.full_replay_loss.alpha",
            $"must be a finite number >= 0, got {i.FullReplayLoss.Alpha}.");
    }

    private static void ValidateUnlearn(ExperimentConfig c, string source)
    {
        var u = c.Unlearn;
        Require(source, u.Objectives.Count > 0, "unlearn.objectives", "must name at least one objective.");
        foreach (var o in u.Objectives)
            Require(source, KnownObjectives.Contains(o), "unlearn.objectives",
                $"has unknown objective '{o}'; known: {string.Join(", ", KnownObjectives)}.");
        foreach (var (o, lr) in u.LearningRates)
        {
            Require(source, KnownObjectives.Contains(o), "unlearn.learning_rates",
                $"has a rate for unknown objective '{o}'; known: {string.Join(", ", KnownObjectives)}.");
            Require(source, lr > 0 && double.IsFinite(lr), $"unlearn.learning_rates.{o}", $"must be positive, got {lr}.");
        }
        try
        {
            foreach (var o in KnownObjectives)
                Unlearning.UnlearningObjectives.Create(o, u.Settings);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{source}: unlearn.settings: {e.Message}");
        }
        Require(source, u.EvalEvery >= 1, "unlearn.eval_every", "must be >= 1.");
        const string Paired = "must be false: unlearning and reconstruction runs pair their forget and retain batches themselves (SPEC 4.6).";
        Require(source, !u.Training.LengthBuckets, "unlearn.training.length_buckets", Paired);
        Require(source, !c.Reconstruction.Training.LengthBuckets, "reconstruction.training.length_buckets", Paired);
    }

    private static void ValidateLocalization(ExperimentConfig c, string source)
    {
        foreach (var m in c.Localization.Methods)
            Require(source, KnownLocalizers.Contains(m), "localization.methods",
                $"has unknown method '{m}'; known: {string.Join(", ", KnownLocalizers)}.");
        Rethrow(source, () => c.Localization.Settings.Validate("localization.settings"));
    }

    private static void ValidateStatisticsAndChecks(ExperimentConfig c, string source)
    {
        Require(source, c.Statistics.Alpha is > 0 and < 1, "statistics.alpha", $"must lie in (0, 1), got {c.Statistics.Alpha}.");
        Require(source, c.Statistics.EquivalenceMargin.Aues > 0, "statistics.equivalence_margin.aues", "must be > 0.");
        Require(source, c.Statistics.EquivalenceMargin.Mu95 > 0, "statistics.equivalence_margin.mu95", "must be > 0.");
        Require(source, c.Statistics.BootstrapResamples >= 100, "statistics.bootstrap_resamples", "must be >= 100.");
        Require(source, c.Checks.UtilityRatioMin is > 0 and <= 1, "checks.utility_ratio_min", "must lie in (0, 1].");
        Require(source, c.Checks.RetainEsTolerance >= 0 && c.Checks.FullReferenceForgetEsMargin >= 0, "checks",
            "retain_es_tolerance and full_reference_forget_es_margin must be >= 0.");
    }

    /// <summary>The relearning attack, the dose-response, the reconstruction and the evaluation.</summary>
    private static void ValidateLaterExperiments(ExperimentConfig c, string source)
    {
        Require(source, c.Relearn.ItemsPerAuthor >= 0, "relearn.items_per_author", "must be >= 0 (0 = the data's own).");
        Require(source, c.Relearn.MinRecoveredFraction is >= 0 and <= 1, "relearn.min_recovered_fraction",
            "must be in [0, 1] (e.g. 0.1: below a tenth of the way back to θo the attack recovered nothing).");
        Require(source, c.DoseResponse.Overlaps.Count > 0 && c.DoseResponse.Overlaps.All(q => q is >= 0 and <= 1), "dose_response.overlaps",
            "must list overlaps with V_tgt in [0, 1].");
        foreach (var o in c.DoseResponse.Objectives)
            Require(source, c.Unlearn.Objectives.Contains(o), "dose_response.objectives", $"has '{o}', which is not in unlearn.objectives.");
        Require(source, c.Reconstruction.RandomRegions >= 1, "reconstruction.random_regions", "must be >= 1.");
        Require(source, c.Evaluation.BatchSize >= 1, "evaluation.batch_size", "must be >= 1.");
        Require(source, c.Evaluation.MaxNewTokens >= 1, "evaluation.max_new_tokens", "must be >= 1.");
        Require(source, c.Evaluation.MixingGrid >= 2, "evaluation.mixing_grid", "must be >= 2 (the grid includes α = 0 and α = 1).");
    }

    private static void ValidateTrainingBlocks(ExperimentConfig c, string source)
    {
        (string Key, TrainingConfig Training)[] blocks =
        [
            ("pretrain", c.Pretrain),
            ("retain", c.Retain),
            ("inject.training", c.Inject.Training),
            ("unlearn.training", c.Unlearn.Training),
            ("reconstruction.training", c.Reconstruction.Training),
            ("relearn.training", c.Relearn.Training),
        ];
        foreach (var (key, t) in blocks)
            Rethrow(source, () => t.Validate(key));
    }
}
