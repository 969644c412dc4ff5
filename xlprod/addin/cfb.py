"""A minimal, deterministic [MS-CFB] version 3 writer (the container of ``vbaProject.bin``).

PyPI has readers (olefile, compoundfiles, cfb) but no maintained writer, so this one
writes exactly what a VBA project needs: storages and streams, 512-byte sectors, the
FAT in at most 109 sectors (about 7 MB, no DIFAT sectors), the mini stream for
streams under 4096 bytes. Every timestamp is 0 and every CLSID null, so the same
streams always give the same bytes.

Layout: header, FAT sectors, directory sectors, mini FAT sectors, the mini stream,
then each large stream, each in one run of consecutive sectors.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
ENTRY = 128
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
HEADER_DIFAT = 109
SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
STORAGE, STREAM, ROOT = 1, 2, 5
BLACK = 1


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: dict[str, _Entry] = field(default_factory=dict)
    sid: int = 0
    start: int = ENDOFCHAIN
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM


def _order(name: str) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: shorter names first, then by upper-cased code points."""
    return len(name.encode("utf-16-le")), name.upper()


def _tree(entries: list[_Entry]) -> int:
    """Link sibling ``entries`` into a balanced binary search tree, all nodes black
    (the spec allows it); return the root's id."""
    if not entries:
        return NOSTREAM
    middle = len(entries) // 2
    root = entries[middle]
    root.left = _tree(entries[:middle])
    root.right = _tree(entries[middle + 1:])
    return root.sid


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(start, start + count - 1):
        fat[i] = i + 1
    fat[start + count - 1] = ENDOFCHAIN


def _sectors(size: int, unit: int = SECTOR) -> int:
    return -(-size // unit)


def write(streams: dict[tuple[str, ...], bytes]) -> bytes:
    """A compound file holding ``streams``, keyed by path (``("VBA", "dir")``)."""
    root = _Entry("Root Entry", ROOT)
    for path, data in streams.items():
        node = root
        for part in path[:-1]:
            node = node.children.setdefault(part, _Entry(part, STORAGE))
            if node.kind != STORAGE:
                raise ValueError(f"{'/'.join(path)}: {part} is a stream, not a storage")
        if any(path[-1].upper() == name.upper() for name in node.children):
            raise ValueError(f"{'/'.join(path)}: written twice (names ignore case)")
        node.children[path[-1]] = _Entry(path[-1], STREAM, data)
    for name in (part for path in streams for part in path):
        if not 0 < len(name) <= 31 or any(c in name for c in "/\\:!"):
            raise ValueError(f"{name!r} is not a compound file entry name")

    entries: list[_Entry] = []

    def number(node: _Entry) -> None:  # ids in depth-first order, siblings in tree order
        node.sid = len(entries)
        entries.append(node)
        for child in sorted(node.children.values(), key=lambda e: _order(e.name)):
            number(child)

    number(root)
    for node in entries:
        node.child = _tree(sorted(node.children.values(), key=lambda e: _order(e.name)))

    small = [e for e in entries if e.kind == STREAM and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == STREAM and len(e.data) >= MINI_CUTOFF]
    mini_fat: list[int] = []
    mini = bytearray()
    for e in small:
        count = _sectors(len(e.data), MINI_SECTOR)
        if count:
            e.start = len(mini_fat)
            mini_fat += [0] * count
            _chain(mini_fat, e.start, count)
            mini += e.data.ljust(count * MINI_SECTOR, b"\0")
    root.data = bytes(mini)

    dir_count = _sectors(len(entries) * ENTRY)
    minifat_count = _sectors(len(mini_fat) * 4)
    body = (dir_count + minifat_count + _sectors(len(mini))
            + sum(_sectors(len(e.data)) for e in large))
    fat_count = 1
    while fat_count * SECTOR // 4 < fat_count + body:
        fat_count += 1
    if fat_count > HEADER_DIFAT:
        raise ValueError("too large for a compound file without DIFAT sectors")

    fat = [FREESECT] * (fat_count * SECTOR // 4)
    fat[:fat_count] = [FATSECT] * fat_count
    nxt = fat_count
    dir_start = nxt
    _chain(fat, nxt, dir_count)
    nxt += dir_count
    minifat_start = nxt if minifat_count else ENDOFCHAIN
    if minifat_count:
        _chain(fat, nxt, minifat_count)
        nxt += minifat_count
    for e in ([root] if mini else []) + large:
        count = _sectors(len(e.data))
        e.start = nxt
        _chain(fat, nxt, count)
        nxt += count

    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", SIGNATURE, bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6),
        0, fat_count, dir_start, 0, MINI_CUTOFF, minifat_start, minifat_count, ENDOFCHAIN, 0,
    ) + struct.pack(f"<{HEADER_DIFAT}I", *range(fat_count),
                    *[FREESECT] * (HEADER_DIFAT - fat_count))

    directory = bytearray()
    for e in entries:
        encoded = e.name.encode("utf-16-le") + b"\0\0"
        size = len(e.data) if e.kind != STORAGE else 0
        start = e.start if size else (0 if e.kind == STORAGE else ENDOFCHAIN)
        directory += struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), e.kind, BLACK,
                                 e.left, e.right, e.child, bytes(16), 0, 0, 0, start, size)
    unused = struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM,
                         bytes(16), 0, 0, 0, 0, 0)
    directory += unused * (dir_count * SECTOR // ENTRY - len(entries))

    def padded(data: bytes | bytearray) -> bytes:
        return bytes(data).ljust(_sectors(len(data)) * SECTOR, b"\0")

    parts = [header, struct.pack(f"<{len(fat)}I", *fat), bytes(directory),
             padded(struct.pack(f"<{len(mini_fat)}I", *mini_fat)
                    + struct.pack("<I", FREESECT) * (minifat_count * SECTOR // 4 - len(mini_fat))),
             padded(mini), *(padded(e.data) for e in large)]
    return b"".join(parts)
