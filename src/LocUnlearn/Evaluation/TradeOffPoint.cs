namespace LocUnlearn.Evaluation;

/// <summary>One evaluated checkpoint of a run: forget score FS = 1 - ES(forget), retain score RS = ES(retain),
/// log10 forget quality and model utility (SPEC 9).</summary>
public sealed record TradeOffPoint(double ForgetScore, double RetainScore, double Log10ForgetQuality, double ModelUtility);
