using LocUnlearn.Jobs;
using LocUnlearn.Reporting;
using LocUnlearn.Reporting.Rendering.Tables;

namespace LocUnlearn.Tests.Reporting;

public class ReferenceNumbersTests
{
    [Fact]
    public void ObjectiveTableReproducesTheStudysPrecision()
    {
        string markdown = MarkdownTableWriter.Write(StudyReferenceNumbers.ObjectiveTable());
        Assert.Contains("| WGA    |       0.586 |       0.593 | 0.61 |      -10.33 |      -10.00 | 0.46 |", markdown);
        Assert.Contains("| DPO    |       0.497 |       0.492 | 0.66 |      -13.26 |      -13.60 | 0.68 |", markdown);
        Assert.Equal(4 + 2, markdown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void LocalizerTableListsRandomAndTheThreeMethods()
    {
        Table table = StudyReferenceNumbers.LocalizerTable();
        Assert.Equal(["Random", "Activations", "MemFlex", "WAGLE"], table.Rows.Select(r => r[0].Text));
        Assert.Equal("-16.84", table.Rows[1][2].Text);
    }
}
