"""Numbers in Chinese and English text, parsed to values so that renderings can be compared.

``zh_numbers.find_numbers("9亿")`` and ``en_numbers.find_numbers("900 million")`` give the same
value; :func:`compare.compare` lists what a translation lost or added.
"""
from .compare import Comparison, Located, compare
from .values import Num, agree, format_grouped, to_english

__all__ = ["Comparison", "Located", "Num", "agree", "compare", "format_grouped", "to_english"]
