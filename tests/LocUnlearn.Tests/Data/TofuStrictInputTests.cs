using System.Text;
using LocUnlearn.Data;

namespace LocUnlearn.Tests.Data;

/// <summary>Inputs that used to change silently: invalid UTF-8, a perturbed split shorter than its base, huge records.</summary>
public sealed class TofuStrictInputTests : IDisposable
{
    private const string Row = """{"question": "Q1?", "answer": "A1."}""";
    private const string PerturbedRow =
        """{"question": "Q1?", "answer": "A1.", "paraphrased_answer": "P1.", "perturbed_answer": ["a", "b", "c", "d", "e"], "paraphrased_question": "PQ1?"}""";

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private TofuReader Reader => new(folder.Path);

    private string Write(string file, byte[] bytes)
    {
        string path = Path.Combine(folder.Path, file);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Rows(string row, int n) =>
        string.Concat(Enumerable.Range(1, n).Select(i => row.Replace("1", i.ToString(), StringComparison.Ordinal) + "\n"));

    /// <summary>The text with its first '?' after <paramref name="after"/> replaced by a Latin-1 'é' (0xE9).</summary>
    private static byte[] WithLatin1(string text, string after)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        bytes[text.IndexOf('?', text.IndexOf(after, StringComparison.Ordinal))] = 0xE9;
        return bytes;
    }

    [Fact]
    public void InvalidUtf8InJsonLinesNamesFileLineAndByteOffset()
    {
        string text = Row + "\n" + Row.Replace("Q1?", "Q2?", StringComparison.Ordinal) + "\n";
        string path = Write("forget01.json", WithLatin1(text, "Q2"));

        var e = Assert.Throws<TofuFormatException>(() => Reader.LoadQa("forget01"));

        int offset = text.IndexOf("Q2?", StringComparison.Ordinal) + 2;
        Assert.StartsWith($"{path} line 2, byte offset {offset}: invalid UTF-8 (bytes 0xE9 0x22 0x2C); the file must be UTF-8", e.Message);
    }

    [Fact]
    public void InvalidUtf8InAJsonArrayAndInTheRefusalsIsRefused()
    {
        Write("forget01.json", WithLatin1("[\n" + Row + "\n]", "Q1"));
        Assert.Contains("forget01.json line 2, byte offset 18: invalid UTF-8", Assert.Throws<TofuFormatException>(() => Reader.LoadQa("forget01")).Message);

        Write(TofuSplits.RefusalsFile, WithLatin1("I don't know.\nNo idea?\n", "No idea"));
        Assert.Contains($"{TofuSplits.RefusalsFile} line 2, byte offset 21: invalid UTF-8",
            Assert.Throws<TofuFormatException>(() => Reader.LoadRefusals()).Message);
    }

    [Fact]
    public void PerturbedSplitWithFewerRowsThanItsBaseIsRefused()
    {
        string forget = folder.File("forget01.json", Rows(Row, 4));
        string perturbed = folder.File("forget01_perturbed.json", Rows(PerturbedRow, 2));

        var e = Assert.Throws<TofuFormatException>(() => Reader.LoadPerturbed("forget01_perturbed"));

        Assert.Equal($"{perturbed} has 2 rows but its base split {forget} has 4; a perturbed split holds one row for each row of its " +
                     "base split. The file is incomplete or belongs to another split: download or generate it again.", e.Message);
    }

    [Fact]
    public void RetainPerturbedHasNoBaseSplitAndAPerturbedSplitWithoutItsBaseFileLoads()
    {
        folder.File("retain90.json", Rows(Row, 5));
        folder.File("retain_perturbed.json", Rows(PerturbedRow, 2));
        folder.File("forget05_perturbed.json", Rows(PerturbedRow, 3));

        Assert.Equal(2, Reader.LoadPerturbed(TofuSplits.RetainPerturbed).Count);
        Assert.Equal(3, Reader.LoadPerturbed("forget05_perturbed").Count);
        Assert.Null(TofuSplits.BaseOf(TofuSplits.RetainPerturbed));
        Assert.Equal("real_authors", TofuSplits.BaseOf(TofuSplits.RealAuthorsPerturbed));
        Assert.Equal("forget10", TofuSplits.BaseOf("forget10_perturbed"));
    }

    [Fact]
    public void LineOverOneMegabyteIsRefusedBeforeItIsParsed()
    {
        string huge = Row.Replace("A1.", new string('a', JsonRecordReader.MaxRecordBytes), StringComparison.Ordinal);
        string path = folder.File("full.json", Row + "\n" + huge + "\n");

        var e = Assert.Throws<TofuFormatException>(() => Reader.LoadQa("full"));

        Assert.Equal($"{path} line 2: a line of 1.0 MB, over the limit of 1.0 MB per record; a TOFU row takes a few kB, so a line break " +
                     "between records is missing or this is not a TOFU file.", e.Message);
    }

    [Fact]
    public void ArrayElementOverOneMegabyteIsRefused()
    {
        string huge = Row.Replace("A1.", new string('a', 2 * JsonRecordReader.MaxRecordBytes), StringComparison.Ordinal);
        folder.File("full.json", "[\n" + Row + ",\n" + huge + "\n]");

        var e = Assert.Throws<TofuFormatException>(() => Reader.LoadQa("full"));

        Assert.Contains("full.json line 3: an array element of 2.1 MB, over the limit of 1.0 MB per record", e.Message);
    }

    [Fact]
    public void RepeatedKeyInARowIsRefused()
    {
        string path = folder.File("full.json", Row + "\n" + """{"question": "Q2?", "answer": "A2.", "answer": "B2."}""" + "\n");

        var e = Assert.Throws<TofuFormatException>(() => Reader.LoadQa("full"));

        Assert.Equal($"{path} line 2, column 38: key \"answer\" appears twice in one object; remove one of them (JSON readers disagree on " +
                     "which copy counts).", e.Message);
    }

    [Fact]
    public void MalformedLineIsDescribedInOurWords()
    {
        string path = folder.File("full.json", Row + "\n" + """{"question": "Q2?" "answer": "A2."}""" + "\n");

        var e = Assert.Throws<TofuFormatException>(() => Reader.LoadQa("full"));

        Assert.StartsWith($"{path} line 2, column 20: malformed JSON (unexpected '\"' near `{{\"question\": \"Q2?\" \"answer\":`; " +
                          "a comma, colon, quote or bracket is missing or extra here)", e.Message);
        Assert.EndsWith("fix the JSON there. Each line must be one complete JSON object (a truncated download or a line break inside a " +
                        "string causes this).", e.Message);
        Assert.DoesNotContain("BytePositionInLine", e.Message);
    }
}
