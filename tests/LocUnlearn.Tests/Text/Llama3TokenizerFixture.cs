using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

/// <summary>
/// The real Llama-3 tokenizer, loaded once for all tests that use it (a load takes seconds) and only when a test
/// actually runs, so tests skipped for a missing file never touch it.
/// </summary>
public sealed class Llama3TokenizerFixture : IDisposable
{
    public const string RelativePath = "tokenizers/llama3/tokenizer.json";

    private readonly Lazy<HfTokenizer> _tokenizer = new(() => HfTokenizer.Load(SharedFiles.Require(RelativePath)));

    public HfTokenizer Tokenizer => _tokenizer.Value;

    public void Dispose()
    {
        if (_tokenizer.IsValueCreated)
            _tokenizer.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class Llama3TokenizerCollection : ICollectionFixture<Llama3TokenizerFixture>
{
    public const string Name = "llama3 tokenizer";
}
