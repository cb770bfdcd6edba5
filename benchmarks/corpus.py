"""Deterministic synthetic zh→en pairs with the character statistics of real translations.

The pairs are not translations: they are word salads built from hand-written Chinese and English
vocabularies, shaped so that what the checker's cost depends on looks like real text: Chinese
paragraphs of 30–300 characters (mostly Han, with CJK punctuation, Arabic numbers, Latin names and
the odd URL), English of about 3× as many characters (zh→en character ratios of real text sit
around 2.5–3.5), the same numbers and names on both sides, and a small share of defects (a dropped
number, Chinese left in the English, an empty rendering) so reports are not empty.

Everything is drawn from one seeded ``random.Random``: the same seed and size give byte-identical
files on every machine.
"""
from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from typing import Iterator

# Common words and phrases of Chinese news, speeches and software documentation.
ZH_WORDS = """
我们 你们 他们 今年 去年 明年 目前 已经 正在 开始 继续 进一步 全面 重点 主要 基本 社区 项目 用户
开发者 贡献者 维护者 团队 公司 企业 政府 学校 高校 研究院 实验室 会议 论坛 报告 计划 方案 目标 任务
工作 发展 建设 推进 完善 加强 提高 增强 扩大 降低 减少 支持 帮助 参与 合作 交流 分享 发布 更新 维护
测试 部署 构建 编译 运行 安装 配置 文档 翻译 代码 审查 流程 系统 平台 服务 接口 模块 组件 框架 工具
数据 模型 算法 性能 安全 稳定 质量 效率 成本 规模 速度 时间 空间 内存 存储 网络 服务器 客户端 浏览器
版本 功能 特性 问题 缺陷 漏洞 补丁 修复 改进 优化 调整 迁移 兼容 依赖 许可证 开源 社区治理 基金会
经济 市场 投资 增长 消费 产业 制造业 服务业 出口 进口 贸易 金融 银行 利率 价格 收入 就业 创新 科技
教育 文化 卫生 医疗 健康 环境 能源 交通 城市 农村 地区 国家 世界 国际 全球 区域 地方 中央 人民 群众
历史 未来 经验 成果 成绩 挑战 机遇 风险 困难 压力 责任 能力 水平 标准 规则 制度 政策 法律 法规 措施
各位 来宾 朋友 同事 老师 同学 大家 感谢 欢迎 祝贺 希望 相信 认为 表示 指出 强调 提出 决定 同意 鼓励
重要 关键 核心 基础 长期 短期 持续 稳步 显著 明显 积极 有效 充分 广泛 深入 共同 相互 不断 逐步 及时
一个 这个 那个 这些 那些 所有 每个 各种 许多 一些 部分 其中 之一 以及 并且 而且 但是 因此 所以 如果
虽然 只有 通过 根据 按照 关于 对于 由于 为了 随着 同时 此外 另外 总之 首先 其次 最后 一方面 另一方面
的 了 在 是 和 与 及 或 把 被 将 对 从 向 为 也 都 还 就 又 再 更 最 很 不 没有 可以 能够 应该 需要
提供 实现 完成 达到 超过 保持 取得 获得 形成 建立 成立 举办 召开 启动 上线 推出 引入 采用 使用 利用
"""

# Latin-script names, acronyms and identifiers that zh text keeps as is (and the English must keep).
LATIN_NAMES = """
GitHub Python Linux Kubernetes Docker API SDK CPU GPU HTTP JSON YAML OpenAI PyPI npm Rust Unicode
OpenSSL PostgreSQL Redis Nginx Apache Mozilla Firefox Chrome Android iOS Windows macOS WebAssembly
CI/CD LLM AI IoT 5G ISO UTF-8 CLI GUI SQL Git Markdown XLIFF OAuth TLS DNS IPv6 ARM RISC-V
""".split()

URLS = ("https://example.org/docs", "https://example.com/release-notes", "https://example.net/api/v2")

EN_WORDS = """
the the the the of of of and and and to to a a in in for is on that with as by this we our
be are was were has have will can from at it its which their more than also all new not or
community project projects user users developer developers contributor contributors team company
government school university institute conference forum report plan programme goal task work
development construction progress improve strengthen increase expand reduce support help join
cooperation exchange share release update maintain test deploy build compile run install configure
documentation translation code review process system platform service interface module component
framework tool data model algorithm performance security stable quality efficiency cost scale speed
time space memory storage network server client browser version feature features issue issues
defect vulnerability patch fix improvement optimisation adjustment migration compatibility
dependency licence open source governance foundation economy market investment growth consumption
industry manufacturing services export import trade finance bank interest rate price income
employment innovation technology education culture health medical environment energy transport
city rural region country world international global local central people public history future
experience results achievements challenges opportunities risks difficulties pressure responsibility
capacity level standard rules policy law regulations measures guests friends colleagues teachers
students everyone thank welcome congratulate hope believe consider said noted stressed proposed
decided agreed encourage important key core basic long-term short-term sustained steady significant
clear active effective full broad deep common mutual continuous gradual timely every many some part
one these those each various through according regarding because order with while furthermore
however therefore first second finally provide achieve complete reach exceed keep obtain gain form
establish founded host hold launch introduce adopt use make sure across over under between during
""".split()

ZH_CLAUSE_END = "，，，，；、"
ZH_SENTENCE_END = "。。。。！？"
EN_SENTENCE_END = "....!?"


@dataclass(frozen=True)
class Pair:
    zh: str
    en: str

    @property
    def reference(self) -> str:
        """A second rendering for reference-metric benchmarks: every fourth word of the English
        replaced, so BLEU against it is middling, as between two human translations."""
        words = self.en.split()
        return " ".join(EN_WORDS[(k * 7 + len(w)) % len(EN_WORDS)] if k % 4 == 3 else w
                        for k, w in enumerate(words))


def _zh_number(rng: random.Random) -> tuple[str, str]:
    """A number as written in Chinese text and as its English rendering shows it."""
    kind = rng.random()
    if kind < 0.3:
        n = rng.randint(2, 99)
        return str(n), str(n)
    if kind < 0.5:
        n = rng.randint(1000, 99999)
        return f"{n:,}", f"{n:,}"
    if kind < 0.7:
        p = rng.randint(1, 99)
        return f"{p}%", f"{p}%"
    if kind < 0.85:
        y = rng.randint(1990, 2030)
        return f"{y}年", str(y)
    n = rng.randint(2, 9)
    return f"{n}.{rng.randint(1, 9)}万", f"{n}{rng.randint(0, 9)},000"  # value need not match: realistic noise


class PairGenerator:
    def __init__(self, seed: int = 20240821):
        self.rng = random.Random(seed)
        self.zh_words = ZH_WORDS.split()
        self.en_words = EN_WORDS

    def _zh_length(self) -> int:
        # Log-normal around ~90 characters, clipped to 30–300: many short paragraphs, a long tail.
        return max(33, min(300, int(math.exp(self.rng.gauss(4.5, 0.55)))))

    def _zh_paragraph(self, target: int) -> tuple[str, list[str]]:
        """Chinese text of about ``target`` characters and the tokens (numbers, names) it carries."""
        rand, words = self.rng.random, self.zh_words
        parts: list[str] = []
        carried: list[str] = []
        size = 0
        clause, clause_len = 0, 4 + int(rand() * 6)
        while size < target - 1:
            r = rand()
            if r < 0.03:
                shown, english = _zh_number(self.rng)
                part = shown
                carried.append(english)
            elif r < 0.045:
                name = LATIN_NAMES[int(rand() * len(LATIN_NAMES))]
                part = f" {name} "
                carried.append(name)
            elif r < 0.0455:
                url = URLS[int(rand() * len(URLS))]
                part = f" {url} "
                carried.append(url)
            elif r < 0.055:
                title = words[int(rand() * len(words))] + words[int(rand() * len(words))]
                part = f"《{title}》" if rand() < 0.5 else f"“{title}”"
            else:
                part = words[int(rand() * len(words))]
            if size + len(part) > target - 1:
                if size >= 0.9 * target:
                    break  # stay within the target length
                continue  # too long a token for what is left: draw another
            if carried and part[:1].isdigit() and parts and parts[-1][-1:].isdigit():
                carried.pop()  # two numbers side by side would read as one
                continue
            parts.append(part)
            size += len(part)
            clause += 1
            if clause >= clause_len and size < target - 4:
                parts.append(ZH_CLAUSE_END[int(rand() * len(ZH_CLAUSE_END))])
                size += 1
                clause, clause_len = 0, 4 + int(rand() * 6)
        if not carried or carried[-1] not in parts[-1]:
            parts.append(ZH_SENTENCE_END[int(rand() * len(ZH_SENTENCE_END))])
        text = "".join(parts).replace("  ", " ").strip()
        return (text if text[-1] in ZH_SENTENCE_END else text + "。"), carried

    def _en_paragraph(self, target: int, carried: list[str]) -> str:
        rand, words_of = self.rng.random, self.en_words
        words: list[str] = []
        size = 0
        pending = list(carried)
        in_sentence, sentence_len = 0, 8 + int(rand() * 18)  # words per sentence: 8–25
        while size < target or pending:
            if pending and rand() < 0.12:
                word = pending.pop(0)
            else:
                word = words_of[int(rand() * len(words_of))]
                if in_sentence == 0:
                    word = word[:1].upper() + word[1:]
            in_sentence += 1
            if in_sentence >= sentence_len and size + len(word) < target - 30:
                word += EN_SENTENCE_END[int(rand() * len(EN_SENTENCE_END))]
                in_sentence, sentence_len = 0, 8 + int(rand() * 18)
            elif rand() < 0.06:
                word += ","
            words.append(word)
            size += len(word) + 1
        text = " ".join(words).rstrip(",")
        return text if text[-1] in ".!?" else text + "."

    def pair(self) -> Pair:
        rng = self.rng
        zh, carried = self._zh_paragraph(self._zh_length())
        # English about 3× the Chinese characters, spread like real renderings.
        en_target = int(len(zh) * max(1.8, min(4.5, rng.gauss(2.9, 0.4))))
        en = self._en_paragraph(en_target, carried)
        defect = rng.random()
        if defect < 0.01:
            en = ""  # not translated at all
        elif defect < 0.02:
            en = en + " " + zh[: rng.randint(2, 8)]  # Chinese left in the English
        elif defect < 0.03 and carried:
            en = " ".join(en.replace(carried[0], "", 1).split())  # a number or name dropped
        return Pair(zh, en)

    def pairs(self, n: int) -> Iterator[Pair]:
        for _ in range(n):
            yield self.pair()


def generate(n: int, seed: int = 20240821) -> list[Pair]:
    return list(PairGenerator(seed).pairs(n))


def write_tsv(pairs: list[Pair], path: str, *, reference: bool = False) -> None:
    """A table the checker reads as pre-paired rows (header ``zh``, ``en`` [, ``reference``])."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        writer.writerow(["zh", "en", "reference"] if reference else ["zh", "en"])
        for p in pairs:
            writer.writerow([p.zh, p.en, p.reference] if reference else [p.zh, p.en])


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_po(pairs: list[Pair], path: str) -> None:
    """The same pairs as a gettext catalogue (msgid = Chinese, msgstr = English), for pofilter."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n\n')
        for k, p in enumerate(pairs, 1):
            f.write(f"#: bench.txt:{k}\nmsgctxt \"p{k}\"\nmsgid {_po_string(p.zh)}\nmsgstr {_po_string(p.en)}\n\n")


def file_name(kind: str, n: int) -> str:
    """Names of the generated files: ``tsv``, ``ref`` (TSV with a reference column), ``po``,
    ``zh``/``en`` (one side as plain text, paragraphs separated by blank lines)."""
    return {"tsv": f"pairs-{n}.tsv", "ref": f"pairs-{n}-ref.tsv", "po": f"pairs-{n}.po",
            "zh": f"pairs-{n}.zh.txt", "en": f"pairs-{n}.en.txt"}[kind]


def write_files(pairs: list[Pair], folder: str, wanted: dict[str, list[int]]) -> None:
    """Write each wanted kind of file at each size (a prefix of ``pairs``); existing files are kept."""
    import os

    for kind, sizes in wanted.items():
        for n in sizes:
            path = os.path.join(folder, file_name(kind, n))
            if os.path.exists(path):
                continue
            if kind in ("tsv", "ref"):
                write_tsv(pairs[:n], path, reference=kind == "ref")
            elif kind == "po":
                write_po(pairs[:n], path)
            else:  # an empty rendering has no paragraph: a placeholder keeps the two sides' counts equal
                with open(path, "w", encoding="utf-8") as f:
                    f.write("\n\n".join(getattr(p, kind) or "TODO" for p in pairs[:n]) + "\n")


def statistics(pairs: list[Pair]) -> dict[str, float]:
    """Character statistics that show the pairs look like zh→en text."""
    zh_chars = sum(len(p.zh) for p in pairs)
    en_chars = sum(len(p.en) for p in pairs)
    han = sum(1 for p in pairs for c in p.zh if "\u4e00" <= c <= "\u9fff")
    lengths = sorted(len(p.zh) for p in pairs)
    return {
        "pairs": len(pairs),
        "zh_chars_mean": zh_chars / len(pairs),
        "zh_chars_min": lengths[0],
        "zh_chars_median": lengths[len(lengths) // 2],
        "zh_chars_max": lengths[-1],
        "en_to_zh_char_ratio": en_chars / zh_chars,
        "han_share_of_zh": han / zh_chars,
    }
