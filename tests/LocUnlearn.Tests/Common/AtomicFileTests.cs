using LocUnlearn.Common;

namespace LocUnlearn.Tests.Common;

public sealed class AtomicFileTests
{
    [Fact]
    public void WritesThroughOneTemporaryNameThatReadersRecognise()
    {
        using var temp = new TempFolder();
        string path = System.IO.Path.Combine(temp.Path, "sub", "result.json");

        string? seen = null;
        AtomicFile.Write(path, t => { seen = t; File.WriteAllText(t, "{}"); Assert.False(File.Exists(path)); });

        Assert.Equal($"{path}.{Environment.ProcessId}.tmp", seen);
        Assert.Equal("{}", File.ReadAllText(path));
        Assert.Equal(["result.json"], Directory.GetFiles(System.IO.Path.GetDirectoryName(path)!).Select(System.IO.Path.GetFileName));
        Assert.True(AtomicFile.IsTemporary(System.IO.Path.GetFileName(seen!)));
    }

    [Fact]
    public void AFailedWriteLeavesTheOldFileAndNoTemporary()
    {
        using var temp = new TempFolder();
        string path = temp.File("a.txt", "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, t => { File.WriteAllText(t, "half"); throw new InvalidOperationException(); }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void TextIsUtf8WithoutByteOrderMark()
    {
        using var temp = new TempFolder();
        string path = System.IO.Path.Combine(temp.Path, "θ.md");

        AtomicFile.WriteAllText(path, "θr");

        Assert.Equal([0xCE, 0xB8, (byte)'r'], File.ReadAllBytes(path));
    }

    [Theory]
    [InlineData("result.json.123.tmp", true)]
    [InlineData("model.safetensors.9.tmp", true)]
    [InlineData("result.json.tmp", false)]
    [InlineData("result.json", false)]
    [InlineData("a.x1.tmp", false)]
    [InlineData(".5.tmp", false)]
    public void RecognisesOnlyItsOwnTemporaries(string name, bool temporary) => Assert.Equal(temporary, AtomicFile.IsTemporary(name));
}
