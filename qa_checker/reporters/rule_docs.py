"""Rule documentation (Markdown, written with each rule) as HTML for the report's rules section."""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the Markdown is escaped, not passed through ("html": False), and markdown-it refuses
# javascript:/vbscript:/data: link targets, so even a carelessly written rule doc cannot inject markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_FIRST_HEADING = 4  # the report gives each rule an h3, so its doc's own headings start at h4


@lru_cache(maxsize=None)
def rule_doc_html(markdown: str) -> Markup:
    tokens = _MARKDOWN.parse(markdown or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(6, max(_FIRST_HEADING, int(token.tag[1]) + _FIRST_HEADING - 2))
            token.tag = f"h{level}"
        if token.type == "link_open":
            token.attrSet("rel", "noopener noreferrer")
    return Markup(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}))
