"""Where does a tokenizer's reconstruction error live? Per test set (embedded: its first 256 test clips; bandai-dev and
cmu-train: all, where present under data/): root-aligned and global MPJPE, the root joint's own drift, the
coarse-to-fine curves after 1…K scales, bit entropy, the six worst joints, and the feature L1 per feature group.
The clips are normalized with the tokenizer's own statistics; centre windows, all scales.

    python bench/tokenizer_breakdown.py [checkpoint|shipped] [threads] [out.json]
"""
import sys, json, time, numpy as np, torch
from pathlib import Path
from scalemogen.tokenizer import load_tokenizer, MotionWindows, recover_joints, _valid_frames, evaluate_tokenizer
from scalemogen.data import read_split, load_features
from scalemogen.skeleton import FEATURES, JOINT_NAMES
torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
tok = load_tokenizer(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "shipped" else None)
mean, std = tok.mean, tok.std
def windows(root, split, limit=None):
    ids = read_split(root, split)[:limit]
    clips = [(torch.from_numpy(load_features(root, i, split)).float() - mean) / std for i in ids]
    return MotionWindows(clips, mean, std, tok.config.window)
out = {}
for name, root, lim in [("embedded", "data/embedded", 256), ("bandai-dev", "data/bandai-dev", None), ("cmu-train", "data/cmu-train", None)]:
    if not (Path(root) / "test.txt").exists(): continue
    w = windows(root, "test", lim)
    t = time.time()
    e = evaluate_tokenizer(tok, w, curve=True)
    m, L = w.windows(range(len(w)))
    with torch.no_grad():
        rec = tok.decode(tok.encode(m, L), L)
    valid = _valid_frames(L, m.shape[1])
    jt, jr = recover_joints(tok, m), recover_joints(tok, rec)
    err = (jt - jr).norm(dim=-1)                         # global (b,t,22)
    al = ((jt - jt[:, :, :1]) - (jr - jr[:, :, :1])).norm(dim=-1)
    v = valid
    pj = (al * v[..., None]).sum((0, 1)) / v.sum()
    root_err = (err[..., 0] * v).sum() / v.sum()
    absnorm = (m.abs() * v[..., None]).sum((0, 1)) / v.sum()     # mean |normalized feature| per channel
    group_l1 = {g: float(((rec - m)[..., s].abs().mean(-1) * v).sum() / v.sum()) for g, s in FEATURES.items()}
    group_mag = {g: float(absnorm[s].mean()) for g, s in FEATURES.items()}
    out[name] = {"n": len(w), "mean_len": float(L.float().mean()), "aligned_mm": e.mpjpe_aligned_mm, "global_mm": e.mpjpe_mm,
                 "ratio": e.mpjpe_mm / e.mpjpe_aligned_mm, "root_joint_global_mm": float(1000 * root_err),
                 "curve_global": [round(x, 1) for x in e.curve_mpjpe_mm], "curve_aligned": [round(x, 1) for x in e.curve_aligned_mm],
                 "bit_entropy": float(e.bit_entropy.mean()),
                 "worst_joints_aligned_mm": sorted([(JOINT_NAMES[j], round(1000 * float(pj[j]), 1)) for j in range(22)], key=lambda x: -x[1])[:6],
                 "feature_l1_by_group": {k: round(x, 3) for k, x in group_l1.items()},
                 "mean_abs_normalized_input": {k: round(x, 2) for k, x in group_mag.items()},
                 "max_abs_normalized_input": float((m.abs() * v[..., None]).max()), "sec": time.time() - t}
    print(name, json.dumps(out[name], indent=None), flush=True)
Path(sys.argv[3] if len(sys.argv) > 3 else "runs/measure.json").write_text(json.dumps(out, indent=1))
