using LocUnlearn.Data;

namespace LocUnlearn.Tests.Data;

/// <summary>
/// A small real-TOFU folder cut from ../shared/tofu for fast end-to-end tests: the first <c>forgetAuthors</c> authors of
/// forget10 (and their perturbed rows), the first <c>retainAuthors</c> of retain90, as many retain_perturbed rows (they are
/// retain90's first rows), the first <c>knowledgeItems</c> real_authors and world_facts rows, and the refusals. File names
/// are TOFU's, so the study reads it as forget10/retain90.
/// </summary>
internal static class TofuSlice
{
    public const int RowsPerAuthor = 20;

    public static string Write(string folder, int forgetAuthors = 2, int retainAuthors = 3, int knowledgeItems = 10, int retainPerturbedRows = 20)
    {
        string tofu = SharedFiles.Require("tofu");
        Directory.CreateDirectory(folder);
        void Take(string split, int rows) =>
            File.WriteAllLines(Path.Combine(folder, TofuSplits.FileName(split)), File.ReadLines(Path.Combine(tofu, TofuSplits.FileName(split))).Take(rows));
        Take("forget10", forgetAuthors * RowsPerAuthor);
        Take("forget10_perturbed", forgetAuthors * RowsPerAuthor);
        Take("retain90", retainAuthors * RowsPerAuthor);
        Take(TofuSplits.RetainPerturbed, retainPerturbedRows);
        foreach (string split in new[] { TofuSplits.RealAuthors, TofuSplits.RealAuthorsPerturbed, TofuSplits.WorldFacts, TofuSplits.WorldFactsPerturbed })
            Take(split, knowledgeItems);
        File.Copy(Path.Combine(tofu, TofuSplits.RefusalsFile), Path.Combine(folder, TofuSplits.RefusalsFile));
        return folder;
    }
}
