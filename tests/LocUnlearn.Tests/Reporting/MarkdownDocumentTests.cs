using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Reporting.Rendering;

namespace LocUnlearn.Tests.Reporting;

public class MarkdownDocumentTests
{
    [Fact]
    public void BlocksAreSeparatedAndImagesAreRelativeToTheReport()
    {
        string root = Path.Combine(Path.GetTempPath(), "locunlearn-md");
        var doc = new MarkdownDocument(Path.Combine(root, "report"))
            .Heading(1, "Oracle vs Random")
            .Paragraph("Five seeds.\n")
            .Image("FS–RS [all]", Path.Combine(root, "report", "figures", "fs rs.png"))
            .Image("layers", Path.Combine(root, "regions", "layers.png"))
            .Bullets(["a", "b"])
            .Table(new Table("x").AddRow("1"), "Table 1.");

        const string expected =
            "# Oracle vs Random\n" +
            "\n" +
            "Five seeds.\n" +
            "\n" +
            "![FS–RS [all\\]](<figures/fs rs.png>)\n" +
            "\n" +
            "![layers](../regions/layers.png)\n" +
            "\n" +
            "- a\n" +
            "- b\n" +
            "\n" +
            "*Table 1.*\n" +
            "\n" +
            "| x   |\n" +
            "| --- |\n" +
            "| 1   |\n";
        Assert.Equal(expected, doc.ToString());
    }

    [Fact]
    public void RelativeImagePathsAreRelativeToTheReportNotTheWorkingDirectory()
    {
        string report = Path.Combine(Path.GetTempPath(), "locunlearn-md", "run", "results");
        var doc = new MarkdownDocument(report)
            .Image("a", "fs_rs.png")
            .Image("b", Path.Combine("figures", "fq mu.png"))
            .Image("c", Path.Combine("..", "stages", "x.png"));
        Assert.Equal("![a](fs_rs.png)\n\n![b](<figures/fq mu.png>)\n\n![c](../stages/x.png)\n", doc.ToString());
    }

    [Fact]
    public void HeadingLevelIsChecked()
    {
        var doc = new MarkdownDocument(Path.GetTempPath());
        Assert.Throws<ArgumentOutOfRangeException>(() => doc.Heading(0, "x"));
        Assert.Throws<ArgumentOutOfRangeException>(() => doc.Heading(7, "x"));
    }
}
