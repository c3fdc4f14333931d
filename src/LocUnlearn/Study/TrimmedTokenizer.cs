using System.Text.Json;
using LocUnlearn.Common;
using LocUnlearn.Config;
using LocUnlearn.Data;
using LocUnlearn.Text;

namespace LocUnlearn.Study;

/// <summary>
/// What RUN/data/tokenizer/record.json says about the run's tokenizer: the file the user gave (data.tokenizer) and its
/// hash, the trimmed file the run trains and evaluates with and its hash, and the sizes before and after.
/// <paramref name="AlreadyTrimmed"/>: the given file was already trimmed to these texts (nothing was removed).
/// </summary>
public sealed record TrimmedTokenizerRecord(
    string Source, string SourceSha256, string Tokenizer, string Sha256, int VocabBefore, int VocabAfter, int MergesBefore, int MergesAfter,
    int Texts, bool AlreadyTrimmed);

/// <summary>
/// The run's copy of data.tokenizer when the tool trains θp from scratch: trimmed (the code of `data trim-vocab`) to every
/// text of the run's TOFU folder, so the embedding and output projection hold only what the data needs. A file trimmed
/// before gives the same file again.
/// </summary>
public static class TrimmedTokenizer
{
    public const string Folder = "tokenizer";
    public const string RecordFile = "record.json";

    /// <summary>Trims <paramref name="source"/> to the texts of <paramref name="dataFolder"/> into <paramref name="outFolder"/>
    /// (checked to encode every text as the source does) and writes its record there.</summary>
    /// <param name="tokenizerPath">the trimmed file's path as the run records it (its final place)</param>
    public static TrimmedTokenizerRecord Write(string source, string dataFolder, string outFolder, string tokenizerPath)
    {
        IReadOnlyList<string> texts = TofuTexts.Read(new TofuReader(dataFolder)).StudyStrings();
        using HfTokenizer full = HfTokenizer.Load(source);
        Directory.CreateDirectory(outFolder);
        VocabularyTrim trim = TokenizerTrimming.TrimTo(full, texts, outFolder);
        var record = new TrimmedTokenizerRecord(Path.GetFullPath(source), Sha256(source), tokenizerPath,
            Sha256(Path.Combine(outFolder, VocabularyTrim.TokenizerFileName)), trim.VocabBefore, trim.VocabAfter, trim.MergesBefore,
            trim.MergesAfter, texts.Count, trim.VocabAfter == trim.VocabBefore && trim.MergesAfter == trim.MergesBefore);
        AtomicFile.WriteAllText(Path.Combine(outFolder, RecordFile), JsonSerializer.Serialize(record, RecordOptions));
        return record;
    }

    /// <summary>The record in a run's tokenizer folder, or null when the run has none.</summary>
    public static TrimmedTokenizerRecord? Read(string folder)
    {
        string path = Path.Combine(folder, RecordFile);
        return File.Exists(path) ? JsonSerializer.Deserialize<TrimmedTokenizerRecord>(File.ReadAllText(path), RecordOptions) : null;
    }

    public static string Sha256(string path) => StudyData.HashFiles([path]);

    private static JsonSerializerOptions RecordOptions => ConfigJson.Options;
}
