"""The repository's shape: dependency lists agree, notebooks are committed clean and follow the skeleton."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_layout_exists():
    for rel in ("README.md", "environment.yml", "pyproject.toml", "Makefile", ".ci/run", "notebooks",
                "data/raw", "data/lexicon", "src/helpers", "tests", "outputs"):
        assert (ROOT / rel).exists(), rel


def test_environment_yml_hands_off_to_pyproject():
    env = (ROOT / "environment.yml").read_text(encoding="utf-8")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    python = re.search(r"^\s*-\s*python\s*=\s*([\d.]+)", env, re.M).group(1)
    low = re.search(r">=\s*([\d.]+)", project["requires-python"]).group(1)
    high = re.search(r"<\s*([\d.]+)", project["requires-python"]).group(1)
    as_tuple = lambda v: tuple(int(x) for x in v.split("."))  # noqa: E731
    assert as_tuple(low) <= as_tuple(python) < as_tuple(high)
    pip_lines = re.findall(r"^\s+-\s+(\S.*)$", env.split("- pip:")[1], re.M)
    assert pip_lines == ["-e .[dev]"], "environment.yml must list no packages of its own"
    deps = {re.split(r"[<>=\[ ;]", d)[0].lower() for d in project["dependencies"]}
    for required in ("jupyterlab", "pandas", "matplotlib", "seaborn", "jieba", "papermill"):
        assert required in deps
    unbounded = [d for d in project["dependencies"] if not re.search(r"[<>=]", d)]
    assert not unbounded, f"pin or bound every dependency: {unbounded}"


def test_readme_commands_and_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci


def test_gitignore_keeps_products_out():
    ignore = (ROOT / ".gitignore").read_text(encoding="utf-8")
    for entry in ("/outputs/*", "/data/interim/", "/data/processed/", "/.venv/", "__pycache__/"):
        assert entry in ignore


def test_there_are_five_stage_notebooks():
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 5
    for n in names:
        assert re.match(r"^\d\d_[a-z]+_[a-z_]+\.ipynb$", n), f"{n}: want NN_verb_object.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [] and cell.get("execution_count") is None, f"{path.name}: outputs committed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_skeleton(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    assert nb["metadata"]["kernelspec"]["name"] == "zhnewsdata"
    first = "".join(cells[0]["source"])
    assert cells[0]["cell_type"] == "markdown" and first.startswith("# "), "starts with an H1 title"
    assert "Reads" in first or "reads" in first, "says what it reads"
    assert "Writes" in first or "writes" in first, "says what it writes"
    params = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(params) == 1, "exactly one parameters cell"
    # The parameters cell holds literals, each with a comment, nothing derived.
    src = "".join(params[0]["source"])
    tree = ast.parse(src)
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), f"not a literal: {ast.unparse(node)}"
    for line in src.splitlines():
        if line.strip():
            assert "#" in line, f"parameter without a comment: {line}"
    import papermill

    declared = list(papermill.inspect_notebook(str(path)))
    assert declared == [n.targets[0].id for n in tree.body], "papermill must parse every parameter line"
    code = [c for c in cells if c["cell_type"] == "code"]
    imports = [c for c in code if all(
        isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.parse("".join(c["source"])).body)]
    assert len(imports) == 1 and code.index(imports[0]) == 0, "one imports cell, first"
    for c in code:
        for node in ast.walk(ast.parse("".join(c["source"]))):
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Lambda)), "logic belongs in src/helpers"
    headings = [re.match(r"^## (\d+)\. ", "".join(c["source"])) for c in cells if c["cell_type"] == "markdown"][1:]
    numbers = [int(m.group(1)) for m in headings if m]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers, "numbered sections"
    last = "".join(code[-1]["source"])
    assert "write" in last, "the last cell writes the products"


def test_module_names_do_not_shadow_stdlib():
    import sys

    for p in (ROOT / "src" / "helpers").rglob("*.py"):
        assert p.stem not in sys.stdlib_module_names or p.stem in ("__init__", "__main__"), p.name


def _import_graph():
    """Every import between the package's modules, function-local ones included (grimp reads them all)."""
    grimp = pytest.importorskip("grimp")
    import networkx as nx

    g = grimp.build_graph("helpers", include_external_packages=False)
    graph = nx.DiGraph()
    for m in g.modules:
        graph.add_node(m)
        for d in g.find_modules_directly_imported_by(m):
            graph.add_edge(m, d)
    return graph


def test_no_import_circles_among_the_package_modules():
    import networkx as nx

    cycles = list(nx.simple_cycles(_import_graph()))
    assert cycles == [], f"import circles: {cycles[:5]}"


LAYERS = ["helpers.cli", "helpers.run", "helpers.show", "helpers.extract", "helpers.store",
          "helpers.chars", "helpers.params", "helpers.paths", "helpers.errors"]


def _layer(module: str) -> int | None:
    return next((i for i, layer in enumerate(LAYERS) if module == layer or module.startswith(layer + ".")), None)


def test_each_layer_imports_only_the_layers_below_it():
    """The rule `make lint` checks with import-linter (pyproject.toml), checked here without it too."""
    bad = []
    for a, b in _import_graph().edges:
        la, lb = _layer(a), _layer(b)
        if la is not None and lb is not None and lb < la:
            bad.append(f"{a} -> {b}")
    assert bad == []


def test_pyproject_declares_the_same_layers():
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = conf["tool"]["importlinter"]["contracts"]
    assert contract["type"] == "layers" and contract["layers"] == LAYERS
