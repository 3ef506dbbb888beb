"""The one normaliser (crawler/text/normal.py): what every matcher reads."""

from __future__ import annotations

import importlib
import pkgutil

from hypothesis import given
from hypothesis import strategies as st

import crawler.analysis.vocabulary as vocabularies
from crawler.identity.aliases import ALIAS_GROUPS, GLOSSARY, alias_groups
from crawler.text.normal import CJK_RE, Document, fold, is_cjk, normalise, prepare


def test_widths_scripts_and_spaces():
    assert normalise("２０２４年４月１９日：ＡＢＣ") == "2024年4月19日:ABC"
    assert normalise("醫療器材暨智慧醫院展") == "医疗器材暨智慧医院展"
    assert normalise("a\u00a0b\u3000c\u200bd") == "a b c d"
    # Chinese clause punctuation stays full-width; multi-character NFKC forms stay as written.
    assert normalise("会议，开幕。（一）") == "会议，开幕。（一）"
    assert normalise("…") == "…"


@given(st.text())
def test_normal_form_keeps_every_offset_and_is_idempotent(text):
    normal = normalise(text)
    assert len(normal) == len(text)
    assert normalise(normal) == normal


def test_a_document_quotes_the_page_for_a_span_found_in_the_normal_form():
    doc = prepare("論壇於臺北舉行")
    start = doc.text.index("台北")
    assert doc.quote(start, start + 2) == "臺北"
    assert isinstance(doc, Document)


def test_one_definition_of_cjk():
    assert is_cjk("中") and is_cjk("㐀") and is_cjk("豈") and not is_cjk("a")
    assert CJK_RE.findall("ab中文cd") == ["中", "文"]
    assert fold("Beijing E-Town，北京！") == "beijingetown北京"


def _vocabulary_entries():
    for module in pkgutil.iter_modules(vocabularies.__path__):
        loaded = importlib.import_module(f"{vocabularies.__name__}.{module.name}")
        for name, value in vars(loaded).items():
            if name.isupper() and isinstance(value, tuple | frozenset | list):
                for entry in value:
                    if isinstance(entry, str):
                        yield f"{module.name}.{name}", entry


def test_vocabulary_entries_are_stored_in_normal_form():
    """Matchers read the normal form: an entry in another form never matches
    (and a Traditional copy of a Simplified entry is dead weight)."""
    wrong = [(where, entry) for where, entry in _vocabulary_entries() if normalise(entry) != entry]
    assert wrong == []


def test_alias_and_glossary_entries_are_in_normal_form():
    for group in ALIAS_GROUPS:
        assert all(normalise(name) == name for name in group)
    assert all(normalise(zh) == zh for _, zh in GLOSSARY)


def test_acronyms_match_in_capitals_only():
    assert alias_groups("Forum held at BDA") == alias_groups("北京经开区论坛")
    assert not alias_groups("the bda said")  # a lower-case word is no acronym
    assert alias_groups("Beijing E-town") == alias_groups("亦庄")
