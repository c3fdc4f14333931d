using LocUnlearn.Data;
using LocUnlearn.Text;

namespace LocUnlearn.Evaluation;

/// <summary>
/// Everything a model evaluation reads, tokenized once per run and reused for every checkpoint: the forget split
/// (FS), the first <see cref="EvaluationSettings.RetainItems"/> retain rows (RS), forget_perturbed (forget truth ratios)
/// and the three utility splits. Only the splits the selected metrics need are loaded.
/// </summary>
public sealed class EvaluationSuite
{
    private EvaluationSuite(EvaluationSettings settings, PromptEncoder encoder, EncodedSplit? forget, EncodedSplit? retain,
        PerturbedSplit? forgetPerturbed, IReadOnlyList<PerturbedSplit> utility)
    {
        Settings = settings;
        Encoder = encoder;
        Forget = forget;
        Retain = retain;
        ForgetPerturbed = forgetPerturbed;
        Utility = utility;
    }

    public EvaluationSettings Settings { get; }
    public PromptEncoder Encoder { get; }
    public ITokenizer Tokenizer => Encoder.Tokenizer;
    public EncodedSplit? Forget { get; }
    public EncodedSplit? Retain { get; }
    public PerturbedSplit? ForgetPerturbed { get; }

    /// <summary>retain_perturbed, real_authors_perturbed, world_facts_perturbed (empty when model utility is off).</summary>
    public IReadOnlyList<PerturbedSplit> Utility { get; }

    /// <summary>Data files the settings need, in the order they are read.</summary>
    public static IReadOnlyList<string> RequiredSplits(EvaluationSettings settings)
    {
        var splits = new List<string>();
        if (settings.Metrics.HasFlag(EvaluationMetrics.Es))
            splits.AddRange([settings.ForgetSplit, settings.RetainSplit]);
        if (settings.Metrics.HasFlag(EvaluationMetrics.Fq))
            splits.Add(TofuSplits.Perturbed(settings.ForgetSplit));
        if (settings.Metrics.HasFlag(EvaluationMetrics.Mu))
            splits.AddRange([TofuSplits.RetainPerturbed, TofuSplits.RealAuthorsPerturbed, TofuSplits.WorldFactsPerturbed]);
        return splits;
    }

    public static EvaluationSuite Prepare(TofuReader reader, PromptEncoder encoder, EvaluationSettings settings)
    {
        settings.Validate();
        // Check every file first so that one run reports all that is missing instead of failing on the first.
        var missing = RequiredSplits(settings).Where(s => !reader.Has(s)).Select(reader.PathOf).ToList();
        if (missing.Count > 0)
            throw new TofuFormatException(
                $"evaluation data missing: {string.Join(", ", missing)}; the selected metrics ({settings.Metrics}) need these TOFU-format files.");

        var metrics = settings.Metrics;
        EncodedSplit? forget = null, retain = null;
        if (metrics.HasFlag(EvaluationMetrics.Es))
        {
            forget = EncodePlain(reader.LoadQa(settings.ForgetSplit), int.MaxValue, encoder);
            retain = EncodePlain(reader.LoadQa(settings.RetainSplit), settings.RetainItems, encoder);
        }
        PerturbedSplit? forgetPerturbed = metrics.HasFlag(EvaluationMetrics.Fq)
            ? EncodePerturbed(reader.LoadPerturbed(TofuSplits.Perturbed(settings.ForgetSplit)), "forget", false, int.MaxValue, encoder)
            : null;
        var utility = new List<PerturbedSplit>();
        if (metrics.HasFlag(EvaluationMetrics.Mu))
        {
            int cap = settings.MaxUtilityItems ?? int.MaxValue;
            utility.Add(EncodePerturbed(reader.LoadPerturbed(TofuSplits.RetainPerturbed), "retain", false, cap, encoder));
            utility.Add(EncodePerturbed(reader.LoadPerturbed(TofuSplits.RealAuthorsPerturbed), "ra", true, cap, encoder));
            utility.Add(EncodePerturbed(reader.LoadPerturbed(TofuSplits.WorldFactsPerturbed), "wf", true, cap, encoder));
        }
        return new EvaluationSuite(settings, encoder, forget, retain, forgetPerturbed, utility);
    }

    private static EncodedSplit EncodePlain(TofuSplit<QaItem> split, int maxItems, PromptEncoder encoder) =>
        new(split.Name, split.Items.Take(maxItems)
            .Select(item => encoder.Encode(item.Question, item.Answer, item.Source.ToString())).ToArray());

    private static PerturbedSplit EncodePerturbed(TofuSplit<PerturbedQaItem> split, string prefix, bool withOptions, int maxItems,
        PromptEncoder encoder)
    {
        var items = split.Items.Take(maxItems).Select((item, index) =>
        {
            string where = item.Source.ToString();
            var answer = encoder.Encode(item.Question, item.Answer, where);
            var correct = item.ParaphrasedAnswer is { } paraphrased
                ? encoder.Encode(item.Question, paraphrased, where + " (paraphrased answer)")
                : answer;
            var perturbed = item.PerturbedAnswers
                .Select((p, k) => encoder.Encode(item.Question, p, $"{where} (perturbed answer {k})")).ToArray();
            var prompt = encoder.EncodePrompt(item.Question).Select(id => (int)id).ToArray();
            return new PerturbedItem(index, answer, correct, perturbed, prompt, item.Answer);
        }).ToArray();
        return new PerturbedSplit(split.Name, prefix, withOptions, items);
    }
}
