// Tests run one at a time. TorchSharp hands the native handle of temporary Scalars (`tensor + 1.0`, the implicit
// alpha of every `add`) to libtorch without keeping the managed object alive; when another thread's allocation
// starts a garbage collection during that native call, the finalizer can free the scalar under it (seen in CI as
// "Expected false to be true ... toFloat" inside RmsNorm). Parallel test classes are exactly such threads, and
// libtorch already uses every core for one test's tensor maths. The CLI follows the same rule: see
// SpectreProgressSink.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
