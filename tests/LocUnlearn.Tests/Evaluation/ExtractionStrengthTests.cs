using LocUnlearn.Evaluation;
using TorchSharp;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Evaluation;

public class ExtractionStrengthTests
{
    private const long Eos = 2;
    private const long Ignore = -100;

    /// <summary>One item: prompt of 2 tokens, answer tokens then EOS. predictions[t-1] is the guess for labels[t].</summary>
    private static (long[] Predictions, long[] Labels) Item(long[] answer, int wrongAt = -1, bool wrongEos = false)
    {
        var labels = new List<long> { Ignore, Ignore };
        labels.AddRange(answer);
        labels.Add(Eos);
        var predictions = new long[labels.Count];
        for (int t = 1; t < labels.Count; t++) predictions[t - 1] = labels[t] == Ignore ? 0 : labels[t];
        if (wrongAt >= 0) predictions[2 + wrongAt - 1] = 999;      // answer position wrongAt sits at index 2 + wrongAt
        if (wrongEos) predictions[labels.Count - 2] = 999;
        predictions[^1] = 7; // last position predicts nothing
        return (predictions, labels.ToArray());
    }

    private static ExtractionStrengthItem Single((long[] Predictions, long[] Labels) item)
    {
        using var p = tensor(item.Predictions, new long[] { 1, item.Predictions.Length });
        using var l = tensor(item.Labels, new long[] { 1, item.Labels.Length });
        return ExtractionStrength.FromPredictions(p, l, new[] { Eos }).Single();
    }

    [Fact]
    public void AllCorrectGivesOne()
    {
        var es = Single(Item(new long[] { 10, 11, 12, 13 }));
        Assert.Equal(0, es.KStar);
        Assert.Equal(4, es.AnswerLength);
        Assert.Equal(1.0, es.Value);
    }

    [Fact]
    public void OnlyLastTokenWrongGivesZero()
    {
        var es = Single(Item(new long[] { 10, 11, 12, 13 }, wrongAt: 3));
        Assert.Equal(4, es.KStar);
        Assert.Equal(0.0, es.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void WrongTokenInTheMiddle(int j)
    {
        var es = Single(Item(new long[] { 10, 11, 12, 13, 14, 15 }, wrongAt: j));
        Assert.Equal(j + 1, es.KStar);
        Assert.Equal(1.0 - (j + 1) / 6.0, es.Value, 12);
    }

    [Fact]
    public void EosTargetIsExcluded()
    {
        var es = Single(Item(new long[] { 10, 11, 12 }, wrongEos: true));
        Assert.Equal(3, es.AnswerLength);
        Assert.Equal(1.0, es.Value);
    }

    [Fact]
    public void LeftAndRightPaddingGiveTheSameResult()
    {
        var (p, l) = Item(new long[] { 10, 11, 12, 13 }, wrongAt: 1); // length 7, k* = 2
        const int pad = 3;
        long[] Pad(long[] x, long fill, bool left) =>
            left ? Enumerable.Repeat(fill, pad).Concat(x).ToArray() : x.Concat(Enumerable.Repeat(fill, pad)).ToArray();
        var predictions = Pad(p, 5, left: true).Concat(Pad(p, 5, left: false)).ToArray();
        var labels = Pad(l, Ignore, left: true).Concat(Pad(l, Ignore, left: false)).ToArray();
        using var pt = tensor(predictions, new long[] { 2, p.Length + pad });
        using var lt = tensor(labels, new long[] { 2, l.Length + pad });
        var es = ExtractionStrength.FromPredictions(pt, lt, new[] { Eos });
        Assert.All(es, e => { Assert.Equal(2, e.KStar); Assert.Equal(4, e.AnswerLength); Assert.Equal(0.5, e.Value); });
    }

    [Fact]
    public void FromLogitsUsesArgmax()
    {
        var (p, l) = Item(new long[] { 3, 1, 4 }, wrongAt: 0);
        for (int i = 0; i < p.Length; i++) p[i] %= 5; // keep every id inside a vocab of 5 (999 → 4, a wrong guess)
        using var predictions = tensor(p, new long[] { 1, p.Length });
        using var logits = nn.functional.one_hot(predictions, 5).to(ScalarType.Float32).mul(3.0f); // (1, T, 5)
        using var labels = tensor(l, new long[] { 1, l.Length });
        var es = ExtractionStrength.FromLogits(logits, labels, new[] { Eos }).Single();
        Assert.Equal(1, es.KStar);
        Assert.Equal(1.0 - 1.0 / 3.0, es.Value, 12);
    }

    /// <summary>Slow reference straight from the definition: k* = the smallest k such that greedy decoding from
    /// the k-token prefix reproduces the rest, i.e. every scored answer position ≥ k is predicted right.</summary>
    private static (int KStar, int T) Reference(long[] predictions, long[] labels)
    {
        var correct = new List<bool>();
        for (int t = 1; t < labels.Length; t++)
            if (labels[t] != Ignore && labels[t] != Eos) correct.Add(predictions[t - 1] == labels[t]);
        for (int k = 0; k <= correct.Count; k++)
            if (correct.Skip(k).All(c => c)) return (k, correct.Count);
        throw new InvalidOperationException("unreachable");
    }

    [Fact]
    public void MatchesDefinitionOnRandomBatches()
    {
        var rng = new Random(7);
        const int batch = 16, length = 14;
        var labels = new long[batch * length];
        var predictions = new long[batch * length];
        for (int b = 0; b < batch; b++)
        {
            int answer = rng.Next(1, 6), prompt = rng.Next(1, 4), start = rng.Next(0, length - answer - prompt - 1);
            for (int t = 0; t < length; t++)
            {
                bool isAnswer = t >= start + prompt && t < start + prompt + answer;
                bool isEos = t == start + prompt + answer;
                labels[b * length + t] = isAnswer ? 10 + rng.Next(2) : isEos ? Eos : Ignore;
                predictions[b * length + t] = 10 + rng.Next(2);
            }
        }
        using var p = tensor(predictions, new long[] { batch, length });
        using var l = tensor(labels, new long[] { batch, length });
        var es = ExtractionStrength.FromPredictions(p, l, new[] { Eos });
        for (int b = 0; b < batch; b++)
        {
            var (k, t) = Reference(predictions.Skip(b * length).Take(length).ToArray(), labels.Skip(b * length).Take(length).ToArray());
            Assert.Equal(k, es[b].KStar);
            Assert.Equal(t, es[b].AnswerLength);
        }
    }

    [Fact]
    public void ItemWithoutAnswerIsRejected()
    {
        using var p = zeros(1, 4, ScalarType.Int64);
        using var l = full(1, 4, Ignore, ScalarType.Int64);
        Assert.Throws<ArgumentException>(() => ExtractionStrength.FromPredictions(p, l, new[] { Eos }));
    }
}

/// <summary>
/// SPEC 9's claim behind the one-pass ES, checked against real greedy decoding on a toy deterministic "model"
/// (next token = a hash of the whole prefix): k* from teacher-forced argmax equals the smallest prefix length
/// from which greedy generation reproduces the rest of the answer.
/// </summary>
public class ExtractionStrengthGreedyEquivalenceTests
{
    private const int Vocab = 6;

    private static long Greedy(IReadOnlyList<long> prefix)
    {
        ulong h = 1469598103934665603;
        foreach (var t in prefix) h = (h ^ (ulong)t) * 1099511628211;
        return (long)(h % Vocab);
    }

    [Fact]
    public void OnePassKStarEqualsGreedyDecodingKStar()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 200; trial++)
        {
            var prompt = Enumerable.Range(0, rng.Next(1, 4)).Select(_ => (long)rng.Next(Vocab)).ToList();
            int answerLength = rng.Next(1, 8);
            var sequence = new List<long>(prompt);
            for (int t = 0; t < answerLength; t++) // mostly what the model would say, sometimes not
                sequence.Add(rng.NextDouble() < 0.75 ? Greedy(sequence) : rng.Next(Vocab));
            var answer = sequence.Skip(prompt.Count).ToList();

            int greedyKStar = answerLength;
            for (int k = answerLength; k >= 0; k--)
            {
                var generated = new List<long>(prompt.Concat(answer.Take(k)));
                while (generated.Count < sequence.Count) generated.Add(Greedy(generated));
                if (generated.Skip(prompt.Count + k).SequenceEqual(answer.Skip(k))) greedyKStar = k;
            }

            var labels = prompt.Select(_ => -100L).Concat(answer).ToArray();
            var predictions = Enumerable.Range(0, sequence.Count).Select(t => Greedy(sequence.Take(t + 1).ToList())).ToArray();
            using var p = torch.tensor(predictions, new long[] { 1, predictions.Length });
            using var l = torch.tensor(labels, new long[] { 1, labels.Length });
            var es = ExtractionStrength.FromPredictions(p, l, Array.Empty<long>()).Single();
            Assert.Equal(greedyKStar, es.KStar);
        }
    }

    [Fact]
    public void DatasetMeanAveragesItems()
    {
        Assert.Equal(0.5, ExtractionStrength.Mean(new[] { new ExtractionStrengthItem(0, 4), new ExtractionStrengthItem(4, 4) }));
    }
}
