using LocUnlearn.Experiments.Reporting;
using LocUnlearn.Experiments.Reporting.Tables;

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

    [Fact]
    public void OursBesideStudyPairsColumnsAndMarksUnknownObjectives()
    {
        var ours = new ObjectiveComparison("npo", [0.60, 0.62], [0.61, 0.65], 0.5, [-9.0, -10.0], [-8.0, -9.0], 0.25,
            "paired sign-flip permutation");
        var unknown = ours with { Objective = "ga" };
        Table table = ComparisonTables.BesideStudy([ours, unknown]);
        Assert.Equal(13, table.Columns.Count);
        Assert.Equal(["NPO", "0.625", "0.610", "0.619", "0.630", "0.71", "0.50", "-9.45", "-9.50", "-8.56", "-8.50", "0.31", "0.25"],
            table.Rows[0].Select(c => c.Text));
        Assert.Equal("–", table.Rows[1][1].Text);
    }

    [Fact]
    public void OursShowsSpreadAndPairedDifferences()
    {
        var ours = new ObjectiveComparison("wga", [0.50, 0.60], [0.52, 0.58], 0.031, [-10.0, -11.0], [-10.5, -11.5], 0.0004, "t");
        Table table = ComparisonTables.Ours([ours]);
        // |O - R| per seed: 0.02, 0.02 → mean 0.02, std 0
        Assert.Equal(["WGA", "0.550 ± 0.071", "0.550 ± 0.042", "0.0200 ± 0", "0.031", "-10.50 ± 0.71", "-11.00 ± 0.71", "0.500 ± 0", "<0.001", "t"],
            table.Rows[0].Select(c => c.Text));
    }

    [Fact]
    public void LocalizersBesideStudyShowsRecallOnlyWhereKnown()
    {
        Table table = ComparisonTables.LocalizersBesideStudy(
        [
            new LocalizerComparison("random", [0.50, 0.54], [-15.0, -14.0]),
            new LocalizerComparison("memflex", [0.49, 0.49], [-16.0, -16.0], [0.12, 0.14]),
            new LocalizerComparison("gradient_norm", [0.5], [-15.5]),
        ]);
        Assert.Equal(["Random", "0.529", "0.520 ± 0.028", "-14.87", "-14.50 ± 0.71", "–"], table.Rows[0].Select(c => c.Text));
        Assert.Equal(["MemFlex", "0.491", "0.490 ± 0", "-15.97", "-16.0 ± 0", "0.130 ± 0.014"], table.Rows[1].Select(c => c.Text));
        Assert.Equal(["gradient_norm", "–", "0.500", "–", "-15.5", "–"], table.Rows[2].Select(c => c.Text));
    }
}
