#!/usr/bin/env python3
"""Use the demo in a real JupyterLab, as a user would: headless Chromium (Debian's, driven by Playwright) opens
`nbs/33_demo.ipynb`, runs all cells, types a caption, clicks Generate, waits for the status line to change,
clicks Edit, and checks that no cell output holds an error and that no label of the app is cut short. A screenshot of
each step (opened, ran all, caption typed, generated, edited, the API section) goes to `_docs/_screenshots/`.

    pip install -e ".[dev,docs]"    # jupyterlab, playwright
    python .ci/lab_check.py         # screenshots: _docs/_screenshots/lab_*.png

JupyterLab runs on a free port of 127.0.0.1 with a random token, serving the repository as a user's would (the
kernel starts in `nbs/`, so nbdev finds settings.ini), with autosave off and its settings, workspaces and runtime files
in a scratch folder; the notebook's file must be byte for byte the same afterwards (it is restored and the check
fails if not). The server is stopped at the end, whatever happened. Playwright never downloads a browser: it drives /usr/bin/chromium (installed
with apt-get when missing, as docs_check.py does).
"""
import json, os, re, secrets, shutil, signal, socket, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from docs_check import launch  # noqa: E402  (Debian's chromium, installed when missing)

root = Path(__file__).resolve().parent.parent
NOTEBOOK = root / "nbs" / "33_demo.ipynb"
CAPTION, TARGET = "a person jumps twice", "a person jumps and raises both arms"
RUN_TIMEOUT_S = 420   # all cells of the demo (toy-model tests, then the shipped model's app) on a busy 2-core machine

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]

def start_lab(work: Path, port: int, token: str, serve: Path = root) -> subprocess.Popen:
    "JupyterLab on 127.0.0.1:port serving `serve`, all its state inside `work`, the app exposed for scripting."
    settings = work / ".lab" / "settings" / "@jupyterlab"
    for ext, name, value in [("apputils-extension", "notification", {"fetchNews": "false", "checkForUpdates": False}),  # no pop-ups
                             ("notebook-extension", "tracker", {"windowingMode": "none"}),  # every cell in the page, not only those in view
                             ("docmanager-extension", "plugin", {"autosave": False})]:      # nothing written back to nbs/
        (settings / ext).mkdir(parents=True, exist_ok=True)
        (settings / ext / f"{name}.jupyterlab-settings").write_text(json.dumps(value))
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(work / ".lab" / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / ".lab" / "workspaces"), JUPYTER_RUNTIME_DIR=str(work / ".lab" / "runtime"),
               JUPYTER_CONFIG_DIR=str(work / ".lab" / "config"), MPLBACKEND="module://matplotlib_inline.backend_inline")
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={serve}",
           "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None", "--ServerApp.open_browser=False",
           "--ServerApp.allow_root=True"]   # CI runs as root
    log = open(work / "lab.log", "w")
    return subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

def wait_http(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    t0 = time.time()
    while True:
        if proc.poll() is not None: raise RuntimeError(f"JupyterLab exited with status {proc.returncode} before answering")
        try: urllib.request.urlopen(url, timeout=5); return
        except Exception:
            if time.time() - t0 > timeout: raise TimeoutError(f"JupyterLab did not answer at {url} within {timeout:.0f} s")
            time.sleep(0.5)

def stop_lab(proc: subprocess.Popen, base: str, token: str) -> None:
    "Ask the server to shut down (it stops its kernels), then make sure its process group is gone."
    try: urllib.request.urlopen(urllib.request.Request(f"{base}/api/shutdown", method="POST",
                                                       headers={"Authorization": f"token {token}"}), timeout=10)
    except Exception: pass
    try: proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGTERM)
        try: proc.wait(timeout=10)
        except subprocess.TimeoutExpired: os.killpg(proc.pid, signal.SIGKILL); proc.wait()

# The notebook's state, read from JupyterLab's own model (window.jupyterapp: --LabApp.expose_app_in_browser).
STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const cells = panel.content.widgets.map(c => c.model.toJSON());
  const code = cells.filter(c => c.cell_type === 'code');
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {status: kernel ? kernel.status : 'none', n_code: code.length,
          run: code.filter(c => c.execution_count !== null).length,
          errors: code.flatMap((c, i) => (c.outputs || []).filter(o => o.output_type === 'error')
                                          .map(o => `cell ${i}: ${o.ename}: ${o.evalue}`))};
}"""

def main() -> int:
    from playwright.sync_api import sync_playwright
    shots = root / "_docs" / "_screenshots"; shots.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="scalemogen-lab-"))
    original = NOTEBOOK.read_bytes()
    port, token = free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    problems, t0 = [], time.time()
    lab = start_lab(work, port, token)
    try:
        wait_http(f"{base}/api/status?token={token}", lab)
        print(f"JupyterLab up on {base} after {time.time() - t0:.1f} s")
        with sync_playwright() as p:
            browser = launch(p)
            tab = browser.new_page(viewport={"width": 1400, "height": 1000})
            tab.set_default_timeout(60_000)
            shot = lambda name: (tab.screenshot(path=str(shots / f"lab_{name}.png")), print(f"  screenshot {shots / f'lab_{name}.png'}"))
            tab.goto(f"{base}/lab/tree/{NOTEBOOK.relative_to(root).as_posix()}?token={token}")
            tab.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget && "
                                  "window.jupyterapp.shell.currentWidget.sessionContext && "
                                  "window.jupyterapp.shell.currentWidget.sessionContext.session && "
                                  "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel && "
                                  "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'", timeout=120_000)
            print(f"notebook open, kernel idle after {time.time() - t0:.1f} s"); shot("1_opened")

            # Run all cells (the Run menu's command) and wait until every code cell ran and the kernel is idle.
            # (outputs cleared first: the stored execution counts would make every cell look run)
            tab.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
            tab.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
            t_run = time.time()
            tab.wait_for_function(f"() => {{ const s = ({STATE})(); return s && s.run === s.n_code && s.status === 'idle'; }}",
                                  timeout=RUN_TIMEOUT_S * 1000, polling=1000)
            state = tab.evaluate(STATE)
            print(f"all {state['n_code']} code cells ran in {time.time() - t_run:.1f} s")
            app = tab.locator(".jp-OutputArea-output").filter(has=tab.get_by_role("button", name="Generate", exact=True)).last
            app.scroll_into_view_if_needed(); shot("2_ran_all")
            cut = app.locator("label.widget-label").evaluate_all(
                "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
            if cut: problems.append(f"labels cut short in the app: {cut}")

            # Type a caption, press Generate, wait for the status line to change.
            status = app.locator("div.widget-label").last        # the status line (a Label widget)
            field = lambda name: app.locator(".widget-text").filter(has=tab.locator("label", has_text=re.compile(f"^{name}$"))).locator("input")
            before = status.inner_text()
            caption = field("caption")
            caption.fill(CAPTION); caption.press("Tab")
            shot("3_caption")
            app.get_by_role("button", name="Generate", exact=True).click()
            tab.wait_for_function("([el, before]) => el.innerText !== before && !el.innerText.endsWith('…')",
                                  arg=[status.element_handle(), before], timeout=120_000, polling=250)
            after = status.inner_text()
            print(f"Generate: status {before!r} -> {after!r}")
            if not after.startswith("generated") or CAPTION not in after: problems.append(f"Generate: status line says {after!r}")
            app.scroll_into_view_if_needed(); shot("4_generated")

            # Edit the new motion with the target caption (a semantic edit: nothing ticked, the full range).
            target = field("target")
            target.fill(TARGET); target.press("Tab")
            before = after
            app.get_by_role("button", name="Edit", exact=True).click()
            tab.wait_for_function("([el, before]) => el.innerText !== before && !el.innerText.endsWith('…')",
                                  arg=[status.element_handle(), before], timeout=180_000, polling=250)
            after = status.inner_text()
            print(f"Edit: status -> {after!r}")
            if "edit" not in after or TARGET not in after: problems.append(f"Edit: status line says {after!r}")
            app.scroll_into_view_if_needed(); shot("5_edited")

            # No cell output holds an error: the kernel's error outputs, and widgets that failed to display.
            state = tab.evaluate(STATE)
            problems += [f"error output: {e}" for e in state["errors"]]
            for sel in ['[data-mime-type="application/vnd.jupyter.error"]', ".jp-OutputArea-output:has-text('Error displaying widget')"]:
                n = tab.locator(sel).count()
                if n: problems.append(f"{n} output(s) matching {sel}")
            api = tab.locator(".jp-RenderedMarkdown").filter(has_text="Demo.on_generate").first
            if api.count(): api.scroll_into_view_if_needed(); shot("6_api")
            literal = tab.locator(".jp-RenderedMarkdown:has-text('{target=')").count()
            if literal:  # nbdev's own renderer writes a pandoc link attribute that JupyterLab shows as text (nbs/90_showdoc.ipynb)
                problems.append(f"{literal} show_doc output(s) show a literal '{{target=...}}': is settings.ini's renderer set?")
            browser.close()
    except Exception as e:
        problems.append(f"{type(e).__name__}: {e}".splitlines()[0])
        print((work / "lab.log").read_text()[-3000:] if (work / "lab.log").exists() else "no JupyterLab log")
    finally:
        stop_lab(lab, base, token)
        shutil.rmtree(work, ignore_errors=True)
        if NOTEBOOK.read_bytes() != original:
            NOTEBOOK.write_bytes(original)
            problems.append(f"JupyterLab changed {NOTEBOOK.relative_to(root)} on disk (restored)")
    for p in problems: print("FAIL:", p)
    print(f"lab check: {len(problems)} problem(s) in {time.time() - t0:.0f} s")
    return 1 if problems else 0

if __name__ == "__main__": sys.exit(main())
