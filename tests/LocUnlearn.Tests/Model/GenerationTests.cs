using LocUnlearn.Model;
using static TorchSharp.torch;

namespace LocUnlearn.Tests.Model;

public class GenerationTests
{
    [Theory]
    [InlineData(Architecture.Llama)]
    [InlineData(Architecture.Olmo2)]
    public void KvCacheGreedyGenerationEqualsRecomputation(Architecture arch)
    {
        using var model = TinyModels.Create(TinyModels.Config(arch), seed: 5);
        var generator = new GreedyGenerator(model, eosIds: [39], padId: 0);
        IReadOnlyList<int>[] prompts = [[1, 5, 9, 3], [1, 7], [1, 12, 13, 14, 15, 16]];
        var cached = generator.Generate(prompts, 12, useCache: true);
        var recomputed = generator.Generate(prompts, 12, useCache: false);
        Assert.Equal(recomputed, cached);
        // Batched generation (left padding) equals one prompt at a time.
        for (int i = 0; i < prompts.Length; i++)
            Assert.Equal(generator.Generate([prompts[i]], 12)[0], cached[i]);
        Assert.All(cached, c => Assert.True(c.Length > 0));
    }

    [Fact]
    public void GenerationStopsAtEos()
    {
        using var model = TinyModels.Create(TinyModels.Config(), seed: 5);
        var free = new GreedyGenerator(model, eosIds: [], padId: 0).Generate([[1, 5, 9, 3]], 8)[0];
        Assert.Equal(8, free.Length);
        int eos = free[3];
        int firstEos = Array.IndexOf(free, eos);
        var stopped = new GreedyGenerator(model, eosIds: [eos], padId: 0).Generate([[1, 5, 9, 3]], 8)[0];
        Assert.Equal(free.Take(firstEos), stopped);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CachedStepsGiveTheLogitsOfTheFullSequence(bool padded)
    {
        using var model = TinyModels.Create(TinyModels.Config(), seed: 5);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long[][] rows = padded ? [[0, 0, 1, 5, 9], [1, 7, 8, 3, 2]] : [[1, 5, 9, 3, 4]];
        var ids = TinyModels.Ids(rows);
        var mask = padded ? (ids != 0).to(ScalarType.Int64) : null;
        // Capacity 2 < prompt: the cache grows on the first step and again later, copying what it holds.
        using var cache = new KvCache(model.Config.NumHiddenLayers, capacity: 2);
        var logits = model.forward(ids, mask, cache: cache);
        long[] appended = [11, 12, 13, 14, 15, 16];
        for (int i = 0; i < appended.Length; i++)
        {
            var next = full(rows.Length, 1, appended[i], dtype: ScalarType.Int64);
            ids = cat([ids, next], 1);
            if (mask is not null)
                mask = cat([mask, ones(rows.Length, 1, dtype: ScalarType.Int64)], 1);
            var step = model.forward(next, mask, cache: cache);
            var whole = model.forward(ids, mask).narrow(1, ids.shape[1] - 1, 1);
            Assert.True(step.allclose(whole, rtol: 1e-5, atol: 1e-5), $"step {i}");
        }
        Assert.Equal(rows[0].Length + appended.Length, cache.Length);
    }
}
