using LocUnlearn.Text;

namespace LocUnlearn.Config;

/// <summary>Checks the values of a config, naming the key and the allowed range.</summary>
public static class ConfigValidator
{
    private static IReadOnlyList<string> KnownObjectives => Unlearning.UnlearningObjectives.Names;
    private static IReadOnlyList<string> KnownLocalizers => Localization.Localizers.Names;

    public static void Validate(ExperimentConfig c, string source)
    {
        void Require(bool ok, string key, string message)
        {
            if (!ok) throw new ConfigException($"{source}: '{key}' {message}");
        }
        Require(c.Seeds is >= 1 and <= 64, "seeds", $"must lie in [1, 64], got {c.Seeds}.");
        Require(c.Threads >= 0, "threads", "must be >= 0 (0 = libtorch default).");
        Require(c.Device == "cpu" || c.Device == "cuda" || c.Device.StartsWith("cuda:", StringComparison.Ordinal), "device", $"must be cpu, cuda or cuda:N, got '{c.Device}'.");
        Require(c.Data.Source != DataSource.Folder || !string.IsNullOrEmpty(c.Data.Path), "data.path", "is required when data.source is \"folder\" (pass --data DIR).");
        Require(c.Data.Authors >= 10, "data.authors", $"must be >= 10 so that every forget split has an author, got {c.Data.Authors}.");
        Require(c.Data.QaPerAuthor is >= 1 and <= 20, "data.qa_per_author", $"must lie in [1, 20], got {c.Data.QaPerAuthor}.");
        Require(c.Data.Template == "auto" || ChatTemplates.Names.Contains(c.Data.Template), "data.template", $"must be auto or one of {string.Join(", ", ChatTemplates.Names)}, got '{c.Data.Template}'.");
        Require(c.Data.MaxLength >= 8, "data.max_length", "must be >= 8.");
        Require(c.Model.Path is not null || c.Model.Heads <= 0 || c.Model.HiddenSize % c.Model.Heads != 0 || c.Model.HiddenSize / c.Model.Heads % 2 == 0,
            "model", $"hidden_size / heads (the head dimension, {(c.Model.Heads > 0 ? c.Model.HiddenSize / c.Model.Heads : 0)}) must be even for rotary embeddings.");
        Require(c.Model.Path is not null || (c.Model.HiddenSize > 0 && c.Model.Heads > 0 && c.Model.HiddenSize % c.Model.Heads == 0 && c.Model.KvHeads > 0 && c.Model.Heads % c.Model.KvHeads == 0),
            "model", "sizes must be positive with hidden_size divisible by heads and heads by kv_heads.");
        Require(c.Inject.Fraction > 0 && c.Inject.Fraction < 0.5, "inject.fraction", $"must lie in (0, 0.5) so that V_rdm fits in V_tgt's complement, got {c.Inject.Fraction}.");
        Require(c.Inject.RetainReplay >= 0, "inject.retain_replay", $"must be >= 0, got {c.Inject.RetainReplay}.");
        Require(c.Inject.CorpusReplay >= 0, "inject.corpus_replay", $"must be >= 0, got {c.Inject.CorpusReplay}.");
        Require(c.Inject.ReplayLoss.Alpha >= 0 && double.IsFinite(c.Inject.ReplayLoss.Alpha), "inject.replay_loss.alpha",
            $"must be a finite number >= 0, got {c.Inject.ReplayLoss.Alpha}.");
        Require(c.Inject.FullReplayLoss.Alpha >= 0 && double.IsFinite(c.Inject.FullReplayLoss.Alpha), "inject.full_replay_loss.alpha",
            $"must be a finite number >= 0, got {c.Inject.FullReplayLoss.Alpha}.");
        Require(c.Unlearn.Objectives.Count > 0, "unlearn.objectives", "must name at least one objective.");
        foreach (var o in c.Unlearn.Objectives)
            Require(KnownObjectives.Contains(o), "unlearn.objectives", $"has unknown objective '{o}'; known: {string.Join(", ", KnownObjectives)}.");
        foreach (var (o, lr) in c.Unlearn.LearningRates)
        {
            Require(KnownObjectives.Contains(o), "unlearn.learning_rates", $"has a rate for unknown objective '{o}'; known: {string.Join(", ", KnownObjectives)}.");
            Require(lr > 0 && double.IsFinite(lr), $"unlearn.learning_rates.{o}", $"must be positive, got {lr}.");
        }
        try
        {
            foreach (var o in KnownObjectives)
                Unlearning.UnlearningObjectives.Create(o, c.Unlearn.Settings);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{source}: unlearn.settings: {e.Message}");
        }
        Require(c.Unlearn.EvalEvery >= 1, "unlearn.eval_every", "must be >= 1.");
        const string Paired = "must be false: unlearning and reconstruction runs pair their forget and retain batches themselves (SPEC 4.6).";
        Require(!c.Unlearn.Training.LengthBuckets, "unlearn.training.length_buckets", Paired);
        Require(!c.Reconstruction.Training.LengthBuckets, "reconstruction.training.length_buckets", Paired);
        foreach (var m in c.Localization.Methods)
            Require(KnownLocalizers.Contains(m), "localization.methods", $"has unknown method '{m}'; known: {string.Join(", ", KnownLocalizers)}.");
        try
        {
            c.Localization.Settings.Validate("localization.settings");
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"{source}: {e.Message}");
        }
        Require(c.Statistics.Alpha is > 0 and < 1, "statistics.alpha", $"must lie in (0, 1), got {c.Statistics.Alpha}.");
        Require(c.Statistics.EquivalenceMargin.Aues > 0, "statistics.equivalence_margin.aues", "must be > 0.");
        Require(c.Statistics.EquivalenceMargin.Mu95 > 0, "statistics.equivalence_margin.mu95", "must be > 0.");
        Require(c.Statistics.BootstrapResamples >= 100, "statistics.bootstrap_resamples", "must be >= 100.");
        Require(c.Checks.UtilityRatioMin is > 0 and <= 1, "checks.utility_ratio_min", "must lie in (0, 1].");
        Require(c.Checks.RetainEsTolerance >= 0 && c.Checks.FullReferenceForgetEsMargin >= 0, "checks",
            "retain_es_tolerance and full_reference_forget_es_margin must be >= 0.");
        Require(c.Relearn.ItemsPerAuthor >= 0, "relearn.items_per_author", "must be >= 0 (0 = the data's own).");
        Require(c.Relearn.MinRecoveredFraction is >= 0 and <= 1, "relearn.min_recovered_fraction", 
            "must be in [0, 1] (e.g. 0.1: below a tenth of the way back to θo the attack recovered nothing).");
        Require(c.DoseResponse.Overlaps.Count > 0 && c.DoseResponse.Overlaps.All(q => q is >= 0 and <= 1), "dose_response.overlaps",
            "must list overlaps with V_tgt in [0, 1].");
        foreach (var o in c.DoseResponse.Objectives)
            Require(c.Unlearn.Objectives.Contains(o), "dose_response.objectives", $"has '{o}', which is not in unlearn.objectives.");
        Require(c.Reconstruction.RandomRegions >= 1, "reconstruction.random_regions", "must be >= 1.");
        Require(c.Evaluation.BatchSize >= 1, "evaluation.batch_size", "must be >= 1.");
        Require(c.Evaluation.MaxNewTokens >= 1, "evaluation.max_new_tokens", "must be >= 1.");
        Require(c.Evaluation.MixingGrid >= 2, "evaluation.mixing_grid", "must be >= 2 (the grid includes α = 0 and α = 1).");
        foreach (var (key, t) in new[] { ("pretrain", c.Pretrain), ("retain", c.Retain), ("inject.training", c.Inject.Training), ("unlearn.training", c.Unlearn.Training), ("reconstruction.training", c.Reconstruction.Training), ("relearn.training", c.Relearn.Training) })
        {
            try
            {
                t.Validate(key);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"{source}: {e.Message}");
            }
        }
    }
}
