"""Regenerate ``zh_idioms.py``: Chinese words that contain a numeral but are not numbers.

Run by hand (``python -m qa_checker.numbers.build_zh_idioms``) when the list needs refreshing; it
needs jieba (MIT), whose dictionary is the source, but the checker itself does not.

A word is kept when it contains a numeral character other than a lone 一 (which the number rule
never reports on its own, unless as the ordinal 第一) and is not shaped like a count: ``统一``, ``十分``, ``万一``, ``四川``,
``百度``, ``三心二意`` are kept; ``三个``, ``十年``, ``两千万``, ``第三次`` are not.  jieba's own
part-of-speech tags are unreliable for this (``一些`` and ``一起`` are tagged m, numeral), so the
shape decides, except that a word jieba tags as a name, place, chengyu or set phrase stays whole
(``二里头``, ``三头六臂``).  A count followed by a noun (``四首歌``) is a count.
``OVERRIDES`` adds frequent words whose count shape hides an idiom.

Whatever its tag, a word that is one plain quantity is never kept: a well-formed number, perhaps
after an approximator or a distributive (近, 约, 上, 每, 几, 数, 好几) and perhaps followed by
多/余/来, then one measure word or unit and perhaps 人, 份, 套 or 之家 (``两千人``, ``近十年``,
``近三成``, ``上万株``, ``每千人``, ``六口之家``, ``十九世纪``).  jieba tags hundreds of these as set
phrases, and keeping them hid numbers a translator must render (``员工两千人`` had no number).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

NUMERALS = "〇零一二三四五六七八九十百千万亿两"
# Words below this jieba frequency are too rare to matter (the dictionary's long tail is mostly
# names of villages and historical figures); 3 keeps the list under 10k words.
MIN_FREQUENCY = 3
# Names, places, chengyu and set phrases stay whole even when count-shaped (二里头, 三头六臂).
WHOLE_TAGS = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "i", "l"}
# Measure words, units and time words: what follows a numeral when the word is a count.
UNITS = sorted("""
个 位 名 人 次 种 类 件 项 条 只 本 张 家 座 台 部 辆 架 艘 枚 颗 粒 块 片 份 套 双 对 副 组 批 群 层 级 届
期 代 年 月 日 天 号 周 星期 小时 时 点 分 分钟 秒 秒钟 岁 倍 元 美元 欧元 英镑 日元 港元 镑 角 米 公里 千米
平方米 平方公里 平方千米 立方米 公顷 亩 里 尺 丈 寸 厘米 毫米 纳米 微米 克 千克 公斤 斤 吨 升 毫升 度 千瓦
瓦 千瓦时 户 所 间 栋 幢 处 段 节 章 篇 页 行 句 字 首 场 轮 回 遍 步 声 刻 成 股 例 起 株 头 匹 尾 棵 根 支
把 杯 碗 瓶 包 箱 袋 盒 队 班 年级 等 等奖 大 强 多 余 来 几 半 年代 世纪 人次 辈 届 集 卷 册 季 局 盘 拳
整 左右 上下 以上 以下 以内 之内 前 后 内 间 分之
""".split(), key=len, reverse=True)
_COUNT_RE = re.compile(
    f"^(?:第|数|几|上|近|约|头|前|后|每|这|那|各|全|共)?(?:[{NUMERALS}]+(?:{'|'.join(UNITS)})*)+$")
# A count followed by a noun (四首歌, 两碗饭) is a count too.
_COUNT_PREFIX_RE = re.compile(
    f"^(?:第|数|几|上|近|约|头|前|后|每|这|那|各|全|共)?(?:[{NUMERALS}]+(?:{'|'.join(UNITS)})+)")
# 第 + numeral + anything is an ordinal (第三列 = the third column), unless overridden (第一时间).
_ORDINAL_RE = re.compile(f"^第[{NUMERALS}]+")
_RUN_RE = re.compile(f"[{NUMERALS}]+")

# A plain quantity (see the module docstring): removed whatever jieba's tag.  Measure words that
# also make idioms or names are left out (三强, 三十大, 三等分, 九尾, 两岁半: 半 changes the value).
_NOT_QUANTITY_UNITS = set("大 强 等 多 余 来 几 半 整 左右 上下 以上 以下 以内 之内 前 后 内 间 分之 头 尾".split())
# Classifiers that UNITS lacks and that follow numbers in ordinary prose (三道题, 两款产品, 一家六口).
_MORE_CLASSIFIERS = {"口", "道", "题", "款", "顷", "载", "盏", "幅", "尊", "朵", "桶", "趟", "顿", "桌", "票",
                     "封", "笔", "圈", "夜"}
_QUANTITY_UNITS = sorted(set(UNITS) - _NOT_QUANTITY_UNITS | _MORE_CLASSIFIERS, key=len, reverse=True)
_APPROXIMATORS = "好几|将近|接近|大约|超过|多达|不到|不足|近|约|上|每|几|数|逾|多|余"
_PLAIN_QUANTITY_RE = re.compile(
    f"^(?:(?P<approx>{_APPROXIMATORS})?(?P<run>[{NUMERALS}]+)[多余来几]?"
    f"(?P<unit>{'|'.join(_QUANTITY_UNITS)})[多余来]?(?:人|份|套|之家)?(?:以来|来|时|左右|以上|以下|以内|之内)?"
    # or a bare number after an approximator: 好几千, 近百 (not 万一, which reads as a number too)
    f"|(?P<bare_approx>{_APPROXIMATORS})(?P<bare_run>[{NUMERALS}]+))$")
_SCALE_RE = re.compile("[十百千万亿]")

# Count-shaped words that are mostly idioms in running text.
OVERRIDES = """
十分 万分 万一 一一 千万不 千万别 千万要 千万记 千万注意 千万小心 万万 四周 四处 四下 四面 四方 三角 八角
六角 四角 百分百 十足 一五一十 三三两两 两样 两旁 两边 两侧 两端 两头 两手 两面 两极 五一 八一 十一五
十二五 十三五 十四五 九五 万里 千里 万家 百家 千家 万代 千秋 百年大计 一二 一两 十字 千千万万 一来二去
百度 八字 十字架 千家万户 百代 八度 零点 一本 二本 三本 百分点 第一时间 第一手 第一线
百分比 百分率 百分号 百分位 百分制 百分数 二次 二次元 三维 二维
第一产业 第二产业 第三产业 第一性 第一义 第一手资料 一千零一夜
""".split()


def is_plain_quantity(word: str) -> bool:
    """One number with its measure word: what a translator renders as a number (两千人, 近十年)."""
    from .zh_numbers import parse_numeral  # the checker's own reading of the numeral

    m = _PLAIN_QUANTITY_RE.match(word)
    if m is None:
        return False
    run = m.group("run") or m.group("bare_run")
    if m.group("unit") in _MORE_CLASSIFIERS and run in ("百", "千", "万", "亿"):
        return False  # 千载, 万道 (金光), 万顷 (碧波): a thousand, ten thousand as "countless"
    # 三三 and 二三 read digit by digit; 千百 (千百年来, "for ages") is no number at all.
    return (len(run) == 1 or _SCALE_RE.search(run) is not None) and parse_numeral(run) is not None


def build(dict_path: Path) -> list[str]:
    words = set(OVERRIDES)
    for line in dict_path.read_text(encoding="utf-8").splitlines():
        word, freq, tag = line.split()
        if int(freq) < MIN_FREQUENCY or len(word) < 2 or is_plain_quantity(word):
            continue
        runs = _RUN_RE.findall(word)
        if not runs or (all(run == "一" for run in runs) and "第一" not in word):
            continue
        if tag not in WHOLE_TAGS and (_COUNT_RE.match(word) or _COUNT_PREFIX_RE.match(word)
                                      or _ORDINAL_RE.match(word)):
            continue
        words.add(word)
    return sorted(words)


def main() -> None:
    import jieba  # only needed to regenerate the list

    words = build(Path(jieba.__file__).with_name("dict.txt"))
    out = Path(__file__).with_name("zh_idioms.py")
    lines = [" ".join(words[i:i + 20]) for i in range(0, len(words), 20)]
    out.write_text(
        '"""Chinese words containing a numeral that are not numbers (generated by build_zh_idioms.py).\n\n'
        "Derived from the jieba dictionary (MIT licence, https://github.com/fxsjy/jieba).\n"
        '"""\n\nWORDS = """\n' + "\n".join(lines) + '\n""".split()\n', encoding="utf-8")
    print(f"{len(words)} words → {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
