"""Images: which file an image is (its srcset read as the HTML standard reads it).

2022+ class-stripped records lazy-load their figures: ``src`` holds a ``data:`` GIF
and the real file is only in ``srcset`` or ``<source srcset>``, with glued tags,
sometimes inside a link to another article.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rfiparse
from rfiparse._html import parse_html
from rfiparse._images import Candidate, Pictures, largest, srcset_candidates
from rfiparse._repair import repair_glued_tags

GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
M = "https://s.rfi.fr/media/display/5c1e0b4a-ea40-11ec-9a3b-005056a97e36"


def _record(inner: str, *, main: str = "") -> rfiparse.Article:
    return rfiparse.parse(
        f"<div>12/06/2022 - 17:00</div>{main}<p><strong>导语。</strong></p>"
        f"<div><p>一。</p>{inner}<p>二。</p></div>"
    )


def _file(img: str) -> str | None:
    """``Pictures.file()`` of the (first) ``<img>`` of ``img``'s markup."""
    root = parse_html(repair_glued_tags(img))
    assert root is not None
    element = next(root.iter("img"))
    return Pictures("https://www.rfi.fr/cn/").file(element)


# -- srcset, as the HTML standard parses it ------------------------------------------


def test_width_descriptors_are_read() -> None:
    assert srcset_candidates("a.jpg 720w, b.jpg 1024w") == [
        Candidate("a.jpg", width=720),
        Candidate("b.jpg", width=1024),
    ]


def test_density_descriptors_are_read() -> None:
    assert srcset_candidates("a.jpg 1x,b.jpg 1.5x, c.jpg .5e1x") == [
        Candidate("a.jpg", density=1.0),
        Candidate("b.jpg", density=1.5),
        Candidate("c.jpg", density=5.0),
    ]


def test_a_candidate_without_descriptor_has_none() -> None:
    assert srcset_candidates("  a.jpg  ") == [Candidate("a.jpg")]


def test_candidates_without_blank_after_the_comma_are_separated() -> None:
    # RFI's own pages write "… 246w,https://…".
    value = f"{M}/w:246/p:16x9/a.webp 246w,{M}/w:388/p:16x9/a.webp 388w"
    assert srcset_candidates(value) == [
        Candidate(f"{M}/w:246/p:16x9/a.webp", width=246),
        Candidate(f"{M}/w:388/p:16x9/a.webp", width=388),
    ]


def test_a_comma_inside_a_url_is_part_of_it() -> None:
    assert srcset_candidates("https://s.rfi.fr/w:720/a,b.jpg 720w, c.jpg 1x") == [
        Candidate("https://s.rfi.fr/w:720/a,b.jpg", width=720),
        Candidate("c.jpg", density=1.0),
    ]


def test_commas_that_end_a_url_separate_candidates() -> None:
    assert srcset_candidates("a.jpg,,, b.jpg 2x,") == [
        Candidate("a.jpg"),
        Candidate("b.jpg", density=2.0),
    ]


def test_urls_without_blanks_between_them_are_one_url() -> None:
    # The standard reads a URL up to a blank: "a.jpg,b.jpg" is one URL.
    assert srcset_candidates("a.jpg,b.jpg 2x") == [Candidate("a.jpg,b.jpg", density=2.0)]


@pytest.mark.parametrize(
    "value",
    [
        "a.jpg 720",  # no unit
        "a.jpg 720q",  # unknown descriptor
        "a.jpg 0w",  # a width is positive
        "a.jpg -1x",  # a density is not negative
        "a.jpg 1.5w",  # a width is an integer
        "a.jpg 720w 1024w",  # two widths
        "a.jpg 720w 2x",  # a width and a density
        "a.jpg 2x 2x",  # two densities
        "a.jpg 480h",  # a height without a width
        "a.jpg 480h 2x",  # a height beside a density
        "a.jpg 1234567w",  # no image is a million pixels wide
        "a.jpg 720w (1, 2)",  # a parenthesised descriptor is no descriptor
        "a.jpg ２x",  # digits are ASCII digits
    ],
)
def test_a_candidate_with_junk_descriptors_is_dropped(value: str) -> None:
    assert srcset_candidates(value + ", b.jpg 2x") == [Candidate("b.jpg", density=2.0)]


def test_a_height_beside_a_width_is_allowed() -> None:
    assert srcset_candidates("a.jpg 720w 405h") == [Candidate("a.jpg", width=720)]


def test_a_comma_inside_parentheses_does_not_end_the_candidate() -> None:
    # The whole "(1, 2x)" belongs to the first candidate, which is junk: b.jpg is not
    # read as a candidate of its own, c.jpg is.
    assert srcset_candidates("a.jpg (1, b.jpg 2x), c.jpg 3x") == [Candidate("c.jpg", density=3.0)]


def test_an_unclosed_parenthesis_runs_to_the_end() -> None:
    assert srcset_candidates("a.jpg 2x, b.jpg (1, c.jpg 3x") == [Candidate("a.jpg", density=2.0)]


@pytest.mark.parametrize("value", ["", " ", ",", " , ,, ", "\t\n\f\r"])
def test_an_empty_srcset_has_no_candidate(value: str) -> None:
    assert srcset_candidates(value) == []


@given(st.text(alphabet=" ,()\t\nawx0123456789.-h/:é", max_size=60))
def test_every_candidate_url_is_a_run_of_the_value_without_blanks(value: str) -> None:
    for candidate in srcset_candidates(value):
        assert candidate.url
        assert candidate.url in value
        assert not any(c in candidate.url for c in " \t\n\f\r")
        assert not candidate.url.endswith(",")
        assert candidate.width is None or candidate.density is None


# The standard's algorithm, written out state by state: what srcset_candidates() must agree with.
_ASCII_BLANKS = " \t\n\f\r"
_VALID_INTEGER = re.compile(r"[0-9]+")
_VALID_FLOAT = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _tokenize(value: str, pos: int) -> tuple[list[str], int]:
    """The descriptor tokenizer of "parse a srcset attribute", from ``pos``."""
    while pos < len(value) and value[pos] in _ASCII_BLANKS:
        pos += 1
    descriptors: list[str] = []
    current, state = "", "in descriptor"
    while True:
        c = value[pos] if pos < len(value) else None
        if state == "in descriptor":
            if c is not None and c in _ASCII_BLANKS:
                if current:
                    descriptors.append(current)
                current, state = "", "after descriptor"
            elif c == ",":
                if current:
                    descriptors.append(current)
                return descriptors, pos + 1
            elif c == "(":
                current, state = current + c, "in parens"
            elif c is None:
                if current:
                    descriptors.append(current)
                return descriptors, pos
            else:
                current += c
        elif state == "in parens":
            if c is None:
                descriptors.append(current)
                return descriptors, pos
            current += c
            if c == ")":
                state = "in descriptor"
        elif c is None:  # after descriptor
            return descriptors, pos
        elif c not in _ASCII_BLANKS:
            state, pos = "in descriptor", pos - 1
        pos += 1


def _parse_descriptors(descriptors: list[str]) -> tuple[int | None, float | None] | None:
    """The descriptor parser of "parse a srcset attribute"; ``None`` is its error."""
    width: int | None = None
    density: float | None = None
    height: int | None = None
    for descriptor in descriptors:
        value, last = descriptor[:-1], descriptor[-1]
        if last == "w" and _VALID_INTEGER.fullmatch(value):
            # Unlike the standard, more than six digits is no image's width: junk.
            if width is not None or density is not None or int(value) == 0:
                return None
            if len(value.lstrip("0")) > 6:
                return None
            width = int(value)
        elif last == "x" and _VALID_FLOAT.fullmatch(value):
            if width is not None or density is not None or height is not None:
                return None
            if float(value) < 0:
                return None
            density = float(value)
        elif last == "h" and _VALID_INTEGER.fullmatch(value):
            if height is not None or density is not None or int(value) == 0:
                return None
            height = int(value)
        else:
            return None
    if height is not None and width is None:
        return None
    return width, density


def _reference(value: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    pos = 0
    while True:
        while pos < len(value) and (value[pos] in _ASCII_BLANKS or value[pos] == ","):
            pos += 1
        if pos >= len(value):
            return candidates
        start = pos
        while pos < len(value) and value[pos] not in _ASCII_BLANKS:
            pos += 1
        url, descriptors = value[start:pos], list[str]()
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            descriptors, pos = _tokenize(value, pos)
        parsed = _parse_descriptors(descriptors)
        if parsed is not None:
            candidates.append(Candidate(url, *parsed))


@given(st.text(alphabet=" ,()\t\n\f\rawxhe0123456789.-+/:é\u00a0", max_size=80))
def test_srcset_is_read_as_the_standard_reads_it(value: str) -> None:
    assert srcset_candidates(value) == _reference(value)


@pytest.mark.parametrize(
    "value",
    [
        "a.jpg 1024w, b.jpg 720w",
        "a.jpg 1x,b.jpg 2x",
        "a.jpg (1, 2) 2x, b.jpg 3x",
        "a.jpg 2x ( , c.jpg 3x",
        "a.jpg 720w 405h, b.jpg 1e1x, c.jpg -0x",
        "a.jpg,b.jpg 2x,, c.jpg",
        "a.jpg 1234567w, b.jpg 0001024w",
    ],
)
def test_srcset_examples_are_read_as_the_standard_reads_them(value: str) -> None:
    assert srcset_candidates(value) == _reference(value)


# -- the largest candidate -----------------------------------------------------------


def test_the_widest_candidate_is_the_largest_wherever_it_stands() -> None:
    assert largest([Candidate("a", width=1024), Candidate("b", width=388)]) == "a"
    assert largest([Candidate("a", width=388), Candidate("b", width=1024)]) == "b"


def test_widths_win_over_densities() -> None:
    assert largest([Candidate("a", density=3.0), Candidate("b", width=246)]) == "b"


def test_without_widths_the_densest_is_the_largest_and_no_descriptor_is_1x() -> None:
    assert largest([Candidate("a", density=0.5), Candidate("b")]) == "b"
    assert largest([Candidate("a"), Candidate("b", density=2.0)]) == "b"


def test_on_a_tie_the_first_is_the_largest() -> None:
    assert largest([Candidate("a", width=720), Candidate("b", width=720)]) == "a"
    assert largest([Candidate("a"), Candidate("b", density=1.0)]) == "a"


def test_no_candidate_has_no_largest() -> None:
    assert largest([]) is None


# -- the file of an <img> ------------------------------------------------------------


def test_a_real_src_without_srcset_is_the_file() -> None:
    assert _file(f'<img src="{M}/w:720/a.jpg">') == f"{M}/w:720/a.jpg"


def test_a_real_src_is_the_file_beside_a_srcset() -> None:
    # The rendition the page itself names (rfi.fr's src is its largest <img srcset> file).
    img = f'<img src="{M}/w:720/a.jpg" srcset="{M}/w:1024/a.jpg 1024w, {M}/w:720/a.jpg 720w">'
    assert _file(img) == f"{M}/w:720/a.jpg"


def test_without_a_real_src_the_widest_srcset_file_is_the_file() -> None:
    img = f'<img src="{GIF}" srcset="{M}/w:1024/a.jpg 1024w, {M}/w:1280/a.jpg 1280w">'
    assert _file(img) == f"{M}/w:1280/a.jpg"
    assert _file(f'<img srcset="{M}/w:1024/a.jpg 1024w, {M}/w:720/a.jpg 720w">') == (
        f"{M}/w:1024/a.jpg"
    )


def test_without_a_real_src_the_densest_srcset_file_is_the_file() -> None:
    assert _file(f'<img src="{GIF}" srcset="{M}/a.jpg, {M}/b.jpg 2x">') == f"{M}/b.jpg"


def test_a_data_placeholder_is_never_the_file() -> None:
    assert _file(f'<img src="{GIF}" srcset="{GIF} 2048w, {M}/w:720/a.jpg 720w">') == (
        f"{M}/w:720/a.jpg"
    )
    assert _file(f'<img src="{GIF}" srcset="{GIF} 2x">') is None
    assert _file(f'<img src="{GIF}">') is None


def test_sources_give_the_file_only_where_the_img_names_none() -> None:
    picture = (
        f'<picture><source type="image/jpeg" srcset="{M}/w:1024/b.jpg 1024w">'
        f'<img src="{M}/w:720/a.jpg"></picture>'
    )
    assert _file(picture) == f"{M}/w:720/a.jpg"


def test_a_jpeg_source_is_preferred_over_a_webp_one() -> None:
    picture = (
        f'<picture><source type="image/webp" srcset="{M}/w:1024/a.webp 1024w">'
        f'<source type="image/jpeg" srcset="{M}/w:720/a.jpg 720w,{M}/w:1024/a.jpg 1024w">'
        f'<img src="{GIF}"></picture>'
    )
    assert _file(picture) == f"{M}/w:1024/a.jpg"


def test_an_untyped_source_counts_as_jpeg() -> None:
    picture = (
        f'<picture><source type="image/webp" srcset="{M}/a.webp">'
        f'<source srcset="{M}/a.jpg"><img src="{GIF}"></picture>'
    )
    assert _file(picture) == f"{M}/a.jpg"


def test_a_webp_source_is_the_file_where_it_is_the_only_one() -> None:
    picture = (
        f'<picture><source type="image/webp" srcset="{M}/w:720/a.webp 720w, '
        f'{M}/w:1024/a.webp 1024w"><img src="{GIF}"></picture>'
    )
    assert _file(picture) == f"{M}/w:1024/a.webp"


def test_a_source_of_placeholders_only_is_passed_over() -> None:
    picture = (
        f'<picture><source srcset="{GIF}"><source type="image/webp" srcset="{M}/a.webp">'
        f'<img src="{GIF}"></picture>'
    )
    assert _file(picture) == f"{M}/a.webp"


# -- figures of the body -------------------------------------------------------------

_CAPTION = "<figcaption><span>说明文字</span><span>© 某人 / RFI</span></figcaption>"
_LAZY_FIGURE = (
    f'<figure><picture><img src="{GIF}" alt="替代文字" '
    f'srcset="{M}/w:1024/p:16x9/a.jpg 1024w, {M}/w:720/p:16x9/a.jpg 720w"/></picture>'
    f"{_CAPTION}</figure>"
)


def test_a_lazy_figure_gives_its_largest_file_alt_caption_and_credit() -> None:
    (image,) = _record(_LAZY_FIGURE).body_images
    assert image.url == f"{M}/w:1024/p:16x9/a.jpg"
    assert (image.alt, image.caption, image.credit) == ("替代文字", "说明文字", "© 某人 / RFI")
    assert [r.width for r in image.renditions] == [1024, 720]


def test_a_lazy_figure_is_no_paragraph() -> None:
    article = _record(_LAZY_FIGURE)
    assert [p.text for p in article.paragraphs] == ["一。", "二。"]


def test_a_lazy_figure_with_glued_tags_gives_its_file() -> None:
    figure = (
        f'<figure><picture><sourcetype="image/webp"srcset="{M}/w:1024/p:16x9/a.webp"sizes=""/>'
        f'<imgsrc="{GIF}"alt="替代文字"srcset="{M}/w:1024/p:16x9/a.jpg 1024w"sizes="100vw"/>'
        f"</picture>{_CAPTION}</figure>"
    )
    (image,) = _record(figure).body_images
    assert image.url == f"{M}/w:1024/p:16x9/a.jpg"
    assert [(r.url.rsplit(".", 1)[1], r.type) for r in image.renditions] == [
        ("webp", "image/webp"),
        ("jpg", None),
    ]


@pytest.mark.parametrize("attribute", ["sizes", "media", "decoding", "fetchpriority"])
def test_a_glued_img_or_source_attribute_is_split_from_the_tag_name(attribute: str) -> None:
    assert repair_glued_tags(f'<img{attribute}="x"><source{attribute}="x">') == (
        f'<img {attribute}="x"><source {attribute}="x">'
    )


def test_a_source_glued_to_its_media_keeps_its_picture_together() -> None:
    figure = (
        f'<figure><picture><sourcemedia="(min-width: 1024px)"srcset="{M}/w:1024/a.jpg 1024w">'
        f'<img src="{GIF}" alt="替代文字"></picture>{_CAPTION}</figure>'
    )
    (image,) = _record(figure).body_images
    assert image.url == f"{M}/w:1024/a.jpg"


def test_a_figure_wrapped_in_a_link_still_counts() -> None:
    article = _record(f'<a href="https://www.rfi.fr/fr/afrique/20220612-x">{_LAZY_FIGURE}</a>')
    (image,) = article.body_images
    assert image.url == f"{M}/w:1024/p:16x9/a.jpg"
    assert [p.text for p in article.paragraphs] == ["一。", "二。"]


def test_a_linked_figure_lends_no_link_to_the_text_around_it() -> None:
    link = f'<a href="https://www.rfi.fr/fr/afrique/20220612-x">{_LAZY_FIGURE}</a>'
    article = _record(f"前文{link}后文")
    texts = [(p.text, p.links) for p in article.paragraphs]
    assert texts == [("一。", ()), ("前文后文", ()), ("二。", ())]
    assert len(article.body_images) == 1


def test_a_link_keeps_its_own_text_beside_a_figure_inside_it() -> None:
    link = f'<a href="https://www.rfi.fr/cn/x">阅读全文{_LAZY_FIGURE}</a>'
    (paragraph,) = [p for p in _record(f"<p>见{link}。</p>").paragraphs if p.links]
    assert paragraph.text == "见阅读全文。"
    assert [(link.text, link.url) for link in paragraph.links] == [
        ("阅读全文", "https://www.rfi.fr/cn/x")
    ]


def test_a_noscript_fallback_agrees_with_the_srcset() -> None:
    figure = _LAZY_FIGURE.replace(
        "</picture>", f'</picture><noscript><img src="{M}/w:1024/p:16x9/a.jpg"></noscript>'
    )
    assert [i.url for i in _record(figure).body_images] == [f"{M}/w:1024/p:16x9/a.jpg"]


def test_a_noscript_fallback_gives_the_file_of_an_img_with_none() -> None:
    figure = (
        f'<figure><img src="{GIF}" alt="替代文字"><noscript><img src="{GIF}" '
        f'srcset="{M}/w:720/a.jpg 720w, {M}/w:1024/a.jpg 1024w"></noscript>{_CAPTION}</figure>'
    )
    (image,) = _record(figure).body_images
    assert (image.url, image.alt) == (f"{M}/w:1024/a.jpg", "替代文字")


def test_a_figure_of_placeholders_only_gives_no_image_and_no_paragraph() -> None:
    figure = f'<figure><picture><img src="{GIF}" srcset="{GIF} 1x"></picture>{_CAPTION}</figure>'
    article = _record(figure)
    assert article.body_images == ()
    assert [p.text for p in article.paragraphs] == ["一。", "二。"]


def test_a_lazy_main_image_gives_its_largest_file() -> None:
    main = f'<img src="{GIF}" alt="主图" srcset="{M}/w:720/m.jpg 720w, {M}/w:1280/m.jpg 1280w">'
    image = _record("", main=main).image
    assert image is not None
    assert (image.url, image.alt) == (f"{M}/w:1280/m.jpg", "主图")


def test_a_main_image_of_a_placeholder_only_is_none() -> None:
    assert _record("", main=f'<img src="{GIF}" alt="主图">').image is None


def test_a_lazy_main_image_in_a_picture_gives_its_file() -> None:
    main = (
        f'<picture><sourcetype="image/webp"srcset="{M}/w:1280/m.webp 1280w"/>'
        f'<img src="{GIF}" alt="主图" srcset="{M}/w:1280/m.jpg 1280w"></picture>'
    )
    image = _record("", main=main).image
    assert image is not None
    assert (image.url, image.alt) == (f"{M}/w:1280/m.jpg", "主图")


def test_a_main_figure_before_the_lead_gives_its_caption_and_no_paragraph() -> None:
    main = f'<figure><img src="{GIF}" srcset="{M}/w:1280/m.jpg 1280w">{_CAPTION}</figure>'
    article = _record("", main=main)
    assert article.image is not None
    assert (article.image.url, article.image.caption) == (f"{M}/w:1280/m.jpg", "说明文字")
    assert article.body_images == ()
    assert [p.text for p in article.paragraphs] == ["一。", "二。"]


def test_a_figure_opening_a_fragment_of_bare_paragraphs_stays_in_the_body() -> None:
    article = rfiparse.parse(f'<figure><img src="{M}/a.jpg"></figure><p>一。</p><p>二。</p>')
    assert article.image is None
    assert [i.url for i in article.body_images] == [f"{M}/a.jpg"]


def test_a_wrapped_fragment_with_a_lazy_main_picture_keeps_its_image_and_lead() -> None:
    picture = f'<picture><img src="{GIF}" srcset="{M}/w:1280/m.jpg 1280w"></picture>'
    article = rfiparse.parse(
        f"<div>{picture}<p><strong>导语。</strong></p><div><p>一。</p></div></div>"
    )
    assert article.image is not None
    assert (article.image.url, article.lead) == (f"{M}/w:1280/m.jpg", "导语。")
    assert [p.text for p in article.paragraphs] == ["一。"]
