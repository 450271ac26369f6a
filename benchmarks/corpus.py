"""A deterministic generated news corpus for throughput and scaling benchmarks.

Articles are assembled from varied sentence templates (supply, licensing, JV, stake,
acquisition, plant, negation, hedging) over a pool of real and invented company names, so the
parser and the extractors do realistic work. Nothing here is gold data.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

COMPANIES = [
    "General Motors",
    "Tesla",
    "Ford",
    "CATL",
    "TDK",
    "Panasonic",
    "LG Energy Solution",
    "Samsung SDI",
    "SK On",
    "BYD",
    "Volkswagen",
    "BMW",
    "Northvolt",
    "Stellantis",
    "Toyota",
    "Hyundai",
    "Gotion High-Tech",
    "Albemarle",
    "Umicore",
    "BASF",
]
INVENTED = [
    "Arcton",
    "Belmora",
    "Corvale",
    "Dunrise",
    "Elvanta",
    "Fjordcell",
    "Gravion",
    "Helixa",
    "Iverna",
    "Jorvik Power",
    "Kestrel Cells",
    "Lumora",
    "Marlin Energy",
    "Norda Motors",
    "Orbis Batteries",
    "Pyxis Mobility",
    "Quanta Lithium",
    "Rivenna",
]
PLACES = ["Ohio", "Texas", "Hungary", "Thuringia", "Kentucky", "Poland", "Mexico", "Ontario"]
PRODUCTS = ["LFP cells", "battery packs", "cathode materials", "NMC cells", "solid-state cells"]

TEMPLATES = [
    "{a} plans to buy battery cells from {b} starting next year.",
    "{a} will source {p} from {b} under a long-term contract.",
    "{b} supplies {p} to {a}, the companies said on Monday.",
    "{a} is in talks with {b} about a supply deal for {p}.",
    "{a} signed a licensing agreement with {b} for its battery technology.",
    "{a} and {b} formed a joint venture to build a plant in {place}.",
    "{a} acquired a 20% stake in {b} last month.",
    "{a} agreed to acquire {b} for an undisclosed sum.",
    "{a} does not intend to take an equity stake in {b}.",
    "{a} could partner with {b} on recycling, according to sources.",
    "{a} operates a battery plant in {place} that produces {p}.",
    "The plant in {place} would use technology licensed from {b}.",
    "{b}, a supplier based in {place}, makes {p} for several automakers.",
    "Analysts expect demand for {p} to grow strongly this decade.",
    "Shares of {a} rose 3 percent after the announcement.",
    "{a} reportedly negotiated with {b} over pricing for {p}.",
    "{a} has scrapped plans to import cells from {b}.",
]


def articles(n: int, *, seed: int = 7, sentences: tuple[int, int] = (6, 12)) -> Iterator[dict]:
    rng = random.Random(seed)
    names = COMPANIES + INVENTED
    for i in range(n):
        k = rng.randint(*sentences)
        body = []
        for _ in range(k):
            a, b = rng.sample(names, 2)
            body.append(
                rng.choice(TEMPLATES).format(
                    a=a, b=b, p=rng.choice(PRODUCTS), place=rng.choice(PLACES)
                )
            )
        title = f"{rng.choice(names)} battery update {i}"
        yield {
            "title": title,
            "text": title + "\n\n" + " ".join(body),
            "source": "Generated Wire",
            "url": f"https://news.example.org/{seed}/{i}",
            "lang": "en",
        }


def write_jsonl(path: Path, n: int, *, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in articles(n, seed=seed):
            fh.write(json.dumps(rec) + "\n")
    return path
