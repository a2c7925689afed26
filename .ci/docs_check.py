#!/usr/bin/env python3
"""Check the built docs site like a user: open pages in headless Chromium, take screenshots, and assert that
each page has its title, the sidebar links to the other pages, and at least one image.

    python .ci/docs.py && python .ci/docs_check.py   # screenshots in _docs/_screenshots/

Installs Debian's `chromium` with apt-get when it is missing (needs root, as on CI machines).
"""
import re, shutil, subprocess, sys, tempfile
from pathlib import Path

root = Path(__file__).resolve().parent.parent
site = root / "_docs"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

def chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe: return exe
    print("chromium not found: installing Debian's chromium with apt-get")
    subprocess.run(["apt-get", "install", "-y", "-q", "chromium"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("chromium")

def browse(page: Path, screenshot: Path) -> str:
    "Render `page`: save a screenshot and return the DOM after scripts ran."
    exe, profile = chromium(), tempfile.mkdtemp()
    url = page.resolve().as_uri()
    subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1000", f"--screenshot={screenshot}", url],
                   check=True, capture_output=True, timeout=120)
    dom = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    shutil.rmtree(profile, ignore_errors=True)
    return dom

def check_page(name: str, expect_title: str) -> list[str]:
    page, shots = site / f"{name}.html", site / "_screenshots"
    shots.mkdir(exist_ok=True)
    if not page.exists(): return [f"{page} does not exist: build the docs first (python .ci/docs.py)"]
    dom = browse(page, shots / f"{name}.png")
    problems = []
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    if not title or expect_title.lower() not in title.group(1).lower():
        problems.append(f"{name}: page title {title.group(1) if title else None!r} lacks {expect_title!r}")
    sidebar = re.search(r'class="sidebar-tree".*?</div>', dom, re.S)
    links = re.findall(r'href="([^"#]+\.html)"', sidebar.group(0)) if sidebar else []
    if len(set(links)) < 2: problems.append(f"{name}: sidebar has {len(set(links))} page links, expected the notebook pages")
    if not re.search(r"<img[^>]+src=\"[^\"]+\"", dom): problems.append(f"{name}: no image on the page")
    if not (shots / f"{name}.png").stat().st_size: problems.append(f"{name}: empty screenshot")
    print(f"{name}: title {title.group(1).strip() if title else None!r}, {len(set(links))} sidebar links, screenshot {shots / (name + '.png')}")
    return problems

def main() -> int:
    problems = check_page("index", "scalemogen") + check_page("00_skeleton", "Skeleton")
    for p in problems: print("FAIL:", p)
    return 1 if problems else 0

if __name__ == "__main__": sys.exit(main())
