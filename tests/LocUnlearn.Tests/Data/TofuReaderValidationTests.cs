using LocUnlearn.Data;

namespace LocUnlearn.Tests.Data;

public class TofuReaderValidationTests
{
    private const string Row = """{"question": "Q1?", "answer": "A1."}""";
    private const string PerturbedRow =
        """{"question": "Q1?", "answer": "A1.", "paraphrased_answer": "P1.", "perturbed_answer": ["a", "b", "c", "d", "e"], "paraphrased_question": "PQ1?"}""";

    private static TofuFormatException Fails(string split, string content, Func<TofuReader, object> load)
    {
        using var folder = new TempFolder();
        folder.File(split + ".json", content);
        return Assert.Throws<TofuFormatException>(() => load(new TofuReader(folder.Path)));
    }

    [Fact]
    public void TruncatedJsonLineNamesFileAndLine()
    {
        var e = Fails("forget10", Row + "\n" + """{"question": "Q2?", "answ""" + "\n", r => r.LoadQa("forget10"));
        Assert.Contains("forget10.json line 2", e.Message);
        Assert.Contains("malformed JSON", e.Message);
    }

    [Fact]
    public void MissingAnswerNamesFileLineAndField()
    {
        var e = Fails("retain90", Row + "\n\n" + """{"question": "Q2?"}""" + "\n", r => r.LoadQa("retain90"));
        Assert.Contains("retain90.json line 3", e.Message);
        Assert.Contains("'answer'", e.Message);
    }

    [Fact]
    public void FourPerturbedAnswersWhereFiveAreExpectedIsAnError()
    {
        string bad = PerturbedRow.Replace("\"d\", \"e\"", "\"d\"", StringComparison.Ordinal);
        var e = Fails("forget10_perturbed", PerturbedRow + "\n" + bad.Replace("Q1?", "Q2?", StringComparison.Ordinal) + "\n",
            r => r.LoadPerturbed("forget10_perturbed"));
        Assert.Contains("forget10_perturbed.json line 2", e.Message);
        Assert.Contains("4 entries where 5 are expected", e.Message);
    }

    [Fact]
    public void WrongTypeEmptyAnswerAndDuplicateRowAreErrors()
    {
        Assert.Contains("full.json line 1: field 'answer' must be a string",
            Fails("full", """{"question": "Q?", "answer": 3}""", r => r.LoadQa("full")).Message);
        Assert.Contains("full.json line 1: field 'answer' is empty",
            Fails("full", """{"question": "Q?", "answer": " "}""", r => r.LoadQa("full")).Message);
        Assert.Contains("full.json line 2: duplicate question",
            Fails("full", Row + "\n" + Row, r => r.LoadQa("full")).Message);
    }

    [Fact]
    public void JsonArrayFormLoadsWithLineNumbersOfEachObject()
    {
        using var folder = new TempFolder();
        folder.File("forget01.json", "[\n  " + Row + ",\n  " + Row.Replace("1", "2", StringComparison.Ordinal) + "\n]\n");

        TofuSplit<QaItem> split = new TofuReader(folder.Path).LoadQa("forget01");

        Assert.Equal(["A1.", "A2."], split.Items.Select(i => i.Answer));
        Assert.Equal([2, 3], split.Items.Select(i => i.Source.Line));
    }

    [Fact]
    public void ByteOrderMarkIsAcceptedInBothForms()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "forget01.json"), Row + "\n", new System.Text.UTF8Encoding(true));
        File.WriteAllText(Path.Combine(folder.Path, "forget05.json"), "[\n" + Row + "\n]", new System.Text.UTF8Encoding(true));
        var reader = new TofuReader(folder.Path);

        Assert.Equal("A1.", Assert.Single(reader.LoadQa("forget01").Items).Answer);
        Assert.Equal(2, Assert.Single(reader.LoadQa("forget05").Items).Source.Line);
    }

    [Fact]
    public void MalformedJsonArrayNamesTheLine()
    {
        var e = Fails("forget01", "[\n  " + Row + ",\n  {\"question\": \n]", r => r.LoadQa("forget01"));
        Assert.Matches(@"forget01\.json line [34]\b", e.Message); // the unfinished object starts on line 3
    }

    [Fact]
    public void OverlappingForgetAndRetainIsAnError()
    {
        using var folder = new TempFolder();
        folder.File("forget10.json", Row + "\n");
        folder.File("retain90.json", Row.Replace("1", "2", StringComparison.Ordinal) + "\n" + Row + "\n");

        var e = Assert.Throws<TofuFormatException>(() => new TofuReader(folder.Path).LoadForgetRetain());

        Assert.Contains("retain90.json line 2", e.Message);
        Assert.Contains("disjoint", e.Message);
    }
}
