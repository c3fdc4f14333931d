namespace LocUnlearn.Study.Units;

/// <summary>What a region-confined training run of the study is (result.json's "kind").</summary>
public enum RunKind
{
    /// <summary>Unlearning confined to V_tgt or V_rdm (experiment a), or the standalone `unlearn` verb.</summary>
    Unlearn,
    /// <summary>Unlearning confined to a localizer's region (experiment b).</summary>
    Localized,
    /// <summary>MLP-output reconstruction towards θr (experiment c).</summary>
    Reconstruct,
}
