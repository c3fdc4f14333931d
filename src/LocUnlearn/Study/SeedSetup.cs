using LocUnlearn.Regions;
using LocUnlearn.Study.Stages;

namespace LocUnlearn.Study;

/// <summary>One seed's controlled setup: θo, V_tgt, V_rdm and the injection records.</summary>
public sealed record SeedSetup(long Seed, string ThetaO, string ThetaOFingerprint, StageRecord Inject, StageRecord? InjectFull,
    Region Target, Region Random);
