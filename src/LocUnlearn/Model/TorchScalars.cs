using TorchSharp;

namespace LocUnlearn.Model;

/// <summary>
/// Native scalars the forward pass needs on every call, made once for the process. TorchSharp turns every C# number
/// given to an op, and the implicit alpha = 1 of every tensor add, into a new native Scalar that only the finalizer
/// frees: a decoding step of the 4-layer bench model made ~35 of them (a quarter of a profile's samples were the
/// finalizer thread disposing scalars, on a 2-core machine), and a temporary one may be finalized under the native
/// call that uses it (docs/ARCHITECTURE.md). A static one stays alive.
/// </summary>
internal static class TorchScalars
{
    public static readonly Scalar One = 1.ToScalar();
    public static readonly Scalar Two = 2.ToScalar();
}
