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

/// <summary>Issue 15, item 4: the comparison with the study states both forget-set sizes and both θo log10 FQs.</summary>
public class StudyScaleTests
{
    [Fact]
    public void TheStudysThetaOBoundIsItsSmallestMu95()
    {
        Assert.Equal(-16.84, StudyReferenceNumbers.ThetaOLog10FqBound);
        Assert.Equal(400, StudyReferenceNumbers.ForgetItems);
    }

    [Fact]
    public void ASmallForgetSetIsSetBesideTheStudysAndFlaggedNotComparable()
    {
        var outcome = HandBuiltStudy.Outcome(["wga"], [], 3, ResultTablesTests.WgaRuns()) with { ForgetItems = 40 };
        var agg = new StudyAggregates(outcome);

        var rows = ResultTables.StudyScale(outcome, agg).Rows.Select(r => r.Select(c => c.Text).ToList()).ToList();
        string text = ReportText.StudyComparability(outcome, agg);

        Assert.Equal(["this run", "trained from scratch (hidden 32, 2 layers)", "forget10", "40", "-12.0 ± 0"], rows[0]);
        Assert.Equal(["the study", "LLaMA-3.1-8B-Instruct", "TOFU forget10", "400"], rows[1].Take(4));
        Assert.StartsWith("≤ -16.8", rows[1][4]);
        Assert.Contains("forget10 (400 items)", text);
        Assert.Contains("forget10 (40 forget items) from a θo at log10 FQ -12.0", text);
        Assert.Contains("Here they differ", text);
    }

    [Fact]
    public void AStudySizedRunIsSaidToBeOfTheStudysScale()
    {
        var outcome = HandBuiltStudy.Outcome(["wga"], [], 3, ResultTablesTests.WgaRuns()) with { ForgetItems = 400 };
        var thetaO = outcome.Experiments.ThetaO.ToDictionary(kv => kv.Key, kv => kv.Value with { Log10ForgetQuality = -15 });
        outcome = outcome with { Experiments = outcome.Experiments with { ThetaO = thetaO } };

        string text = ReportText.StudyComparability(outcome, new StudyAggregates(outcome));

        Assert.Contains("Here both are of the study's scale.", text);
    }
}
