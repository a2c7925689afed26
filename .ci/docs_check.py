#!/usr/bin/env python3
"""Check the built docs site like a reader: every page's HTML, then some pages in headless Chromium (screenshots).

    python .ci/docs.py && python .ci/docs_check.py   # screenshots in _docs/_screenshots/
    python .ci/docs_check.py --site OTHER_BUILD      # the same checks on another build (e.g. an old one)

Each check names the defect it guards against (issue 20, section 1):
- pages: each page has its title, the sidebar links to the other pages, some pages have an image;
- tables: no markdown table left as raw `| a | b |` text (MyST-NB renders markdown outputs as plain CommonMark
  unless `nb_render_markdown_format = "myst"`);
- signatures: no `show_doc` block signed `def X(*args, **kwargs)` (a NamedTuple or Protocol must show its fields);
- duplicates: no API entry twice on a page;
- links: no link to the external `doc_host` site, every link between pages lands on an existing page and anchor,
  and no docstring links one of its own parameters to a namesake elsewhere (`caption` in `inbetween`);
- offline: no script from a CDN, nor from anywhere outside the site (MathJax, a widget manager);
- math: MathJax served from `_static/`, and the formulas typeset in the browser;
- overflow: no page wider than the window, no code box that hides a part of its lines, a cell's printout in one box;
- footer: names the copyright holder of settings.ini;
- index: a backticked notebook name (`50_results`) is a link;
- sidebar: RESULTS is in nbs/sidebar.yml (what a quarto build shows) and in this site's sidebar.

Uses Playwright on Debian's chromium (installed with apt-get when missing: needs root, as on CI machines); never a
browser that Playwright downloads.
"""
import argparse, configparser, html, re, shutil, subprocess, sys
from collections import Counter
from pathlib import Path

root = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

def chromium() -> str:
    "Debian's chromium, installed with apt-get when missing."
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe: return exe
    print("chromium not found: installing Debian's chromium with apt-get")
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("chromium"):  # an old package list: refresh it once
        subprocess.run(["apt-get", "update", "-q"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("chromium")

def launch(p):
    "Playwright's chromium driver on the system browser (Playwright must not download one)."
    return p.chromium.launch(executable_path=chromium(), args=FLAGS, headless=True)

def settings() -> configparser.SectionProxy:
    cfg = configparser.ConfigParser(); cfg.read(root / "settings.ini")
    return cfg["DEFAULT"]

def text(fragment: str) -> str: return html.unescape(re.sub(r"<[^>]+>", "", fragment))

def show_doc_blocks(page: str):
    "(heading, signature text, docstring html) of each show_doc entry: an h3, its code block, what follows it."
    for m in re.finditer(r'<section id="([^"]+)">\s*<h3>(.*?)<a class="headerlink".*?</h3>(.*?)(?=<section|</section>)', page, re.S):
        pre = re.search(r"<pre>(.*?)</pre>", m.group(3), re.S)
        yield m.group(1), text(m.group(2)).strip(), text(pre.group(1)) if pre else "", m.group(3)

def check_static(site: Path) -> list[str]:
    "Checks on the HTML of every page."
    problems, cfg = [], settings()
    pages = {p.name: p.read_text() for p in sorted(site.glob("*.html"))}
    ids = {name: set(re.findall(r'\bid="([^"]+)"', page)) for name, page in pages.items()}
    doc_site = cfg["doc_host"].rstrip("/") + "/" + cfg["doc_baseurl"].strip("/")
    for name, page in pages.items():
        # tables
        raw = re.findall(r"<p>\|[^<]*\|", page)
        if raw: problems.append(f"tables: {name}: {len(raw)} markdown table(s) left as text, e.g. {text(raw[0])[:60]!r}")
        # signatures and duplicates
        heads = []
        for anchor, head, sig, rest in show_doc_blocks(page):
            heads.append(head)
            if re.search(r"\(\s*\*args, \*\*kwargs\s*\):", sig) and not re.search(r"\w\s*\(\s*\*args, \*\*kwargs\s*\)\s*->", sig):
                problems.append(f"signatures: {name}: {head} is shown as {' '.join(sig.split())[:60]!r} (no fields)")
        for head, n in Counter(heads).items():
            if n > 1: problems.append(f"duplicates: {name}: {head} documented {n} times")
        # links
        external = re.findall(r'href="(' + re.escape(doc_site) + r'[^"]*)"', page)
        if external: problems.append(f"links: {name}: {len(external)} link(s) to {doc_site}, which this build does not serve, e.g. {external[0]}")
        for href in set(re.findall(r'<a class="reference internal" href="([^"]*)"', page)):
            target, _, anchor = href.partition("#")
            target = target or name
            if target not in pages and not (site / target).exists(): problems.append(f"links: {name}: {href} goes to no page")
            elif anchor and target in ids and anchor not in ids[target]: problems.append(f"links: {name}: {href}: no #{anchor} on {target}")
        # offline: nothing loaded from outside the site; math: MathJax from _static
        for src in re.findall(r'<script[^>]+src="([^"]+)"', page):
            if re.match(r"(https?:)?//", src): problems.append(f"offline: {name}: script loaded from outside the site: {src}")
        if "math notranslate" in page:
            js = re.search(r'<script[^>]+src="(_static/mathjax/[^"?]+)', page)
            if not js or not (site / js.group(1)).is_file(): problems.append(f"math: {name} has formulas but no MathJax in _static/mathjax")
        # footer
        holder = cfg["copyright"]
        foot = re.search(r'<div class="copyright">(.*?)</div>', page, re.S)
        if not foot or holder not in " ".join(text(foot.group(1)).split()):
            problems.append(f"footer: {name}: copyright line {' '.join(text(foot.group(1)).split()) if foot else None!r} lacks {holder!r}")
    # a docstring that links one of its own parameters to a namesake elsewhere
    edit = pages.get("31_edit.html", "")
    for anchor, head, sig, rest in show_doc_blocks(edit):
        if head == "inbetween":
            wrong = re.findall(r'<a class="reference internal" href="([^"]*captions[^"]*)"', rest)
            if wrong: problems.append(f"links: 31_edit.html: inbetween's docstring links `caption` (its parameter) to {wrong[0]}")
    # index: backticked notebook names are links
    stems = {Path(n).stem for n in pages}
    index = pages.get("index.html", "")
    for code in re.finditer(r'(<a [^>]*>(?:<span[^>]*>)?)?\s*<code class="docutils literal notranslate"><span class="pre">([\w.-]+)</span></code>', index):
        if code.group(2) in stems and code.group(2) != "index" and not code.group(1):
            problems.append(f"index: `{code.group(2)}` is code, not a link to its page")
    # sidebar: RESULTS in nbs/sidebar.yml (quarto) and in this site's sidebar
    sidebar_yml = root / "nbs" / "sidebar.yml"
    if not sidebar_yml.exists() or not re.search(r"^\s*- RESULTS\.\w+$", sidebar_yml.read_text(), re.M):
        problems.append("sidebar: nbs/sidebar.yml does not list RESULTS (a quarto build would miss it)")
    tree = re.search(r'class="sidebar-tree".*?</div>', index, re.S)
    if not tree or 'href="RESULTS.html"' not in tree.group(0): problems.append("sidebar: the site's sidebar has no RESULTS page")
    print(f"static checks: {len(pages)} pages")
    return problems

# In the browser: what is typeset and how wide things are, after scripts ran.
MEASURE = """() => {
  const pres = [...document.querySelectorAll('article pre')];
  const hidden = pres.filter(p => p.scrollWidth > p.clientWidth + 2).map(p => p.innerText.slice(0, 60));
  const raw = [...document.querySelectorAll('span.math')].filter(s => !s.querySelector('mjx-container')).length;
  return {page: document.documentElement.scrollWidth, window: window.innerWidth, hidden,
          typeset: document.querySelectorAll('mjx-container').length, raw};
}"""

def check_browser(site: Path) -> list[str]:
    from playwright.sync_api import sync_playwright
    shots = site / "_screenshots"; shots.mkdir(exist_ok=True)
    problems = []
    pages = [("index", "scalemogen"), ("00_skeleton", "Skeleton"), ("06_metrics", "Metrics"), ("08_bench", "benchmark"),
             ("30_generate", "Generation"), ("RESULTS", "results")]
    with sync_playwright() as p:
        browser = launch(p)
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, title in pages:
            page = site / f"{name}.html"
            if not page.exists(): problems.append(f"pages: {page} does not exist: build the docs first (python .ci/docs.py)"); continue
            tab.goto(page.resolve().as_uri(), wait_until="load")
            if "math notranslate" in page.read_text():
                try: tab.wait_for_selector("mjx-container", timeout=20000)
                except Exception: pass
                tab.wait_for_timeout(500)
            tab.screenshot(path=str(shots / f"{name}.png"))
            got = tab.title()
            if title.lower() not in got.lower(): problems.append(f"pages: {name}: page title {got!r} lacks {title!r}")
            links = set(tab.eval_on_selector_all(".sidebar-tree a[href$='.html']", "els => els.map(e => e.getAttribute('href'))"))
            if len(links) < 2: problems.append(f"pages: {name}: sidebar has {len(links)} page links, expected the notebook pages")
            if name in ("index", "00_skeleton", "30_generate") and not tab.query_selector("article img[src]"):
                problems.append(f"pages: {name}: no image on the page")
            m = tab.evaluate(MEASURE)
            if m["page"] > m["window"] + 2: problems.append(f"overflow: {name}: the page is {m['page']} px wide in a {m['window']} px window")
            for h in m["hidden"]: problems.append(f"overflow: {name}: a code box hides part of its lines: {h!r}")
            if m["raw"]: problems.append(f"math: {name}: {m['raw']} formula(s) not typeset (raw TeX shown)")
            if name == "06_metrics" and not m["typeset"]: problems.append("math: 06_metrics: no formula typeset")
            if name == "30_generate":  # the speed printout: one box, not one per flush
                cells = tab.eval_on_selector_all("div.cell_output", "els => els.map(e => [...e.querySelectorAll('pre')].map(p => p.innerText))")
                for boxes in cells:
                    parts = [b for b in boxes if "thread(s): one motion" in b]
                    if len(parts) > 1: problems.append(f"overflow: 30_generate: a speed printout is split into {len(parts)} boxes")
            print(f"{name}: title {got!r}, {len(links)} sidebar links, {m['typeset']} formulas, page {m['page']} px, "
                  f"screenshot {shots / (name + '.png')}")
        browser.close()
    return problems

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=root / "_docs", help="the built site (default _docs/)")
    site = ap.parse_args().site.resolve()
    if not (site / "index.html").exists():
        print(f"FAIL: {site / 'index.html'} does not exist: build the docs first (python .ci/docs.py)"); return 1
    problems = check_static(site) + check_browser(site)
    for p in problems: print("FAIL:", p)
    print(f"docs check: {len(problems)} problem(s)")
    return 1 if problems else 0

if __name__ == "__main__": sys.exit(main())
