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
   pages in the order of nbs/sidebar.yml (the quarto sidebar), `show_doc` signatures, math, images and HTML
   animations.

What this build fixes over a plain MyST-NB render (each is checked by `.ci/docs_check.py`):
- markdown outputs (`Markdown(schedule_table(...))`) are parsed as MyST, so their tables are tables;
- consecutive stream outputs of a cell are merged into one box; long code lines and outputs wrap, wide tables
  scroll (nbs/styles.css);
- a NamedTuple shows its fields and the comments beside them, not `def X(*args, **kwargs)`;
- a method documented by an explicit `show_doc(Class.method)` is not documented a second time (nbdev's
  `add_show_docs` compares `Class.method` with the bare `method`);
- docstring links (nbdev's doc links to `doc_host` + `doc_baseurl`) point at the pages of this site, and a
  backticked parameter name in a docstring stays code instead of linking to a namesake elsewhere;
- a backticked notebook name (`50_results`) links to its page;
- MathJax is served from the `django-static-mathjax` package (MathJax 3), not from a CDN, and a notebook with saved
  widget state does not pull require.js and the widget manager from a CDN either;
- the footer names the copyright holder of settings.ini.

    pip install -e ".[docs]"     # sphinx, myst-nb, furo, django-static-mathjax
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
    # nbdev's add_show_docs skips a def whose bare name was shown, but `show_doc(Class.method)` records
    # "Class.method" while a `@patch`ed method's def is named "method": both got documented.
    def _def_names(cell, shown):
        cellp = cell.parsed_()
        return [processors.showdoc_nm(o) for o in processors.concat(cellp) if isinstance(o, processors._def_types)
                and processors.showdoc_nm(o) not in shown and (o.name[0] != '_' or o.name[:2] == '__')] if cellp else []
    processors._def_names = _def_names
    import nbdev.showdoc
    # show_doc looks its renderer up at call time: settings.ini's `renderer` if set, else BasicMarkdownRenderer
    base = cfg.get("renderer", None)
    if base:
        import importlib
        mod, name = base.rsplit(".", 1)
        base = getattr(importlib.import_module(mod), name)
    renderer = _make_renderer(base or nbdev.showdoc.BasicMarkdownRenderer)
    nbdev.showdoc.BasicMarkdownRenderer = renderer
    if cfg.get("renderer", None):
        show_doc = nbdev.showdoc.show_doc
        def _show_doc(sym, renderer=renderer, name=None, title_level=3): return show_doc(sym, renderer, name, title_level)
        nbdev.showdoc.show_doc = _show_doc
    processors.add_links = _add_links
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    from nbdev.quarto import _def_file_re   # what nbdev_docs passes: notebooks, .qmd pages (nbs/RESULTS.qmd), .html
    nbdev_sidebar.__wrapped__(path=cfg.nbs_path, file_glob=None, file_re=_def_file_re)
    proc_nbs(cfg.nbs_path, n_workers=0, force=True)
    return cfg.config_path / "_proc"

_PARAMS: dict[str, set[str]] = {}   # show_doc heading -> the documented callable's parameter names

def _library_twin(cls):
    "The library's class of this name: nbdev runs a notebook's cells in a shell, where `inspect` finds no source."
    import importlib
    from nbdev.config import get_config
    modidx = importlib.import_module(f"{get_config().lib_name}._modidx").d["syms"]
    for mod, syms in modidx.items():
        if f"{mod}.{cls.__qualname__}" in syms: return getattr(importlib.import_module(mod), cls.__qualname__, cls)
    return cls

def _class_outline(cls) -> str | None:
    """A NamedTuple's or Protocol's class line and its fields / method stubs as written (annotations, defaults and
    the comments beside them): fastcore signs such a class `def X(*args, **kwargs)`."""
    import ast, inspect, textwrap
    try: src = textwrap.dedent(inspect.getsource(_library_twin(cls)))
    except (OSError, TypeError): return None
    lines, tree = src.splitlines(), ast.parse(src)
    if not tree.body or not isinstance(tree.body[0], ast.ClassDef): return None
    node = tree.body[0]
    stub = lambda f: isinstance(f, ast.FunctionDef) and all(isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant) for b in f.body)
    items = ["\n".join("    " + l.strip() for l in lines[n.lineno - 1:n.end_lineno])
             for n in node.body if isinstance(n, ast.AnnAssign) or stub(n)]
    header = "\n".join(lines[node.lineno - 1:node.body[0].lineno - 1]) or f"class {cls.__name__}:"
    return "\n".join([header, *items]) if items else None

def _make_renderer(base):
    import inspect
    class Renderer(base):
        "nbdev's renderer, but a NamedTuple or a Protocol shows its class outline (fastcore signs it `def X(*args, **kwargs)`)."
        def __init__(self, sym, *args, **kwargs):
            super().__init__(sym, *args, **kwargs)
            try: params = set(inspect.signature(self.sym).parameters) if callable(self.sym) else set()
            except (TypeError, ValueError): params = set()
            _PARAMS[self.nm] = params - {"self", "args", "kwargs"}
        def _repr_markdown_(self):
            md = super()._repr_markdown_()
            sym = self.sym
            if isinstance(sym, type) and (issubclass(sym, tuple) and hasattr(sym, "_fields") or getattr(sym, "_is_protocol", False)):
                fields = _class_outline(sym)
                if fields: md = re.sub(r"```python\n.*?\n```", lambda m: f"```python\n{fields}\n```", md, count=1, flags=re.S)
            return md
    return Renderer

def _add_links(cell):
    "nbdev's add_links, except that in a show_doc output a backticked parameter name of the documented callable stays code."
    from nbdev.doclinks import NbdevLookup
    nl = NbdevLookup()
    if cell.cell_type == "markdown": cell.source = nl.linkify(cell.source)
    for o in cell.get("outputs", []):
        if not (hasattr(o, "data") and hasattr(o["data"], "text/markdown")): continue
        text = "".join(o.data["text/markdown"])
        head = re.search(r"^#+ (\S+)", text, re.M)
        params = _PARAMS.get(head.group(1).replace("\\", ""), set()) if head else set()
        def link(m, nl=nl, params=params): return m.group(0) if m.group(1) in params else nl._link_sym(m)
        from nbdev.doclinks import _re_backticks
        o.data["text/markdown"] = [_re_backticks.sub(link, s) for s in o.data["text/markdown"]]

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

def site_links(md: str, pages: dict[str, str], base: str, anchors: dict[str, set] | None = None, here: str = "") -> str:
    """This site's pages for nbdev's doc links, and links for backticked notebook names.

    nbdev links a backticked symbol to `base` + `<notebook without its number>.html#<symbol, lower case>`, a site this
    build does not serve; MyST resolves `<notebook>.ipynb#<anchor>` inside the build (and warns when it cannot), and
    conf.py's `myst_heading_slug_func` gives each heading the anchor nbdev expects. `pages` maps nbdev's page name to
    the notebook stem; `anchors` holds each page's heading anchors: a link to a symbol without a heading of its own
    (a private helper) goes to its page, or stays plain code on that page itself (`here`)."""
    def local(m):
        text, page, anchor = m.group(1), m.group(2), m.group(3) or ""
        if page not in pages: return m.group(0)
        stem = pages[page]
        if anchors is not None and anchor and anchor[1:] not in anchors.get(stem, set()):
            if stem == here: return text
            anchor = ""
        return f"[{text}]({stem}.ipynb{anchor})"
    md = re.sub(r"\[([^\]]*)\]\(" + re.escape(base) + r"([\w.-]+)\.html(#[^)\s\"'>]*)?\)", local, md)
    stems = set(pages.values())
    out, in_fence = [], False
    for line in md.split("\n"):
        if line.lstrip().startswith("```"): in_fence = not in_fence
        elif not in_fence:  # `50_results` -> [`50_results`](50_results.ipynb), unless it already is a link's text
            line = re.sub(r"(?<!\[)`([\w.-]+)`(?!\]\()", lambda m: f"[`{m.group(1)}`]({m.group(1)}.ipynb)"
                          if m.group(1) in stems and m.group(1) not in ("index", here) else m.group(0), line)
        out.append(line)
    return "\n".join(out)

def heading_anchors(nb: dict) -> set[str]:
    "The anchors of a processed notebook's headings (markdown cells and show_doc outputs), as `slug` writes them."
    ns: dict = {}; exec(SLUG, ns)
    texts = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]
    texts += ["".join(o["data"]["text/markdown"]) for c in nb["cells"] for o in c.get("outputs", []) if "text/markdown" in o.get("data", {})]
    return {ns["slug"](h.replace("\\", "")) for t in texts for h in re.findall(r"^#{1,4} (.+)$", t, re.M)}

def to_myst(nb: dict, pages: dict[str, str] | None = None, base: str = "", anchors: dict | None = None, here: str = "") -> dict:
    "Translate one nbdev-processed notebook into one MyST-NB renders faithfully."
    links = (lambda md: site_links(md, pages, base, anchors, here)) if pages else (lambda md: md)
    cells = []
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "raw" and src.startswith("---"):
            title, desc = _front_matter(src)
            cells.append({"cell_type": "markdown", "metadata": {}, "source": f"# {title}\n\n> {desc}\n" if desc else f"# {title}\n"})
            continue
        if cell["cell_type"] == "markdown":
            if src.startswith("<!-- WARNING"): continue
            cell["source"] = links(re.sub(r"\)\{[^}]*\}", ")", src))
            cells.append(cell); continue
        if cell["cell_type"] != "code": continue
        d = _directives(src)
        markdown = [o["data"]["text/markdown"] for o in cell.get("outputs", []) if "text/markdown" in o.get("data", {})]
        if d.get("output", "").strip() == "asis" and markdown:
            text = "".join("".join(m) for m in markdown)
            cells.append({"cell_type": "markdown", "metadata": {}, "source": links(re.sub(r"\)\{[^}]*\}", ")", text))}); continue
        cell["source"] = "\n".join(l for l in src.splitlines() if not l.startswith("#|"))
        if d.get("echo", "").strip() == "false": cell.setdefault("metadata", {})["tags"] = ["remove-input"]
        for o in cell.get("outputs", []):  # Markdown(...) outputs: tables and links, parsed as MyST
            if "text/markdown" in o.get("data", {}): o["data"]["text/markdown"] = links("".join(o["data"]["text/markdown"]))
        cells.append(cell)
    nb["cells"] = cells
    return nb

CONF = """import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
project = "scalemogen"
html_title = "scalemogen"
copyright = {copyright!r}
author = {author!r}
extensions = ["myst_nb"]
html_theme = "furo"
nb_execution_mode = "off"
nb_render_markdown_format = "myst"      # Markdown(...) outputs: MyST (tables, math, links), not bare CommonMark
nb_merge_streams = True                 # one box for a cell's printout, not one per flush
nb_ipywidgets_js = dict()                 # no require.js / widget manager from a CDN: widgets need a kernel anyway
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence"]
myst_heading_anchors = 4
myst_heading_slug_func = "slug.slug"   # slug.py beside conf.py (a function here would not pickle)
mathjax_path = "mathjax/tex-mml-chtml.js"   # _static/mathjax: MathJax 3 from the django-static-mathjax package
html_static_path = ["_static"]
html_css_files = ["styles.css"]
exclude_patterns = ["_build"]
suppress_warnings = ["myst.header", "misc.highlighting_failure", "mystnb.unknown_mime_type", "config.cache"]
"""

SLUG = '''import re
def slug(title: str) -> str:
    "A heading's anchor as nbdev's doc links write it: lower case, `.` and `_` kept, spaces as '-'."
    return re.sub(r"[^\\w.\\- ]", "", title.strip().lower()).replace(" ", "-")
'''

def mathjax(static: Path) -> None:
    "Copy MathJax 3 (the combined TeX + MathML component, its fonts and TeX extensions) from its PyPI package."
    import importlib.util
    spec = importlib.util.find_spec("mathjax")
    es5 = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5" if spec else None
    if not es5 or not (es5 / "tex-mml-chtml.js").is_file():
        sys.exit("MathJax not found: pip install django-static-mathjax (pip install -e '.[docs]')")
    dest = static / "mathjax"
    dest.mkdir(parents=True)
    shutil.copy(es5 / "tex-mml-chtml.js", dest)
    for sub in ("output/chtml", "input/tex/extensions", "input/mml", "ui", "a11y", "adaptors"):
        if (es5 / sub).exists(): shutil.copytree(es5 / sub, dest / sub)

def sidebar_pages(nbs: Path) -> list[str]:
    "The pages of nbs/sidebar.yml (what quarto shows), in its order."
    import yaml
    def walk(items):
        for it in items:
            if isinstance(it, str): yield it
            elif isinstance(it, dict): yield from walk(it.get("contents", []))
    return list(walk(yaml.safe_load((nbs / "sidebar.yml").read_text())["website"]["sidebar"]["contents"]))

def build(out: Path = root / "_docs") -> Path:
    from nbdev.config import get_config
    from nbdev.doclinks import _nbpath2html
    from urllib.parse import urljoin
    proc = nbdev_process()
    cfg = get_config()
    src = root / "_proc_sphinx"
    shutil.rmtree(src, ignore_errors=True); src.mkdir()
    order = [Path(p).stem for p in sidebar_pages(cfg.nbs_path) if Path(p).stem != "index"]
    notebooks = sorted(p.stem for p in proc.glob("*.ipynb"))
    pages = {_nbpath2html(Path(n + ".ipynb")).stem: n for n in notebooks}   # nbdev page name -> notebook
    base = urljoin(cfg.doc_host + "/", cfg.doc_baseurl).rstrip("/") + "/"
    nbs = {name: json.loads((proc / f"{name}.ipynb").read_text()) for name in notebooks}
    anchors = {name: heading_anchors(nb) for name, nb in nbs.items()}
    for name, nb in nbs.items():
        nb = to_myst(nb, pages, base, anchors, name)
        if name == "index":
            toc = "```{toctree}\n:hidden:\n:maxdepth: 1\n\n" + "\n".join(order) + "\n```\n"
            nb["cells"].insert(1, {"cell_type": "markdown", "metadata": {}, "source": toc})
        (src / f"{name}.ipynb").write_text(json.dumps(nb))
    for name in order:  # the sidebar's markdown pages (RESULTS.qmd, a link to bench/RESULTS.md)
        if name not in notebooks:
            page = next(proc.glob(f"{name}.*"), None) or next(cfg.nbs_path.glob(f"{name}.*"))
            (src / f"{name}.md").write_text(site_links(page.read_text(), pages, base, anchors, name))
    for extra in ("images",):
        if (proc / extra).exists(): shutil.copytree(proc / extra, src / extra)
    mathjax(src / "_static")
    shutil.copy(cfg.nbs_path / "styles.css", src / "_static" / "styles.css")
    (src / "conf.py").write_text(CONF.format(copyright=cfg.copyright, author=cfg.author))
    (src / "slug.py").write_text(SLUG)
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)], check=True)
    shutil.rmtree(src)
    shutil.rmtree(root / "jupyter_execute", ignore_errors=True)   # MyST-NB's copy of the notebooks, beside _docs
    print(f"docs written to {out / 'index.html'}")
    return out

if __name__ == "__main__": build()
