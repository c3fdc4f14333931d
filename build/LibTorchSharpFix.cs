#nullable enable
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Build-time fix for TorchSharp's native library on systems with an older libstdc++ (see
// LibTorchSharpFix.targets). Walks the ELF64 .gnu.version_r section and sets VER_FLG_WEAK on the
// GLIBCXX_3.4.32 requirement; glibc then loads the library with GCC 12's libstdc++.
public class LocUnlearnFixLibTorchSharp : Task
{
    const string Version = "GLIBCXX_3.4.32";
    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    [Required]
    public string LibraryPath { get; set; } = "";

    public override bool Execute()
    {
        string? libstdcxx = FindSystemLibStdCxx();
        if (libstdcxx == null || Contains(File.ReadAllBytes(libstdcxx), Version))
            return true; // nothing to fix (or no libstdc++ to judge by: leave the library untouched)

        string path = Path.GetFullPath(LibraryPath);
        byte[] elf = File.ReadAllBytes(path);
        int? flagsOffset = FindRequirementFlags(elf);
        if (flagsOffset == null)
            return true; // this build of the library does not ask for the version
        ushort flags = BitConverter.ToUInt16(elf, flagsOffset.Value);
        if ((flags & VerFlgWeak) != 0)
            return true; // already patched

        BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, flagsOffset.Value);
        // Write a new file and rename it over the old one, so a hard link into the package cache is
        // never modified in place.
        string tmp = path + ".locunlearn-tmp";
        File.WriteAllBytes(tmp, elf);
        File.Delete(path);
        File.Move(tmp, path);
        Log.LogMessage(MessageImportance.High,
            "LocUnlearn: " + libstdcxx + " lacks " + Version + "; marked that requirement weak in " + path +
            " so TorchSharp loads (README.md, Troubleshooting).");
        return true;
    }

    static string? FindSystemLibStdCxx()
    {
        foreach (string dir in new[] { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
                                       "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib" })
        {
            string candidate = Path.Combine(dir, "libstdc++.so.6");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    static bool Contains(byte[] haystack, string needle)
    {
        byte[] n = Encoding.ASCII.GetBytes(needle);
        for (int i = 0; i + n.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < n.Length && haystack[i + j] == n[j]) j++;
            if (j == n.Length) return true;
        }
        return false;
    }

    // Returns the file offset of vna_flags of the GLIBCXX_3.4.32 Vernaux entry, or null.
    static int? FindRequirementFlags(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[4] != 2 || elf[5] != 1)
            return null; // not a little-endian ELF64 file
        long shoff = BitConverter.ToInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A);
        int shnum = BitConverter.ToUInt16(elf, 0x3C);
        for (int s = 0; s < shnum; s++)
        {
            int sh = (int)(shoff + s * shentsize);
            if (BitConverter.ToUInt32(elf, sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(elf, sh + 0x18);
            int link = (int)BitConverter.ToUInt32(elf, sh + 0x28);
            int count = (int)BitConverter.ToUInt32(elf, sh + 0x2C);
            long strtab = BitConverter.ToInt64(elf, (int)(shoff + link * shentsize) + 0x18);
            long need = offset;
            for (int i = 0; i < count; i++)
            {
                int cnt = BitConverter.ToUInt16(elf, (int)need + 2);
                long aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (int a = 0; a < cnt; a++)
                {
                    long name = strtab + BitConverter.ToUInt32(elf, (int)aux + 8);
                    if (ReadCString(elf, name) == Version)
                        return (int)aux + 4;
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        return null;
    }

    static string ReadCString(byte[] data, long start)
    {
        int end = (int)start;
        while (end < data.Length && data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, end - (int)start);
    }
}
