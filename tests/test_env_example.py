""".env.example lists every environment variable the settings read and the README documents,
each under a one-line comment, and nothing else."""

import ast
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / ".env.example"
SETTINGS = ROOT / "ocop_fair" / "settings.py"
# gunicorn's own settings file: its GUNICORN_* variables belong in the same environment file.
GUNICORN_CONF = ROOT / "gunicorn.conf.py"
README = ROOT / "README.md"
# Read by boto3 itself when AWS_STORAGE_BUCKET_NAME selects object storage (see settings.py).
READ_BY_LIBRARIES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
ASSIGNMENT = re.compile(r"^([A-Z][A-Z0-9_]*)=(.*)$")
ENV_NAME = re.compile(r"`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=[^`]*)?`")


def _is_os_environ(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def _reads_environ(node: ast.AST) -> bool:
    """Whether node is os.environ.get(…) or os.getenv(…)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    function = node.func
    return (function.attr == "get" and _is_os_environ(function.value)) or (
        function.attr == "getenv"
        and isinstance(function.value, ast.Name)
        and function.value.id == "os"
    )


def environment_reads(path: Path) -> set[str]:
    """Return the variables path reads: os.environ.get("X"), os.environ["X"], os.getenv("X"),
    and calls of the module's own helpers around them, such as env_bool("X", …)."""
    tree = ast.parse(path.read_text())
    helpers = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any(map(_reads_environ, ast.walk(node)))
    }
    keys = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            keys.append(node.slice)
        elif isinstance(node, ast.Call) and node.args:
            helper = isinstance(node.func, ast.Name) and node.func.id in helpers
            if helper or _reads_environ(node):
                keys.append(node.args[0])
    return {
        key.value for key in keys if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def readme_variables() -> set[str]:
    """Return the variables in the table of README.md's "Configuration" section."""
    section = README.read_text().split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in ENV_NAME.findall(row)}


def example_lines() -> list[str]:
    return EXAMPLE.read_text().splitlines()


def example_variables() -> dict[str, str]:
    pairs = [ASSIGNMENT.match(line).groups() for line in example_lines() if ASSIGNMENT.match(line)]
    assert len(pairs) == len(dict(pairs)), "a variable is listed twice"
    return dict(pairs)


def test_environment_reads_finds_each_way_settings_reads_a_variable():
    reads = environment_reads(SETTINGS)

    # os.environ.get, env_bool, env_list, and a variable the README table does not name.
    assert {"DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS", "EMAIL_BACKEND"} <= reads
    assert "GUNICORN_BIND" in environment_reads(GUNICORN_CONF)


def test_readme_variables_reads_the_configuration_table():
    documented = readme_variables()

    assert {"DJANGO_SECRET_KEY", "AXES_FAILURE_LIMIT", "GUNICORN_ACCESS_LOG"} <= documented
    assert "AWS_S3_ENDPOINT_URL" in documented  # named in the meaning column
    assert "STORAGES" not in documented  # a setting, not a variable


def test_env_example_lists_every_variable_settings_reads():
    assert environment_reads(SETTINGS) - set(example_variables()) == set()


def test_env_example_lists_every_variable_the_readme_documents():
    assert readme_variables() - set(example_variables()) == set()


def test_env_example_lists_only_variables_something_reads():
    read = environment_reads(SETTINGS) | environment_reads(GUNICORN_CONF) | READ_BY_LIBRARIES

    assert set(example_variables()) - read == set()


def test_env_example_gives_each_variable_a_one_line_comment():
    lines = example_lines()

    def is_comment(index: int) -> bool:
        return index >= 0 and lines[index].startswith("# ") and not lines[index].startswith("# -")

    uncommented = [
        line
        for index, line in enumerate(lines)
        if ASSIGNMENT.match(line) and not (is_comment(index - 1) and not is_comment(index - 2))
    ]
    assert uncommented == []


def test_env_example_leaves_every_secret_empty():
    hidden = {
        name: value
        for name, value in example_variables().items()
        if re.search(r"SECRET|PASSWORD|ACCESS_KEY", name)
    }

    assert set(hidden) >= {"DJANGO_SECRET_KEY", "EMAIL_HOST_PASSWORD", "AWS_SECRET_ACCESS_KEY"}
    assert set(hidden.values()) == {""}


def test_env_example_with_a_secret_key_passes_the_deployment_checks():
    # Only the example's variables: none of the test run's (DJANGO_ALLOW_ASYNC_UNSAFE, set for
    # the browser tests, fails the deployment checks on its own).
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_")
        and name not in environment_reads(SETTINGS) | READ_BY_LIBRARIES
    }
    environment.update(example_variables(), DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
