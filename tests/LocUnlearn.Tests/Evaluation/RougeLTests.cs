using LocUnlearn.Evaluation;

namespace LocUnlearn.Tests.Evaluation;

public class RougeLTests
{
    // Porter's published vocabulary examples plus NLTK-extension cases (nltk.stem.PorterStemmer() default mode).
    [Theory]
    [InlineData("caresses", "caress")] [InlineData("ponies", "poni")] [InlineData("ties", "tie")]
    [InlineData("caress", "caress")] [InlineData("cats", "cat")] [InlineData("feed", "feed")]
    [InlineData("agreed", "agre")] [InlineData("disabled", "disabl")] [InlineData("matting", "mat")]
    [InlineData("mating", "mate")] [InlineData("meeting", "meet")] [InlineData("milling", "mill")]
    [InlineData("messing", "mess")] [InlineData("meetings", "meet")] [InlineData("happy", "happi")]
    [InlineData("relational", "relat")] [InlineData("conditional", "condit")] [InlineData("rational", "ration")]
    [InlineData("valenci", "valenc")] [InlineData("hesitanci", "hesit")] [InlineData("digitizer", "digit")]
    [InlineData("conformabli", "conform")] [InlineData("radicalli", "radic")] [InlineData("differentli", "differ")]
    [InlineData("vileli", "vile")] [InlineData("analogousli", "analog")] [InlineData("vietnamization", "vietnam")]
    [InlineData("predication", "predic")] [InlineData("operator", "oper")] [InlineData("feudalism", "feudal")]
    [InlineData("decisiveness", "decis")] [InlineData("hopefulness", "hope")] [InlineData("callousness", "callous")]
    [InlineData("formaliti", "formal")] [InlineData("sensitiviti", "sensit")] [InlineData("sensibiliti", "sensibl")]
    [InlineData("triplicate", "triplic")] [InlineData("formative", "form")] [InlineData("formalize", "formal")]
    [InlineData("electriciti", "electr")] [InlineData("electrical", "electr")] [InlineData("hopeful", "hope")]
    [InlineData("goodness", "good")] [InlineData("revival", "reviv")] [InlineData("allowance", "allow")]
    [InlineData("inference", "infer")] [InlineData("airliner", "airlin")] [InlineData("gyroscopic", "gyroscop")]
    [InlineData("adjustable", "adjust")] [InlineData("defensible", "defens")] [InlineData("irritant", "irrit")]
    [InlineData("replacement", "replac")] [InlineData("adjustment", "adjust")] [InlineData("dependent", "depend")]
    [InlineData("adoption", "adopt")] [InlineData("homologou", "homolog")] [InlineData("communism", "commun")]
    [InlineData("activate", "activ")] [InlineData("angulariti", "angular")] [InlineData("homologous", "homolog")]
    [InlineData("effective", "effect")] [InlineData("bowdlerize", "bowdler")] [InlineData("probate", "probat")]
    [InlineData("rate", "rate")] [InlineData("cease", "ceas")] [InlineData("controll", "control")] [InlineData("roll", "roll")]
    [InlineData("running", "run")] [InlineData("generalization", "gener")] [InlineData("generously", "gener")]
    [InlineData("dying", "die")] [InlineData("lying", "lie")] [InlineData("skies", "sky")] [InlineData("news", "news")]
    [InlineData("dies", "die")] [InlineData("flies", "fli")] [InlineData("died", "die")] [InlineData("spied", "spi")]
    [InlineData("enjoy", "enjoy")] [InlineData("try", "tri")] [InlineData("geology", "geolog")] [InlineData("is", "is")]
    [InlineData("1990s", "1990")]
    public void PorterStemsLikeNltk(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));

    [Fact]
    public void TokenizerLowercasesSplitsOnNonAlphanumericAndStemsLongTokens()
    {
        Assert.Equal(new[] { "the", "author", "s", "book", "won", "award", "in", "1990" },
            RougeL.Tokenize("The author's BOOKS won awards in 1990!"));
        Assert.Equal(new[] { "caf", "na", "ve" }, RougeL.Tokenize("Café naïve"));
        Assert.Empty(RougeL.Tokenize(" ,.! "));
    }

    [Fact]
    public void RecallIsLcsOverReferenceLength()
    {
        Assert.Equal(5.0 / 6.0, RougeL.Recall("The cat sat on the mat.", "the cat is on the mat"), 12);
        Assert.Equal(0.5, RougeL.Recall("running quickly", "he runs quick"), 12);
        // Order matters: LCS of (a b c d) and (d c b a) is 1.
        Assert.Equal(0.25, RougeL.Recall("a b c d", "d c b a"), 12);
        Assert.Equal(1.0, RougeL.Recall("Jane wrote novels.", "Yes: Jane WROTE many novels, mostly."), 12);
        Assert.Equal(0.0, RougeL.Recall("", "anything"));
        Assert.Equal(0.0, RougeL.Recall("something", "!!!"));
    }
}
