"""One publisher, one outlet: outlet names settled across a corpus.

A publisher's regional editions (``in.``/``uk.`` subdomains, site names "PublisherIndia",
"Publisher_Co_Uk"), its blogs and its video site are one outlet: articles whose URLs share a
registered domain (public-suffix aware: ``in.publisher.com`` and ``blogs.publisher.com`` are
``publisher.com``; ``publisher.co.uk`` is another domain; ``someone.github.io`` is its own site)
are one outlet, named by the site name most of them give (ties: the first in sorted order), else by
the domain. An article without a URL joins the outlet whose name it gives, compared ignoring
case. An outlets file's names and aliases always win: an article whose given name the file knows
keeps the file's outlet, whatever its domain.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from functools import cache, lru_cache
from urllib.parse import urlsplit

from ..model import Article, Problem
from .outlets import OutletBook

_OTHER_SCHEME = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")  # mailto:, javascript: … (not host:port)
_SUFFIX = re.compile(r"\.(?:com|org|net|news|co|uk|us|in|au|ca|de|fr|info)(?:\.[a-z]{2})?$")


OUTLET_FROM = ("site", "folder")  # where an article's outlet comes from: its site (name, then domain), or its folder


def settle_outlets(
    articles: list[Article], book: OutletBook | None = None, *, outlet_from: str = "site"
) -> tuple[list[Article], list[Problem]]:
    """Give every article its publisher's outlet name (module docstring), and warn of look-alikes.

    Parameters
    ----------
    articles : list of Article
        With ``outlet`` as read (`outlet_of`): the site name given, else the URL's host, else the folder.
    book : OutletBook, optional
        The user's outlets file: its names and aliases win, and every name is finally given as the
        file spells it.
    outlet_from : {"site", "folder"}, default "site"
        ``folder``: the outlets are the corpus's folders, as read; domains are not used.

    Returns
    -------
    articles : list of Article
        The same articles in the same order, outlets renamed.
    problems : list of Problem
        One per outlet name that differs from a more common one only in punctuation, case, a leading
        "The" or a domain suffix ("The Daily-Planet", "dailyplanet.com" beside "Daily Planet"),
        naming the first article of the less common one.
    """

    def canonical(name: str) -> str:
        return book.canonical(name) if book else name

    fixed = [book.canonical(a.outlet) if book and book.knows(a.outlet) else None for a in articles]
    by_domain = outlet_from == "site"
    domains = [registered_domain(a.url) if by_domain else None for a in articles]
    given: dict[str, Counter[str]] = defaultdict(Counter)  # domain -> the site names its articles give
    for a, d, f in zip(articles, domains, fixed):
        if d is not None and (f or a.outlet != host(a.url)):
            given[d][f or a.outlet] += 1
    name_of = {d: min(c, key=lambda n: (-c[n], n)) for d, c in given.items()}
    by_name = {n.casefold(): n for n in sorted(name_of.values(), reverse=True)}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)  # outlets of articles without a domain
    for a, d, f in zip(articles, domains, fixed):
        if f is None and d is None and a.outlet.casefold() not in by_name:
            spellings[a.outlet.casefold()][a.outlet] += 1
    by_name.update({key: min(c, key=lambda n: (-c[n], n)) for key, c in spellings.items()})
    settled = []
    for a, d, f in zip(articles, domains, fixed):
        name = f or canonical(name_of.get(d, d) if d is not None else by_name[a.outlet.casefold()])
        settled.append(a if name == a.outlet else replace(a, outlet=name))
    return settled, look_alikes(settled)


def outlet_of(declared: str | None, url: str | None, folder: str | None, outlet_from: str = "site") -> str:
    """The outlet an article names: the site name ``declared``, else ``url``'s host, else the corpus
    ``folder``, else ``unknown``; with ``outlet_from="folder"``, the folder, else ``unknown``."""
    if outlet_from == "folder":
        return folder or "unknown"
    return declared or host(url) or folder or "unknown"


def host(url: str | None) -> str | None:
    """The URL's host without ``www.``, or None; a URL without a scheme is read as starting with its host."""
    if not url or ("//" not in url and _OTHER_SCHEME.match(url)):
        return None
    try:
        name = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # malformed, such as an unclosed IPv6 bracket
        return None
    return name.removeprefix("www.") if name else None


def look_alikes(articles: list[Article]) -> list[Problem]:
    """A problem per outlet name that looks like a more common one (see `settle_outlets`)."""
    counts = Counter(a.outlet for a in articles)
    first = {}
    for a in articles:
        first.setdefault(a.outlet, a.id)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in counts:
        groups[_plain(name)].append(name)
    problems = []
    for names in groups.values():
        ranked = sorted(names, key=lambda n: (-counts[n], n))
        problems += [
            Problem(
                first[other],
                f"outlet '{other}' looks like '{ranked[0]}' (they differ only in punctuation, case, 'The' or a"
                " domain suffix): if they are one outlet, give one as an alias of the other in an outlets file",
            )
            for other in ranked[1:]
        ]
    return problems


def _plain(name: str) -> str:
    """An outlet name compared loosely: lowercase, no domain suffix, letters and digits only, no leading "the"."""
    lowered = re.sub(r"^the[\W_]+", "", _SUFFIX.sub("", name.casefold().strip()))
    return re.sub(r"[\W_]+", "", lowered) or lowered


def registered_domain(url: str | None) -> str | None:
    """The registered domain of ``url`` ("in.publisher.com" -> "publisher.com"), or None.

    From the public suffix list snapshot that ships with tldextract (no network fetch); private
    suffixes count (``someone.github.io`` is its own site). None for no URL, an IP address or a
    host without a public suffix.
    """
    name = host(url)
    return None if name is None else _domain_of_host(name)


@lru_cache(maxsize=4096)
def _domain_of_host(name: str) -> str | None:
    """The registered domain of a host: a corpus has few hosts and many articles."""
    return _extractor()(name).top_domain_under_public_suffix or None


@cache
def _extractor():
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
