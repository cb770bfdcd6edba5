"""Decoding: BOMs, GB18030/Big5 detection, line ends, and errors that name the byte."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from qa_checker.errors import InputError
from qa_checker.readers.decode import decode, plausibility

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SIMPLIFIED = "本工具检查中文到英文的翻译质量，能发现漏译和未翻译的中文。\nIt finds omissions.\n"
TRADITIONAL = "本工具檢查中文到英文的翻譯品質，能發現漏譯和未翻譯的中文。\nIt finds omissions.\n"


@pytest.mark.parametrize("bom, codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
])
def test_byte_order_marks_are_recognised_and_removed(bom, codec):
    text, used = decode(bom + SIMPLIFIED.encode(codec), "a.txt")
    assert text == SIMPLIFIED
    assert used == codec


def test_utf8_without_bom():
    assert decode(SIMPLIFIED.encode("utf-8"), "a.txt") == (SIMPLIFIED, "utf-8")


def test_gb18030_is_detected():
    assert decode(SIMPLIFIED.encode("gb18030"), "a.txt") == (SIMPLIFIED, "gb18030")


def test_big5_is_detected():
    assert decode(TRADITIONAL.encode("big5"), "a.txt") == (TRADITIONAL, "big5")


def test_gbk_and_gb2312_are_read_as_gb18030():
    # `𠀀` needs a four-byte GB18030 sequence that a strict GBK codec would reject.
    data = "中文𠀀".encode("gb18030")
    assert decode(data, "a.txt", "gbk")[0] == "中文𠀀"
    assert decode("中文".encode("gb2312"), "a.txt", "GB2312")[0] == "中文"


def test_right_decoding_is_more_plausible_than_the_wrong_one():
    gb_bytes = SIMPLIFIED.encode("gb18030")
    big5_bytes = TRADITIONAL.encode("big5")
    assert plausibility(gb_bytes.decode("gb18030")) > plausibility(gb_bytes.decode("big5", "replace"))
    assert plausibility(big5_bytes.decode("big5")) > plausibility(big5_bytes.decode("gb18030"))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_lone_cr_become_newlines(newline):
    text, _ = decode("一\n二\n\n三".replace("\n", newline).encode("utf-8"), "a.txt")
    assert text == "一\n二\n\n三"


def test_forced_encoding_is_used_and_its_bom_skipped():
    assert decode(codecs.BOM_UTF8 + "中文".encode("utf-8"), "a.txt", "utf-8")[0] == "中文"
    assert decode(codecs.BOM_UTF16_BE + "中文".encode("utf-16-be"), "a.txt", "utf-16")[0] == "中文"
    assert decode("中文".encode("big5"), "a.txt", "big5")[0] == "中文"


def test_undecodable_bytes_name_the_byte_offset():
    data = b"plain ascii, then \xff\xfe\xfd\xfc junk \x80\x81"
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    err = info.value
    assert err.path == "bad.txt" and err.byte_offset is not None
    assert "--encoding" in str(err) and "(byte " in str(err)


def test_forced_encoding_error_names_the_first_bad_byte():
    data = "好".encode("utf-8") + b"\xff"
    with pytest.raises(InputError) as info:
        decode(data, "x.md", "utf-8")
    assert info.value.byte_offset == 3
    assert str(info.value).startswith("x.md (byte 3): ")


def test_utf16_error_offset_counts_the_bom():
    with pytest.raises(InputError) as info:
        decode(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xdc", "w.txt")
    assert info.value.byte_offset == 6  # the lone low surrogate after BOM (2) and "ab" (4)


def test_unknown_encoding_is_an_input_error():
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"abc", "a.txt", "no-such-codec")


def test_nul_byte_means_binary_file():
    with pytest.raises(InputError, match="binary file") as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.md")
    assert info.value.byte_offset == 8


def test_utf16_without_bom_is_recognised_by_its_nul_pattern():
    text = "Hello 世界\nworld\n"
    assert decode(text.encode("utf-16-le"), "a.txt") == (text, "utf-16-le")
    assert decode(text.encode("utf-16-be"), "a.txt") == (text, "utf-16-be")


def test_fixture_encodings_decode_to_the_utf8_originals():
    formats = ROOT / "fixtures" / "formats"
    plain = (formats / "interleaved.txt").read_text(encoding="utf-8")
    markdown = (formats / "interleaved.md").read_text(encoding="utf-8")
    traditional = (formats / "interleaved-traditional.txt").read_text(encoding="utf-8")
    cases = {"gb18030.txt": (plain, "gb18030"), "big5.txt": (traditional, "big5"),
             "utf16-bom.txt": (plain, "utf-16-le"), "utf8-bom-crlf.md": (markdown, "utf-8")}
    for name, expected in cases.items():
        assert decode((formats / "encodings" / name).read_bytes(), name) == expected, name


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval" / "docs_pairs").is_dir(), reason="development data absent")
def test_gb18030_and_big5_are_told_apart_on_real_documents():
    # Measured on the 63 Chinese documentation pages: every whole file is told apart.  (Single
    # lines are harder: 8 of 2161 GB18030 lines and 17 of 2149 Big5 lines come out wrong, all of
    # them a few characters long.)
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "eval" / "docs_pairs").glob("*/zh.md"))]
    assert len(texts) > 20
    for text in texts:
        gb = text.encode("gb18030")
        assert decode(gb, "zh.md") == (text, "gb18030")
        big5 = text.encode("big5", errors="ignore")  # the characters both scripts share
        assert decode(big5, "zh.md")[1] == "big5"
