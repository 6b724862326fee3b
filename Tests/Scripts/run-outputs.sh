#!/bin/bash
# Short MLP, CNN (lenet5) and model-file (mse) runs, plus an MLP and a CNN resumed after
# more epochs (the MLP: --finetune), with fixed run ids; the metrics lines without ts/seconds/samples_per_second
# and the checkpoint and model files go to $2, so two builds can be compared.
# usage: Tests/Scripts/run-outputs.sh MARVDASH OUTDIR; then Tests/Scripts/compare-run-outputs.sh OUT1 OUT2
set -e -o pipefail
export MARVDASH_HOME="$(cd "$(dirname "$0")/../.." && pwd)"   # Templates/models (the avcc model file)
B=$1; O=$2; rm -rf "$O"; mkdir -p "$O"
strip() { python3 -c '
import json,sys
for l in sys.stdin:
    if not l.startswith("{"): print(l, end=""); continue
    e=json.loads(l); e.pop("ts",None); e.pop("samples_per_second",None)
    s=e.get("summary")
    if s: s.pop("seconds",None); s.pop("samples_per_second",None)
    print(json.dumps(e))'; }
go() { name=$1; shift; "$B" dynhp train --threads 1 --seed 1 --run-id $name --out "$O/$name" "$@" 2>/dev/null | strip > "$O/$name.jsonl"; }
go mlp --dataset synthetic --synthetic-train 800 --arch 784-100-10 --epochs 2 --mode dynhp --batch 32
go mlp-sp --dataset synthetic --synthetic-train 800 --arch 784-100-10 --epochs 2 --mode sp --batch 32 --finetune 1
go cnn --dataset fashion-mnist --train-examples 400 --arch lenet5 --epochs 2 --mode dynhp --batch 32 --lambda 0.5 --gate-lr 0.05
go avcc --model avcc --dataset avcc-synthetic --synthetic-train 64 --epochs 1 --batch 16 --mode hp
# resume: a finished 1-epoch run continued to 2 epochs
go cnn-r --dataset fashion-mnist --train-examples 400 --arch lenet5 --epochs 1 --mode dynhp --batch 32 --lambda 0.5 --gate-lr 0.05
"$B" dynhp train --threads 1 --seed 1 --run-id cnn-r --out "$O/cnn-r" --dataset fashion-mnist --train-examples 400 --arch lenet5 --epochs 2 --mode dynhp --batch 32 --lambda 0.5 --gate-lr 0.05 --resume 2>/dev/null | strip >> "$O/cnn-r.jsonl"
go mlp-r --dataset synthetic --synthetic-train 800 --arch 784-100-10 --epochs 1 --finetune 0 --mode dynhp --batch 32
"$B" dynhp train --threads 1 --seed 1 --run-id mlp-r --out "$O/mlp-r" --dataset synthetic --synthetic-train 800 --arch 784-100-10 --epochs 1 --finetune 1 --mode dynhp --batch 32 --resume 2>/dev/null | strip >> "$O/mlp-r.jsonl"
echo "done $O"
