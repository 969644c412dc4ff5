"""A source-only VBA project, as [MS-OVBA] lays it out: the streams of ``vbaProject.bin``.

There is no compiled code (no performance cache, ``_VBA_PROJECT`` is the 7-byte
version-independent header of [MS-OVBA] 2.3.4.1), so Excel compiles the modules'
source when it loads the project. :func:`project_streams` returns the streams by
path; :mod:`xlprod.addin.cfb` puts them in a compound file.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Literal

CODE_PAGE = 1252
LCID = 0x0409
# [MS-OVBA] 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF ("MUST be 0xFFFF on write"), two
# reserved bytes; no performance cache, which "MUST NOT be present on write".
VBA_PROJECT_HEADER = bytes.fromhex("CC61FFFF000000")
# What an Excel-made project (xlwings' quickstart add-in) references beyond the host's
# implicit VBA and Excel libraries: the Office library defines IRibbonControl. Excel
# resolves a registered library by its GUID, whatever the version and path written.
OFFICE_LIBID = (r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files"
                r"\Microsoft Shared\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library")
STDOLE_LIBID = (r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb"
                "#OLE Automation")
HOST_EXTENDER = "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000"

ModuleKind = Literal["standard", "class", "document"]


@dataclass(frozen=True)
class Module:
    """One VBA module: its name, kind, and source (CRLF, code page 1252), whose first
    lines are its ``Attribute VB_…`` lines, as they are stored in the project."""

    name: str
    kind: ModuleKind
    source: str


# --- compression, [MS-OVBA] 2.4.1 --------------------------------------------------------

CHUNK = 4096


def _copy_token_bits(position: int) -> int:
    """The offset's bit count for a copy token at ``position`` bytes into its chunk."""
    return max((position - 1).bit_length(), 4)


def _compress_chunk(data: bytes) -> bytes:
    """One chunk (at most 4096 bytes): header + flag bytes + literal and copy tokens.

    The longest match wins, the nearest one on a tie, as in the spec's matching
    algorithm; candidates are found through a table of 3-byte prefixes."""
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(data):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= len(data):
                break
            bits = _copy_token_bits(pos)
            max_length = (0xFFFF >> bits) + 3
            best_len, best_off = 0, 0
            for start in reversed(seen.get(data[pos:pos + 3], [])):
                length = 0
                limit = min(max_length, len(data) - pos)
                while length < limit and data[start + length] == data[pos + length]:
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - start
                    if length == limit:
                        break
            step = best_len if best_len >= 3 else 1
            if best_len >= 3:
                flags |= 1 << bit
                out += struct.pack("<H", ((best_off - 1) << (16 - bits)) | (best_len - 3))
            else:
                out.append(data[pos])
            for i in range(pos, pos + step):
                seen.setdefault(data[i:i + 3], []).append(i)
            pos += step
        out[flag_at] = flags
    if len(out) > CHUNK:  # incompressible: a raw chunk
        if len(data) < CHUNK:  # the spec pads it with zeros, which would change the text
            raise ValueError("an incompressible last chunk: not VBA source text")
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + data
    return struct.pack("<H", 0xB000 | (len(out) - 1)) + bytes(out)


def compress(data: bytes) -> bytes:
    """``data`` as an [MS-OVBA] CompressedContainer (signature byte + chunks)."""
    chunks = [_compress_chunk(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK)]
    return b"\x01" + b"".join(chunks)


# --- PROJECT stream protection fields, [MS-OVBA] 2.4.3 -----------------------------------

def encrypt(data: bytes, project_id: str, seed: int = 0) -> str:
    """Data encryption (2.4.3.2) of a ``CMG``/``DPB``/``GC`` value, as hex.

    A fixed ``seed`` keeps the output reproducible; the encryption hides nothing and
    is only there because the grammar requires these fields."""
    version = 2
    project_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, seed ^ version, seed ^ project_key])
    unencrypted_1, encrypted_1, encrypted_2 = project_key, out[2], out[1]
    plain = bytes((seed & 6) // 2) + struct.pack("<I", len(data)) + data  # ignored bytes first
    for byte in plain:
        enc = byte ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        out.append(enc)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    return out.hex().upper()


# --- the streams ---------------------------------------------------------------------------

def _text(value: str) -> bytes:
    return value.encode("cp1252")


def _record(record_id: int, payload: bytes) -> bytes:
    return struct.pack("<HI", record_id, len(payload)) + payload


def _pair(record_id: int, value: str, unicode_id: int) -> bytes:
    """A record holding ``value`` in the code page, then its UTF-16 twin (``unicode_id``)."""
    return _record(record_id, _text(value)) + _record(unicode_id, value.encode("utf-16-le"))


def _reference(name: str, libid: str) -> bytes:
    """REFERENCENAME + REFERENCEREGISTERED (2.3.4.2.2)."""
    registered = struct.pack("<I", len(libid)) + libid.encode("ascii") + struct.pack("<IH", 0, 0)
    return _pair(0x0016, name, 0x003E) + _record(0x000D, registered)


def _module_record(module: Module) -> bytes:
    """MODULE record (2.3.4.2.3.2): names, text offset 0 (source only), cookie, type."""
    return b"".join([
        _record(0x0019, _text(module.name)),
        _record(0x0047, module.name.encode("utf-16-le")),
        _pair(0x001A, module.name, 0x0032),
        _pair(0x001C, "", 0x0048),
        _record(0x0031, struct.pack("<I", 0)),
        _record(0x001E, struct.pack("<I", 0)),
        _record(0x002C, struct.pack("<H", 0xFFFF)),
        struct.pack("<HI", 0x0021 if module.kind == "standard" else 0x0022, 0),
        struct.pack("<HI", 0x002B, 0),
    ])


def dir_stream(project_name: str, modules: list[Module]) -> bytes:
    """The uncompressed ``VBA/dir`` stream (2.3.4.2)."""
    information = b"".join([
        _record(0x0001, struct.pack("<I", 1)),  # SysKind: 32-bit Windows
        _record(0x0002, struct.pack("<I", LCID)),
        _record(0x0014, struct.pack("<I", LCID)),
        _record(0x0003, struct.pack("<H", CODE_PAGE)),
        _record(0x0004, _text(project_name)),
        _pair(0x0005, "", 0x0040),
        _pair(0x0006, "", 0x003D),
        _record(0x0007, struct.pack("<I", 0)),
        _record(0x0008, struct.pack("<I", 0)),
        struct.pack("<HIIH", 0x0009, 4, 1, 0),  # PROJECTVERSION: Reserved 4, major, minor
        _pair(0x000C, "", 0x003C),
    ])
    references = _reference("stdole", STDOLE_LIBID) + _reference("Office", OFFICE_LIBID)
    listing = (_record(0x000F, struct.pack("<H", len(modules)))
               + _record(0x0013, struct.pack("<H", 0xFFFF))
               + b"".join(_module_record(m) for m in modules))
    return information + references + listing + struct.pack("<HI", 0x0010, 0)


def project_stream(project_id: str, project_name: str, modules: list[Module]) -> bytes:
    """The ``PROJECT`` stream (2.3.1): the project's properties, as text."""
    listing = {"document": "Document={}/&H00000000", "standard": "Module={}", "class": "Class={}"}
    visible = b"\xff"
    lines = [f'ID="{project_id}"', *(listing[m.kind].format(m.name) for m in modules),
             f'Name="{project_name}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
             f'CMG="{encrypt(bytes(4), project_id)}"',   # not protected
             f'DPB="{encrypt(bytes(1), project_id)}"',   # no password
             f'GC="{encrypt(visible, project_id)}"',
             "", "[Host Extender Info]", HOST_EXTENDER, "",
             "[Workspace]", *(f"{m.name}=0, 0, 0, 0, C" for m in modules), ""]
    return _text("\r\n".join(lines) + "\r\n")


def projectwm_stream(modules: list[Module]) -> bytes:
    """The ``PROJECTwm`` stream (2.3.3): each module's name in the code page and UTF-16."""
    return b"".join(_text(m.name) + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
                    for m in modules) + b"\0\0"


def project_streams(project_id: str, project_name: str,
                    modules: list[Module]) -> dict[tuple[str, ...], bytes]:
    """Every stream of the VBA storage, by path, ready for :func:`xlprod.addin.cfb.write`."""
    for m in modules:
        if "\n" in m.source.replace("\r\n", ""):
            raise ValueError(f"module {m.name}: line ends must be CRLF")
        if not m.source.startswith(f'Attribute VB_Name = "{m.name}"\r\n'):
            raise ValueError(f"module {m.name}: its source must start with its VB_Name attribute")
    streams = {
        ("PROJECT",): project_stream(project_id, project_name, modules),
        ("PROJECTwm",): projectwm_stream(modules),
        ("VBA", "_VBA_PROJECT"): VBA_PROJECT_HEADER,
        ("VBA", "dir"): compress(dir_stream(project_name, modules)),
    }
    for m in modules:
        streams["VBA", m.name] = compress(_text(m.source))
    return streams
