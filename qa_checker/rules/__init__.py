"""The table of rules.  Add a rule by importing its class here and listing it in ``ALL_RULES``."""
from __future__ import annotations

from .base import Rule, RuleInfo

ALL_RULES: tuple[type[Rule], ...] = (
)


def rule_classes() -> dict[str, type[Rule]]:
    """Rule classes by code, in code order."""
    return {cls.info.code: cls for cls in sorted(ALL_RULES, key=lambda c: c.info.code)}
