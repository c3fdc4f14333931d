using LocUnlearn.Evaluation;
using LocUnlearn.Unlearning;

namespace LocUnlearn.Tests.Reporting;

/// <summary>Checkpoints written as (step, FS, RS, log10 FQ, MU), the order the report reads them in.</summary>
internal static class TestPoints
{
    public static Checkpoint<TradeOffPoint> At(int step, double fs, double rs, double fq, double mu) => new(step, new TradeOffPoint(fs, rs, fq, mu));
}
