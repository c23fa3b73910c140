using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using GasTown.Federation.Parsing;
using GasTown.Federation.Uri.Tests.Properties;

namespace GasTown.Federation.Uri.Tests.Parsing;

/// <summary>
/// Canonical <c>gt://</c> text takes a hot path of its own (one vector read, the value built straight from its masks);
/// everything else takes the general path. The <c>hop://</c> alias always takes the general path, so the two are held
/// to the same answers through it.
/// </summary>
public sealed class CanonicalHotPathTests
{
    [Fact]
    public void The_hot_path_and_the_general_path_agree_on_every_mutation()
    {
        var compared = 0;
        var accepted = 0;
        foreach (var text in FastPathMutationTests.Mutations().Where(t => t.StartsWith("gt://", StringComparison.Ordinal)))
        {
            // hop:// text in the Wasteland's shape is refused before the grammar is read: there is no alias to compare.
            var alias = "hop://" + text[5..];
            if (WastelandShape.Matches(alias.AsSpan(6)))
            {
                continue;
            }

            compared++;
            var hot = GtUri.TryParse(text, out var uri, out var error);
            var general = GtUri.TryParse(alias, out var viaAlias, out var aliasError);
            hot.ShouldBe(general, text);
            if (hot)
            {
                accepted++;
                ShouldBeSame(uri, viaAlias, text);
            }
            else
            {
                // The alias is one character longer; the same problem is one character further on.
                (error.Kind, error.Position + 1).ShouldBe((aliasError.Kind, aliasError.Position), text);
            }

            // Every entry point gives the same answer: string, characters, UTF-8.
            GtUri.TryParse(text.AsSpan(), out var fromChars).ShouldBe(hot, text);
            GtUri.TryParse(Encoding.UTF8.GetBytes(text), out var fromUtf8).ShouldBe(hot, text);
            if (hot)
            {
                ShouldBeSame(fromChars, uri, text);
                ShouldBeSame(fromUtf8, uri, text);
            }
        }

        compared.ShouldBeGreaterThan(10_000);
        accepted.ShouldBeGreaterThan(1_000);
    }

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    public void Around_the_longest_vector_read_the_answers_do_not_change(int afterScheme)
    {
        // "acme.com/" + chain + "/gt-x", with the chain sized so that the text after the scheme has the given length.
        var chain = new string('c', afterScheme - "acme.com/".Length - "/gt-x".Length);
        var valid = "gt://acme.com/" + chain + "/gt-x";
        (valid.Length - 5).ShouldBe(afterScheme);
        var uri = GtUri.Parse(valid);
        uri.ChainSpan.ToString().ShouldBe(chain);
        uri.WorkIdSpan.ToString().ShouldBe("gt-x");

        // The last character is where the end-of-input rules bite: a trailing '/', a work id without '-' or ending in one.
        AssertSameAsAlias("gt://acme.com/" + chain + "/gt-/", GtUriError.TrailingSlash);
        AssertSameAsAlias("gt://acme.com/" + chain + "/gtxy", GtUriError.InvalidWorkId);
        AssertSameAsAlias("gt://acme.com/" + chain + "/gtx-", GtUriError.InvalidWorkId);
        AssertSameAsAlias("gt://acme.com/" + chain + "/g.-x", GtUriError.InvalidWorkId);

        // An entity alone of that length: a domain of labels, the last one the one that changes.
        var entity = "gt://" + new string('a', 30) + "." + new string('b', afterScheme - 31);
        (entity.Length - 5).ShouldBe(afterScheme);
        GtUri.Parse(entity).Kind.ShouldBe(GtUriKind.Entity);
        AssertSameAsAlias(entity[..^1] + "-", GtUriError.InvalidEntity);
    }

    [Fact]
    public void Text_that_ends_where_readable_memory_ends_is_read_without_a_fault()
    {
        // The vector read loads 64 characters at once and masks off those past the input; masked lanes never fault.
        // Each text is placed so that its last character is the last one before a page that cannot be read.
        using var memory = GuardedPage.Allocate();
        foreach (var text in new[]
                 {
                     "gt://a.co",
                     "gt://acme.com/eng/ac-123",
                     "gt://steve@example.com/main-town/gastown/gt-xyz",
                     "gt://" + new string('a', 20) + "@" + new string('b', 20) + ".com/" + new string('c', 13) + "/x-1",
                     "gt://ACME.com/Main-Town/gastown/gt-gastown-crew-max",
                     "gt://acme.com/eng/ac-12/",
                 })
        {
            var span = memory.PlaceAtEnd(text);
            var ok = GtUri.TryParse(span, out var uri);
            ok.ShouldBe(GtUri.TryParse(text, out var expected), text);
            uri.ShouldBe(expected, text);
        }
    }

    private static void AssertSameAsAlias(string text, GtUriError kind)
    {
        GtUri.TryParse(text, out _, out var error).ShouldBeFalse(text);
        error.Kind.ShouldBe(kind, text);
        GtUri.TryParse("hop://" + text[5..], out _, out var aliasError).ShouldBeFalse(text);
        (error.Kind, error.Position + 1).ShouldBe((aliasError.Kind, aliasError.Position), text);
    }

    private static void ShouldBeSame(GtUri actual, GtUri expected, string text)
    {
        actual.ToString().ShouldBe(expected.ToString(), text);
        actual.Kind.ShouldBe(expected.Kind, text);
        actual.EntitySpan.ToString().ShouldBe(expected.EntitySpan.ToString(), text);
        actual.Entity.Kind.ShouldBe(expected.Entity.Kind, text);
        actual.ChainSpan.ToString().ShouldBe(expected.ChainSpan.ToString(), text);
        actual.RigSpan.ToString().ShouldBe(expected.RigSpan.ToString(), text);
        actual.WorkIdSpan.ToString().ShouldBe(expected.WorkIdSpan.ToString(), text);
    }

    /// <summary>A readable page followed by one that faults on any read.</summary>
    private sealed class GuardedPage : IDisposable
    {
        private readonly IntPtr _base;
        private readonly int _pageSize;

        private GuardedPage(IntPtr @base, int pageSize)
        {
            _base = @base;
            _pageSize = pageSize;
        }

        public static GuardedPage Allocate()
        {
            var pageSize = Environment.SystemPageSize;
            IntPtr address;
            if (OperatingSystem.IsWindows())
            {
                address = NativeMethods.VirtualAlloc(IntPtr.Zero, (nuint)(2 * pageSize), 0x3000 /* commit | reserve */, 0x04 /* read-write */);
                (address != IntPtr.Zero).ShouldBeTrue("VirtualAlloc failed");
                NativeMethods.VirtualProtect(address + pageSize, (nuint)pageSize, 0x01 /* no access */, out _).ShouldBeTrue("VirtualProtect failed");
            }
            else
            {
                var anonymous = OperatingSystem.IsMacOS() ? 0x1000 : 0x20;
                address = NativeMethods.mmap(IntPtr.Zero, (nuint)(2 * pageSize), 0x3 /* read | write */, 0x02 /* private */ | anonymous, -1, IntPtr.Zero);
                (address != new IntPtr(-1)).ShouldBeTrue("mmap failed");
                NativeMethods.mprotect(address + pageSize, (nuint)pageSize, 0 /* none */).ShouldBe(0, "mprotect failed");
            }

            return new GuardedPage(address, pageSize);
        }

        /// <summary>Copies <paramref name="text"/> so that it ends at the guard page, and returns it there.</summary>
        public ReadOnlySpan<char> PlaceAtEnd(string text)
        {
            var start = _base + _pageSize - (text.Length * sizeof(char));
            Marshal.Copy(text.ToCharArray(), 0, start, text.Length);

            // A span over native memory without an unsafe block: a reference that the GC ignores (it is not in its heap).
            ref var first = ref Unsafe.AddByteOffset(ref Unsafe.NullRef<char>(), (nuint)(nint)start);
            return MemoryMarshal.CreateReadOnlySpan(ref first, text.Length);
        }

        public void Dispose()
        {
            if (OperatingSystem.IsWindows())
            {
                NativeMethods.VirtualFree(_base, 0, 0x8000 /* release */);
            }
            else
            {
                NativeMethods.munmap(_base, (nuint)(2 * _pageSize));
            }
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SA1300, IDE1006 // libc's names
        public static extern IntPtr mmap(IntPtr address, nuint length, int protection, int flags, int fd, IntPtr offset);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int mprotect(IntPtr address, nuint length, int protection);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int munmap(IntPtr address, nuint length);
#pragma warning restore SA1300, IDE1006

        [DllImport("kernel32", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        public static extern IntPtr VirtualAlloc(IntPtr address, nuint size, uint allocationType, uint protection);

        [DllImport("kernel32", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool VirtualProtect(IntPtr address, nuint size, uint newProtection, out uint oldProtection);

        [DllImport("kernel32", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.System32)]
        [return: MarshalAs(UnmanagedType.Bool)]
        public static extern bool VirtualFree(IntPtr address, nuint size, uint freeType);
    }
}
