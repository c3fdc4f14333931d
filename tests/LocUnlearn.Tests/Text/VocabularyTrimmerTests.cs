using System.Text.Json.Nodes;
using LocUnlearn.Text;

namespace LocUnlearn.Tests.Text;

public class VocabularyTrimmerTests
{
    [Fact]
    public void ByteLevelAlphabetIsGpt2sByteToUnicodeMap()
    {
        var symbols = ByteLevelAlphabet.Symbols;

        Assert.Equal(256, symbols.Distinct().Count());
        Assert.Equal("a", symbols['a']);
        Assert.Equal("Ġ", symbols[' ']);        // space
        Assert.Equal("Ċ", symbols['\n']);
        Assert.Equal("Ā", symbols[0]);
        Assert.Equal("ÿ", symbols[0xFF]);
        Assert.Equal("Ń", symbols[0xAD]);       // the last non-printable byte gets the last symbol, U+0143
    }

    [Fact]
    public void ProductsFollowBpeLowestRankLeftmostFirst()
    {
        var ranks = new BpeMergeRanks(TinyByteLevelBpe.Merges.Select(m => BpeMerge.Parse(m)));

        Assert.Equal(["a", "b", "c", "ab", "abc"], ranks.Products("abc"));      // a b (0) before b c (5); a bc never
        Assert.Equal(["Ġ", "a", "b", "d", "ab", "Ġab", "Ġabd"], ranks.Products("Ġabd"));
        Assert.Equal(["Ġ", "b", "c", "bc"], ranks.Products("Ġbc"));
        Assert.Equal(["a", "a", "a", "x"], ranks.Products("aaax"));             // no merge applies
        var repeat = new BpeMergeRanks([new BpeMerge("a", "a")]);
        Assert.Equal(["a", "a", "a", "aa"], repeat.Products("aaa"));             // leftmost pair first: aa | a
    }

    [Fact]
    public void KeepsUsedTokensTheirMergeProductsAndBytesDropsTheRestAndRenumbersDensely()
    {
        VocabularyTrim trim = VocabularyTrimmer.Trim(TinyByteLevelBpe.Tokenizer(), TinyByteLevelBpe.Config(), ["<s>", "abc", "Ġabd", "Ġ", "bc"]);

        Assert.Equal(265, trim.VocabBefore);
        Assert.Equal(263, trim.VocabAfter);   // 256 bytes + ab, abc, Ġab, Ġabd, bc + <s>, </s>
        Assert.Equal((8, 6), (trim.MergesBefore, trim.MergesAfter));
        Assert.Equal(2, trim.AddedTokens);
        JsonObject model = trim.Tokenizer["model"]!.AsObject();
        // Rank order kept; "x y", "c d" dropped (results unused); "a bc" kept though never applied (a, bc, abc all kept).
        Assert.Equal(["a b", "ab c", "Ġ ab", "Ġab d", "b c", "a bc"], model["merges"]!.AsArray().Select(m => m!.GetValue<string>()));
        var vocab = model["vocab"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>());
        Assert.Equal(261, vocab.Count);
        Assert.Equal(Enumerable.Range(0, 261), vocab.Values.Order());
        Assert.Equal(0, vocab["Ā"]);
        Assert.Equal(("ab", "abc", "Ġab", "Ġabd", "bc"), (vocab.ElementAt(256).Key, vocab.ElementAt(257).Key, vocab.ElementAt(258).Key,
            vocab.ElementAt(259).Key, vocab.ElementAt(260).Key));
        Assert.Equal([256, 257, 258, 259, 260], new[] { "ab", "abc", "Ġab", "Ġabd", "bc" }.Select(t => vocab[t]));
        Assert.False(vocab.ContainsKey("xy") || vocab.ContainsKey("cd"));

        var added = trim.Tokenizer["added_tokens"]!.AsArray();
        Assert.Equal([("<s>", 261), ("</s>", 262)], added.Select(t => (t!["content"]!.GetValue<string>(), t["id"]!.GetValue<int>())));
        Assert.True(added[0]!["special"]!.GetValue<bool>());
        var bos = trim.Tokenizer["post_processor"]!["special_tokens"]!["<s>"]!;
        Assert.Equal([261], bos["ids"]!.AsArray().Select(i => i!.GetValue<int>()));

        var decoder = trim.Config["added_tokens_decoder"]!.AsObject();
        Assert.Equal(["261", "262"], decoder.Select(p => p.Key));
        Assert.Equal("</s>", decoder["262"]!["content"]!.GetValue<string>());
        Assert.Equal(TinyByteLevelBpe.Config()["chat_template"]!.GetValue<string>(), trim.Config["chat_template"]!.GetValue<string>());
        Assert.Contains("\"model_max_length\":1000000000000000019884624838656", trim.Config.ToJsonString());
    }

    [Fact]
    public void TrimmedFileEncodesTheTextsAsTheFullOneAndAnyOtherTextStillRoundTrips()
    {
        using var folder = new TempFolder();
        string fullPath = TinyByteLevelBpe.Write(Path.Combine(folder.Path, "full"));
        string[] texts = ["abc abd bc"];

        VocabularyTrim trim = TokenizerTrimming.Trim(fullPath, texts);
        trim.Write(Path.Combine(folder.Path, "trimmed"));

        Assert.Equal((263, 6), (trim.VocabAfter, trim.MergesAfter));
        Assert.Equal(5, trim.UsedTokens);     // <s>, abc, Ġabd, Ġ, bc
        using HfTokenizer full = HfTokenizer.Load(fullPath);
        using HfTokenizer trimmed = HfTokenizer.Load(Path.Combine(folder.Path, "trimmed", "tokenizer.json"));
        Assert.Equal(263, trimmed.VocabSize);
        Assert.Equal(261, trimmed.TokenToId("<s>"));
        Assert.Equal([261, 257], trimmed.Encode("abc", addSpecialTokens: true));   // BOS from the remapped post-processor
        Assert.Equal(["abc", "Ġabd", "Ġ", "bc"], trimmed.Encode("abc abd bc").Select(id => trimmed.IdToToken(id)!));
        Assert.True(TokenizerTrimming.Compare(full, trimmed, texts).Identical);

        // Text the trim never saw still encodes (down to bytes where merges are gone) and decodes back.
        Assert.Equal(["xy", "Ġ", "cd"], full.Encode("xy cd").Select(id => full.IdToToken(id)!));
        Assert.Equal(["x", "y", "Ġ", "c", "d"], trimmed.Encode("xy cd").Select(id => trimmed.IdToToken(id)!));
        var other = TokenizerTrimming.Compare(full, trimmed, ["xy cd", "Zoë: 42 ≠ 43 🙂"]);
        Assert.Equal((2, 1, 0), (other.Texts, other.Differing, other.NotRoundTripped));
        Assert.Equal("xy cd", other.Examples.Single().Decoded);
        Assert.Equal("Zoë: 42 ≠ 43 🙂", trimmed.Decode(trimmed.Encode("Zoë: 42 ≠ 43 🙂")));
    }

    [Fact]
    public void RejectsTokenizersItCannotTrimExactly()
    {
        JsonObject wordLevel = TinyByteLevelBpe.Tokenizer();
        wordLevel["model"]!["type"] = "WordLevel";
        Assert.Contains("byte-level BPE", Assert.Throws<TokenizerFormatException>(() => VocabularyTrimmer.Trim(wordLevel, null, [])).Message);

        JsonObject noByteLevel = TinyByteLevelBpe.Tokenizer();
        noByteLevel["pre_tokenizer"] = new JsonObject { ["type"] = "Whitespace" };
        Assert.Contains("ByteLevel", Assert.Throws<TokenizerFormatException>(() => VocabularyTrimmer.Trim(noByteLevel, null, [])).Message);

        JsonObject missingByte = TinyByteLevelBpe.Tokenizer();
        missingByte["model"]!["vocab"]!.AsObject().Remove("Ġ");
        Assert.Contains("256 byte-level symbols", Assert.Throws<TokenizerFormatException>(() => VocabularyTrimmer.Trim(missingByte, null, [])).Message);

        JsonObject dropout = TinyByteLevelBpe.Tokenizer();
        dropout["model"]!["dropout"] = 0.1;
        Assert.Contains("dropout", Assert.Throws<TokenizerFormatException>(() => VocabularyTrimmer.Trim(dropout, null, [])).Message);
    }

    [Fact]
    public void WithoutASourceConfigAMinimalOneListsTheAddedTokens()
    {
        VocabularyTrim trim = VocabularyTrimmer.Trim(TinyByteLevelBpe.Tokenizer(), null, ["abc"]);

        Assert.Equal(260, trim.VocabAfter);   // 256 bytes + ab, abc, then <s> and </s> at 258 and 259
        Assert.Equal(["258", "259"], trim.Config["added_tokens_decoder"]!.AsObject().Select(p => p.Key));
    }
}
