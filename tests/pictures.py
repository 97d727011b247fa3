"""Pictures made in the test, never photos of real places: coloured blocks with the metadata a
phone writes (EXIF with a GPS position and an orientation, XMP, IPTC)."""

from __future__ import annotations

import io
import struct

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
XMP_PACKET = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
              b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
              b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="45,32.5N"/></rdf:RDF>'
              b'</x:xmpmeta><?xpacket end="w"?>')


def blocks(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A picture of coloured blocks, its top-left block red: where it ends up shows the turn."""
    picture = Image.new(mode, (width, height), (40, 90, 160, 255) if mode == "RGBA" else (40, 90, 160))
    step = max(8, min(width, height) // 6)
    for x in range(0, width, step):
        for y in range(0, height, step):
            shade = ((x * 7) % 200 + 30, (y * 5) % 200 + 30, 120)
            picture.paste(shade + ((255,) if mode == "RGBA" else ()), (x, y, x + step, y + step))
    picture.paste((230, 0, 0) + ((255,) if mode == "RGBA" else ()), (0, 0, step, step))
    return picture


def camera_exif(orientation: int = 6) -> Image.Exif:
    """EXIF as a phone writes it: make and model, the orientation, and the GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "TestPhone"
    exif[0x0110] = "Model X"
    exif[0x0132] = "2024:05:01 10:00:00"
    exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (45.0, 32.0, 31.0)
    gps[3] = "E"
    gps[4] = (131.0, 52.0, 0.0)
    return exif


def iptc_segment(caption: str = "边境村 GPS 拍摄") -> bytes:
    """A JPEG APP13 segment with an IPTC caption, as photo tools write it."""
    text = caption.encode("utf-8")
    iptc = b"\x1c\x02\x78" + struct.pack(">H", len(text)) + text
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc + (b"\x00" if len(iptc) % 2 else b"")
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def phone_jpeg(width: int = 2400, height: int = 1800, orientation: int = 6) -> bytes:
    """A JPEG as a phone gives it: EXIF with GPS and an orientation, XMP and IPTC."""
    out = io.BytesIO()
    blocks(width, height).save(out, "JPEG", quality=90, exif=camera_exif(orientation), xmp=XMP_PACKET)
    data = out.getvalue()
    return data[:2] + iptc_segment() + data[2:]  # right after SOI


def plain(width: int, height: int, kind: str = "JPEG", mode: str = "RGB") -> bytes:
    """A picture without any metadata."""
    out = io.BytesIO()
    blocks(width, height, mode).save(out, kind)
    return out.getvalue()


def png_with_metadata() -> bytes:
    """A PNG with an eXIf chunk (GPS included) and an XMP iTXt chunk."""
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_itxt("XML:com.adobe.xmp", XMP_PACKET.decode("utf-8"))
    out = io.BytesIO()
    blocks(64, 48).save(out, "PNG", pnginfo=meta, exif=camera_exif(1))
    return out.getvalue()


def webp_with_exif() -> bytes:
    out = io.BytesIO()
    blocks(64, 48).save(out, "WEBP", exif=camera_exif(1))
    return out.getvalue()


def heic_like() -> bytes:
    """The start of a HEIC file (as iPhones write by default) with its EXIF item: not decodable here."""
    exif = camera_exif(1).tobytes()
    ftyp = struct.pack(">I", 24) + b"ftypheic" + b"\x00\x00\x00\x00" + b"mif1heic"
    item = struct.pack(">I", 6) + b"Exif\x00\x00" + exif
    mdat = struct.pack(">I", 8 + len(item)) + b"mdat" + item
    return ftyp + mdat


def truncated_jpeg() -> bytes:
    data = plain(400, 300)
    return data[: len(data) // 2]
