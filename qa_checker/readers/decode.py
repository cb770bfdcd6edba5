"""Bytes to text: the encodings Chinese and English documents actually come in.

UTF-8 (with or without BOM), UTF-16/UTF-32 with BOM, GB18030 (which also reads GB2312 and GBK) and
Big5.  Line ends are normalised to ``\\n`` (CRLF and lone CR each count as one line break, as in every
editor), so line numbers computed on the text match the file.  Errors name the byte offset of the
first byte that cannot be decoded.
"""
from __future__ import annotations

import codecs
import re
from typing import Optional

from ..errors import InputError

ENCODING_HINT = "use --encoding"

# Byte order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Names people pass that we read with a superset codec: GB2312 and GBK text is valid GB18030, and
# GB18030 also decodes the GBK extensions that a strict "gb2312" codec rejects.
_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
    "euccn": "gb18030", "x-gbk": "gb18030", "ms936": "gb18030",
    "utf8": "utf-8", "utf-8-sig": "utf-8", "utf_8_sig": "utf-8",
}

# When bytes are not UTF-8, both GB18030 and Big5 may decode them; the right one gives common
# Chinese characters, the wrong one gives kana, Cyrillic, private-use and rare ideographs.
# These are the most frequent Han characters of modern Chinese (after Jun Da's character frequency
# list of a modern corpus), with the traditional forms of those that differ.
_FREQUENT_SIMPLIFIED = (
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后"
    "作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只"
    "从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向"
    "头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声"
    "提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建"
    "务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即"
    "像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带"
    "导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具"
    "罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越"
    "器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另"
    "周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够"
    "章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀"
    "攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假"
    "久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢"
    "您软件开源发展技术支持使用安装下载文档示例图表数据配置组件"
)
_FREQUENT_TRADITIONAL = (
    "這個們來國為說時會對後過發還經頭動長開無學見現當沒點樣麼實種軍機與論處問題進關業應從兩間裡體產麼"
    "讓嗎聽話語錢書車東門電氣記認議設計處辦員難應總戰當實歷區報場義號線術際網頁訊資係傳統變標準轉類廣"
    "萬億與爭導將幾條數據類別們們屬強從專業單選擇參與亞們軟體開發檔案範例圖表組態鍵盤顯為們們歡迎謝請"
    "愛邊進運種習題樂風雲語誰嗎葉陽陰島島節藝術費貨貴買賣讀寫說話講認識記憶關係經濟環境醫藥劇戲聲響"
)
_FREQUENT = frozenset(_FREQUENT_SIMPLIFIED + _FREQUENT_TRADITIONAL)
_HAN = re.compile("[\u4e00-\u9fff]")
# Characters that Chinese text in GB18030 or Big5 rarely contains, but that a wrong double-byte
# decoding produces in bulk: kana, Greek, Cyrillic, box drawing, private use, Extension A, Hangul,
# compatibility ideographs and C1 controls.
_UNLIKELY = re.compile("[\u0080-\u009f\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3400-\u4dbf"
                       "\uac00-\ud7af\ue000-\uf8ff\uf900-\ufaff]")
_SAMPLE_CHARS = 65536  # scoring the first 64k characters decides as well as the whole file


def plausibility(text: str) -> float:
    """How much a decoding looks like real Chinese/English text: higher is more plausible."""
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    han = _HAN.findall(sample)
    frequent = sum(1 for c in han if c in _FREQUENT)
    unlikely = len(_UNLIKELY.findall(sample))
    # Frequent characters earn, unlikely ones cost; normalised by the characters that matter.
    return (frequent - 3 * unlikely) / max(1, len(han) + unlikely)


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode(data: bytes, path: str, encoding: Optional[str] = None) -> tuple[str, str]:
    """(text, encoding name) of a file's bytes; InputError when they are not text we can read."""
    if encoding:
        return normalise_newlines(_decode_forced(data, path, encoding)), encoding
    for bom, name in _BOMS:
        if data.startswith(bom):
            return normalise_newlines(_strict(data, len(bom), name, path)), name
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise InputError(path, "binary file (contains a NUL byte)", byte_offset=nul,
                             hint=ENCODING_HINT + " if it is UTF-16 or UTF-32 text")
        return normalise_newlines(_strict(data, 0, utf16, path)), utf16
    try:
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_error = utf8_error
    decoded: list[tuple[float, int, str, str]] = []
    furthest = ("utf-8", first_error.start)
    for rank, name in enumerate(("gb18030", "big5", "cp950", "big5hkscs")):
        if name != "gb18030" and any(d[3] == "big5" for d in decoded):
            break  # one Big5 decoding is enough; the variants only add characters
        try:
            text = data.decode(name)
        except UnicodeDecodeError as err:
            if err.start > furthest[1]:
                furthest = (name, err.start)
            continue
        label = "gb18030" if name == "gb18030" else "big5"
        # Ties go to GB18030: mainland text is the more common of the two.
        decoded.append((plausibility(text), -rank, text, label))
    if not decoded:
        raise InputError(path, f"cannot decode: not UTF-8, GB18030 or Big5 (invalid {furthest[0]} byte)",
                         byte_offset=furthest[1], hint=ENCODING_HINT)
    best = max(decoded, key=lambda d: (d[0], d[1]))
    return normalise_newlines(best[2]), best[3]


def _decode_forced(data: bytes, path: str, encoding: str) -> str:
    name = _ALIASES.get(encoding.strip().lower(), encoding.strip())
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}", hint="e.g. utf-8, gb18030, big5, utf-16") from None
    skip = 0
    if info.name in ("utf-8", "utf-16", "utf-32"):
        # A BOM is not text: skip it (and let "utf-16"/"utf-32" learn the byte order from it).
        for bom, bom_name in _BOMS:
            if data.startswith(bom) and bom_name.startswith(info.name):
                skip, name = len(bom), bom_name
                break
    text = _strict(data, skip, name, path)
    return text[1:] if text.startswith("\ufeff") else text


def _strict(data: bytes, skip: int, name: str, path: str) -> str:
    try:
        return data[skip:].decode(name)
    except UnicodeDecodeError as err:
        raise InputError(path, f"cannot decode as {name}: {err.reason}", byte_offset=skip + err.start,
                         hint=ENCODING_HINT) from None


def _bomless_utf16(data: bytes) -> Optional[str]:
    """UTF-16 without a BOM, recognised by its ASCII characters: a NUL in every other byte."""
    if len(data) % 2 or len(data) < 4:
        return None
    even_nuls, odd_nuls = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd_nuls >= half * 0.3 and even_nuls == 0:
        name = "utf-16-le"
    elif even_nuls >= half * 0.3 and odd_nuls == 0:
        name = "utf-16-be"
    else:
        return None
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None
    return name
