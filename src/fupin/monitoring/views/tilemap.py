"""A tile-grid map of villages coloured by monitored share, drawn as inline SVG data (offline).

Without village boundaries, each village is one square tile; a township's villages sit on one
band of rows, in code order, so neighbours in the statistical code stay neighbours on the map.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

TILE = 28
GAP = 3
COLUMNS = 12
# Upper bounds of the colour bins (share of registered people monitored) and their colours.
BINS: tuple[tuple[float, str], ...] = (
    (0.0, "#eef2f5"),
    (0.02, "#fde3c8"),
    (0.05, "#f7b27a"),
    (0.10, "#e3702f"),
    (1.01, "#a33b0b"),
)


@dataclass(frozen=True)
class Tile:
    """One village on the map."""

    code: str
    name: str
    township: str
    x: int
    y: int
    share: float
    people: int
    monitored: int
    fill: str


def colour(share: float) -> str:
    """The fill colour of a share (0 gets the lightest)."""
    for upper, fill in BINS:
        if share <= upper:
            return fill
    return BINS[-1][1]


def layout(villages: list[dict], columns: int = COLUMNS) -> tuple[list[Tile], int, int]:
    """Tiles for villages (dicts with code, name, township, people, monitored); returns (tiles, w, h)."""
    tiles: list[Tile] = []
    row = 0
    ordered = sorted(villages, key=lambda v: v["code"])
    for _township, members in groupby(ordered, key=lambda v: v["code"][:9]):
        for index, village in enumerate(members):
            if index and index % columns == 0:
                row += 1
            share = village["monitored"] / village["people"] if village["people"] else 0.0
            tiles.append(
                Tile(
                    code=village["code"],
                    name=village["name"],
                    township=village["township"],
                    x=(index % columns) * (TILE + GAP),
                    y=row * (TILE + GAP),
                    share=share,
                    people=village["people"],
                    monitored=village["monitored"],
                    fill=colour(share),
                )
            )
        row += 1
    width = min(max(len(villages), 1), columns) * (TILE + GAP)
    return tiles, width, max(row, 1) * (TILE + GAP)
