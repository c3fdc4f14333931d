using System.Text;
using LocUnlearn.Reporting.Rendering.Tables;
using LocUnlearn.Common;

namespace LocUnlearn.Reporting.Rendering;

/// <summary>
/// Builds a Markdown report block by block. Images are linked relative to the directory the report is
/// saved in, so a run directory can be moved or zipped and its report still shows its figures.
/// </summary>
public sealed class MarkdownDocument
{
    private readonly StringBuilder _text = new();

    /// <param name="directory">Where the report will be saved; image links are made relative to it.</param>
    public MarkdownDocument(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    public MarkdownDocument Heading(int level, string text)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 6);
        return Block(new string('#', level) + " " + SingleLine(text));
    }

    public MarkdownDocument Paragraph(string text) => Block(text.Trim());

    public MarkdownDocument Bullets(IEnumerable<string> items) =>
        Block(string.Join("\n", items.Select(i => "- " + SingleLine(i))));

    /// <summary>
    /// An image; <paramref name="imagePath"/> is absolute or relative to the report's directory (not the process's
    /// working directory: a bare file name written next to the report must link to that file).
    /// </summary>
    public MarkdownDocument Image(string altText, string imagePath)
    {
        string relative = Path.GetRelativePath(Directory, Path.GetFullPath(imagePath, Directory)).Replace('\\', '/');
        // CommonMark: a destination with spaces or parentheses must be written in angle brackets.
        string destination = relative.IndexOfAny([' ', '(', ')']) >= 0 ? "<" + relative + ">" : relative;
        return Block($"![{SingleLine(altText).Replace("]", "\\]")}]({destination})");
    }

    /// <summary>A table, with an optional caption set in italics above it (where readers look first).</summary>
    public MarkdownDocument Table(Table table, string? caption = null)
    {
        if (caption is not null)
            Block("*" + SingleLine(caption) + "*");
        return Block(MarkdownTableWriter.Write(table).TrimEnd('\n'));
    }

    public override string ToString() => _text.ToString();

    public void Save(string fileName) => AtomicFile.WriteAllText(Path.Combine(Directory, fileName), ToString());

    private MarkdownDocument Block(string block)
    {
        if (_text.Length > 0)
            _text.Append('\n');
        _text.Append(block).Append('\n');
        return this;
    }

    private static string SingleLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
