using LocUnlearn.Model;

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
}
