using LocUnlearn.Data;

namespace LocUnlearn.Evaluation;

/// <summary>A split encoded for extraction strength: row i of <see cref="Examples"/> is question index i of the split.</summary>
public sealed record EncodedSplit(string Name, IReadOnlyList<EncodedExample> Examples);

/// <summary>
/// One row of a perturbed split, encoded for every score it feeds (SPEC 9):
/// <see cref="Answer"/> (question, answer) for probability; truth ratio compares <see cref="TruthRatioCorrect"/>
/// (the paraphrased answer on forget/retain, the answer itself on real authors / world facts) with
/// <see cref="Perturbed"/>; <see cref="Prompt"/> is generated from and the result ROUGE-scored against
/// <see cref="Reference"/>.
/// </summary>
public sealed record PerturbedItem(
    int Index,
    EncodedExample Answer,
    EncodedExample TruthRatioCorrect,
    IReadOnlyList<EncodedExample> Perturbed,
    IReadOnlyList<int> Prompt,
    string Reference);

/// <summary>A perturbed split. <see cref="ProbabilityWithOptions"/>: real authors and world facts normalise the answer's
/// probability over the options (TOFU aggregate_stat); retain uses the plain exp(-mean CE).</summary>
/// <param name="MetricPrefix">OpenUnlearning's name prefix: forget, retain, ra, wf.</param>
public sealed record PerturbedSplit(string Name, string MetricPrefix, bool ProbabilityWithOptions, IReadOnlyList<PerturbedItem> Items);
