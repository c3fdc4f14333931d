using LocUnlearn.Common;
namespace LocUnlearn.Reporting.Rendering.Tables;

/// <summary>Every results table is kept twice: Markdown for people, CSV for programs.</summary>
public static class TableFiles
{
    /// <summary>
    /// Writes <c>{basePath}.md</c> and <c>{basePath}.csv</c> from one table; a caption goes in italics above the Markdown
    /// table only, so the CSV stays one header line and data rows.
    /// </summary>
    public static void Save(string basePath, Table table, string? caption = null) => Save(basePath, table, table, caption);

    /// <summary>The Markdown table for people and another for programs (one number per cell, fixed columns).</summary>
    public static void Save(string basePath, Table markdown, Table csv, string? caption = null)
    {
        string text = MarkdownTableWriter.Write(markdown);
        AtomicFile.WriteAllText(basePath + ".md", caption is null ? text : "*" + caption.ReplaceLineEndings(" ").Trim() + "*\n\n" + text);
        CsvTableWriter.Save(basePath + ".csv", csv);
    }
}
