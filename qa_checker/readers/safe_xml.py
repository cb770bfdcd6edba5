"""Streaming, defused XML parsing with positions, for the XLIFF and TMX readers.

Security: the expat parser comes from ``defusedxml``, which refuses every entity declaration
(internal ones make "billion laughs", external ones make XXE) and every external reference.  A
DOCTYPE that merely names a DTD (``<!DOCTYPE tmx SYSTEM "tmx14.dtd">`` heads most TMX files) is
accepted, but the DTD is never read, so an entity that only it could define is an undefined entity:
an error, never an expansion and never a network request.

Positions: ElementTree drops line numbers, so the readers receive expat's events directly, with the
parser at hand to ask for ``CurrentLineNumber``/``CurrentColumnNumber`` (expat counts columns in
code points).  Character data is delivered unbuffered, so the position asked for in a data event is
that of its first character.

Decoding happens here, not in expat: the bytes are decoded incrementally in Python (BOM, then the
XML declaration, then UTF-8; GB2312/GBK read as GB18030) and expat is fed UTF-8 text.  Expat alone
cannot read the multi-byte Chinese encodings, and this way a decoding error names its byte offset.
"""
from __future__ import annotations

import codecs
import re
from typing import Any, Optional, Protocol
from xml.parsers.expat import ExpatError

from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from ..errors import InputError

XML_NS = "http://www.w3.org/XML/1998/namespace"
CHUNK_BYTES = 1 << 16
ENCODING_HINT = "use --encoding"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB2312 and GBK files routinely contain characters of the later standards; GB18030 reads them all.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "x-gbk": "gb18030",
              "euc-cn": "gb18030", "euccn": "gb18030", "ms936": "gb18030"}
_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._:-]*)["']""")


class CapturingHandler:
    """Base of the XLIFF and TMX handlers: a segment being captured learns its file position from
    the first parser event inside it."""

    parser: Any
    capture: Any

    def positioned_capture(self):
        capture = self.capture
        if capture is not None and not capture.line:
            capture.at(self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1)
        return capture


class XmlHandler(Protocol):
    """What a reader implements; ``parser`` is set to the expat parser before the first event.

    ``data`` is called only while the handler has set ``parser.CharacterDataHandler = self.data``.
    """

    parser: object

    def start(self, name: str, attrs: dict[str, str]) -> None: ...

    def end(self, name: str) -> None: ...

    def data(self, text: str) -> None: ...


def local_name(name: str) -> str:
    """``"urn:oasis:...:2.0}unit"`` → ``"unit"`` (expat joins namespace and name with ``}``)."""
    return name[name.rfind("}") + 1:]


def xml_lang(attrs: dict[str, str]) -> str:
    """``xml:lang`` (or the bare ``lang`` of TMX 1.1)."""
    return attrs.get(XML_NS + "}lang") or attrs.get("lang") or ""


def codec_for(name: str, path: str) -> str:
    """A Python codec for an encoding name, or InputError naming it."""
    key = name.strip().lower()
    key = _SUPERSETS.get(key, key)
    try:
        codec = codecs.lookup(key).name
    except LookupError:
        raise InputError(path, f"unknown encoding {name!r}", hint=ENCODING_HINT) from None
    return "utf-8-sig" if codec == "utf-8" else codec  # a stray BOM is not text


def sniff_encoding(head: bytes, path: str) -> str:
    """The codec of an XML file from its first bytes (XML 1.0 appendix F, minus the exotic cases)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    if head.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    declared = _DECLARED.match(head)
    return codec_for(declared.group(1).decode("ascii"), path) if declared else "utf-8-sig"


def stream(path: str, handler: XmlHandler, *, encoding: Optional[str] = None) -> None:
    """Parse ``path`` securely, calling ``handler`` for every element and piece of text."""
    xml = DefusedXMLParser(target=_NoTree(), encoding="utf-8", forbid_dtd=False,
                           forbid_entities=True, forbid_external=True)
    expat = xml.parser
    expat.buffer_text = False  # one data event per piece, so its position is the piece's own
    expat.ordered_attributes = False
    expat.StartElementHandler = handler.start
    expat.EndElementHandler = handler.end
    # Character data is delivered only while the handler asks for it (inside a segment or note):
    # most of a file's text events are indentation, and each would cost a Python call.
    expat.CharacterDataHandler = None
    expat.DefaultHandlerExpand = lambda text: _undefined_entity(path, text, expat)
    handler.parser = expat
    try:
        with open(path, "rb") as stream_in:
            head = stream_in.read(CHUNK_BYTES)
            codec = codec_for(encoding, path) if encoding else sniff_encoding(head, path)
            decoder = codecs.getincrementaldecoder(codec)(errors="strict")
            consumed, lines, chunk = 0, 0, head
            while True:
                final = not chunk
                text = _decode(decoder, chunk, final, consumed, lines, path, codec)
                if text:
                    expat.Parse(text, False)
                    lines += text.count("\n")
                consumed += len(chunk)
                if final:
                    break
                chunk = stream_in.read(CHUNK_BYTES)
            expat.Parse("", True)
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from None
    except ParseError as err:  # not raised by expat itself, but ElementTree code may
        line, column = getattr(err, "position", (None, None))
        raise InputError(path, f"malformed XML: {_bare(str(err))}", line=line,
                         column=None if column is None else column + 1) from None
    except ExpatError as err:
        raise InputError(path, f"malformed XML: {_bare(str(err))}", line=err.lineno,
                         column=err.offset + 1) from None
    except EntitiesForbidden as err:
        raise InputError(path, f"XML entities are not allowed (entity {err.name!r} is declared)",
                         line=expat.CurrentLineNumber, column=expat.CurrentColumnNumber + 1,
                         hint="entity declarations can expand without bound or read other files") from None
    except ExternalReferenceForbidden as err:
        raise InputError(path, f"XML external references are not allowed ({err.sysid or err.pubid})",
                         line=expat.CurrentLineNumber, column=expat.CurrentColumnNumber + 1) from None
    except DefusedXmlException as err:
        raise InputError(path, f"forbidden XML construct: {err}", line=expat.CurrentLineNumber) from None


def _decode(decoder, chunk: bytes, final: bool, consumed: int, lines: int, path: str, codec: str) -> str:
    pending = _pending_bytes(decoder)
    try:
        return decoder.decode(chunk, final)
    except UnicodeDecodeError as err:
        # err.start counts from the bytes the decoder held back from the previous chunk.
        offset = consumed - pending + err.start
        before = chunk[:max(0, err.start - pending)]
        raise InputError(path, f"cannot decode as {_shown(codec)}: {err.reason}", byte_offset=offset,
                         line=lines + before.count(b"\n") + 1, hint=ENCODING_HINT) from None
    except UnicodeError as err:  # "utf-16" declared, but no byte order mark to read it by
        raise InputError(path, f"cannot decode as {_shown(codec)}: {err}", byte_offset=consumed,
                         hint=ENCODING_HINT) from None


def _shown(codec: str) -> str:
    return codec[:-4] if codec.endswith("-sig") else codec


def _pending_bytes(decoder) -> int:
    try:
        state = decoder.getstate()[0]
    except (AttributeError, TypeError, ValueError):
        return 0
    return len(state) if isinstance(state, bytes) else 0


def _undefined_entity(path: str, text: str, expat) -> None:
    """Expat hands references it cannot resolve (possible only when a DOCTYPE is present) here."""
    if text.startswith("&"):
        raise InputError(path, f"undefined XML entity {text}", line=expat.CurrentLineNumber,
                         column=expat.CurrentColumnNumber + 1,
                         hint="DTDs are never read, so only the five predefined entities and "
                              "character references can be used")


def _bare(message: str) -> str:
    """Expat's message without its own ": line 3, column 7" (InputError prints the position)."""
    return re.sub(r":? line \d+, column \d+$", "", message)


class _NoTree:
    """A target that builds nothing: the handler's callbacks replace its methods on the parser."""

    def close(self) -> None:
        return None

