"""The printed plan's QR code (planner/qr.js, run by node) is a standard QR code of the
share link, read back here module by module: the function patterns (finders, timing,
alignment, version and format information) are those segno draws for the same version,
error correction level M and mask; the data modules, unmasked and de-interleaved, carry
the link's UTF-8 bytes in byte mode with the standard terminator and pad codewords; and
every block's error correction codewords are its Reed-Solomon remainder.

(segno's own matrix is not compared whole: after a byte-mode segment it writes one more
zero codeword than the standard's padding, which readers ignore, so its data modules differ.)"""

from __future__ import annotations

import json
import shutil
import subprocess

import segno
from segno import consts, encoder

from tests.helpers import REPO

SCRIPT = REPO / "tests" / "js" / "qr_stdin.mjs"

LINKS = [
    "https://dangjian.example.org/planner/#v1;s=laohangxiao-jinianguan,beidahuang-jinianguan;d=2025-06-10;"
    "t=08:00;g=45;l=11:30-13:00+60;z=1x2y3z",
    "http://127.0.0.1:8000/planner/#v1;s=" + ",".join(f"zz-tour-{i}" for i in range(1, 9)) + "|a,b;d=2026-12-08;"
    "t=08:00;g=250;l=0;r=1;n=2;e=18:00;m=zz-tour-1:30,zz-tour-2:30,zz-tour-3:30,zz-tour-4:30;z=q9",
    "研学行程 密山",  # not ASCII: its UTF-8 bytes
]
DATA = (consts.TYPE_DATA_DARK, consts.TYPE_DATA_LIGHT)


def node_matrices(texts: list[str]) -> list[list[list[int]]]:
    node = shutil.which("node")
    assert node, "node (JavaScript runtime) is needed: the planner's QR code is checked here"
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(texts), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def segno_types(version: int, mask: int) -> list[list[int]]:
    """segno's module types (which are data, which function patterns, and their colours)."""
    qr = segno.make_qr(b"x", error="m", version=version, mask=mask, mode="byte", boost_error=False)
    types = [list(row) for row in qr.matrix_iter(border=0, verbose=True)]
    # segno's map calls row 8, column n-9 format information; the top-right copy of the format
    # is row 8, columns n-8 to n-1 (ISO/IEC 18004 7.9.1), and that module carries data
    types[8][len(types) - 9] = consts.TYPE_DATA_LIGHT
    return types


def data_positions(types: list[list[int]]) -> list[tuple[int, int]]:
    """The data modules in placement order: two-column strips from the right, up then down,
    skipping the vertical timing pattern (ISO/IEC 18004 7.7.3)."""
    n = len(types)
    order: list[tuple[int, int]] = []
    col, upward = n - 1, True
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(n - 1, -1, -1) if upward else range(n)
        order.extend((r, c) for r in rows for c in (col, col - 1) if types[r][c] in DATA)
        col -= 2
        upward = not upward
    return order


def gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    x = 1
    for i in range(255):
        exp[i], log[x] = x, i
        x <<= 1
        if x & 0x100:
            x ^= 0x11D
    for i in range(255, 512):
        exp[i] = exp[i - 255]
    return exp, log


def rs_remainder(data: list[int], n_ec: int) -> list[int]:
    exp, log = gf_tables()
    gen = [1]
    for i in range(n_ec):  # (x - a^0)(x - a^1)...(x - a^(n-1))
        nxt = [0] * (len(gen) + 1)
        for j, g in enumerate(gen):
            nxt[j] ^= g
            if g:
                nxt[j + 1] ^= exp[log[g] + i]
        gen = nxt
    rem = list(data) + [0] * n_ec
    for i in range(len(data)):
        coef = rem[i]
        if coef:
            for j in range(1, len(gen)):
                if gen[j]:
                    rem[i + j] ^= exp[log[gen[j]] + log[coef]]
    return rem[len(data):]


def read_qr(matrix: list[list[int]]) -> tuple[int, bytes]:
    """(mask, the data bytes of the byte-mode segment) of a version-1-to-26 level-M symbol,
    asserting everything else the standard fixes about it."""
    n = len(matrix)
    version = (n - 17) // 4
    masks = [k for k in range(8) if all(
        matrix[r][c] == int(t in (consts.TYPE_FORMAT_DARK, consts.TYPE_DARKMODULE, consts.TYPE_FINDER_PATTERN_DARK,
                                  consts.TYPE_TIMING_DARK, consts.TYPE_ALIGNMENT_PATTERN_DARK, consts.TYPE_VERSION_DARK))
        for r, row in enumerate(segno_types(version, k)) for c, t in enumerate(row) if t not in DATA)]
    assert len(masks) == 1, f"function patterns are not those of a version {version}-M symbol under one mask"
    mask = masks[0]
    unmask = encoder.get_data_mask_functions(False)[mask]
    bits = [matrix[r][c] ^ int(unmask(r, c)) for r, c in data_positions(segno_types(version, mask))]
    codewords = [int("".join(map(str, bits[i:i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    blocks = [(ec.num_total, ec.num_data) for ec in consts.ECC[version][consts.ERROR_LEVEL_M]
              for _ in range(ec.num_blocks)]
    data_blocks: list[list[int]] = [[] for _ in blocks]
    ec_blocks: list[list[int]] = [[] for _ in blocks]
    at = 0
    for i in range(max(d for _, d in blocks)):
        for b, (_, d) in enumerate(blocks):
            if i < d:
                data_blocks[b].append(codewords[at])
                at += 1
    for _ in range(blocks[0][0] - blocks[0][1]):
        for b in range(len(blocks)):
            ec_blocks[b].append(codewords[at])
            at += 1
    for data, ec, (total, d) in zip(data_blocks, ec_blocks, blocks, strict=True):
        assert rs_remainder(data, total - d) == ec, "error correction codewords are not the Reed-Solomon remainder"
    stream = "".join(f"{c:08b}" for block in data_blocks for c in block)
    count_bits = 8 if version < 10 else 16
    assert stream[:4] == "0100", "not byte mode"
    count = int(stream[4:4 + count_bits], 2)
    start = 4 + count_bits
    payload = bytes(int(stream[start + 8 * i:start + 8 * i + 8], 2) for i in range(count))
    rest = stream[start + 8 * count:]
    assert rest[:4] == "0" * min(4, len(rest)), "no terminator"
    padded = rest[4:]
    padded = padded[len(padded) % 8:]  # zero bits up to the codeword boundary
    pads = [int(padded[i:i + 8], 2) for i in range(0, len(padded), 8)]
    assert pads == [(0xEC, 0x11)[i % 2] for i in range(len(pads))], "not the standard pad codewords"
    return mask, payload


def test_the_page_s_qr_code_is_a_standard_qr_code_of_the_link_in_the_smallest_version() -> None:
    for text, matrix in zip(LINKS, node_matrices(LINKS), strict=True):
        _, payload = read_qr(matrix)
        assert payload == text.encode("utf-8")
        smallest = segno.make_qr(text.encode("utf-8"), error="m", mode="byte", boost_error=False)
        assert len(matrix) == 17 + 4 * int(smallest.version), f"{text}: not the smallest version that holds it"


def test_the_reader_notices_a_wrong_module() -> None:
    [matrix] = node_matrices(LINKS[:1])
    r, c = data_positions(segno_types((len(matrix) - 17) // 4, 0))[100]
    matrix[r][c] ^= 1
    try:
        read_qr(matrix)
    except AssertionError:
        return
    raise AssertionError("a flipped data module went unnoticed")
