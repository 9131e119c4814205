"""Normalised keys for search and duplicate detection (Unicode-aware, unlike SQLite NOCASE)."""

from __future__ import annotations

import re
import unicodedata

_COMPANY_SUFFIXES = {
    "inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "ag", "sa", "sas",
    "sarl", "srl", "spa", "bv", "nv", "oy", "ab", "as", "aps", "co", "corp", "corporation",
    "company", "pty", "kg", "se", "kk", "pte", "group",
}


def fold(text: str | None) -> str:
    """Case-fold and strip accents: 'ZÜRICH' and 'zurich' give the same key."""
    if not text:
        return ""
    # casefold first: it spells out letters that decomposing would reduce to a mark
    # ('ᾳ' -> 'αι', like its upper case 'ΑΙ'); casefold again for what NFKD produced
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # Turkish dotless 'ı' upper-cases to 'I': 'Işık' and 'IŞIK' must share a key
    return stripped.casefold().replace("ı", "i")


def company_key(name: str | None) -> str:
    """Key under which two company names count as the same company.

    Ignores case, accents, punctuation, spacing and legal suffixes: 'ACME Inc.', 'Acme' and
    'acme, ltd' share one key. Falls back to the plain folded name when only a suffix is left
    (a company called 'Group').
    """
    words = re.findall(r"\w+", fold(name))
    core = list(words)
    while len(core) > 1 and core[-1] in _COMPANY_SUFFIXES:
        core.pop()
    return "".join(core) or "".join(words)


def search_terms(query: str) -> list[str]:
    """Split a typed query into folded terms; every term must match (AND)."""
    return [t for t in fold(query).split() if t]


def human_size(size: int) -> str:
    """'512 bytes', '1.5 KB', '48.0 MB' (binary multiples, as file managers show them)."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"
