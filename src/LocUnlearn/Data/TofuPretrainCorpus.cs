using LocUnlearn.Text;

namespace LocUnlearn.Data;

/// <summary>
/// θp's pretraining text when the tool trains a model from scratch on real TOFU (data.pretrain_corpus = "tofu"; real TOFU
/// has no pretraining corpus). It holds what model utility measures and text about retain authors, and nothing from
/// the forget split:
/// <list type="bullet">
/// <item>every real_authors and world_facts question with its answer, in the plain question/answer format the study
/// evaluates them in (the knowledge MU scores: SPEC 9);</item>
/// <item>every answer of the retain split on its own line (what TOFU says about the retain authors; θr is then
/// fine-tuned on the same split as question/answer pairs).</item>
/// </list>
/// Forget answers, forget questions, paraphrases and perturbed (wrong) answers are never included, so no sentence about
/// a forget author reaches θp; a test checks that no forget author's name occurs.
/// </summary>
public static class TofuPretrainCorpus
{
    /// <summary>The knowledge splits whose question/answer pairs θp learns (the perturbed files the evaluation reads).</summary>
    public static IReadOnlyList<string> KnowledgeSplits { get; } = [TofuSplits.RealAuthorsPerturbed, TofuSplits.WorldFactsPerturbed];

    /// <summary>The corpus lines in a fixed order: knowledge pairs (rendered with <paramref name="template"/>), then the
    /// retain answers. Throws <see cref="TofuFormatException"/> when a split is missing.</summary>
    public static IReadOnlyList<string> Lines(TofuReader reader, string retainSplit, IChatTemplate template)
    {
        var lines = new List<string>();
        foreach (string split in KnowledgeSplits)
        {
            if (!reader.Has(split))
                throw new TofuFormatException($"{reader.PathOf(split)}: missing; θp's TOFU corpus (data.pretrain_corpus = \"tofu\") needs it.");
            lines.AddRange(reader.LoadPerturbed(split).Items.Select(i => template.RenderPrompt(i.Question) + template.RenderAnswer(i.Answer)));
        }
        lines.AddRange(reader.LoadQa(retainSplit).Items.Select(i => i.Answer));
        return lines;
    }
}
