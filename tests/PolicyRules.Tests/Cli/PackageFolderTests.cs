using System.Diagnostics;
using PolicyRules.Tests.Messages;

namespace PolicyRules.Tests.Cli;

/// <summary>
/// A folder given by mistake for a package (<c>/tmp</c>, a home folder) is refused at once, not walked to its end before
/// saying it holds no rules: a package folder holds at most PackageFiles.MaxEntries files and folders, not counting
/// <c>bin/</c>, <c>obj/</c> and folders whose name starts with '.' (<c>.git/</c>), which the loader does not read.
/// The package is ChineseMessagesTests.Package (module tax; no legal figure is asserted here).
/// </summary>
public sealed class PackageFolderTests(PackageFolderTests.BigPackage big) : IClassFixture<PackageFolderTests.BigPackage>
{
    /// <summary>A package with a folder <c>data/</c> beside its rules holding more than PackageFiles.MaxEntries entries, made once
    /// for the class (xUnit runs a class's tests one at a time, so the test that renames the folder puts it back).</summary>
    public sealed class BigPackage
    {
        public string Dir { get; } = ChineseMessagesTests.Package();

        public BigPackage()
        {
            var data = Path.Combine(Dir, "data");
            for (var i = 0; i * 100 <= PolicyRules.Language.Files.PackageFiles.MaxEntries; i++)
            {
                var sub = Directory.CreateDirectory(Path.Combine(data, $"f{i}")).FullName;
                for (var j = 0; j < 100; j++) File.Create(Path.Combine(sub, $"{j}.txt")).Dispose();
            }
        }
    }

    [Theory]
    [InlineData("en", "policyrules check: '{0}' is not a rule package folder: it holds more than 10000 files and folders")]
    [InlineData("zh", "policyrules check：“{0}”不是规则包文件夹：里面的文件和文件夹超过 10000 个")]
    public void A_folder_holding_more_than_a_package_would_is_refused_at_once(string lang, string expected)
    {
        var dir = big.Dir;
        var watch = Stopwatch.StartNew();
        var (exit, output, error) = CliRunner.Run("", "check", dir, "--lang", lang);
        watch.Stop();

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith(string.Format(expected, dir), error);
        Assert.Single(error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        // Counting stops at the limit: generous on a loaded machine, far below the tens of seconds a full walk of /tmp took.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData("run")]
    [InlineData("diff")]
    public void Every_command_taking_a_package_refuses_it(string command)
    {
        var dir = big.Dir;
        var input = Path.Combine(Path.GetTempPath(), "policyrules-tests", Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(input, "id,grade,area_m2\nA,1,1000\n");
        string[] args = command == "run"
            ? ["run", "--rules", dir, "--module", "tax", "--input", input, "--output", input + ".out.csv", "--at", "2017-09-01", "--lang", "en"]
            : ["diff", "--base", dir, "--rules", ChineseMessagesTests.Package(), "--module", "tax", "--input", input, "--at", "2017-09-01", "--lang", "en"];
        var (exit, _, error) = CliRunner.Run("", args);
        Assert.Equal(2, exit);
        Assert.StartsWith($"policyrules {command}: '{dir}' is not a rule package folder", error);
    }

    [Fact]
    public void Folders_the_loader_does_not_read_are_not_counted()
    {
        var from = Path.Combine(big.Dir, "data");
        foreach (var name in new[] { ".git", "bin", "obj" })
        {
            var to = Path.Combine(big.Dir, name);
            Directory.Move(from, to);
            try
            {
                var (exit, output, error) = CliRunner.Run("", "check", big.Dir, "--lang", "en");
                Assert.Equal("", error);
                Assert.Equal(0, exit);
                Assert.StartsWith("ok:", output);
            }
            finally { Directory.Move(to, from); }
        }
    }

    [Fact]
    public void Rule_files_in_a_dot_folder_are_not_read()
    {
        var dir = ChineseMessagesTests.Package();
        Directory.CreateDirectory(Path.Combine(dir, ".backup"));
        File.WriteAllText(Path.Combine(dir, ".backup", "broken.rules"), "this is not a rule file");
        var (exit, output, _) = CliRunner.Run("", "check", dir, "--lang", "en");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("broken.rules", output);
    }

    [Theory]
    [InlineData("en", "error PR0002: '{0}' is a named pipe (FIFO), not a regular file, and is not read")]
    [InlineData("zh", "错误 PR0002：“{0}”是命名管道，不是普通文件，不会被读取")]
    public void What_a_file_that_is_not_regular_is_is_said_in_the_language_asked(string lang, string expected)
    {
        if (!OperatingSystem.IsLinux()) return;   // the kind of a file is told on Linux only (docs/limits.md)
        var dir = ChineseMessagesTests.Package();
        var pipe = Path.Combine(dir, "x.rules");
        using (var mkfifo = Process.Start("mkfifo", [pipe]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var (exit, output, _) = CliRunner.Run("", "check", dir, "--lang", lang);
        Assert.Equal(1, exit);
        Assert.Contains(string.Format(expected, pipe.Replace('\\', '/')), output);
    }
}
