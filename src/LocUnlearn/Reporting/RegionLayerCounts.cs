namespace LocUnlearn.Reporting;

/// <summary>How many value vectors of a region (V_tgt, V_rdm, a localized region) lie in each layer.</summary>
public sealed record RegionLayerCounts(string Name, int[] CountPerLayer);
