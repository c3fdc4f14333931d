using LocUnlearn.Evaluation;
namespace LocUnlearn.Reporting;

/// <summary>
/// The two fixed models every trajectory is read against: θo (where unlearning starts) and θr (the gold
/// standard that never saw the forget set). Either may be unknown; a null one is simply not drawn.
/// </summary>
public sealed record AnchorModels(TradeOffPoint? Start, TradeOffPoint? GoldStandard)
{
    public static AnchorModels None { get; } = new(null, null);
}
