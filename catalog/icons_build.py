"""Vendor the group illustrations (catalog/illustrations.py) from the installed icon set.

Run by `make icons` after `npm ci`: reads node_modules/@iconify-json/fluent-emoji-flat, writes
one standalone SVG per drawing into static/img/groups/ and the set's licence beside them, and
removes drawings no longer used. The output is committed, so the site needs neither node nor the
package at run time. Plain Python (no Django), so it runs before anything is set up:

    python -m catalog.icons_build [--source DIR] [--out DIR]
"""

import argparse
import json
import sys
from pathlib import Path

from catalog.illustrations import ICON_DIR, icon_names

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE = "@iconify-json/fluent-emoji-flat"
DEFAULT_SOURCE = BASE_DIR / "node_modules" / PACKAGE
DEFAULT_OUT = BASE_DIR / "static" / ICON_DIR

# The upstream licence (github.com/microsoft/fluentui-emoji, LICENSE), which the npm package
# names in info.json but does not ship as a file.
MIT_LICENCE = """MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def svg_of(icon_set: dict, name: str) -> str:
    """One icon of an Iconify JSON set as a standalone SVG document (aliases resolved)."""
    aliases = icon_set.get("aliases", {})
    while name not in icon_set["icons"] and name in aliases:
        name = aliases[name]["parent"]
    icon = icon_set["icons"][name]
    width = icon.get("width", icon_set.get("width", 16))
    height = icon.get("height", icon_set.get("height", 16))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{icon["body"]}</svg>\n'
    )


def build(source: Path, out: Path) -> list[str]:
    """Write the drawings and the licence into out; return the names written."""
    icon_set = json.loads((source / "icons.json").read_text(encoding="utf-8"))
    info = json.loads((source / "package.json").read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    names = icon_names()
    for name in names:
        (out / f"{name}.svg").write_text(svg_of(icon_set, name), encoding="utf-8")
    for stale in out.glob("*.svg"):
        if stale.stem not in names:
            stale.unlink()
    (out / "LICENSE.txt").write_text(
        f"The drawings in this folder are Fluent Emoji Flat icons by Microsoft, vendored from\n"
        f"the npm package {PACKAGE} {info['version']} by `make icons`\n"
        f"(catalog/icons_build.py). They are under the MIT licence below.\n\n{MIT_LICENCE}",
        encoding="utf-8",
    )
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not (args.source / "icons.json").is_file():
        print(f"{args.source} has no icons.json: run `npm ci --ignore-scripts` first.")
        return 1
    names = build(args.source, args.out)
    print(f"{len(names)} drawings written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
