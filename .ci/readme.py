#!/usr/bin/env python3
"""Write README.md from nbs/index.ipynb without quarto (nbdev_readme needs quarto, which CI lacks).

The conversion follows what nbdev_readme renders: cells flagged `#| hide` are dropped, `#|` directive lines are
stripped, code cells become Python blocks followed by their text output, and images in outputs are written to
`nbs/images/readme_<n>.png` and linked. Links to notebooks (`00_skeleton.ipynb`) and
to `images/...` point into `nbs/`.

    python .ci/readme.py           # write README.md (and its images)
    python .ci/readme.py --check   # exit 1 when README.md is not what index.ipynb renders to
"""
import base64, json, re, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
index, readme, images = root / "nbs" / "index.ipynb", root / "README.md", root / "nbs" / "images"

def directives(src: str) -> set[str]:
    return {l[3:].strip() for l in src.splitlines() if l.startswith("#| ")}

def render() -> tuple[str, dict[str, bytes]]:
    nb = json.loads(index.read_text())
    parts, files = ["<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file. -->"], {}
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if "hide" in directives(src): continue
        if cell["cell_type"] == "markdown":
            text = re.sub(r"\]\((?!https?:)([^)]+\.ipynb)\)", r"](nbs/\1)", src.strip())
            parts.append(re.sub(r"\]\(images/", "](nbs/images/", text)); continue  # notebook-relative images
        code = "\n".join(l for l in src.splitlines() if not l.startswith("#|")).strip()
        if code and "echo: false" not in directives(src): parts.append(f"```python\n{code}\n```")
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data:
                name = f"readme_{len(files)}.png"
                files[name] = base64.b64decode(data["image/png"])
                parts.append(f"![](nbs/images/{name})")
            elif "text/plain" in data or out.get("output_type") == "stream":
                text = "".join(data.get("text/plain", out.get("text", ""))).rstrip()
                if text: parts.append(f"    {text}".replace("\n", "\n    "))
    return "\n\n".join(parts) + "\n", files

def main(check: bool) -> int:
    text, files = render()
    if check:
        stale = [n for n, b in files.items() if not (images / n).exists() or (images / n).read_bytes() != b]
        if not readme.exists() or readme.read_text() != text or stale:
            print("README.md is out of date with nbs/index.ipynb: run `python .ci/readme.py` and commit.")
            return 1
        print("README.md is up to date.")
        return 0
    images.mkdir(exist_ok=True)
    for old in images.glob("readme_*.png"):
        if old.name not in files: old.unlink()
    for name, data in files.items(): (images / name).write_bytes(data)
    readme.write_text(text)
    print(f"wrote {readme.name} and {len(files)} image(s)")
    return 0

if __name__ == "__main__": sys.exit(main("--check" in sys.argv[1:]))
