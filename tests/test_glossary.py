"""The glossary file: parsing, errors with their line, Chinese lookup and English matching."""
from __future__ import annotations

from pathlib import Path

import pytest

from qa_checker.config import Config
from qa_checker.errors import InputError
from qa_checker.glossary import load_glossary, parse_glossary
from qa_checker.services import Services

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "fixtures" / "glossary.tsv"


def glossary(*rows: str, header: str = "zh\ten\tforbidden\tnote\tcase"):
    return parse_glossary("\n".join([header, *rows]) + "\n", "terms.tsv")


def found(g, text):
    return [(m.term.zh, text[m.start:m.end]) for m in g.find(text)]


# --- parsing -------------------------------------------------------------------------------------

def test_columns_alternatives_comments_and_keep():
    g = parse_glossary("\ufeff# a comment\n\nzh\ten\tforbidden\tnote\n"
                       "阿里云\tAlibaba Cloud\tAli Cloud|Aliyun\tofficial name\n"
                       "  # indented comment\n"
                       "RISC-V\tkeep\n"
                       "SUSE\t=\n", "terms.tsv")
    cloud, risc, suse = g.terms
    assert cloud.renderings == ("Alibaba Cloud",) and cloud.forbidden == ("Ali Cloud", "Aliyun")
    assert cloud.note == "official name" and cloud.line == 4 and not cloud.case_sensitive
    assert risc.renderings == ("RISC-V",) and risc.line == 6
    assert suse.renderings == ("SUSE",)
    assert cloud.where == "terms.tsv:4"


def test_columns_in_any_order_and_trailing_empty_cells():
    g = parse_glossary("en\tcase\tzh\nZTE\tsensitive\t中兴\t\t\n", "t.tsv")
    (term,) = g.terms
    assert term.zh == "中兴" and term.renderings == ("ZTE",) and term.case_sensitive


def test_forbidden_only_row_is_allowed():
    (term,) = glossary("阿里云\t\tAliyun").terms
    assert term.renderings == () and term.forbidden == ("Aliyun",)


@pytest.mark.parametrize("text, line, words", [
    ("", None, "empty glossary"),
    ("# only comments\n", None, "empty glossary"),
    ("zh\tenglish\n", 1, "unknown glossary column 'english'"),
    ("zh\ten\tforbiden\n", 1, "did you mean 'forbidden'"),
    ("zh\tzh\ten\n", 1, "appears twice"),
    ("zh\tnote\n", 1, "lacks the column 'en'"),
    ("zh\ten\n中兴\tZTE\textra\n", 2, "3 tab-separated fields"),
    ("zh\ten\n\tZTE\n", 2, "'zh' column is empty"),
    ("zh\ten\n中兴\t\n", 2, "no rendering"),
    ("zh\ten\n中兴\tZTE||ZTE Corp\n", 2, "empty alternative"),
    ("zh\ten\n中兴\tkeep\n", 2, "needs a Latin term"),
    ("zh\ten\n中兴\t…\n", 2, "no letters or digits"),
    ("zh\ten\tcase\n中兴\tZTE\tupper\n", 2, "case must be"),
    ("zh\ten\tforbidden\n开源\topen source\topen-source\n", 2, "both accepted and forbidden"),
    ("zh\ten\n中兴\tZTE\n# c\n中 兴\tZTE Corporation\n", 4, "already defined on line 2"),
])
def test_malformed_files_name_the_line(text, line, words):
    with pytest.raises(InputError) as info:
        parse_glossary(text, "terms.tsv")
    assert info.value.path == "terms.tsv" and info.value.line == line
    assert words in str(info.value)


def test_load_reports_missing_and_undecodable_files(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_glossary(str(tmp_path / "nope.tsv"))
    bad = tmp_path / "gbk.tsv"
    bad.write_bytes("zh\ten\n中兴\tZTE\n".encode("gb18030"))
    with pytest.raises(InputError, match="not UTF-8") as info:
        load_glossary(str(bad))
    assert info.value.byte_offset == 6


def test_example_glossary_loads():
    g = load_glossary(str(EXAMPLE))
    terms = {t.zh: t for t in g.terms}
    assert terms["阿里云"].forbidden == ("Ali Cloud", "Aliyun")
    assert terms["RISC-V"].renderings == ("RISC-V",) and terms["RISC-V"].case_sensitive
    assert len(g) >= 15


# --- Chinese lookup --------------------------------------------------------------------------------

def test_leftmost_longest_and_whitespace_inside_terms():
    g = glossary("阿里\tAlibaba", "阿里云\tAlibaba Cloud", "北京AI安全国际共识\tBeijing International Consensus on AI Safety")
    text = "阿里云和阿里巴巴，发表北京AI 安全国际共识"
    assert found(g, text) == [("阿里云", "阿里云"), ("阿里", "阿里"), ("北京AI安全国际共识", "北京AI 安全国际共识")]


def test_latin_terms_do_not_match_inside_latin_words_and_follow_case():
    g = glossary("RISC-V\tkeep\t\t\tsensitive", "Linux基金会\tLinux Foundation")
    assert found(g, "开发RISC-V架构") == [("RISC-V", "RISC-V")]
    assert found(g, "RISC-VI 和 risc-v") == []
    assert found(g, "COPULinux基金会") == []  # "Linux" continues a Latin word
    assert found(g, "COPU、linux 基金会") == [("Linux基金会", "linux 基金会")]  # case-insensitive term


def test_offsets_point_into_the_original_text():
    g = glossary("云原生\tcloud native")
    text = "支持 云 原生\n部署"
    (m,) = g.find(text)
    assert text[m.start:m.end] == "云 原生"


# --- English matching ------------------------------------------------------------------------------

@pytest.mark.parametrize("english", [
    "Alibaba Cloud", "alibaba cloud", "Alibaba-Cloud", "Alibaba\ncloud", "Alibaba Cloud's AI",
    "Alibaba Cloud’s AI", "two Alibaba Clouds", "(Alibaba Cloud)",
])
def test_accepted_rendering_tolerances(english):
    (term,) = glossary("阿里云\tAlibaba Cloud").terms
    assert term.required_in(english)


@pytest.mark.parametrize("english", ["AlibabaCloud", "Alibaba Cloudy", "MyAlibaba Cloud", "Alibaba"])
def test_accepted_rendering_needs_word_boundaries(english):
    (term,) = glossary("阿里云\tAlibaba Cloud").terms
    assert not term.required_in(english)


def test_inflections():
    (llm,) = glossary("大模型\tlarge model|LLM").terms
    assert llm.required_in("many LLMs") and llm.required_in("large models'") and llm.required_in("LLM's")
    (tech,) = glossary("技术\ttechnology").terms
    assert tech.required_in("technologies")
    (oss,) = glossary("开源\topen source").terms
    assert oss.required_in("was open-sourced") and oss.required_in("open sourcing it")


def test_case_sensitive_rendering():
    (term,) = glossary("欧拉\topenEuler\t\t\tsensitive").terms
    assert term.required_in("the openEuler community") and not term.required_in("the OpenEuler community")


def test_forbidden_renderings_are_found_in_order():
    (term,) = glossary("阿里云\tAlibaba Cloud\tAli Cloud|Aliyun").terms
    assert [m.group(0) for m in term.forbidden_in("Ali Cloud, Aliyun and ali-cloud's")] == \
        ["Ali Cloud", "Aliyun", "ali-cloud's"]


# --- loading through the services ------------------------------------------------------------------

def test_services_load_the_configured_glossary_once():
    services = Services(Config(glossary=str(EXAMPLE)))
    assert services.glossary is services.glossary and len(services.glossary) >= 15
    assert Services(Config()).glossary is None


def test_relative_path_from_the_config_file_folder(tmp_path, monkeypatch):
    (tmp_path / "terms.tsv").write_text("zh\ten\n中兴\tZTE\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    services = Services(Config(glossary="terms.tsv", source=str(tmp_path / "setup.cfg")))
    assert [t.zh for t in services.glossary.terms] == ["中兴"]
    with pytest.raises(InputError, match="not found"):
        Services(Config(glossary="terms.tsv")).glossary


def test_case_sensitive_terms_keep_their_final_letter():
    (suse,) = glossary("苏斯\tSUSE\t\t\tsensitive").terms
    assert suse.required_in("SUSE Linux") and suse.required_in("SUSE's") and not suse.required_in("Suse")
    (sony,) = glossary("索尼\tSONY\t\t\tsensitive").terms
    assert sony.required_in("SONY") and not sony.required_in("Sony")
