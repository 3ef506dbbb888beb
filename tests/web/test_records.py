"""Evidence marks in the article text: every quote, nested ones too."""

from crawler.web.records import Piece, highlight


def test_every_quote_is_marked_and_nested_quotes_keep_both_fields():
    text = "The forum opens on April 19 in Changping. The forum ends."
    pieces = highlight(text, [("status", "The forum opens on April 19"), ("start", "April 19"),
                              ("type", "forum"), ("place", "nowhere")])  # fmt: skip
    assert "".join(p.text for p in pieces) == text
    marked = [(p.text, p.fields) for p in pieces if p.fields]
    assert ("April 19", ("status", "start")) in marked
    assert ("forum", ("status", "type")) in marked
    assert ("forum", ("type",)) in marked  # the second occurrence too
    assert pieces[0] == Piece("The ", ("status",), (0,))
    assert [p.starts for p in pieces if p.starts] == [(0,), (2,), (1,)]


def test_no_evidence_is_one_plain_piece():
    assert highlight("text", [("type", "x")]) == [Piece("text")]
    assert highlight("", []) == []
