"""XLIFF 1.2/2.0, TMX and PO readers: pairs, positions, masks, suppressions, languages, safety."""
from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest

from qa_checker.errors import InputError
from qa_checker.readers import po, tmx, xliff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "structured"
SAMPLES = {
    "sample-1.2.xlf": xliff.read,
    "sample-2.0.xlf": xliff.read,
    "sample.tmx": tmx.read,
    "sample.po": po.read,
}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def xlf12(units: str, src: str = "zh-CN", tgt: str = "en", header: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
            f'<file original="a" source-language="{src}" target-language="{tgt}" datatype="plaintext">\n'
            f"<header>{header}</header>\n<body>\n{units}\n</body>\n</file>\n</xliff>\n")


def xlf20(units: str, src: str = "zh", tgt: str = "en") -> str:
    return (f'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="{src}" '
            f'trgLang="{tgt}">\n<file id="f">\n{units}\n</file>\n</xliff>\n')


def texts(doc) -> list[tuple[str, str]]:
    """(zh text, en text or "") per given pair."""
    out = []
    for zh, en in doc.given_pairs:
        out.append((doc.paragraph(zh[0]).text if zh else "", doc.paragraph(en[0]).text if en else ""))
    return out


def prose(para) -> str:
    """The text with masked spans removed: what stays the same across formats."""
    kept, pos = [], 0
    for m in para.masks:
        kept.append(para.text[pos:m.start])
        pos = m.end
    kept.append(para.text[pos:])
    return re.sub(r"\s+", " ", "".join(kept)).strip()


# --- the same content in every format -------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_gives_five_units_with_the_untranslated_one_empty(name):
    doc = SAMPLES[name](str(FIXTURES / name))
    assert doc.mode == "table"
    assert [p.unit for p in doc.paragraphs if p.lang == "zh"] == ["welcome", "save", "pages", "ai", "contact"]
    assert [bool(en) for _, en in doc.given_pairs] == [True, True, False, True, True]
    assert [p.id for p in doc.paragraphs] == ["zh-1", "en-1", "zh-2", "en-2", "zh-3", "zh-4", "en-3", "zh-5", "en-4"]
    assert all(p.kind == "row" for p in doc.paragraphs)
    assert [p.index for p in doc.paragraphs] == list(range(len(doc.paragraphs)))


def test_every_format_gives_the_same_prose_pairs():
    def prose_pairs(name):
        doc = SAMPLES[name](str(FIXTURES / name))
        return [(prose(doc.paragraph(zh[0])), prose(doc.paragraph(en[0])) if en else "")
                for zh, en in doc.given_pairs]

    expected = prose_pairs("sample-1.2.xlf")
    assert expected[1] == ("点击保存按钮，即可保存个文件。", "Click Save to save files.")
    for name in SAMPLES:
        assert prose_pairs(name) == expected, name


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_positions_point_at_the_text_in_the_file(name):
    doc = SAMPLES[name](str(FIXTURES / name))
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    for para in doc.paragraphs:
        at = lines[para.line - 1][para.column - 1:]
        assert at.startswith(para.text[:2]), (para.id, para.line, para.column, at)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_suppression_names_the_unit(name):
    doc = SAMPLES[name](str(FIXTURES / name))
    assert len(doc.suppressions) == 1
    sup = doc.suppressions[0]
    assert sup.codes == frozenset({"ZH401"}) and sup.paragraph == "zh-4"
    assert "qa-checker" in Path(sup.path).read_text(encoding="utf-8").split("\n")[sup.line - 1]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_placeholders_are_masked(name):
    doc = SAMPLES[name](str(FIXTURES / name))
    for para in doc.paragraphs:
        spans = {para.text[m.start:m.end] for m in para.masks if m.kind == "placeholder"}
        for token in ("{0}", "%d", "%(name)s"):
            if token in para.text:
                assert token in spans, (para.id, para.text)


def test_reader_dispatch_calls_the_structured_readers():
    read_inputs = pytest.importorskip("qa_checker.readers").read_inputs
    for name in SAMPLES:
        (doc,) = read_inputs([str(FIXTURES / name)])
        assert len(doc.given_pairs) == 5, name


# --- XLIFF ---------------------------------------------------------------------------------

def test_xliff_target_line_and_column_are_those_of_its_text(tmp_path):
    path = write(tmp_path, "a.xlf", xlf12(
        '<trans-unit id="1">\n'
        "  <source>第一句。</source>\n"
        "\n"
        "  <target>\n"
        "     First sentence.\n"
        "  </target>\n"
        "</trans-unit>"))
    doc = xliff.read(path)
    zh, en = doc.paragraphs
    assert (zh.line, zh.column, zh.text) == (7, 11, "第一句。")
    assert (en.line, en.column, en.text) == (10, 6, "First sentence.")


def test_xliff_positions_survive_crlf_and_a_leading_inline_tag(tmp_path):
    text = xlf12('<trans-unit id="1">\n<source><g id="1">标题</g>正文</source>\n'
                 '<target>   <g id="1">Title</g> body</target>\n</trans-unit>').replace("\n", "\r\n")
    doc = xliff.read(write(tmp_path, "a.xlf", text))
    zh, en = doc.paragraphs
    assert (zh.line, zh.column) == (7, 9)
    assert (en.line, en.column) == (8, 12)
    assert en.text == '<g id="1">Title</g> body'


def test_xliff_inline_tags_are_kept_as_tags_and_masked(tmp_path):
    path = write(tmp_path, "a.xlf", xlf12(
        '<trans-unit id="1"><source>按<bpt id="1">&lt;b&gt;</bpt>确定<ept id="1">&lt;/b&gt;</ept>'
        '继续<x id="2"/>，<mrk mtype="term">鸿蒙</mrk>系统</source>'
        '<target>Press <g id="1" ctype="bold">OK</g> to go on<x id="2"/>, <mrk mtype="term">HarmonyOS</mrk></target>'
        "</trans-unit>"))
    zh, en = xliff.read(path).paragraphs
    assert zh.text == ('按<bpt id="1">&lt;b&gt;</bpt>确定<ept id="1">&lt;/b&gt;</ept>继续<x id="2"/>，'
                       '<mrk mtype="term">鸿蒙</mrk>系统')
    assert [zh.text[m.start:m.end] for m in zh.masks] == [
        '<bpt id="1">&lt;b&gt;</bpt>', '<ept id="1">&lt;/b&gt;</ept>', '<x id="2"/>', '<mrk mtype="term">', "</mrk>"]
    assert all(m.kind == "html" for m in zh.masks)
    assert zh.masked("").replace(" ", "") == zh.masked("").replace(" ", "")  # masks are in range
    assert prose(zh) == "按确定继续，鸿蒙系统"
    assert [en.text[m.start:m.end] for m in en.masks] == [
        '<g id="1" ctype="bold">', "</g>", '<x id="2"/>', '<mrk mtype="term">', "</mrk>"]


def test_xliff_entities_are_decoded_and_escaped_html_is_masked(tmp_path):
    path = write(tmp_path, "a.xlf", xlf12(
        '<trans-unit id="1"><source>AT&amp;T 的&#x4E2D;文 &lt;b&gt;粗体&lt;/b&gt;</source>'
        "<target>Chinese of AT&amp;T <![CDATA[<b>bold</b>]]></target></trans-unit>"))
    zh, en = xliff.read(path).paragraphs
    assert zh.text == "AT&T 的中文 <b>粗体</b>"
    assert en.text == "Chinese of AT&T <b>bold</b>"
    assert [zh.text[m.start:m.end] for m in zh.masks if m.kind == "html"] == ["<b>", "</b>"]


def test_xliff_12_groups_alt_trans_and_translate_no(tmp_path):
    path = write(tmp_path, "a.xlf", xlf12(
        '<group id="g" translate="no"><trans-unit id="skip"><source>不翻译</source></trans-unit></group>'
        '<group id="h"><trans-unit id="keep"><source>要翻译</source><target>Translate me</target>'
        '<alt-trans><source>要翻译</source><target>Other suggestion</target></alt-trans></trans-unit>'
        '<trans-unit id="own" translate="no"><source>代码</source></trans-unit></group>'
        '<trans-unit id="empty"><source>无译文</source><target/></trans-unit>'
        '<trans-unit id="blank"><source>  </source><target>Only English</target></trans-unit>'
        '<trans-unit id="nothing"><source/></trans-unit>'))
    doc = xliff.read(path)
    assert texts(doc) == [("要翻译", "Translate me"), ("无译文", ""), ("", "Only English")]
    assert doc.given_pairs[2] == ((), ("en-2",))
    assert [p.unit for p in doc.paragraphs] == ["keep", "keep", "empty", "blank"]


def test_xliff_20_segments_ignorables_and_unit_ids(tmp_path):
    path = write(tmp_path, "a.xlf", xlf20(
        '<unit id="u1"><segment id="s1"><source>第一句。</source><target>First.</target></segment>'
        "<ignorable><source> </source></ignorable>"
        "<segment><source>第二句。</source></segment></unit>"
        '<unit id="u2" translate="no"><segment><source>代码</source></segment></unit>'
        '<unit id="u3"><segment><source>第三句<sc id="1"/>加粗<ec startRef="1"/>。</source>'
        '<target>Third <sc id="1"/>bold<ec startRef="1"/>.</target></segment></unit>'))
    doc = xliff.read(path)
    assert texts(doc) == [("第一句。", "First."), ("第二句。", ""),
                          ('第三句<sc id="1"/>加粗<ec startRef="1"/>。', 'Third <sc id="1"/>bold<ec startRef="1"/>.')]
    assert [p.unit for p in doc.paragraphs if p.lang == "zh"] == ["u1#s1", "u1#2", "u3"]
    assert prose(doc.paragraphs[-1]) == "Third bold."


def test_xliff_notes_give_unit_group_and_file_suppressions(tmp_path):
    path = write(tmp_path, "a.xlf", xlf12(
        '<group id="g"><note>qa-checker: disable ZH301</note>'
        '<trans-unit id="1"><source>一</source><target>One</target></trans-unit>'
        '<trans-unit id="2"><source>二</source><target>Two</target>'
        "<note>reviewed\nqa-checker: disable</note></trans-unit></group>"
        '<trans-unit id="3"><source>三</source><target>Three</target><note>just a note</note></trans-unit>',
        header="<note>qa-checker: disable ZH101, ZH102</note>"))
    sups = {(s.paragraph, s.codes) for s in xliff.read(path).suppressions}
    assert sups == {(None, frozenset({"ZH101", "ZH102"})), ("zh-1", frozenset({"ZH301"})),
                    ("zh-2", frozenset({"ZH301"})), ("zh-2", frozenset())}


def test_xliff_20_notes(tmp_path):
    path = write(tmp_path, "a.xlf", xlf20(
        "<notes><note>qa-checker: disable-file ZH901</note></notes>\n"
        '<unit id="u"><notes><note>qa-checker: disable ZH401</note></notes>'
        "<segment><source>一</source><target>One</target></segment>"
        "<segment><source>二</source><target>Two</target></segment></unit>"))
    doc = xliff.read(path)
    assert {(s.paragraph, s.codes, s.line) for s in doc.suppressions} == {
        (None, frozenset({"ZH901"}), 3), ("zh-1", frozenset({"ZH401"}), 4), ("zh-2", frozenset({"ZH401"}), 4)}


@pytest.mark.parametrize("src,tgt,words", [
    ("en-US", "zh-CN", "other way round"),
    ("en", "", "other way round"),
    ("ja", "en", "not Chinese"),
    ("zh-TW", "de", "not English"),
])
def test_xliff_declared_languages_must_be_chinese_to_english(tmp_path, src, tgt, words):
    path = write(tmp_path, "a.xlf", xlf12('<trans-unit id="1"><source>x</source></trans-unit>', src, tgt))
    with pytest.raises(InputError, match=words) as err:
        xliff.read(path)
    assert err.value.line == 3
    with pytest.raises(InputError, match=words):
        xliff.read(write(tmp_path, "b.xlf", xlf20('<unit id="1"><segment><source>x</source></segment></unit>',
                                                   src, tgt)))


@pytest.mark.parametrize("src,tgt", [("zh", "en"), ("zh-Hans-CN", "en-GB"), ("cmn", "eng"), ("", ""), ("zh_CN", "en_US")])
def test_xliff_accepts_chinese_to_english_and_undeclared(tmp_path, src, tgt):
    path = write(tmp_path, "a.xlf", xlf12('<trans-unit id="1"><source>中文</source></trans-unit>', src, tgt))
    assert texts(xliff.read(path)) == [("中文", "")]


def test_xliff_in_gb18030_utf16_and_forced_encoding(tmp_path):
    body = xlf12('<trans-unit id="1"><source>镕铕</source><target>Rong</target></trans-unit>')
    gb = write(tmp_path, "gb.xlf", body.replace("UTF-8", "GB2312"), "gb18030")
    assert texts(xliff.read(gb)) == [("镕铕", "Rong")]
    utf16 = tmp_path / "u16.xlf"
    utf16.write_bytes(body.replace("UTF-8", "UTF-16").encode("utf-16"))
    assert texts(xliff.read(str(utf16))) == [("镕铕", "Rong")]
    undeclared = write(tmp_path, "bad.xlf", body.replace(' encoding="UTF-8"', ""), "gb18030")
    with pytest.raises(InputError, match="cannot decode") as err:
        xliff.read(undeclared)
    assert err.value.byte_offset == body.replace(' encoding="UTF-8"', "").index("镕") and err.value.line == 6
    assert texts(xliff.read(undeclared, encoding="gbk")) == [("镕铕", "Rong")]


def test_malformed_xml_names_line_and_column(tmp_path):
    path = write(tmp_path, "a.xlf", xlf12('<trans-unit id="1">\n<source>一</target>\n</trans-unit>'))
    with pytest.raises(InputError, match="malformed XML: mismatched tag") as err:
        xliff.read(path)
    assert (err.value.line, err.value.column) == (7, 12)  # expat points at the tag name
    with pytest.raises(InputError, match="no element found"):
        xliff.read(write(tmp_path, "empty.xlf", ""))


def test_wrong_root_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="not an XLIFF file"):
        xliff.read(write(tmp_path, "a.xlf", "<html><body>hi</body></html>"))
    with pytest.raises(InputError, match="not a TMX file"):
        tmx.read(write(tmp_path, "a.tmx", xlf12("")))
    with pytest.raises(InputError, match="cannot read"):
        xliff.read(str(tmp_path / "missing.xlf"))
    with pytest.raises(InputError, match="cannot read"):
        po.read(str(tmp_path / "missing.po"))


UNIT = ('<trans-unit id="u{0}"><source>第{0}句话，包含<g id="1">标签</g>和{{0}}。</source>'
        "<target>Sentence {0} with a <g id=\"1\">tag</g> and {{0}}.</target></trans-unit>\n")


def test_large_xliff_reads_quickly(tmp_path):
    # Measured: 100k such units (17 MB) take 11.5 s of CPU on a development machine so loaded that
    # `sum(range(1000))` took 35 µs (about 10 µs when idle), so about 3 s on an idle one; 10k units
    # about 1.2 s of CPU there.  The bound allows a slow CI machine and still fails on a quadratic
    # slip, which would take minutes at this size.
    units = 10_000
    path = tmp_path / "big.xlf"
    path.write_text(xlf12("".join(UNIT.format(i) for i in range(units))), encoding="utf-8")
    started = time.perf_counter()
    doc = xliff.read(str(path))
    elapsed = time.perf_counter() - started
    assert len(doc.given_pairs) == units
    last = doc.paragraphs[-1]
    assert last.line == 6 + units - 1 and last.unit == f"u{units - 1}"
    assert elapsed < 20, elapsed


def test_xliff_is_streamed_in_bounded_memory(tmp_path):
    # Units that are not to be translated give an empty Document, so whatever memory reading takes
    # is the parser's own.  Measured peak: 0.7 MB for 5k units (0.9 MB file) and for 40k (6.8 MB).
    import tracemalloc

    path = tmp_path / "skipped.xlf"
    path.write_text(xlf12('<group translate="no">' + "".join(UNIT.format(i) for i in range(10_000)) + "</group>"),
                    encoding="utf-8")
    assert path.stat().st_size > 1_500_000
    tracemalloc.start()
    try:
        doc = xliff.read(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc.paragraphs == ()
    assert peak < 2_000_000, peak


# --- security ------------------------------------------------------------------------------

def test_xxe_is_refused_and_nothing_is_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    path = write(tmp_path, "a.xlf", f'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n'
                 f'<!ENTITY xxe SYSTEM "file://{secret}">\n]>\n'
                 + xlf12('<trans-unit id="1"><source>&xxe;</source></trans-unit>').split("\n", 1)[1])
    with pytest.raises(InputError, match="XML entities are not allowed") as err:
        xliff.read(path)
    assert "TOP-SECRET" not in str(err.value) and err.value.line == 3


def test_billion_laughs_is_refused_at_once(tmp_path):
    decls = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    path = write(tmp_path, "a.tmx", f'<?xml version="1.0"?>\n<!DOCTYPE tmx [{decls}]>\n'
                 '<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>&lol9;</seg></tuv></tu></body></tmx>')
    started = time.perf_counter()
    with pytest.raises(InputError, match="XML entities are not allowed"):
        tmx.read(path)
    assert time.perf_counter() - started < 1


def test_parameter_entity_to_an_external_dtd_is_refused(tmp_path):
    path = write(tmp_path, "a.xlf", '<!DOCTYPE xliff [<!ENTITY % ext SYSTEM "http://127.0.0.1:9/x.dtd"> %ext;]>\n'
                 '<xliff version="1.2"/>')
    with pytest.raises(InputError, match="not allowed"):
        xliff.read(path)


def test_external_dtd_is_never_fetched_and_its_entities_are_errors(tmp_path):
    # A listening socket that records any connection: reading must not make one.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    connections = []

    def accept():
        try:
            connections.append(server.accept())
        except OSError:
            pass

    thread = threading.Thread(target=accept)
    thread.start()
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY leak "DTD-WAS-READ">')
    try:
        for system in (f"http://127.0.0.1:{port}/evil.dtd", f"file://{dtd}"):
            doctype = f'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "{system}">\n'
            body = '<tmx version="1.4"><body><tu><tuv xml:lang="zh"><seg>{}</seg></tuv></tu></body></tmx>'
            with pytest.raises(InputError, match="undefined XML entity &leak;") as err:
                tmx.read(write(tmp_path, "a.tmx", doctype + body.format("前&leak;后")))
            assert "DTD-WAS-READ" not in str(err.value) and err.value.line == 3
            # Naming a DTD without using it is common (tmx14.dtd) and harmless.
            assert texts(tmx.read(write(tmp_path, "b.tmx", doctype + body.format("前后")))) == [("前后", "")]
    finally:
        thread.join()
        server.close()
    assert connections == []


# --- TMX -----------------------------------------------------------------------------------

def tmx_doc(units: str, srclang: str = "zh-CN", header: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n<header srclang="{srclang}" '
            f'adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="t" '
            f'creationtoolversion="1">{header}</header>\n<body>\n{units}\n</body>\n</tmx>\n')


def test_tmx_picks_the_chinese_and_english_variants(tmp_path):
    path = write(tmp_path, "a.tmx", tmx_doc(
        '<tu tuid="1"><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en-GB"><seg>Hello</seg></tuv>'
        '<tuv xml:lang="zh-Hans"><seg>你好</seg></tuv><tuv xml:lang="zh-TW"><seg>妳好</seg></tuv></tu>\n'
        '<tu tuid="2"><tuv lang="ZH"><seg>再见</seg></tuv><tuv lang="EN-US"><seg>Goodbye</seg></tuv></tu>\n'
        '<tu tuid="3"><tuv xml:lang="en"><seg>English only</seg></tuv><tuv xml:lang="fr"><seg>Anglais</seg></tuv></tu>\n'
        '<tu tuid="4"><tuv xml:lang="zh-CN"><seg>\n   未翻译 </seg></tuv></tu>'))
    doc = tmx.read(path)
    assert texts(doc) == [("你好", "Hello"), ("再见", "Goodbye"), ("未翻译", "")]
    assert [p.unit for p in doc.paragraphs] == ["1", "1", "2", "2", "4"]
    assert (doc.paragraphs[-1].line, doc.paragraphs[-1].column) == (9, 4)


def test_tmx_suppressions_from_props_and_notes(tmp_path):
    path = write(tmp_path, "a.tmx", tmx_doc(
        '<tu tuid="1"><prop type="x-qa-checker">disable ZH401, ZH402</prop><prop type="x-other">disable ZH1</prop>'
        '<tuv xml:lang="zh"><note>qa-checker: disable</note><seg>一</seg></tuv>'
        '<tuv xml:lang="en"><seg>One</seg></tuv></tu>',
        header="<note>qa-checker: disable ZH900</note>"))
    sups = {(s.paragraph, s.codes) for s in tmx.read(path).suppressions}
    assert sups == {(None, frozenset({"ZH900"})), ("zh-1", frozenset({"ZH401", "ZH402"})), ("zh-1", frozenset())}


def test_tmx_language_errors(tmp_path):
    with pytest.raises(InputError, match="other way round"):
        tmx.read(write(tmp_path, "a.tmx", tmx_doc("", srclang="en-US")))
    with pytest.raises(InputError, match="no Chinese variant"):
        tmx.read(write(tmp_path, "b.tmx", tmx_doc(
            '<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu>')))
    with pytest.raises(InputError, match="no English variant"):
        tmx.read(write(tmp_path, "c.tmx", tmx_doc(
            '<tu><tuv xml:lang="zh"><seg>一</seg></tuv><tuv xml:lang="ja"><seg>いち</seg></tuv></tu>')))
    # srclang="*all*" (a memory used both ways) and Chinese-only memories are fine.
    assert texts(tmx.read(write(tmp_path, "d.tmx", tmx_doc(
        '<tu><tuv xml:lang="zh"><seg>一</seg></tuv></tu>', srclang="*all*")))) == [("一", "")]


# --- PO ------------------------------------------------------------------------------------

PO_HEADER = ('# Translators\' notes.\nmsgid ""\nmsgstr ""\n"Language: {lang}\\n"\n'
             '"Content-Type: text/plain; charset={charset}\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n')


def po_doc(entries: str, lang: str = "en", charset: str = "UTF-8") -> str:
    return PO_HEADER.format(lang=lang, charset=charset) + entries


def test_po_plural_fuzzy_obsolete_and_escapes(tmp_path):
    path = write(tmp_path, "a.po", po_doc(
        '#, fuzzy\nmsgid "模糊的"\nmsgstr "Fuzzy"\n\n'
        'msgid "%d 个文件"\nmsgid_plural "%d 个文件"\nmsgstr[0] "%d file"\nmsgstr[1] "%d files"\n\n'
        '#~ msgid "已废弃"\n#~ msgstr "Obsolete"\n\n'
        'msgid "他说：\\"你好\\"\\n"\nmsgstr ""\n"He said: \\"hello\\"\\n"\n\n'
        'msgid "没有译文"\nmsgstr ""\n'))
    doc = po.read(path)
    assert texts(doc) == [("模糊的", "Fuzzy"), ("%d 个文件", "%d file"), ('他说：“你好”'.replace("“", '"').replace("”", '"'),
                                                                       'He said: "hello"'), ("没有译文", "")]
    en = doc.paragraph("en-3")
    assert (en.line, en.column) == (22, 2)


def test_po_positions_of_multiline_and_indented_strings(tmp_path):
    path = write(tmp_path, "a.po", po_doc(
        'msgid ""\n"\\n  第一行，"\n"第二行。"\nmsgstr "  \\tFirst line, second line."\n'))
    zh, en = po.read(path).paragraphs
    assert zh.text == "第一行，第二行。" and (zh.line, zh.column) == (9, 6)
    assert en.text == "First line, second line." and (en.line, en.column) == (11, 13)


def test_po_translator_comments_suppress(tmp_path):
    text = ("# qa-checker: disable-file ZH800\n" + po_doc(
        '# qa-checker: disable ZH401\n#. qa-checker: disable ZH999 (an extracted comment: ignored)\n'
        'msgid "一"\nmsgstr "One"\n\nmsgid "二"\nmsgstr "Two"\n').split("\n", 1)[1])
    text = "# qa-checker: disable ZH700\n" + text
    sups = {(s.paragraph, s.codes, s.line) for s in po.read(write(tmp_path, "a.po", text)).suppressions}
    assert sups == {(None, frozenset({"ZH700"}), 1), (None, frozenset({"ZH800"}), 2),
                    ("zh-1", frozenset({"ZH401"}), 9)}


def test_po_language_and_encoding(tmp_path):
    with pytest.raises(InputError, match="other way round") as err:
        po.read(write(tmp_path, "a.po", po_doc('msgid "Hello"\nmsgstr "你好"\n', lang="zh_CN")))
    assert err.value.line == 2
    with pytest.raises(InputError, match="not English"):
        po.read(write(tmp_path, "b.po", po_doc('msgid "一"\nmsgstr "un"\n', lang="fr")))
    gb = write(tmp_path, "c.po", po_doc('msgid "镕铕"\nmsgstr "Rong"\n', charset="GB2312"), "gb18030")
    assert texts(po.read(gb)) == [("镕铕", "Rong")]
    pot = write(tmp_path, "d.pot", po_doc('msgid "模板"\nmsgstr ""\n', lang="", charset="CHARSET"))
    assert texts(po.read(pot)) == [("模板", "")]
    wrong = write(tmp_path, "e.po", po_doc('msgid "镕铕"\nmsgstr "Rong"\n'), "gb18030")
    with pytest.raises(InputError, match="cannot decode") as err:
        po.read(wrong)
    assert err.value.byte_offset is not None


def test_po_syntax_error_names_the_line(tmp_path):
    with pytest.raises(InputError, match="PO syntax error") as err:
        po.read(write(tmp_path, "a.po", po_doc('msgid "一"\nmsgstr "One"\nnonsense here\n')))
    assert err.value.line == 10
    with pytest.raises(InputError, match="unescaped double quote") as err:
        po.read(write(tmp_path, "b.po", po_doc('msgid "一"二"\nmsgstr "One"\n')))
    assert err.value.line == 8
