namespace LocUnlearn.Experiments.Reporting.Tables;

/// <summary>Every results table is kept twice: Markdown for people, CSV for programs.</summary>
public static class TableFiles
{
    /// <summary>Writes <c>{basePath}.md</c> and <c>{basePath}.csv</c>.</summary>
    public static void Save(string basePath, Table table)
    {
        MarkdownTableWriter.Save(basePath + ".md", table);
        CsvTableWriter.Save(basePath + ".csv", table);
    }
}
