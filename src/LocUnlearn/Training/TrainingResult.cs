namespace LocUnlearn.Training;

/// <summary>What a training run did: per-step mean losses, sizes and time.</summary>
public sealed record TrainingResult(
    int Steps,
    IReadOnlyList<double> Losses,
    long TrainableParameters,
    long OptimizerStateBytes,
    double WallSeconds);
