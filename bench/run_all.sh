#!/usr/bin/env bash
# Re-run every row of bench/RESULTS.md, in order, on this machine (CPU). Each command below is also the
# `command` cell of its row. Long: the trainings alone take about 15 + 30 + 5 × 4 (tokenizer variants) + 5 × 8
# (generator variants) minutes on 2 cores, and each 20-repeat generation benchmark about 45 minutes on the embedded
# test split (1,968 items). Pass SKIP_TRAIN=1 to evaluate the shipped checkpoints only.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${THREADS:-2}

# data and the shipped evaluator (the evaluator is shipped in scalemogen/assets/evaluator; retrain it with
# `scalemogen_train_evaluator --out_dir scalemogen/assets/evaluator`)
[ -d data/embedded ] || scalemogen_data --root data/embedded

# ground truth rows
scalemogen_bench --name gt_embedded --generator ground_truth --dataset embedded --threads "$T"

# the real CMU clips the shipped tokenizer also trains on (their train split; `scalemogen.data.build_cmu_train`)
[ -d data/cmu-train ] || [ ! -d ../shared/data/cmu-train ] || python -c "from scalemogen.data import build_cmu_train; build_cmu_train()"

if [ "${SKIP_TRAIN:-0}" != 1 ]; then
  # the shipped tokenizer and predictor (copy runs/*/final into scalemogen/assets/ to ship them)
  python -c "from scalemogen.tokenizer import recipe_command; print(recipe_command())" | bash  # about 56 min
  scalemogen_train --data data/embedded --out_dir runs/predictor --tokenizer runs/tokenizer/final --fresh --threads "$T"
fi

# tokenizer rows: the tokenizer shipped before issue 18 (c6e9991, the baseline), then the ablations at one shared budget
mkdir -p runs/old_tokenizer_asset
for f in model.safetensors config.json; do git show c6e9991:scalemogen/assets/tokenizer/$f > runs/old_tokenizer_asset/$f; done
scalemogen_results --task tokenizer --data data/embedded --name "cpu_default (c6e9991, shipped before issue 18)" --checkpoint runs/old_tokenizer_asset --threads "$T"
scalemogen_results --task ablations --data data/embedded --steps 250 --threads "$T"

# issue 18: the shipped tokenizer (D = 64, embedded + cmu-train, SHIPPED_RECIPE in 13_tokenizer) on the three test sets
# (cmu-train: `scalemogen.data.build_cmu_train`, only where ../shared/data/cmu-train exists); the per-joint breakdown
N="shipped (issue 18): D = 64, embedded + CMU"
if [ -d ../shared/data/cmu-train ]; then
  for d in embedded bandai-dev cmu-train; do
    [ -d data/$d ] && scalemogen_results --task tokenizer --data data/$d --name "$N on $d" --threads "$T"
  done
  python bench/tokenizer_breakdown.py shipped "$T" bench/results/tokenizer_breakdown.json
fi

# quality rows of the generators on the embedded test split (20 repeats: the protocol; see each row's repeats column).
# Each finished repeat is filed in bench/results/repeats/<name>/: a killed run resumes, and one row can be split over
# processes with --only_repeats 0-9 / 10-19 (the last shard files the row). --length_sorted batches the items by
# length, so the sampler skips most of the padding (about twice as fast on this split).
R=${REPEATS:-20}
G="--length_sorted --threads $T"
scalemogen_bench --name tokenizer_recon_embedded --generator scalemogen.results:reconstruction_factory --dataset embedded --repeats 3 --threads "$T"
scalemogen_bench --name scalemogen_embedded --generator scalemogen.results:scalemogen_factory --dataset embedded --repeats "$R" --multimodality --mm_repeats 5 $G
scalemogen_bench --name scalemogen_constant_cfg_embedded --generator scalemogen.results:constant_cfg_factory --dataset embedded --repeats "$R" --multimodality --mm_repeats 3 $G

# trained generator variants at one shared budget (tokenizer variants 250 steps, generators 200 steps), then their rows
scalemogen_results --task generators --data data/embedded --steps 200 --threads "$T"
for v in scalemogen no_self_correction codebook_vq temporal_only; do
  scalemogen_bench --name "ablation_${v}_embedded" --generator scalemogen.results:scalemogen_factory --dataset embedded \
    --checkpoint "runs/ablations/gen_${v}/final" --repeats "$R" --multimodality --mm_repeats 3 $G
done
scalemogen_bench --name ablation_next_token_embedded --generator scalemogen.results:next_token_factory --dataset embedded \
  --checkpoint runs/ablations/gen_next_token/final --repeats "$R" --multimodality --mm_repeats 3 $G

# the real development set (only where ../shared/data/bandai-dev exists; its checkpoints are never committed)
if [ -d ../shared/data/bandai-dev ]; then
  scalemogen_bench --name gt_bandai-dev --generator ground_truth --dataset bandai-dev --threads "$T"
  [ -d runs/evaluator-bandai-dev ] || scalemogen_train_evaluator --root data/bandai-dev --out_dir runs/evaluator-bandai-dev
  [ -d runs/tokenizer-bandai-dev/final ] || scalemogen_train_tokenizer --data data/bandai-dev --out runs/tokenizer-bandai-dev --threads "$T"
  scalemogen_results --task tokenizer --data data/bandai-dev --checkpoint runs/tokenizer-bandai-dev/final --name "cpu_default (bandai-dev)" --threads "$T"
  scalemogen_bench --name tokenizer_recon_bandai-dev --generator scalemogen.results:reconstruction_factory --dataset bandai-dev --checkpoint runs/tokenizer-bandai-dev/final --threads "$T"
  # ScaleMoGen's CPU default trained on the development set's train split, and its rows (20 repeats: 221 test items)
  [ -d runs/predictor-bandai-dev/final ] || scalemogen_train --data data/bandai-dev --out_dir runs/predictor-bandai-dev --tokenizer runs/tokenizer-bandai-dev/final --steps 600 --fresh --threads "$T"
  scalemogen_bench --name scalemogen_bandai-dev --generator scalemogen.results:scalemogen_factory --dataset bandai-dev --checkpoint runs/predictor-bandai-dev/final --repeats 20 --multimodality --mm_repeats 3 $G
  scalemogen_bench --name scalemogen_constant_cfg_bandai-dev --generator scalemogen.results:constant_cfg_factory --dataset bandai-dev --checkpoint runs/predictor-bandai-dev/final --repeats 20 --multimodality --mm_repeats 3 $G
  # every generator variant at one shared budget on the development set (tokenizer variants trained first)
  scalemogen_results --task generators --data data/bandai-dev --out runs/ablations-bandai-dev --steps 200 --threads "$T"
  for v in scalemogen no_self_correction codebook_vq temporal_only next_token; do
    f=scalemogen_factory; [ $v = next_token ] && f=next_token_factory
    scalemogen_bench --name "ablation_${v}_bandai-dev" --generator scalemogen.results:$f --dataset bandai-dev \
      --checkpoint "runs/ablations-bandai-dev/gen_${v}/final" --repeats 20 --multimodality --mm_repeats 3 $G
  done
fi

# speed rows (ScaleMoGen vs next-token, FLOPs, matmul peak) and the page
scalemogen_results --task speed --threads "$T"
scalemogen_results --task training
scalemogen_results --task table
