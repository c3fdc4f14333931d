using System.Text.Json;
using System.Text.Json.Nodes;
using LocUnlearn.Common;

namespace LocUnlearn.Study;

/// <summary>The run directory cannot be used as it is; the message names the path and the fix.</summary>
public sealed class RunDirectoryException(string message) : Exception(message);

/// <summary>
/// What may be written or removed under a run directory: `--out` must be new, empty or one of ours (a folder holding a
/// user's files is refused, naming them, never emptied), and a unit's folder is only ever emptied when no folder between
/// it and the run directory is a symbolic link, so a reset never deletes anything outside the run.
/// </summary>
public static class RunDirectory
{
    /// <summary>Entries a run directory of ours may hold at its top level.</summary>
    private static readonly string[] Ours =
        ["config.json", "manifest.json", "plan.json", "data", "stages", "seeds", "results", "jobs", RunLock.FileName, "run.holder", RunLock.SlurmFileName];

    /// <summary>What an interrupted start leaves before config.json is written: the lock, who held it, temporaries.</summary>
    private static readonly string[] Start = [RunLock.FileName, "run.holder"];

    /// <summary>
    /// Refuses a folder that is not new, empty or a run directory of ours. A folder is ours only when it holds our
    /// config.json (or manifest.json): entry names alone prove nothing, since a user's own `data/` would be replaced by
    /// the synthetic world. Within a run directory, anything but a run's entries is refused too.
    /// </summary>
    public static void RequireUsable(string root, string flag = "--out")
    {
        if (!Directory.Exists(root))
        {
            if (File.Exists(root))
                throw new ArgumentException($"{flag}: {root} is a file; a run directory is a folder. Choose another path.");
            return;
        }
        var entries = Directory.EnumerateFileSystemEntries(root).Select(p => Path.GetFileName(p)!)
            .Where(n => !AtomicFile.IsTemporary(n)).Order(StringComparer.Ordinal).ToList();
        var foreign = IsRun(root) ? entries.Where(n => !Ours.Contains(n)).ToList() : entries.Where(n => !Start.Contains(n)).ToList();
        if (foreign.Count == 0)
            return;
        string held = $"{string.Join(", ", foreign.Take(5))}{(foreign.Count > 5 ? $" and {foreign.Count - 5} more" : "")}";
        throw new ArgumentException(IsRun(root)
            ? $"{flag}: {root} is not a LocUnlearn run directory: it holds {held}. A run writes and replaces folders in its directory, " +
              "so choose a new or empty folder (nothing was changed)."
            : $"{flag}: {root} is not a LocUnlearn run directory: it holds {held} but no config.json of a run. A run writes and replaces " +
              "folders in its directory (data/ among them), so give a new path or an empty folder (nothing was changed).");
    }

    /// <summary>Whether the folder holds a run's config.json (it names a preset) or manifest.json (written by locunlearn).</summary>
    private static bool IsRun(string root) =>
        HasKey(Path.Combine(root, "config.json"), "preset", null) || HasKey(Path.Combine(root, "manifest.json"), "tool", "locunlearn");

    private static bool HasKey(string file, string key, string? value)
    {
        if (!File.Exists(file))
            return false;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(file)) as JsonObject;
            return node?[key] is JsonValue v && (value is null || v.ToString() == value);
        }
        catch (JsonException)
        {
            return false; // not ours (a user's file of that name)
        }
    }

    /// <summary>Empties (or creates) a unit's folder after checking that no folder from it up to its run directory (the
    /// nearest one holding config.json or run.lock) is a symbolic link.</summary>
    public static void Reset(string dir)
    {
        RequireNoLinkUpToRun(Path.GetFullPath(dir));
        if (Directory.Exists(dir))
            Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
    }

    private static void RequireNoLinkUpToRun(string dir)
    {
        // The folders from the unit up to its run directory; outside a run directory (the unlearn verb's --out) the
        // folder itself. Links above the run directory are the user's business (e.g. /work pointing to a larger disk).
        var chain = new List<DirectoryInfo>();
        for (var d = new DirectoryInfo(dir); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "config.json")) || File.Exists(Path.Combine(d.FullName, RunLock.FileName)))
                break; // the run directory itself may be a link the user chose
            chain.Add(d);
            if (d.Parent is null)
                chain = [new DirectoryInfo(dir)];
        }
        foreach (var d in chain.Where(d => d.Exists && d.LinkTarget is not null))
            throw new RunDirectoryException(
                $"{dir}: refusing to empty it because {d.FullName} is a symbolic link (to {d.LinkTarget}) and the reset could delete " +
                "files outside the run directory. Replace the link with a real folder, or move the run directory.");
    }
}
