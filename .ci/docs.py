#!/usr/bin/env python3
"""Build the documentation website into `_docs/` without quarto.

`_quarto.yml` is the real site configuration for machines with quarto (`nbdev_docs`, `nbdev_preview`). Where
quarto cannot be installed, this script renders the same notebooks with Sphinx + MyST-NB (furo theme):

1. nbdev's own notebook processing (what `nbdev_proc_nbs` does, minus its attempt to download quarto):
   exported symbols get their `show_doc`, hidden cells go, directives are applied; result in `_proc/`.
2. A light translation of quarto-isms for MyST: the front-matter cell becomes the page title and subtitle,
   `#| echo: false` cells keep only their output, `output: asis` markdown outputs become markdown, and
   pandoc link attributes (`{target=...}`) are dropped.
3. `sphinx-build` with the notebooks' stored outputs (nothing is re-executed): sidebar navigation between
   pages, `show_doc` signatures, math, images and HTML animations.

    pip install -e ".[docs]"     # sphinx, myst-nb, furo
    python .ci/docs.py           # -> _docs/index.html
"""
import json, re, shutil, subprocess, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def nbdev_process() -> Path:
    "Run nbdev's docs processors on nbs/ into _proc/ (no quarto needed)."
    from nbdev.config import get_config
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    import nbdev.doclinks, nbdev.processors as processors
    cfg = get_config()
    # nbdev runs every cell that imports something while rendering show_doc; a cell that also does work (a test
    # that needs earlier cells, a slow training cell) would fail or take minutes. Run only exports, show_doc
    # cells and pure-import cells (in this process, so the rule applies: n_workers=0 below).
    do_eval = processors._do_eval
    def _exports_and_imports_only(cell):
        trees = cell.parsed_() if cell.cell_type == "code" else None
        if do_eval(cell) and trees and not (cell.directives_.keys() & {"export", "exports", "exporti", "exec_doc"}):
            import ast
            if processors._ast_contains(trees, (ast.Expr, ast.Assign)) and not processors._show_docs(trees): return False
        return do_eval(cell)
    processors._do_eval = _exports_and_imports_only
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path)
    proc_nbs(cfg.nbs_path, n_workers=0, force=True)
    return cfg.config_path / "_proc"

def _directives(src: str) -> dict:
    return dict((l[3:].split(":", 1) + [""])[:2] for l in src.splitlines() if l.startswith("#| "))

def _front_matter(src: str) -> tuple[str, str]:
    title = re.search(r"^title:\s*(.+)$", src, re.M)
    desc = re.search(r"^description:\s*((?:.+\n?)(?:  .+\n?)*)", src, re.M)
    def clean(s: str) -> str:  # a YAML scalar: double-quoted ones carry escapes such as \u2013 (JSON-compatible)
        s = " ".join(s.split()) if s else ""
        if len(s) > 1 and s[0] == s[-1] == '"':
            try: return json.loads(s)
            except ValueError: pass
        return s.strip("'\"")
    return clean(title.group(1) if title else ""), clean(desc.group(1) if desc else "")

def to_myst(nb: dict) -> dict:
    "Translate one nbdev-processed notebook into one MyST-NB renders faithfully."
    cells = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "raw" and src.startswith("---"):
            title, desc = _front_matter(src)
            cells.append({"cell_type": "markdown", "metadata": {}, "source": f"# {title}\n\n> {desc}\n" if desc else f"# {title}\n"})
            continue
        if cell["cell_type"] == "markdown":
            if src.startswith("<!-- WARNING"): continue
            cell["source"] = re.sub(r"\)\{[^}]*\}", ")", src)
            cells.append(cell); continue
        if cell["cell_type"] != "code": continue
        d = _directives(src)
        markdown = [o["data"]["text/markdown"] for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})]
        if d.get("output", "").strip() == "asis" and markdown:
            text = "".join("".join(m) for m in markdown)
            cells.append({"cell_type": "markdown", "metadata": {}, "source": re.sub(r"\)\{[^}]*\}", ")", text)}); continue
        cell["source"] = "\n".join(l for l in src.splitlines() if not l.startswith("#|"))
        if d.get("echo", "").strip() == "false": cell.setdefault("metadata", {})["tags"] = ["remove-input"]
        cells.append(cell)
    nb["cells"] = cells
    return nb

CONF = '''project = "scalemogen"
html_title = "scalemogen"
extensions = ["myst_nb"]
html_theme = "furo"
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
exclude_patterns = ["_build"]
html_static_path = []
suppress_warnings = ["myst.header", "misc.highlighting_failure", "mystnb.unknown_mime_type", "myst.xref_missing"]
'''

def build(out: Path = root / "_docs") -> Path:
    proc = nbdev_process()
    src = root / "_proc_sphinx"
    shutil.rmtree(src, ignore_errors=True); src.mkdir()
    pages = sorted(p for p in proc.glob("*.ipynb") if p.name != "index.ipynb")
    for nb_path in [proc / "index.ipynb", *pages]:
        nb = to_myst(json.loads(nb_path.read_text()))
        if nb_path.name == "index.ipynb":
            extra_pages = ["RESULTS"] if (root / "bench" / "RESULTS.md").exists() else []
            toc = "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join([p.stem for p in pages] + extra_pages) + "\n```\n"
            nb["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": toc})
        (src / nb_path.name).write_text(json.dumps(nb))
    if (root / "bench" / "RESULTS.md").exists():  # the results table as its own page
        shutil.copy(root / "bench" / "RESULTS.md", src / "RESULTS.md")
    for extra in ("images",):
        if (proc / extra).exists(): shutil.copytree(proc / extra, src / extra)
    (src / "conf.py").write_text(CONF)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)], check=True)
    shutil.rmtree(src)
    shutil.rmtree(root / "jupyter_execute", ignore_errors=True)   # MyST-NB's copy of the notebooks, beside _docs
    print(f"docs written to {out / 'index.html'}")
    return out

if __name__ == "__main__": build()
