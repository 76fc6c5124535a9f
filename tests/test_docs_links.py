"""Every docs/ file that code, templates or Markdown cite is in the repository, and so is every
target of a relative Markdown link: the domain notes the comments cite live in docs/."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_OURS = {".git", ".venv", "node_modules", "staticfiles", "media", "htmlcov", "__pycache__"}
CITED_IN = {".py", ".html", ".md", ".txt"}
# docs/… as a path from the repository root: not the end of a URL or of a longer path.
DOCS_PATH = re.compile(r"(?<![\w./:-])docs/[\w./-]*\w")
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
# The domain notes' names before they came into docs/; outside docs/ each must be docs/domain.md.
BARE_DOMAIN_NOTES = re.compile(r"(?<![\w/-])domain\.md")
OLD_DATA_README = re.compile(r"(?<![\w/-])data/README\.md")


def repository_files(suffixes: set[str]) -> list[Path]:
    found = []
    for folder, folders, names in os.walk(ROOT):
        folders[:] = [name for name in folders if name not in NOT_OURS and not name.startswith(".")]
        found += [Path(folder, name) for name in names if Path(name).suffix in suffixes]
    return sorted(found)


def citations() -> dict[str, set[str]]:
    """Return, for each docs/ path cited anywhere, the files that cite it."""
    cited: dict[str, set[str]] = {}
    for path in repository_files(CITED_IN):
        for target in DOCS_PATH.findall(path.read_text(encoding="utf-8")):
            cited.setdefault(target, set()).add(str(path.relative_to(ROOT)))
    return cited


def test_every_cited_docs_path_exists():
    cited = citations()

    assert {"docs/domain.md", "docs/data-sources.md", "docs/benchmarks.md"} <= set(cited)
    assert {target: files for target, files in cited.items() if not (ROOT / target).exists()} == {}


def test_every_relative_markdown_link_resolves():
    broken = {}
    for path in repository_files({".md"}):
        for target in MARKDOWN_LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:|#", target):  # a URL, mailto: or an anchor on the same page
                continue
            if not (path.parent / target.split("#", 1)[0]).exists():
                broken.setdefault(str(path.relative_to(ROOT)), []).append(target)

    assert broken == {}


def test_no_file_cites_the_domain_notes_outside_docs():
    stale = {}
    for path in repository_files(CITED_IN):
        if ROOT / "docs" in path.parents:
            continue  # the notes link each other by their names in docs/
        text = path.read_text(encoding="utf-8")
        found = BARE_DOMAIN_NOTES.findall(text) + OLD_DATA_README.findall(text)
        if found:
            stale[str(path.relative_to(ROOT))] = found

    assert stale == {}


def test_the_domain_notes_say_where_they_come_from():
    for note, source in [
        ("docs/domain.md", "shared/data/domain.md"),
        ("docs/data-sources.md", "shared/data/README.md"),
    ]:
        first_line = (ROOT / note).read_text(encoding="utf-8").splitlines()[0]

        assert first_line.startswith("> Brought into the repository from")
        assert source in first_line
