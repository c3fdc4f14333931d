using LocUnlearn.Common;
namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>Every results table is kept twice: Markdown for people, CSV for programs.</summary>
public static class TableFiles
{
    /// <summary>
    /// Writes <c>{basePath}.md</c> and <c>{basePath}.csv</c>; a caption goes in italics above the Markdown table only,
    /// so the CSV stays one header line and data rows.
    /// </summary>
    public static void Save(string basePath, Table table, string? caption = null)
    {
        string markdown = MarkdownTableWriter.Write(table);
        AtomicFile.WriteAllText(basePath + ".md", caption is null ? markdown : "*" + caption.ReplaceLineEndings(" ").Trim() + "*\n\n" + markdown);
        CsvTableWriter.Save(basePath + ".csv", table);
    }
}
