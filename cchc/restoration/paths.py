"""Where the shipped model files live.

- ``lm.npz``: the syllable 4-gram LM (modified Kneser–Ney): vocabulary, sorted packed n-gram keys
  (16 bits per id), float16 log10 probabilities and back-off weights.
- ``channel.json``: the OCR channel — P(OCR piece | letter) learned from synthetic OCR — plus the
  candidate lists precomputed for every OCR form seen in training.

Both are written by ``python -m cchc.restoration.train`` (``cchc train restore``).
"""

from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "model"
LM_PATH = MODEL_DIR / "lm.npz"
CHANNEL_PATH = MODEL_DIR / "channel.json"
