using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace GasTown.Federation.GitTransport;

/// <summary>
/// A blob git stored whole (a loose object, or a pack entry that is not a delta), inflated from its file as it is read,
/// its SHA-1 computed on the way and checked against its id when its last byte is read (with the end of its zlib stream,
/// whose Adler-32 zlib checks): the stream reports its end only for the bytes of that id. libgit2 (<see cref="NativeBlobStream"/>)
/// allocates and zeroes the whole blob, inflates it and checks it with SHA-1DC before the first byte can be read: for a
/// 47 MB issues file, 47 MB of memory and about a third of a re-index after one changed line. Here memory is one buffer,
/// whatever the blob's size.
/// </summary>
internal sealed class InflatingBlobStream : Stream
{
    private const int PackedBlob = 3;

    // "blob " and up to 19 digits and a NUL: a longer header is no blob this reader will read.
    private const int MaxLooseHeader = 32;

    private readonly FileStream _file;
    private readonly ZLibStream _inflated;
    private readonly IncrementalHash _sha1;
    private readonly ObjectId _id;
    private readonly string _where;
    private readonly long _length;
    private long _position;
    private bool _ended;

    // The check that failed at the end, thrown again by every later read: a failed blob never reads as a clean end.
    private GitTransportException? _failure;

    private InflatingBlobStream(FileStream file, ZLibStream inflated, ObjectId id, long length, string where)
    {
        _file = file;
        _inflated = inflated;
        _id = id;
        _length = length;
        _where = where;
        _sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        _sha1.AppendData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"blob {length}\0")));
    }

    /// <summary>
    /// The blob <paramref name="id"/> from the object database at <paramref name="objectsPath"/> when it is stored whole
    /// there; null when it is not (a delta, another database, a file of a form this reader does not read), and the
    /// caller reads it through libgit2.
    /// </summary>
    public static InflatingBlobStream? TryOpen(string objectsPath, ObjectId id)
    {
        try
        {
            return TryOpenLoose(objectsPath, id) ?? TryOpenPacked(objectsPath, id);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // Gone since it was listed (a repack), unreadable, or not what its name says: libgit2 reads it, or says why not.
            return null;
        }
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        if (_position == _length)
        {
            End();
            return 0;
        }

        var wanted = (int)Math.Min(buffer.Length, _length - _position);
        int read;
        try
        {
            read = _inflated.Read(buffer[..wanted]);
        }
        catch (InvalidDataException exception)
        {
            throw Damaged("does not inflate", exception);
        }

        if (read == 0 && wanted > 0)
        {
            throw Damaged($"ends after {_position} of its {_length} bytes", null);
        }

        _sha1.AppendData(buffer[..read]);
        _position += read;
        if (_position == _length)
        {
            End();
        }

        return read;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inflated.Dispose();
            _file.Dispose();
            _sha1.Dispose();
        }

        base.Dispose(disposing);
    }

    // objects/ab/cdef…: a zlib stream of "blob <size>\0" and the bytes.
    private static InflatingBlobStream? TryOpenLoose(string objectsPath, ObjectId id)
    {
        var path = Path.Combine(objectsPath, id.Sha[..2], id.Sha[2..]);
        if (!File.Exists(path))
        {
            return null;
        }

        var file = OpenShared(path);
        var inflated = new ZLibStream(file, CompressionMode.Decompress);
        try
        {
            Span<byte> header = stackalloc byte[MaxLooseHeader];
            var used = 0;
            while (true)
            {
                if (used == header.Length || inflated.Read(header.Slice(used, 1)) != 1)
                {
                    throw new InvalidDataException("no object header");
                }

                if (header[used++] == 0)
                {
                    break;
                }
            }

            var text = header[..(used - 1)];
            if (!text.StartsWith("blob "u8) || !long.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                throw new InvalidDataException("not a blob");
            }

            return Create(file, inflated, id, length, path);
        }
        catch
        {
            inflated.Dispose();
            file.Dispose();
            throw;
        }
    }

    // The first pack whose index holds the id: its entry's header (type and size), then its zlib stream, when it is a blob.
    private static InflatingBlobStream? TryOpenPacked(string objectsPath, ObjectId id)
    {
        var packs = Path.Combine(objectsPath, "pack");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        var raw = id.RawId;
        foreach (var index in Directory.EnumerateFiles(packs, "pack-*.idx"))
        {
            if (PackIndexFile.Find(index, raw) is not { } offset)
            {
                continue;
            }

            var path = Path.ChangeExtension(index, ".pack");
            var file = OpenShared(path);
            try
            {
                file.Position = offset;
                var (type, length) = ReadEntryHeader(file);
                if (type != PackedBlob)
                {
                    // A delta (or not a blob at all): libgit2 resolves it.
                    file.Dispose();
                    return null;
                }

                return Create(file, new ZLibStream(file, CompressionMode.Decompress), id, length, path);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        return null;
    }

    // A pack entry's header: the type in bits 4-6 of the first byte, the size in its low 4 bits and 7 more bits per byte
    // after it while the top bit is set.
    private static (int Type, long Length) ReadEntryHeader(FileStream file)
    {
        var first = file.ReadByte();
        if (first < 0)
        {
            throw new InvalidDataException("no entry header");
        }

        var type = (first >> 4) & 7;
        long length = first & 0x0F;
        var shift = 4;
        var next = first;
        while ((next & 0x80) != 0)
        {
            next = file.ReadByte();
            if (next < 0 || shift > 56)
            {
                throw new InvalidDataException("an entry size past 63 bits");
            }

            length |= (long)(next & 0x7F) << shift;
            shift += 7;
        }

        return (type, length);
    }

    private static FileStream OpenShared(string path)
        => new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, FileOptions.SequentialScan);

    // The stream of a blob just opened (it owns inflated from now on; the caller still disposes file if this throws); an
    // empty blob is checked now, since no read may ever ask for its end.
    private static InflatingBlobStream Create(FileStream file, ZLibStream inflated, ObjectId id, long length, string where)
    {
        InflatingBlobStream? stream = null;
        try
        {
            stream = new InflatingBlobStream(file, inflated, id, length, where);
            if (length == 0)
            {
                stream.End();
            }

            return stream;
        }
        catch
        {
            inflated.Dispose();
            stream?.Dispose();
            throw;
        }
    }

    // The bytes read so far were the blob's as far as zlib can tell; the end is where they are checked against its id.
    private void End()
    {
        if (_ended)
        {
            return;
        }

        _failure = Check();
        if (_failure is not null)
        {
            throw _failure;
        }

        _ended = true;
    }

    private GitTransportException? Check()
    {
        Span<byte> extra = stackalloc byte[1];
        int more;
        try
        {
            more = _inflated.Read(extra);
        }
        catch (InvalidDataException exception)
        {
            return Damaged("does not inflate to its end", exception);
        }

        if (more != 0)
        {
            return Damaged($"holds more than its {_length} bytes", null);
        }

        Span<byte> hash = stackalloc byte[20];
        _sha1.GetHashAndReset(hash);
        return hash.SequenceEqual(_id.RawId) ? null : Damaged($"does not hash to its id (SHA-1 {Convert.ToHexStringLower(hash)})", null);
    }

    private GitTransportException Damaged(string what, Exception? inner)
        => new($"The blob {_id.Sha} in {_where} {what}: the repository is damaged; fetch the remote again (or remove and add it).", inner);
}
