namespace LocUnlearn.Text;

/// <summary>
/// The 256 symbols of the GPT-2 ByteLevel pre-tokenizer (HF tokenizers' <c>bytes_char</c>): printable bytes stand for
/// themselves, the others (controls, space, 0x7F-0xA0, 0xAD) for U+0100 onwards in byte order. A byte-level BPE whose
/// vocabulary holds all 256 can encode any text, one symbol per UTF-8 byte at worst.
/// </summary>
public static class ByteLevelAlphabet
{
    public static IReadOnlyList<string> Symbols { get; } = Build();

    private static string[] Build()
    {
        var symbols = new string[256];
        int next = 256;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is (>= '!' and <= '~') or (>= 0xA1 and <= 0xAC) or (>= 0xAE and <= 0xFF);
            symbols[b] = ((char)(printable ? b : next++)).ToString();
        }
        return symbols;
    }
}
