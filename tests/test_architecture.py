"""The house rules of docs/architecture.md: who may import whom, and how big a module may grow."""

import subprocess
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
APPS = ["ocop_fair", "cooperatives", "catalog", "trade", "portal"]
MAX_MODULE_LINES = 400
# Only the command that loads the demo may use the demo modules (catalog/demo/ and trade/demo.py,
# which fills the 2026 fair through applications); the site itself never does.
DEMO_USERS = {"trade.management.commands.load_demo"}


def test_import_contracts_of_pyproject_are_kept(capsys):
    # Layers (portal > trade > catalog > cooperatives > ocop_fair) and no cycle inside an app.
    exit_code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True)
    assert exit_code == 0, capsys.readouterr().out


def test_only_the_demo_command_imports_the_demo_package():
    graph = grimp.build_graph(*APPS, cache_dir=None)
    demo = {"catalog.demo", *graph.find_descendants("catalog.demo"), "trade.demo"}
    importers = {
        importer
        for module in demo
        for importer in graph.find_modules_that_directly_import(module)
        if importer not in demo
    }
    assert importers == DEMO_USERS


def app_modules() -> list[Path]:
    tracked = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", *APPS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in tracked if name.endswith(".py") and "/migrations/" not in name]


@pytest.mark.parametrize("path", app_modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_module_grows_past_the_house_limit(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"split {path.relative_to(ROOT)} ({lines} lines)"
