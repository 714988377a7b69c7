"""Positions: characters in the engine, UTF-16 code units on the wire (the protocol's
default), converted at the edge.
"""

from __future__ import annotations

# -- positions: characters in the engine, UTF-16 code units on the wire --------------------


def to_client(row: str, col: int) -> int:
    """A 0-based character column as UTF-16 code units."""
    if row.isascii():
        return col
    return len(row[:col].encode("utf-16-le")) // 2


def from_client(row: str, units: int) -> int:
    """A 0-based UTF-16 column as characters."""
    if row.isascii():
        return units
    count = 0
    for index, char in enumerate(row):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(row)


def row_at(text: str | None, line: int) -> str:
    if text is None:
        return ""
    rows = text.split("\n")
    return rows[line].rstrip("\r") if 0 <= line < len(rows) else ""


def token_end(row: str, col: int) -> int:
    """Where the word, id or quoted text starting at 0-based `col` ends."""
    if col >= len(row):
        return col
    if row[col] in "\"'":
        close = row.find(row[col], col + 1)
        return close + 1 if close > 0 else len(row)
    end = col
    while end < len(row) and row[end] not in " \t,[]{}#" and row[end : end + 2] != ": ":
        end += 1
    if end == len(row) and row.endswith(":") and end - 1 > col:
        end -= 1  # a key at the end of its line: not its colon
    return end if end > col else min(col + 1, len(row))
