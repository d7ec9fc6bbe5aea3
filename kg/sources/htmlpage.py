"""Read saved HTML article pages: metadata from the head, text from the article element."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree

from kg.errors import InputError
from kg.model import Document
from kg.sources.boilerplate import (
    is_comments_marker,
    is_dropped_line,
    is_teaser_heading,
    normalize_space,
)
from kg.sources.byline import byline_authors, dateline_date
from kg.sources.dates import day_first_for, parse_date
from kg.sources.jsonld import LinkedArticle, read_linked_article
from kg.sources.publisher import find_publisher, split_title
from kg.sources.teasers import TeaserList

# Comments and whitespace may follow the end tag; nothing else may.
_END_OF_PAGE = re.compile(r"</html\s*>(?:\s|<!--.*?-->)*\Z", re.I | re.S)
_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "dt")
_NOISE_TAGS = ("nav", "aside", "footer", "header", "form", "script", "style", "noscript",
               "template", "iframe", "figure", "button", "svg", "select", "dialog")
_NOISE_CLASS = re.compile(
    r"comment|share|social|related|newsletter|subscribe|advert|promo|sidebar|breadcrumb"
    r"|byline|author-bio|tags|teaser|latest",
    re.I,
)
_TEASER_BOX = re.compile(r"\b(?:related|teasers?|latest|comments?)\b", re.I)
_GENRE_OF_TYPE = {"AnalysisNewsArticle": "Analysis", "OpinionNewsArticle": "Opinion",
                  "ReviewNewsArticle": "Review", "ReportageNewsArticle": "Report"}


_DATELINE_PARTS = re.compile(r"\s*[·|•—–]\s*|\s+-\s+")


def read_html_page(path: Path, text: str, source: str) -> Document:
    """Turn a complete saved article page into a Document, refusing truncated pages."""
    _require_complete(path, text)
    root = _parse(path, text)
    article = read_linked_article(
        script.text_content() for script in root.xpath('//script[@type="application/ld+json"]'))
    title = _first_text(root, "//title")
    page_headlines = [article.headline, _meta(root, "og:title"), _first_text(root, "//h1")]
    if not any(page_headlines + [title]):
        raise InputError(path, "no headline: the page has no og:title, <h1> or <title>")

    container = _main_container(root)
    paragraphs = _body_paragraphs(container) or _paragraphs_by_trafilatura(text)
    title_parts = split_title(title) if title else None
    known = [h for h in page_headlines + [title, title_parts and title_parts.head] if h]
    paragraphs, dek_date = _without_furniture(paragraphs, known)
    if not paragraphs:
        raise InputError(path, "no article text found in the page")
    url = _url(root, article)
    publisher, lead = find_publisher(
        paragraphs[0], declared=article.publisher,
        site_name=_meta(root, "og:site_name", "application-name"), title=title,
        headlines=page_headlines, url=url)
    site = (publisher or "").casefold()
    candidates = [h for h in page_headlines + [_first_text(root, '//h2[contains(@class, "title")]'),
                                               title] if h and h.strip().casefold() != site]
    headline = next((_strip_site_suffix(h, publisher) for h in candidates), title or "")
    paragraphs[0] = lead.text
    teasers = TeaserList(publisher)
    for teaser_headline, abstract in _teaser_items(root):
        if teaser_headline.casefold() != headline.casefold():
            teasers.add(teaser_headline, abstract)
    return Document(
        source=source,
        headline=headline,
        body="\n\n".join(paragraphs),
        publisher=publisher,
        genre=lead.genre or _GENRE_OF_TYPE.get(article.type or ""),
        date=_date(root, container, article) or dek_date,
        url=url,
        language=_language(root, article),
        teasers=teasers.teasers(),
        authors=article.authors or _byline_authors(root, container),
        description=article.description or _meta(root, "description", "og:description") or
        _first_text(root, '//*[contains(@class, "standfirst") or contains(@class, "dek") or '
                          'contains(@class, "subtitle") or contains(@class, "summary")]'),
    )


def _without_furniture(paragraphs: list[str], headlines: list[str]
                       ) -> tuple[list[str], str | None]:
    """Drop the headline and dateline a page repeats above its text; keep the dateline's date.

    Where the article container is not found, the text starts with "Headline" and a line like
    "Interview · 2 April 2025"; the lead ("Publisher—Interview: …") must come first for the
    publisher and genre to be read.
    """
    date = None
    titles = {h.casefold().strip() for h in headlines}
    paragraphs = [part for paragraph in paragraphs
                  for part in re.split(r"\n\s*\n", paragraph) if part.strip()]
    while len(paragraphs) > 1:
        first = paragraphs[0].strip()
        parts = [p.strip() for p in _DATELINE_PARTS.split(first) if p.strip()]
        dates = [d for d in (parse_date(p) for p in parts) if d]
        if first.casefold() in titles:
            paragraphs = paragraphs[1:]
        elif dates and len(first.split()) <= 10:
            date = date or dates[0]
            paragraphs = paragraphs[1:]
        else:
            break
    return paragraphs, date


def _require_complete(path: Path, text: str) -> None:
    # libxml2's HTML5 tokenizer closes whatever is open at end of input without a word, so a
    # page cut short parses "fine" into half an article. Saved pages and server templates always
    # write </html>; a page that does not end with it is taken as truncated.
    if _END_OF_PAGE.search(text) is None:
        tail = normalize_space(text[-60:])
        raise InputError(path,
                         f"truncated HTML: the file ends before </html> (last text: {tail!r})")


def _parse(path: Path, text: str) -> etree._Element:
    # Parse UTF-8 bytes so an XHTML "<?xml … encoding=…?>" declaration is accepted.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(path, f"cannot parse HTML: {error}") from None


def _meta(root: etree._Element, *keys: str) -> str | None:
    for key in keys:
        for element in root.xpath("//meta[@property=$k or @name=$k or @itemprop=$k]", k=key):
            content = normalize_space(element.get("content") or "")
            if content:
                return content
    return None


def _first_text(root: etree._Element, xpath: str) -> str | None:
    return next((normalize_space(e.text_content()) for e in root.xpath(xpath)[:1]), None) or None


def _strip_site_suffix(title: str, site: str | None) -> str:
    """Drop " | Site name" (or " - Site name" when it names the site) from a page title."""
    parts = split_title(title)
    if parts and (parts.separator in ("|", "::") or
                  (site and parts.tail.casefold() == site.casefold())):
        return parts.head
    return title


# Where publishers declare a publication date, in meta tags: Open Graph, Dublin Core, Highwire
# (citation_*), Parse.ly and Sailthru; the first one given wins.
_DATE_METAS = ("article:published_time", "og:article:published_time", "og:published_time",
               "datePublished", "citation_publication_date", "citation_date", "dcterms.created",
               "dcterms.issued", "DC.date.issued", "dc.date", "DC.date", "date", "pubdate",
               "publish-date", "publication_date", "parsely-pub-date", "sailthru.date")
_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?:/|$)")


def _date(root: etree._Element, container: etree._Element | None,
          article: LinkedArticle) -> str | None:
    declared = [article.date, _meta(root, *_DATE_METAS[:4])]
    for candidate in declared:  # what the page declares for machines, before any visible line
        date = parse_date(candidate) if candidate else None
        if date:
            return date
    day_first = day_first_for(_language(root, article), normalize_space(root.text_content()))
    candidates: list[str | None] = []
    candidates += [t.get("datetime") for t in _own(root, container, "//time[@datetime]")]
    candidates.append(_meta(root, *_DATE_METAS[4:]))
    candidates += [e.get("content") or normalize_space(e.text_content()) for e in _own(
        root, container, '//*[@itemprop="datePublished"]')]
    candidates += [e.get("title") for e in _own(
        root, container, '//abbr[contains(@class, "published")]')]
    candidates += [normalize_space(e.text_content()) for e in _own(
        root, container,
        '//*[(contains(@class, "date") or contains(@class, "published")) and not('
        'contains(@class, "update") or contains(@class, "modified"))] | //time[not(@datetime)]')]
    # Short lines under the headline ("Interview | 4 March 2025") are datelines without a class
    near_headline = [normalize_space(e.text_content()) for e in _own(
        root, container, "//header//*[self::p or self::span or self::div] | "
                         "//h1/following-sibling::*[position() <= 3]")]
    for line in (_byline_lines(root, container)
                 + [t for t in near_headline if len(t.split()) <= 12]):
        date = dateline_date(line, day_first)
        if date:
            return date
    for candidate in candidates:
        date = parse_date(candidate, day_first) if candidate else None
        if date:
            return date
    for address in (_meta(root, "og:url"), *(link.get("href") for link in root.xpath(
            '//link[@rel="canonical"]'))):
        found = _URL_DATE.search(address or "")
        if found:
            return "-".join(found.groups())
    return None


def _own(root: etree._Element, container: etree._Element | None,
         xpath: str) -> list[etree._Element]:
    """Find elements of the article itself: those in its container first, never a teaser's.

    A sidebar's "By …" line, a related article's <time> or an author box in an <aside> belong
    to other articles.
    """
    found = root.xpath(xpath)
    within = [e for e in found if any(a is container for a in e.iterancestors())]
    return ([e for e in within if not _in_teaser(e, container)]
            + [e for e in found if e not in within and not _inside_noise(e)])


def _in_teaser(element: etree._Element, container: etree._Element | None) -> bool:
    """Tell whether an element of the article sits in a box about other articles."""
    for ancestor in element.iterancestors():
        if ancestor is container:
            return False
        if ancestor.tag in ("nav", "aside") or _TEASER_BOX.search(ancestor.get("class") or ""):
            return True
    return False


def _byline_lines(root: etree._Element, container: etree._Element | None) -> list[str]:
    """Return the text of the page's byline and dateline elements."""
    return [normalize_space(e.text_content()) for e in _own(
        root, container, '//*[contains(@class, "byline") or contains(@class, "dateline") or '
        'contains(@class, "author") or contains(@class, "meta")]')][:6]


def _byline_authors(root: etree._Element, container: etree._Element | None) -> list[str]:
    """Return the authors a byline names, or those linked with rel="author"."""
    for line in _byline_lines(root, container):
        names = byline_authors(line)
        if names:
            return names
    linked = [normalize_space(a.text_content())
              for a in _own(root, container, '//a[@rel="author"]')]
    return list(dict.fromkeys(n for n in linked if n))


def _url(root: etree._Element, article: LinkedArticle) -> str | None:
    candidates = [link.get("href") for link in root.xpath('//link[@rel="canonical"]')]
    candidates += [_meta(root, "og:url"), article.url]
    for candidate in candidates:
        if isinstance(candidate, str) and re.match(r"https?://\S+\Z", candidate.strip()):
            return candidate.strip()
    return None


def _language(root: etree._Element, article: LinkedArticle) -> str | None:
    language = (root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
                or article.language)
    if not language:
        locale = _meta(root, "og:locale")
        language = locale.replace("_", "-") if locale else None
    return (language.strip() or None) if language else None


def _main_container(root: etree._Element) -> etree._Element | None:
    """Pick the element holding the article: articleBody, else <article>, else <main>."""
    for xpath in ('//*[@itemprop="articleBody"]', "//article", "//main", '//*[@role="main"]'):
        candidates = [e for e in root.xpath(xpath) if not _inside_noise(e)]
        if candidates:
            return max(candidates, key=lambda e: len(normalize_space(e.text_content())))
    return None


def _inside_noise(element: etree._Element) -> bool:
    # Only unambiguous ancestors: a layout class such as "page-with-sidebar" must not hide the
    # article, but an <article> teaser inside an <aside> or a related-content box is not it.
    return any(a.tag in ("nav", "aside", "footer") or _TEASER_BOX.search(a.get("class") or "")
               for a in element.iterancestors())


def _body_paragraphs(container: etree._Element | None) -> list[str]:
    if container is None:
        return []
    container = copy.deepcopy(container)
    for element in list(container.iter()):
        noisy = element.tag in _NOISE_TAGS or _NOISE_CLASS.search(
            f"{element.get('class') or ''} {element.get('id') or ''}")
        if noisy and element is not container and element.getparent() is not None:
            element.drop_tree()
    paragraphs: list[str] = []
    for element in container.iter(*_BLOCKS):
        if any(True for _ in element.iterdescendants(*_BLOCKS)):
            continue  # its inner blocks are taken one by one
        line = normalize_space(element.text_content())
        if not line or is_dropped_line(line):
            continue
        if is_teaser_heading(line) or is_comments_marker(line):
            break
        paragraphs.append(line)
    return paragraphs


def _paragraphs_by_trafilatura(text: str) -> list[str]:
    """Fall back on trafilatura's main-text detection for pages without an article element."""
    extracted = trafilatura.extract(text, output_format="txt", include_comments=False,
                                    include_tables=False, favor_precision=True)
    lines = [normalize_space(line) for line in (extracted or "").split("\n")]
    return [line for line in lines if line and not is_dropped_line(line)]


def _teaser_items(root: etree._Element) -> Iterator[tuple[str, str]]:
    """Yield (headline, abstract) from lists headed "Latest content", "Related" and the like."""
    headings = root.xpath("//h2|//h3|//h4|//h5|//h6|//*[contains(@class, 'heading')]")
    for heading in headings:
        if not is_teaser_heading(normalize_space(heading.text_content())):
            continue
        box = heading.getparent()
        while box is not None and not box.xpath(".//li|.//article"):
            box = box.getparent()
        if box is None:
            continue
        for item in box.xpath(".//li|.//article"):
            if item.xpath(".//li|.//article"):
                continue
            titles = item.xpath(".//h2|.//h3|.//h4|.//h5|.//h6") or item.xpath(".//a")
            if not titles:
                continue
            headline = normalize_space(titles[0].text_content())
            abstract = " ".join(normalize_space(p.text_content()) for p in item.xpath(".//p")
                                if p is not titles[0])
            yield headline, abstract
