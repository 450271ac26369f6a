"""The trained-NER route for German names, measured (issue 24): GermEval 2014 -> spaCy NER.

    python benchmarks/german_ner_experiment.py OUT_DIR [--steps 8000]

Trains a small spaCy NER (own hash-embedding CNN over NORM, PREFIX, SUFFIX, SHAPE and the
HanTa tag, so it runs on the German route's tokens and tags) on GermEval 2014
(`../shared/ner/germeval2014/`, CC BY 4.0, Benikova, Biemann, Reznicek, LREC 2014: 7,300
sentences, outer labels PER/ORG/LOC/OTH; 700 held out for spaCy's own early stopping), then
scores its ORG entities on the SmartData dev split with `german_names.py`'s scorer: the model
alone, and its entities added to the route's (gazetteer and cues first). SmartData is never
trained on (research use only). Not part of `make`: the numbers decided that the route ships
without the model (docs/real_news_de.md).
"""

from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from german_names import ORG_TYPES, Tally, records, score_spans  # noqa: E402
from real_news import CORPORA  # noqa: E402

GERMEVAL = CORPORA.parent / "ner" / "germeval2014"
LABELS = frozenset({"PER", "ORG", "LOC", "OTH"})  # outer labels; -part/-deriv are no names
CONFIG = """
[paths]
train = null
dev = null
[system]
seed = 0
gpu_allocator = null
[nlp]
lang = "de"
pipeline = ["ner"]
batch_size = 256
[components]
[components.ner]
factory = "ner"
[components.ner.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "ner"
extra_state_tokens = false
hidden_width = 96
maxout_pieces = 2
use_upper = true
nO = null
[components.ner.model.tok2vec]
@architectures = "spacy.Tok2Vec.v2"
[components.ner.model.tok2vec.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 128
attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "TAG"]
rows = [5000, 1000, 2500, 1000, 200]
include_static_vectors = false
[components.ner.model.tok2vec.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 128
depth = 4
window_size = 1
maxout_pieces = 3
[corpora]
[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = ${system.seed}
gpu_allocator = ${system.gpu_allocator}
dropout = 0.2
patience = 1600
max_epochs = 0
max_steps = 8000
eval_frequency = 500
[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
[training.optimizer]
@optimizers = "Adam.v1"
learn_rate = 0.001
[initialize]
"""


def sentences(path: Path):
    words: list[str] = []
    labels: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#"):
                continue
            if len(cols) < 3:
                if words:
                    yield words, labels
                words, labels = [], []
                continue
            words.append(cols[1])
            labels.append(cols[2])
    if words:
        yield words, labels


def convert(out: Path) -> None:
    """GermEval -> train/held-out DocBins, tokens tagged by HanTa as the route tags them."""
    import spacy
    from spacy.tokens import Doc, DocBin, Span

    from kg.nlp.german_tagger import HANTA_MODEL, HantaTagger

    nlp = spacy.blank("de")
    tagger = HantaTagger(HANTA_MODEL)
    docs = []
    for name in ("dev", "test"):
        for words, labels in sentences(GERMEVAL / f"NER-de-{name}.tsv.gz"):
            doc = tagger(
                Doc(nlp.vocab, words=words, sent_starts=[True] + [False] * (len(words) - 1))
            )
            ents, start, label = [], None, None
            for i, tag in enumerate([*labels, "O"]):
                kind = tag[2:] if tag != "O" else None
                if start is not None and (tag == "O" or tag.startswith("B-") or kind != label):
                    if label in LABELS:
                        ents.append(Span(doc, start, i, label=label))
                    start = label = None
                if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                    start, label = i, kind
            doc.ents = ents
            docs.append(doc)
    random.Random(0).shuffle(docs)
    DocBin(docs=docs[:700]).to_disk(out / "held.spacy")
    DocBin(docs=docs[700:]).to_disk(out / "train.spacy")


def evaluate(model: Path) -> None:
    import spacy
    from spacy.util import filter_spans

    from kg.nlp.german import load

    ner = spacy.load(model).get_pipe("ner")
    nlp = load()
    for label in ner.labels:
        nlp.vocab.strings.add(label)
    recs = records("dev")
    alone, union = Tally(), Tally()
    for r, doc in zip(recs, nlp.pipe(r["text"] for r in recs), strict=True):
        bare = doc.copy()
        bare.ents = []
        found = [e for e in ner(bare).ents if e.label_ == "ORG"]
        mine = [e for e in doc.ents if e.label_ == "ORG"]
        gold = [(e["start"], e["end"]) for e in r["entities"] if e["type"] in ORG_TYPES]
        score_spans(r["text"], [(e.start_char, e.end_char) for e in found], gold, alone)
        both = filter_spans(
            mine + [e for e in found if not any(e.start < m.end and m.start < e.end for m in mine)]
        )
        score_spans(r["text"], [(e.start_char, e.end_char) for e in both], gold, union)
    print("   " + alone.line("model alone"))
    print("   " + union.line("route + model"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--steps", type=int, default=8000)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    convert(args.out)
    (args.out / "config.cfg").write_text(
        CONFIG.replace("max_steps = 8000", f"max_steps = {args.steps}")
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "spacy",
            "train",
            str(args.out / "config.cfg"),
            "--output",
            str(args.out / "model"),
            "--paths.train",
            str(args.out / "train.spacy"),
            "--paths.dev",
            str(args.out / "held.spacy"),
        ],
        check=True,
    )
    evaluate(args.out / "model" / "model-best")


if __name__ == "__main__":
    main()
