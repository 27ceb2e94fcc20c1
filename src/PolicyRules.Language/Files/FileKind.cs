using System;
using System.Runtime.InteropServices;
using PolicyRules.Language.Messages;

namespace PolicyRules.Language.Files;

/// <summary>
/// What kind of file system entry a path is, after links: .NET tells files from folders but not a regular file from
/// a named pipe, a device or a socket, and opening a named pipe blocks until something writes to it. On Linux the
/// kind comes from <c>statx</c>, whose result has the same layout on every architecture.
/// </summary>
internal static class FileKind
{
    /// <summary>
    /// Null for a regular file (or where the kind cannot be told: not Linux, or statx failed, in which case reading
    /// the file gives its own error); otherwise what it is, in words in the message's language ("a named pipe (FIFO)").
    /// </summary>
    public static Msg? NotRegular(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256];   // struct statx
        if (statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000;   // stx_mode, its S_IFMT bits
        return mode switch
        {
            0x8000 => null,
            0x1000 => Msg.Of("files.kind_fifo"),
            0x2000 => Msg.Of("files.kind_character_device"),
            0x6000 => Msg.Of("files.kind_block_device"),
            0xC000 => Msg.Of("files.kind_socket"),
            0x4000 => Msg.Of("files.kind_folder"),
            _ => Msg.Of("files.kind_other"),
        };
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for one call
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
#pragma warning restore SYSLIB1054
}
