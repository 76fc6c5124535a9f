"""Build images for the pipeline's tests and read every segment of the files it stores."""

import io
import struct
import zlib

from PIL import Image


def image_bytes(fmt="JPEG", size=(64, 48), mode="RGB", colour=(47, 125, 50), **options) -> bytes:
    image = Image.new(mode, size, colour if mode != "RGBA" else (*colour, 128))
    if mode in ("RGB", "RGBA"):
        # Some detail, so that encoders do not collapse the picture to nothing.
        image.paste((200, 40, 40) if mode == "RGB" else (200, 40, 40, 255), (0, 0, 16, 16))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_with_chunks(before_idat: bytes = b"", size=(4, 4), colour_type=2) -> bytes:
    """A tiny valid PNG with the given raw chunks placed before its pixels."""
    width, height = size
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    channels = {0: 1, 2: 3, 6: 4}[colour_type]
    raw = b"".join(b"\0" + b"\x80" * channels * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + before_idat
        + png_chunk(b"IDAT", zlib.compress(raw))
        + png_chunk(b"IEND", b"")
    )


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """Every marker segment of a JPEG as (marker, payload), entropy-coded data skipped."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    segments, position = [(0xD8, b"")], 2
    while position < len(data):
        assert data[position] == 0xFF, f"no marker at {position}"
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xD9 or 0xD0 <= marker <= 0xD7:
            segments.append((marker, b""))
            position += 2
            if marker == 0xD9:
                break
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        payload = data[position + 4 : position + 2 + length]
        segments.append((marker, payload))
        position += 2 + length
        if marker == 0xDA:  # start of scan: skip the entropy-coded data to the next marker
            while not (
                data[position] == 0xFF
                and data[position + 1] != 0x00
                and not 0xD0 <= data[position + 1] <= 0xD7
            ):
                position += 1
    return segments


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    return chunks


def webp_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    (riff_size,) = struct.unpack("<I", data[4:8])
    assert riff_size + 8 == len(data), "RIFF size does not match the file"
    chunks, position = [], 12
    while position < len(data):
        kind = data[position : position + 4]
        (length,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 8 + length + (length & 1)
    return chunks


# What a stored file may contain: pixels and what decoding them needs, nothing else.
JPEG_ALLOWED_MARKERS = {0xD8, 0xD9, 0xDB, 0xC0, 0xC1, 0xC2, 0xC4, 0xDA, 0xDD, *range(0xD0, 0xD8)}
WEBP_ALLOWED_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}
PNG_ALLOWED_CHUNKS = {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def metadata_in(data: bytes) -> list:
    """Every segment or chunk of a stored image that is not needed to show its pixels."""
    if data[:2] == b"\xff\xd8":
        found = []
        for marker, payload in jpeg_segments(data):
            if marker == 0xE0 and payload.startswith(b"JFIF\0") and len(payload) == 14:
                continue  # the bare JFIF header: version, density, no thumbnail
            if marker not in JPEG_ALLOWED_MARKERS:
                found.append((hex(marker), payload[:40]))
        return found
    if data[:4] == b"RIFF":
        chunks = webp_chunks(data)
        found = [
            (kind, payload[:40]) for kind, payload in chunks if kind not in WEBP_ALLOWED_CHUNKS
        ]
        for kind, payload in chunks:
            # VP8X flags: ICC (0x20), EXIF (0x08), XMP (0x04) announce metadata.
            if kind == b"VP8X" and payload[0] & 0x2C:
                found.append((kind, payload[:1]))
        return found
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return [
            (kind, payload[:40])
            for kind, payload in png_chunks(data)
            if kind not in PNG_ALLOWED_CHUNKS
        ]
    raise AssertionError("stored file of an unknown format")
