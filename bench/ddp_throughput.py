"""Training throughput of the CPU-default predictor: one process against torchrun data parallel on this machine.

Each configuration trains the CPU-default predictor (the shipped tokenizer, frozen) on synthetic 196-frame motions
for `--steps` steps with the same effective batch; the samples per second are read from the training history
between step `--skip` and the last step (start-up, the caption cache and the final checkpoint excluded). The two
configurations alternate A B A B … (`--repeats` pairs) so that drift of a noisy machine hits both alike.
Writes bench/results/ddp_throughput.json and .md.

    python bench/ddp_throughput.py --steps 12 --repeats 2
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time
from pathlib import Path

WORKER = r'''
import json, os, sys, torch
from dataclasses import replace
from scalemogen.train import train_predictor
from scalemogen.transformer import CPU_DEFAULT
from scalemogen.tokenizer import load_tokenizer
from scalemogen.text import TinyTextEncoder
from scalemogen.data import MotionSample
out, steps, batch, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
tok = load_tokenizer()
encoder = TinyTextEncoder(dim=CPU_DEFAULT.text_dim)
config = replace(CPU_DEFAULT, schedule=tok.config.schedule, bits=tok.config.bsq_dim, text_dim=encoder.dim)

class Motions(torch.utils.data.Dataset):
    def __init__(self, n=512): self.m = torch.randn(n, 196, 263, generator=torch.Generator().manual_seed(0))
    def __len__(self): return len(self.m)
    def __getitem__(self, i): return MotionSample(f"caption {i % 7}", self.m[i], 196, str(i), [])

r = train_predictor(config, tok, encoder, Motions(), steps=steps, batch_size=batch, log_every=1, show_progress=False)
if int(os.environ.get("RANK", "0")) == 0:
    json.dump([{"step": h["step"], "seconds": h["seconds"]} for h in r.history], open(out, "w"))
'''


def run(mode: str, steps: int, batch: int, tmp: Path) -> list[dict]:
    "One training run; `mode` is '1x2' (1 process, 2 threads) or '2x1' (2 processes, 1 thread each)."
    (tmp / "worker.py").write_text(WORKER)
    out = tmp / f"{mode}.json"
    processes, threads = (1, 2) if mode == "1x2" else (2, 1)
    launcher = [] if processes == 1 else ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", str(processes)]
    cmd = [sys.executable, *launcher, str(tmp / "worker.py"), str(out), str(steps), str(batch // processes), str(threads)]
    subprocess.run(cmd, check=True, env={**os.environ, "OMP_NUM_THREADS": str(threads)})
    return json.loads(out.read_text())


def samples_per_second(history: list[dict], skip: int, batch: int) -> float:
    a, b = next(h for h in history if h["step"] == skip), history[-1]
    return (b["step"] - a["step"]) * batch / (b["seconds"] - a["seconds"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--skip", type=int, default=2, help="steps left out of the rate (warm-up)")
    ap.add_argument("--batch", type=int, default=32, help="effective batch of one optimizer step")
    ap.add_argument("--repeats", type=int, default=2, help="A B pairs")
    ap.add_argument("--out", default="bench/results/ddp_throughput")
    args = ap.parse_args()
    if args.steps <= args.skip: sys.exit(f"--steps ({args.steps}) must exceed --skip ({args.skip})")
    rates = {"1x2": [], "2x1": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeats):
            for mode in rates:
                rates[mode].append(samples_per_second(run(mode, args.steps, args.batch, Path(tmp)), args.skip, args.batch))
    ratios = [b / a for a, b in zip(rates["1x2"], rates["2x1"])]
    result = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpu_count": os.cpu_count(),
              "steps": args.steps, "skip": args.skip, "effective_batch": args.batch, "repeats": args.repeats,
              "samples_per_second": rates, "ratio_2x1_over_1x2": ratios,
              "median": {m: statistics.median(v) for m, v in rates.items()}}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out + ".json").write_text(json.dumps(result, indent=1))
    md = ["| configuration | samples/s (median of %d) | each run |" % args.repeats, "|---|---|---|"]
    for mode, label in [("1x2", "1 process × 2 threads, batch %d" % args.batch),
                        ("2x1", "torchrun 2 processes × 1 thread, batch %d each" % (args.batch // 2))]:
        md.append(f"| {label} | {result['median'][mode]:.2f} | {', '.join(f'{v:.2f}' for v in rates[mode])} |")
    md.append(f"\nratio 2 processes / 1 process, per pair: {', '.join(f'{r:.2f}' for r in ratios)} "
              f"({result['date']}, {os.cpu_count()} cores, CPU-default predictor, synthetic 196-frame motions, "
              f"steps {args.skip}–{args.steps})")
    Path(args.out + ".md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    main()
