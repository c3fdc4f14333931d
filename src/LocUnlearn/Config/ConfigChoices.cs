using static TorchSharp.torch;

namespace LocUnlearn.Config;

// The closed choices of the config, each parsed once from its snake_case JSON name (an unknown value is an error
// naming the key, like any wrong type) instead of compared as text where it is used.

/// <summary>data.source: the synthetic world generated into the run directory, or a TOFU folder at data.path.</summary>
public enum DataSource { Synthetic, Folder }

/// <summary>data.pretrain_corpus: what θp is pretrained on when the tool trains it (no model.path).</summary>
public enum PretrainCorpusSource
{
    /// <summary>The data folder's <c>pretrain.jsonl</c> (the synthetic world writes one).</summary>
    Folder,
    /// <summary>Built from a TOFU folder into the run directory: real_authors and world_facts as question/answer text and the
    /// retain split's answers; nothing from the forget split (TofuPretrainCorpus).</summary>
    Tofu,
}

/// <summary>model.dtype: the weights' dtype (what training updates is kept in fp32 either way; docs/config.md).</summary>
public enum WeightDtype { Float32, Bfloat16, Float16 }

/// <summary>evaluation.trade_off: how a run's AUES and MU95 are computed (SPEC 9).</summary>
public enum TradeOffMode
{
    /// <summary>Over the run's evaluated checkpoints (θo included).</summary>
    Points,
    /// <summary>Over model mixtures θ(α) = (1-α)θo + αθu of the run's final weights.</summary>
    Mixing,
}

/// <summary>unlearn.keep_checkpoints: whether each unlearning run keeps its unlearned model.</summary>
public enum KeptCheckpoints { Final, None }

public static class WeightDtypes
{
    public static ScalarType ScalarType(this WeightDtype dtype) => dtype switch
    {
        WeightDtype.Bfloat16 => TorchSharp.torch.ScalarType.BFloat16,
        WeightDtype.Float16 => TorchSharp.torch.ScalarType.Float16,
        _ => TorchSharp.torch.ScalarType.Float32,
    };

    public static int Bytes(this WeightDtype dtype) => dtype == WeightDtype.Float32 ? 4 : 2;
}
