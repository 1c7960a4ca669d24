#!/bin/sh
# Retrains the three committed token classifiers one after another (one training process at a
# time: the machines have two shared cores). Needs SANITEXT_DATA_DIR pointing at the datasets.
#   SANITEXT_DATA_DIR=/path/to/datasets sh training/train-all.sh
set -e
cd "$(dirname "$0")/.."
export OPENBLAS_NUM_THREADS=2
PY=/usr/bin/python3
mkdir -p training/logs
npx tsx training/make-silver.ts --tab 40 --wiki 120
npx tsx training/export-pieces.ts --silver .cache/training/silver-source.json
nice -n 10 $PY -u training/train_token_classifier.py --task wiki-mask --epochs 3 --lr 2e-4 --freeze-embeddings > training/logs/wiki-mask.log 2>&1
$PY training/quantize.py models/minibert-wiki-mask
# The TAB MASK/NO_MASK labeller: the 205 masked train documents + tab-masked dev (--data all), int8 only.
nice -n 10 $PY -u training/train_token_classifier.py --task tab-mask --epochs 1.5 --lr 2e-4 --overlap 0 --freeze-embeddings --freeze-layers 2 --threads 1 > training/logs/tab-mask.log 2>&1
$PY training/quantize.py models/minibert-tab-mask
rm models/minibert-tab-mask/onnx/model.onnx
# The neural detector layer: the lowest 2 of minibert's 6 layers (3.3x faster, same recall), int8 only.
# Its silver: 40 TAB texts and 2,000 WikiNEuRal sentences with their name types, in place of rule-typed
# biographies (make-silver.ts says why), exported to a folder of its own.
npx tsx training/make-silver.ts --tab 40 --wiki 0 --wikineural 2000 --out .cache/training/silver-wikineural.json
npx tsx training/export-pieces.ts --out .cache/training-wikineural --silver .cache/training/silver-wikineural.json
nice -n 10 $PY -u training/train_token_classifier.py --task tab-ner --silver --export-dir .cache/training-wikineural --epochs 4 --lr 5e-4 --overlap 0 --freeze-embeddings --layers 2 > training/logs/tab-ner.log 2>&1
$PY training/quantize.py models/minibert-tab-ner
rm models/minibert-tab-ner/onnx/model.onnx
# The opt-in full-depth variant (all 6 layers), int8 only.
nice -n 10 $PY -u training/train_token_classifier.py --task tab-ner --silver --epochs 2.5 --lr 3e-4 --overlap 0 --freeze-embeddings --freeze-layers 2 --out models/minibert-tab-ner-6layer > training/logs/tab-ner-6layer.log 2>&1
$PY training/quantize.py models/minibert-tab-ner-6layer
rm models/minibert-tab-ner-6layer/onnx/model.onnx
# The fine-tuned span classifier (span-classification-fine-tuned): tab144 train spans only, dev held out; int8 only.
npx tsx training/export-span-examples.ts tab144:train --heldout tab144:dev --window 64 --out .cache/training/span-tab144_train-w64.json
nice -n 10 $PY -u training/train_span_classifier.py --examples .cache/training/span-tab144_train-w64.json --out models/minibert-tab-span --layers 3 --epochs 2 --freeze-embeddings > training/logs/tab-span.log 2>&1
