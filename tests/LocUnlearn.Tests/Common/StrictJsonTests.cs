using System.Text;
using LocUnlearn.Common;

namespace LocUnlearn.Tests.Common;

/// <summary>Our messages for malformed JSON and invalid UTF-8: the file, a 1-based line and column, and what to fix.</summary>
public class StrictJsonTests
{
    private static string Error(string json) => Error(Encoding.UTF8.GetBytes(json));

    private static string Error(byte[] file) =>
        Assert.Throws<InvalidDataException>(() => StrictJson.ParseNode(file, "/d/f.json", m => new InvalidDataException(m))).Message;

    [Fact]
    public void SyntaxErrorNamesOneBasedLineAndCharacterColumnWithoutTheLibrarysText()
    {
        // Line 3 has a two-byte 'é' before 'x': the column counts characters, so 'x' is column 8 (its byte offset in the line is 8).
        string message = Error("{\n  \"a\": 1,\n\"é\": 2 x }");

        Assert.StartsWith("/d/f.json line 3, column 8: malformed JSON (unexpected 'x' near `\"é\": 2 x }`", message);
        Assert.DoesNotContain("LineNumber", message);
        Assert.DoesNotContain("BytePositionInLine", message);
        Assert.DoesNotContain("reader options", message);
    }

    [Fact]
    public void TrailingCommaSingleQuotesCommentsAndTruncationAreNamed()
    {
        Assert.Contains("line 2, column 9: malformed JSON (a trailing comma before '}'", Error("{\"a\":1,\n \"b\": 2,}"));
        Assert.Contains("line 1, column 2: malformed JSON (strings and keys need double quotes", Error("{'a': 1}"));
        Assert.Contains("line 1, column 10: malformed JSON (comments are not allowed", Error("{\"a\": 1, // note\n}"));
        Assert.Contains("malformed JSON (the text ends inside an unclosed object, array or string", Error("{\"a\": [1, 2"));
        Assert.Equal("/d/f.json: empty where a JSON value is expected.", Error(" \n"));
    }

    [Fact]
    public void DuplicateKeyIsRefusedWithItsPosition()
    {
        string message = Error("{\"x\": {\"a\": 1,\n  \"a\": 2}}");

        Assert.StartsWith("/d/f.json line 2, column 3: key \"a\" appears twice in one object", message);
    }

    [Fact]
    public void InvalidUtf8NamesLineAndByteOffset()
    {
        byte[] file = Encoding.UTF8.GetBytes("{\"a\": \"ok\",\n \"b\": \"caf?\"}");
        file[Array.IndexOf(file, (byte)'?')] = 0xE9; // Latin-1 'é'

        string message = Error(file);

        Assert.StartsWith("/d/f.json line 2, byte offset 22: invalid UTF-8 (bytes 0xE9 0x22 0x7D); the file must be UTF-8", message);
        Assert.Contains("iconv", message);
    }

    [Fact]
    public void ByteOrderMarkIsSkippedAndValidJsonParses()
    {
        byte[] file = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes("{\"a\": \"é\"}")];

        Assert.Equal("é", StrictJson.ParseNode(file, "f", m => new InvalidDataException(m))!["a"]!.GetValue<string>());
    }

    [Fact]
    public void PartOfAFileIsReportedAtTheFilesOwnLine()
    {
        byte[] file = Encoding.UTF8.GetBytes("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,}\n");
        int start = 18, length = 9; // the third line

        var e = Assert.Throws<InvalidDataException>(() => StrictJson.ParseDocument(file, start, length, "/d/x.jsonl", m => new InvalidDataException(m)));

        Assert.StartsWith("/d/x.jsonl line 3, column 9: malformed JSON (a trailing comma", e.Message);
    }
}
