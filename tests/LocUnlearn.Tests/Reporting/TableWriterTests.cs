using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering.Tables;

namespace LocUnlearn.Tests.Reporting;

public class TableWriterTests
{
    private static Table Known() =>
        new Table(
                new TableColumn("Method"),
                new TableColumn("AUES", ColumnAlignment.Right),
                new TableColumn("p", ColumnAlignment.Center))
            .AddRow("WGA", TableCell.Of(0.59312), "0.61")
            .AddRow("NPO|x", 0.625, "<0.001");

    [Fact]
    public void MarkdownIsPaddedAlignedAndEscapesPipes()
    {
        const string expected =
            "| Method |  AUES |   p    |\n" +
            "| ------ | ----: | :----: |\n" +
            "| WGA    | 0.593 |  0.61  |\n" +
            "| NPO\\|x | 0.625 | <0.001 |\n";
        Assert.Equal(expected, MarkdownTableWriter.Write(Known()));
    }

    [Fact]
    public void MarkdownReplacesLineBreaksInCells()
    {
        var table = new Table("a").AddRow("one\ntwo");
        Assert.Equal("| a          |\n| ---------- |\n| one<br>two |\n", MarkdownTableWriter.Write(table));
    }

    [Fact]
    public void CsvWritesExactNumbersAndCrlf()
    {
        Assert.Equal("Method,AUES,p\r\nWGA,0.59312,0.61\r\nNPO|x,0.625,<0.001\r\n", CsvTableWriter.Write(Known()));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData(" spaced ", " spaced ")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("cr\rhere", "\"cr\rhere\"")]
    [InlineData("", "")]
    public void CsvQuotesPerRfc4180(string field, string expected)
    {
        Assert.Equal(expected, CsvTableWriter.Quote(field));
    }

    [Fact]
    public void CsvQuotesHeadersAndCellsInsideARecord()
    {
        var table = new Table("name", "note").AddRow("x, y", "he said \"no\"");
        Assert.Equal("name,note\r\n\"x, y\",\"he said \"\"no\"\"\"\r\n", CsvTableWriter.Write(table));
    }

    [Fact]
    public void RowOfWrongWidthIsRejected()
    {
        var table = new Table("a", "b");
        Assert.Throws<ArgumentException>(() => table.AddRow("only one"));
    }

    [Fact]
    public void TableFilesWritesMarkdownAndCsvSideBySide()
    {
        string dir = Directory.CreateTempSubdirectory("locunlearn-table").FullName;
        try
        {
            TableFiles.Save(Path.Combine(dir, "results"), Known());
            Assert.Equal(MarkdownTableWriter.Write(Known()), File.ReadAllText(Path.Combine(dir, "results.md")));
            Assert.Equal(CsvTableWriter.Write(Known()), File.ReadAllText(Path.Combine(dir, "results.csv")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ACaptionGoesAboveTheMarkdownTableAndNotIntoTheCsv()
    {
        string dir = Directory.CreateTempSubdirectory("locunlearn-table").FullName;
        try
        {
            TableFiles.Save(Path.Combine(dir, "results"), Known(), "p: exact test,\n3 seeds.");
            Assert.Equal("*p: exact test, 3 seeds.*\n\n" + MarkdownTableWriter.Write(Known()), File.ReadAllText(Path.Combine(dir, "results.md")));
            Assert.Equal(CsvTableWriter.Write(Known()), File.ReadAllText(Path.Combine(dir, "results.csv")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void SaveWritesUtf8WithoutBomAndLeavesNoTemporaryFile()
    {
        string dir = Directory.CreateTempSubdirectory("locunlearn-table").FullName;
        try
        {
            string path = Path.Combine(dir, "sub", "t.csv");
            CsvTableWriter.Save(path, new Table("μ").AddRow("±"));
            byte[] bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]);
            Assert.Equal("μ\r\n±\r\n", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(Path.Combine(dir, "sub")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
