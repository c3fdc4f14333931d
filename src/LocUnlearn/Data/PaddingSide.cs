namespace LocUnlearn.Data;

/// <summary>Right padding for training and teacher-forced scoring; left padding for batched generation, so every row's
/// last real token sits at the same position.</summary>
public enum PaddingSide
{
    Right,
    Left,
}
