"""Property tests for every reader: arbitrary input never crashes with anything but InputError, and
valid input generated from random paragraphs comes back whole (no paragraph lost, none altered).

The structured readers (XLIFF, TMX, PO) are tested directly; the whole dispatch ``read_inputs``
(text, Markdown, TSV/CSV and the structured formats) through its public entry point.
"""
from __future__ import annotations

import itertools
import re
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa_checker.errors import InputError
from qa_checker.readers import po, tmx, xliff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "structured"
STRUCTURED = {".xlf": xliff.read, ".tmx": tmx.read, ".po": po.read}
SEEDS = {".xlf": "sample-1.2.xlf", ".tmx": "sample.tmx", ".po": "sample.po"}
# Every property stays well under ten seconds at these sizes (about 1-3 s each when measured).
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters XML 1.0 allows (so the generated files are valid), minus surrogates.
XML_CHAR = st.characters(blacklist_categories=("Cs",), blacklist_characters=(
    [chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\ufffe", "\uffff"]))
XML_TEXT = st.text(XML_CHAR, max_size=40)
_counter = itertools.count()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


def fresh(workdir: Path, suffix: str, data: bytes) -> str:
    path = workdir / f"f{next(_counter)}{suffix}"
    path.write_bytes(data)
    return str(path)


def mutate(data: bytes, draw) -> bytes:
    """A few random byte edits of a valid file: closer to real damage than random bytes."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(out)))
        kind = draw(st.sampled_from(("insert", "delete", "replace")))
        chunk = draw(st.binary(min_size=1, max_size=6))
        if kind == "insert":
            out[at:at] = chunk
        elif kind == "delete":
            del out[at:at + len(chunk)]
        else:
            out[at:at + len(chunk)] = chunk
    return bytes(out)


def only_input_errors(call) -> None:
    try:
        call()
    except InputError:
        pass


# --- arbitrary input: InputError or a Document, nothing else ----------------------------------

@FUZZ
@given(suffix=st.sampled_from(sorted(STRUCTURED)), data=st.binary(max_size=300))
def test_structured_readers_survive_arbitrary_bytes(workdir, suffix, data):
    path = fresh(workdir, suffix, data)
    only_input_errors(lambda: STRUCTURED[suffix](path))


@FUZZ
@given(suffix=st.sampled_from(sorted(STRUCTURED)), text=st.text(max_size=300))
def test_structured_readers_survive_arbitrary_text(workdir, suffix, text):
    path = fresh(workdir, suffix, text.encode("utf-8", "surrogatepass"))
    only_input_errors(lambda: STRUCTURED[suffix](path))


@FUZZ
@given(suffix=st.sampled_from(sorted(STRUCTURED)), draw=st.data())
def test_structured_readers_survive_damaged_files(workdir, suffix, draw):
    seed = (FIXTURES / SEEDS[suffix]).read_bytes()
    path = fresh(workdir, suffix, mutate(seed, draw.draw))
    only_input_errors(lambda: STRUCTURED[suffix](path))


def _read_inputs():
    try:
        from qa_checker.readers import read_inputs
    except ImportError:
        pytest.skip("qa_checker.readers.read_inputs is not available")
    return read_inputs


ALL_SUFFIXES = (".txt", ".md", ".tsv", ".csv", ".po", ".xlf", ".tmx")


@FUZZ
@given(suffix=st.sampled_from(ALL_SUFFIXES), data=st.binary(max_size=300))
def test_read_inputs_survives_arbitrary_bytes(workdir, suffix, data):
    read_inputs = _read_inputs()
    path = fresh(workdir, suffix, data)
    only_input_errors(lambda: read_inputs([path]))


@FUZZ
@given(suffix=st.sampled_from(ALL_SUFFIXES), text=st.text(max_size=300))
def test_read_inputs_survives_arbitrary_text(workdir, suffix, text):
    read_inputs = _read_inputs()
    path = fresh(workdir, suffix, text.encode("utf-8", "surrogatepass"))
    only_input_errors(lambda: read_inputs([path]))


# --- valid input: every unit comes back ----------------------------------------------------

PAIRS = st.lists(st.tuples(XML_TEXT.filter(lambda s: s.strip()), XML_TEXT), min_size=1, max_size=8)


def xml_escape(text: str) -> str:
    # \r as a character reference: a literal one would be read as a line break.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def write_xliff12(pairs) -> str:
    units = "".join(f'<trans-unit id="u{i}">\n<source>{xml_escape(zh)}</source>\n'
                    f"<target>{xml_escape(en)}</target>\n</trans-unit>\n" for i, (zh, en) in enumerate(pairs))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="zh" '
            f'target-language="en" original="x" datatype="plaintext"><body>\n{units}</body></file></xliff>\n')


def write_xliff20(pairs) -> str:
    units = "".join(f'<unit id="u{i}"><segment>\n<source>{xml_escape(zh)}</source>\n'
                    f"<target>{xml_escape(en)}</target>\n</segment></unit>\n" for i, (zh, en) in enumerate(pairs))
    return f'<xliff version="2.0" srcLang="zh" trgLang="en"><file id="f">\n{units}</file></xliff>\n'


def write_tmx(pairs) -> str:
    units = "".join(f'<tu tuid="u{i}"><tuv xml:lang="zh-CN">\n<seg>{xml_escape(zh)}</seg></tuv>\n'
                    f'<tuv xml:lang="en"><seg>{xml_escape(en)}</seg></tuv></tu>\n' for i, (zh, en) in enumerate(pairs))
    return f'<tmx version="1.4"><header srclang="zh-CN"/><body>\n{units}</body></tmx>\n'


def write_po(pairs) -> str:
    head = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    return head + "".join(f'msgctxt "u{i}"\nmsgid "{polib.escape(zh)}"\nmsgstr "{polib.escape(en)}"\n\n'
                          for i, (zh, en) in enumerate(pairs))


WRITERS = {"xliff 1.2": (".xlf", write_xliff12, xliff.read), "xliff 2.0": (".xlf", write_xliff20, xliff.read),
           "tmx": (".tmx", write_tmx, tmx.read), "po": (".po", write_po, po.read)}
# What precedes the source text of each unit in each writer's output.
SOURCE_MARK = {"xliff 1.2": "<source>", "xliff 2.0": "<source>", "tmx": '<tuv xml:lang="zh-CN">\n<seg>',
               "po": '\nmsgid "'}


def source_lines(fmt: str, written: str) -> list[int]:
    mark = SOURCE_MARK[fmt]
    return [written.count("\n", 0, m.end()) + 1 for m in re.finditer(re.escape(mark), written)]


def _po_safe(pairs) -> bool:
    # polib reads \x0b-\x0c and the other Unicode line breaks inside quotes literally (fine), but a
    # source that unescapes to "" would be a second header; PAIRS never makes one.
    return all(zh.strip() for zh, _ in pairs)


@ROUND_TRIP
@given(fmt=st.sampled_from(sorted(WRITERS)), pairs=PAIRS)
def test_structured_round_trip_keeps_every_unit(workdir, fmt, pairs):
    suffix, write, read = WRITERS[fmt]
    if fmt == "po" and not _po_safe(pairs):
        return
    written = write(pairs)
    doc = read(fresh(workdir, suffix, written.encode("utf-8")))
    assert len(doc.given_pairs) == len(pairs)
    lines = source_lines(fmt, written)
    for i, ((zh_ids, en_ids), (zh, en)) in enumerate(zip(doc.given_pairs, pairs)):
        para = doc.paragraph(zh_ids[0])
        assert para.text == zh.strip() and para.unit == f"u{i}"
        lead = zh[:len(zh) - len(zh.lstrip())]
        # A leading line break moves the start down a line, except in PO where it is written "\n".
        assert para.line == lines[i] + (lead.count("\n") if fmt != "po" else 0)
        assert all(0 <= m.start < m.end <= len(para.text) for m in para.masks)
        if en.strip():
            assert doc.paragraph(en_ids[0]).text == en.strip()
        else:
            assert en_ids == ()


# Text the plain-text and Markdown readers keep as one paragraph: no markup characters, no blank lines,
# starting with a letter so that nothing reads as a list marker or a heading.
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
LATIN = st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
ZH_PARA = st.builds(lambda head, rest: head + rest, HAN,
                    st.text(st.one_of(HAN, st.sampled_from("，。、；：0123456789")), max_size=30))
EN_PARA = st.builds(lambda head, words: head + " ".join(words), LATIN,
                    st.lists(st.text(LATIN, min_size=1, max_size=8), max_size=8))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@ROUND_TRIP
@given(suffix=st.sampled_from((".txt", ".md")), paras=st.lists(st.one_of(ZH_PARA, EN_PARA), min_size=1, max_size=10))
def test_read_inputs_keeps_every_paragraph_of_text_files(workdir, suffix, paras):
    read_inputs = _read_inputs()
    path = fresh(workdir, suffix, "\n\n".join(paras).encode("utf-8"))
    (doc,) = read_inputs([path])
    read = [squash(p.text) for p in doc.paragraphs]
    for para in paras:
        assert any(squash(para) in text for text in read), (para, read)


@ROUND_TRIP
@given(suffix=st.sampled_from((".tsv", ".csv", ".xlf", ".tmx", ".po")),
       rows=st.lists(st.tuples(ZH_PARA, st.one_of(st.just(""), EN_PARA)), min_size=1, max_size=10))
def test_read_inputs_keeps_every_row_of_paired_files(workdir, suffix, rows):
    read_inputs = _read_inputs()
    if suffix in (".tsv", ".csv"):
        sep = "\t" if suffix == ".tsv" else ","
        text = f"zh{sep}en\n" + "".join(f"{zh}{sep}{en}\n" for zh, en in rows)
    else:
        text = {".xlf": write_xliff12, ".tmx": write_tmx, ".po": write_po}[suffix](rows)
    (doc,) = read_inputs([fresh(workdir, suffix, text.encode("utf-8"))])
    assert doc.given_pairs is not None and len(doc.given_pairs) == len(rows)
    for (zh_ids, en_ids), (zh, en) in zip(doc.given_pairs, rows):
        assert [doc.paragraph(i).text for i in zh_ids] == [zh]
        assert [doc.paragraph(i).text for i in en_ids] == ([en] if en else [])
