using PolicyRules.Files;
using PolicyRules.Language.Messages;

namespace PolicyRules.Tests.Hardening;

/// <summary>
/// <see cref="FileErrors"/>: a file operation's .NET exception as a catalogue sentence naming the file and what failed,
/// in either language; a failure on an <see cref="AtomicFile"/>'s temporary file names the target.
/// </summary>
public class FileErrorsTests
{
    private static string Temp() => Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_missing_file_is_named_without_NET_words()
    {
        var missing = Path.Combine(Temp(), "rules.csv");
        var e = Assert.ThrowsAny<IOException>(() => File.ReadAllText(missing));
        Assert.Equal($"“{missing}”不存在", FileErrors.Describe(e).Render(Lang.Zh));
        Assert.Equal($"'{missing}' does not exist", FileErrors.Describe(e).Render(Lang.En));
    }

    [Fact]
    public void A_full_disk_names_the_file_being_written()
    {
        if (!File.Exists("/dev/full")) return;  // Linux's always-full device; elsewhere there is nothing to fill
        var e = Assert.ThrowsAny<IOException>(() =>
        {
            using var full = new FileStream("/dev/full", FileMode.Open, FileAccess.Write);
            full.Write(new byte[4096]);
            full.Flush();
        });
        Assert.Equal("无法写入“/dev/full”：磁盘已满", FileErrors.Describe(e).Render(Lang.Zh));
        Assert.Equal("could not write '/dev/full': the disk is full", FileErrors.Describe(e).Render(Lang.En));
    }

    [Fact]
    public void A_write_into_a_missing_folder_names_the_target_not_the_temporary_file()
    {
        var target = Path.Combine(Temp(), "out.csv");
        var e = Assert.ThrowsAny<IOException>(() => AtomicFile.Create(target));
        Assert.Equal($"无法写入“{target}”：所在文件夹不存在", FileErrors.Describe(e).Render(Lang.Zh));
        Assert.Equal($"could not write '{target}': its folder does not exist", FileErrors.Describe(e).Render(Lang.En));
    }

    [Fact]
    public void A_failure_on_an_atomic_files_temporary_file_names_its_target()
    {
        // As a write through the file's stream reports it (disk full midway): the path .NET quotes is the temporary file.
        var e = new IOException("No space left on device : '/data/.out.csv.policyrules-4242.0a1b2c3d.tmp'", 28);
        Assert.Equal("无法写入“/data/out.csv”：磁盘已满", FileErrors.Describe(e).Render(Lang.Zh));
        var denied = new UnauthorizedAccessException("Access to the path '/data/.out.csv.policyrules-4242.0a1b2c3d.tmp' is denied.");
        Assert.Equal("could not write '/data/out.csv': access is denied", FileErrors.Describe(denied).Render(Lang.En));
        Assert.Equal("无权访问“/etc/shadow”", FileErrors.Describe(new UnauthorizedAccessException("Access to the path '/etc/shadow' is denied.")).Render(Lang.Zh));
    }

    [Fact]
    public void A_path_with_apostrophes_is_named_whole()
    {
        // .NET quotes the path in its message with apostrophes of its own: the path is everything between the first and last.
        var folder = Path.Combine(Temp(), "O'Brien's 'rules'");
        Directory.CreateDirectory(folder);
        var missing = Path.Combine(folder, "gone", "rules.csv");
        var e = Assert.ThrowsAny<DirectoryNotFoundException>(() => File.ReadAllText(missing));
        Assert.Equal($"“{missing}”不存在", FileErrors.Describe(e).Render(Lang.Zh));
        Assert.Equal($"'{missing}' does not exist", FileErrors.Describe(e).Render(Lang.En));

        var full = new IOException("No space left on device : '/data/O'Brien/.out.csv.policyrules-4242.0a1b2c3d.tmp'", 28);
        Assert.Equal("无法写入“/data/O'Brien/out.csv”：磁盘已满", FileErrors.Describe(full).Render(Lang.Zh));
        Assert.Equal("could not write '/data/O'Brien/out.csv': the disk is full", FileErrors.Describe(full).Render(Lang.En));
        var denied = new UnauthorizedAccessException("Access to the path '/srv/it's/in.csv' is denied.");
        Assert.Equal("无权访问“/srv/it's/in.csv”", FileErrors.Describe(denied).Render(Lang.Zh));
        Assert.Equal("access to '/srv/it's/in.csv' is denied", FileErrors.Describe(denied).Render(Lang.En));
        var other = new IOException("Input/output error : '/mnt/o'neil/in.csv'", 5);
        Assert.Equal("无法读写“/mnt/o'neil/in.csv”（Input/output error）", FileErrors.Describe(other).Render(Lang.Zh));
    }

    [Fact]
    public void Any_other_failure_keeps_the_systems_words_only_in_parentheses()
    {
        var e = new IOException("Input/output error : '/mnt/usb/in.csv'", 5);
        Assert.Equal("无法读写“/mnt/usb/in.csv”（Input/output error）", FileErrors.Describe(e).Render(Lang.Zh));
        Assert.Equal("a file could not be read or written (Input/output error)", FileErrors.Describe(new IOException("Input/output error")).Render(Lang.En));
    }
}
