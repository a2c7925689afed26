#!/usr/bin/env bash
# Re-run every row of bench/RESULTS.md, in order, on this machine (CPU). Each command below is also the
# `command` cell of its row. Long: the trainings alone take about 15 + 30 + 4 × 4 minutes on 2 cores, and the
# 20-repeat generation benchmarks several minutes each. Pass SKIP_TRAIN=1 to evaluate the shipped checkpoints only.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${THREADS:-2}

# data and the shipped evaluator (the evaluator is shipped in scalemogen/assets/evaluator; retrain it with
# `scalemogen_train_evaluator --out_dir scalemogen/assets/evaluator`)
[ -d data/embedded ] || scalemogen_data --root data/embedded

# ground truth rows
scalemogen_bench --name gt_embedded --generator ground_truth --dataset embedded --threads "$T"

if [ "${SKIP_TRAIN:-0}" != 1 ]; then
  # the shipped tokenizer and predictor (copy runs/*/final into scalemogen/assets/ to ship them)
  scalemogen_train_tokenizer --data data/embedded --out runs/tokenizer --fresh --threads "$T"
  scalemogen_train --data data/embedded --out_dir runs/predictor --tokenizer runs/tokenizer/final --fresh --threads "$T"
fi

# tokenizer rows: the shipped tokenizer, then the ablations at one shared budget
scalemogen_results --task tokenizer --data data/embedded --name "cpu_default (shipped)" --threads "$T"
scalemogen_results --task ablations --data data/embedded --steps 250 --threads "$T"

# quality rows of the generators on the embedded test split (20 repeats)
scalemogen_bench --name tokenizer_recon_embedded --generator scalemogen.results:reconstruction_factory --dataset embedded --threads "$T"
scalemogen_bench --name scalemogen_embedded --generator scalemogen.results:scalemogen_factory --dataset embedded --threads "$T"
scalemogen_bench --name scalemogen_constant_cfg_embedded --generator scalemogen.results:constant_cfg_factory --dataset embedded --threads "$T"

# the real development set (only where ../shared/data/bandai-dev exists; its checkpoints are never committed)
if [ -d ../shared/data/bandai-dev ]; then
  scalemogen_bench --name gt_bandai-dev --generator ground_truth --dataset bandai-dev --threads "$T"
  [ -d runs/evaluator-bandai-dev ] || scalemogen_train_evaluator --root data/bandai-dev --out_dir runs/evaluator-bandai-dev
  [ -d runs/tokenizer-bandai-dev/final ] || scalemogen_train_tokenizer --data data/bandai-dev --out runs/tokenizer-bandai-dev --threads "$T"
  scalemogen_results --task tokenizer --data data/bandai-dev --checkpoint runs/tokenizer-bandai-dev/final --name "cpu_default (bandai-dev)" --threads "$T"
  scalemogen_bench --name tokenizer_recon_bandai-dev --generator scalemogen.results:reconstruction_factory --dataset bandai-dev --checkpoint runs/tokenizer-bandai-dev/final --threads "$T"
fi

# speed rows (ScaleMoGen vs next-token, FLOPs, matmul peak) and the page
scalemogen_results --task speed --threads "$T"
scalemogen_results --task training
scalemogen_results --task table
