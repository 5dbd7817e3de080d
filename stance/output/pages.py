"""Static HTML pages from Jinja2 templates: a page per story (`story_page`), and the pages across the
corpus (`corpus_pages`: the index, the outlets, the glossary and the stylesheet).

Templates come from the user's ``--templates`` folder first (read once, `read_templates`, so that a
page laid out on another machine needs no access to it), then the built-in ones; a user template
can extend a built-in one as ``default:<name>``. Autoescaping is on and article text
only ever reaches a page through `highlight`, which escapes every slice.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..comparison import CorpusComparison, StoryComparison
from ..comparison.copies import copy_record
from ..comparison.coverage import MIN_SHARED
from ..comparison.coverage import SIMILARITY as FACT_SIMILARITY
from ..comparison.headlines import SIMILARITY as HEADLINE_SIMILARITY
from ..comparison.profiles import focused
from ..comparison.uncertainty import MIN_STORIES, Difference, OutletFigure
from ..comparison.wordchoice import Z_MIN, Z_SHOWN
from ..features import ACTOR_TONE_AGREEMENT, AGREEMENT, COLUMNS, DEFINITIONS
from ..model import Story
from ..tasks import Mapper, Progress, quiet, serial_map
from .filters import HIGHLIGHTS, MAX_DOTS, bar_width, chart_circles, chart_x, figure, highlight, web_link
from .links import Anchors, outlet_slugs

Templates = tuple[tuple[str, str], ...]  # a user's templates: (name, source), sorted by name
# Stories listed on one index page: the index of a large corpus is several pages, none of which
# lists every story (a 200,000-story list is a page of 160 MB that browsers struggle to open).
STORIES_PER_PAGE = 1_000


def builtin_templates() -> Path:
    """The installed templates (inside the package), or the source checkout's ``templates/``."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def read_templates(folder: str | Path | None) -> Templates:
    """The user's templates: every file under ``folder`` (none without one) but hidden ones (such as
    ``.DS_Store``), named by its path from there with ``/`` between folders, as Jinja2 names them.

    Raises
    ------
    jinja2.TemplateError
        If a file cannot be read or is not UTF-8 text, naming it.
    """
    if folder is None:
        return ()
    root, found = Path(folder), []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in name.split("/")):
            continue
        try:
            found.append((name, path.read_text("utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            why = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
            raise jinja2.TemplateError(f"{path}: {why}; the templates folder holds only templates") from None
    return tuple(found)


@lru_cache(maxsize=8)  # one per set of templates and process: templates compile once per run
def environment(templates: Templates = ()) -> jinja2.Environment:
    """The Jinja2 environment for a user's templates, built once per set of them and process.

    Parameters
    ----------
    templates : Templates, optional
        Templates tried before the built-in ones, which stay reachable as ``default:<name>``
        (`read_templates`).

    Returns
    -------
    jinja2.Environment
        Autoescaping, strict about undefined names, with the page filters and globals; sandboxed
        (`jinja2.sandbox.SandboxedEnvironment`) when given templates of the user's.
    """
    builtin = jinja2.FileSystemLoader(builtin_templates())
    loaders: list[jinja2.BaseLoader] = [jinja2.DictLoader(dict(templates))] if templates else []
    loader = jinja2.ChoiceLoader([*loaders, builtin, jinja2.PrefixLoader({"default": builtin}, delimiter=":")])
    # A user's templates are sandboxed, and the built-in templates they include with them: no template
    # of theirs reaches Python's internals ("{{ cycler.__init__.__globals__.os }}"), so it runs no
    # code. The built-in templates alone are part of the code; the sandbox's check of every
    # attribute read was a third of the time spent rendering them.
    kind = SandboxedEnvironment if templates else jinja2.Environment
    env = kind(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["highlight"] = highlight
    env.filters["bar"] = bar_width
    env.filters["web_link"] = web_link
    env.filters["chart_x"] = chart_x
    env.filters["circles"] = chart_circles
    env.filters["figure"] = figure
    # `anchors|href(article_id, offset)`: a filter, as a method call from a template costs several times more
    env.filters["href"] = Anchors.href
    env.globals.update(
        columns=COLUMNS,
        definitions=DEFINITIONS,
        agreement=AGREEMENT,
        actor_tone_agreement=ACTOR_TONE_AGREEMENT,
        highlights=HIGHLIGHTS,
        thresholds={
            "fact": FACT_SIMILARITY,
            "shared": MIN_SHARED,
            "headline": HEADLINE_SIMILARITY,
            "min_stories": MIN_STORIES,
            "z_min": Z_MIN,
            "z_shown": Z_SHOWN,
            "max_dots": MAX_DOTS,
        },
    )
    return env


@dataclass(frozen=True)
class Site:
    """What the pages of one run share, worked out once.

    A worker process gets it once, when it starts (for free where processes fork), and renders
    pages from it.

    Attributes
    ----------
    comparison : CorpusComparison
        What the pages show.
    templates : Templates
        The user's templates (`read_templates`).
    slugs : dict of str to str
        Outlet -> page name.
    anchors : dict of str to Anchors
        Story id -> its sentence ids, for the stories the outlet pages link into.
    home : dict of str to str
        Article id -> its story's id, for the articles of the stories in ``anchors``.
    figures : dict of (str, str) to OutletFigure
        (outlet, feature) -> its mean, n and interval (`stance.comparison.uncertainty`).
    differences : dict of str to list of Difference
        Outlet -> its matched-story differences with each other outlet.
    articles : int
        Articles in all stories (the index's header, on each of its pages).
    ranked : list of int
        The stories' positions in the order the index lists them: stories several outlets covered
        first (the comparisons stance is for), most outlets first; then in the corpus order.
    """

    comparison: CorpusComparison
    templates: Templates
    slugs: dict[str, str]  # outlet -> page name
    anchors: dict[str, Anchors]  # story id -> its sentence ids
    home: dict[str, str]  # article id -> its story's id
    figures: dict[tuple[str, str], OutletFigure]  # (outlet, feature) -> mean, n and interval
    differences: dict[str, list[Difference]]  # outlet -> its matched differences with the others
    articles: int  # articles in all stories
    ranked: list[int]  # the stories' positions in index order


def corpus_pages(
    comparison: CorpusComparison,
    anchors: dict[str, Anchors],
    *,
    templates: Templates = (),
    mapper: Mapper = serial_map,
    progress: Progress = quiet,
) -> Iterator[tuple[str, str]]:
    """The pages across the corpus as ``(relative path, html)``, one at a time as they are laid out.

    The pages are ``index.html`` (and ``index/2.html`` … when there are more than `STORIES_PER_PAGE`
    stories), ``outlets/<slug>.html`` (slugs from `outlet_slugs`, never the raw outlet name; and
    ``<slug>.2.html`` … for an outlet of more stories), ``features.html`` and the stylesheet every
    page shares, ``stance.css``. A story's own page is `story_page`.

    Parameters
    ----------
    comparison : CorpusComparison
        What the pages show.
    anchors : dict of str to Anchors
        Story id -> the sentence ids of its page, for every story holding one of the
        `stance.output.links.linked_articles` (an outlet page links to sentences there).
    templates : Templates, optional
        The user's templates (`read_templates`), tried before the built-in ones.
    mapper : Mapper, default `stance.tasks.serial_map`
        Pages are independent, so ``mapper`` may render them on several processes; they come out the
        same.
    progress : Progress, default `stance.tasks.quiet`
        Wraps the iteration over the pages as they are rendered.

    Yields
    ------
    (str, str)

    Raises
    ------
    jinja2.TemplateError
        For a broken template (the message only, from any process).
    """
    stories = comparison.stories
    site = Site(
        comparison=comparison,
        templates=templates,
        slugs=outlet_slugs(comparison.outlet_names),
        anchors=anchors,
        home={article: story for story, held in anchors.items() for article in held.columns},
        figures={(f.outlet, f.feature): f for f in comparison.figures},
        differences=_by_outlet(comparison.differences),
        articles=sum(len(s.articles) for s in stories),
        ranked=sorted(range(len(stories)), key=lambda k: -len(stories[k].outlets)),
    )
    env = environment(templates)
    for name in ("index.html", "outlet.html", "outlet_stories.html", "features.html", "stance.css"):
        env.get_template(name)  # compiled here once; forked workers inherit them
    tasks = [
        ("style", 0),
        ("glossary", 0),
        *(("index", n) for n in range(_pages(len(stories)))),
        *(("outlet", n) for n in range(len(comparison.outlet_names))),
        *(
            ("outlet_stories", (n, k))
            for n, outlet in enumerate(comparison.per_outlet)
            for k in range(1, _pages(len(outlet.stories)))
        ),
    ]
    yield from progress(mapper(_render_task, site, tasks), len(tasks), "Laying out pages")


def _render_task(site: Site, task: tuple[str, int]) -> tuple[str, str]:
    """The page of one task, as (path, html): ("style", 0): the stylesheet; ("glossary", 0): what each
    feature means; ("index", n): the n-th index page (from 0); ("outlet", n): the n-th outlet's page;
    ("outlet_stories", (n, k)): the k-th page (from 0) of its stories."""
    kind, n = task
    try:
        if kind == "style":
            return "stance.css", environment(site.templates).get_template("stance.css").render()
        if kind == "glossary":
            return "features.html", environment(site.templates).get_template("features.html").render(root="")
        if kind == "index":
            return _index_file(n), _index_page(site, n)
        if kind == "outlet":
            return f"outlets/{site.slugs[site.comparison.outlet_names[n]]}.html", _outlet_page(site, n)
        if kind == "outlet_stories":
            outlet, k = n
            slug = site.slugs[site.comparison.outlet_names[outlet]]
        return f"outlets/{_outlet_file(slug, k)}", _outlet_stories_page(site, outlet, k)
    except jinja2.TemplateError as exc:
        known = {"index": "index.html", "style": "stance.css", "glossary": "features.html"}
        raise _one_line(exc, known.get(kind, f"{kind}.html")) from None


def _one_line(exc: jinja2.TemplateError, template: str) -> jinja2.TemplateError:
    """The error as one line naming its template. Sent to the parent process, a syntax error would be
    pickled and print its location on a second line; one line reads the same from any number of
    processes."""
    name = getattr(exc, "name", None) or template
    return jinja2.TemplateError(f"{name}: {' '.join(str(exc).split())}")


def _index_file(n: int) -> str:
    """The n-th index page (from 0): ``index.html``, then ``index/2.html``, … (a folder, so a corpus of
    a million stories does not put a thousand pages beside ``index.html``)."""
    return "index.html" if n == 0 else f"index/{n + 1}.html"


def _outlet_file(slug: str, n: int) -> str:
    """The n-th page (from 0) of an outlet's stories, in ``outlets/``: ``<slug>.html``, ``<slug>.2.html``,
    … A slug has no dot, so no outlet's page can be named like another's."""
    return f"{slug}.html" if n == 0 else f"{slug}.{n + 1}.html"


def _pages(stories: int) -> int:
    """Pages for a list of ``stories``, `STORIES_PER_PAGE` to a page (one, if empty)."""
    return max(1, -(-stories // STORIES_PER_PAGE))


def _page_of(items: list | tuple, n: int) -> list:
    return list(items[n * STORIES_PER_PAGE : (n + 1) * STORIES_PER_PAGE])


def _index_page(site: Site, n: int) -> str:
    c = site.comparison
    shown = [c.stories[k] for k in _page_of(site.ranked, n)]
    return (
        environment(site.templates)
        .get_template("index.html")
        .render(
            root="" if n == 0 else "../",
            stories=shown,
            story_count=len(c.stories),
            article_count=site.articles,
            page=n + 1,
            pages=[("" if n == 0 else "../") + _index_file(k) for k in range(_pages(len(c.stories)))],
            outlets=c.overview.to_dict("records"),
            problems=c.problems,
            slugs=site.slugs,
            strips=c.strips,
            groups=c.groups,
            figures=site.figures,
        )
    )


def story_page(
    story: Story, compared: StoryComparison, anchors: Anchors, slugs: dict[str, str], templates: Templates
) -> str:
    """The page of one story, ``stories/<story id>.html``: its outlets side by side (``compared``),
    every article's text with its evidence highlighted and its sentences given the ids of ``anchors``.

    Raises
    ------
    jinja2.TemplateError
        For a broken template (the message only, from any process).
    """
    copies = {a.id: copy_record(a) for a in story.articles}
    try:
        return (
            environment(templates)
            .get_template("story.html")
            .render(
                root="../",
                story=story,
                copies=copies,
                own_outlets={a.outlet for a in story.articles if not copies[a.id]["wire_copy"]},
                ranges=compared.ranges,
                actors=compared.actors,
                contrast=compared.contrast,
                anchors=anchors,
                groups=compared.groups,
                slugs=slugs,
            )
        )
    except jinja2.TemplateError as exc:
        raise _one_line(exc, "story.html") from None


def _outlet_page(site: Site, n: int) -> str:
    profile = site.comparison.per_outlet[n]
    return (
        environment(site.templates)
        .get_template("outlet.html")
        .render(
            root="../",
            profile=profile,
            framing=site.comparison.framing[n],
            figures=site.figures,
            differences=site.differences.get(profile.outlet, []),
            strips=focused(site.comparison.strips, profile.outlet),
            slugs=site.slugs,
            home=site.home,
            anchors=site.anchors,
            **_outlet_stories(site, n, 0),
        )
    )


def _outlet_stories_page(site: Site, n: int, k: int) -> str:
    return (
        environment(site.templates)
        .get_template("outlet_stories.html")
        .render(root="../", outlet=site.comparison.outlet_names[n], **_outlet_stories(site, n, k))
    )


def _outlet_stories(site: Site, n: int, k: int) -> dict:
    """What the k-th page (from 0) of the n-th outlet's story list shows: ``stories``, ``page``, ``pages``."""
    stories = site.comparison.per_outlet[n].stories
    slug = site.slugs[site.comparison.outlet_names[n]]
    pages = [_outlet_file(slug, j) for j in range(_pages(len(stories)))]
    return {"stories": _page_of(stories, k), "page": k + 1, "pages": pages}


def _by_outlet(differences: list[Difference]) -> dict[str, list[Difference]]:
    out: dict[str, list[Difference]] = {}
    for d in differences:
        out.setdefault(d.outlet, []).append(d)
    return out
