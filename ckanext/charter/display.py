"""What the charter pages show (no CKAN import): a dataset's evaluation
with the texts a person reads, and the rows of the organization and
network pages."""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ckanext.municipal_opendata.labels import pick_label

from .charters import Charter
from . import quality

MET_LEVEL = 2  # "advanced" (gevorderd) or better in the maturity framework


# A reason code and its parameters as a sentence in a language
# (``messages.reason`` on the CKAN side).
ReasonText = Callable[[str, Mapping[str, Any], str], str]


def _principle_row(charter: Charter, row: Mapping[str, Any], lang: str,
                   reason: ReasonText) -> dict[str, Any]:
    p = charter.principle(row["number"])
    derived = row["derived"]
    return {
        "key": f"{charter.code}:{p.number}", "number": p.number,
        "title": pick_label(p.title, lang),
        "explanation": pick_label(p.explanation, lang),
        "claimed": row["claimed"],
        "status": derived["status"] if derived else None,
        "reason": derived["reason"] if derived else None,
        "message": reason(derived["reason"], derived["params"], lang)
        if derived else None,
    }


def _charter_rows(result: Mapping[str, Any], charters: Mapping[str, Charter],
                  lang: str, reason: ReasonText) -> list[dict[str, Any]]:
    out = []
    for code, rows in result["charters"].items():
        charter = charters.get(code)
        if charter is None:
            continue
        principles = [_principle_row(charter, row, lang, reason)
                      for row in rows]
        out.append({
            "code": code, "title": pick_label(charter.title, lang),
            "proven": [p for p in principles if p["status"] == "proven"],
            "contradicted": [p for p in principles
                             if p["status"] == "contradicted"],
            "claimed": [p for p in principles if p["claimed"]],
            "principles": principles,
        })
    return out


def evaluation(result: Mapping[str, Any], charters: Mapping[str, Charter],
               lang: str, reason: ReasonText) -> dict[str, Any]:
    """An evaluation (``rules.evaluate``) with the texts a person reads:
    per charter of ``charters`` the principles proven, claimed and
    contradicted, each explained by ``reason``; the quality score with
    advice per missed indicator."""
    q = result["quality"]
    m = quality.method()
    advice = advice_rows(q, lang)
    return {
        "quality": {
            "score": q["score"], "max": q["max"], "pending": q["pending"],
            "rating": q["rating"],
            "rating_label": pick_label(m.rating_label(q["rating"]), lang),
            "dimensions": dimension_rows(q, lang),
            "indicators": advice,
            "to_gain": sorted((dict(r) for r in advice if r["advice"]),
                              key=lambda r: r["order"]),
        },
        "charters": _charter_rows(result, charters, lang, reason),
        "proven": result["proven"], "claimed": result["claimed"],
        "contradicted": result["contradicted"],
        "closed_reason": result.get("closed_reason"),
    }


def share(count: int, total: int) -> int | None:
    return round(100 * count / total) if total else None


def principle_rows(charter: Charter, total: int,
                   proven: Mapping[str, int], claimed: Mapping[str, int],
                   contradicted: Mapping[str, int],
                   organization: Mapping[int, Mapping[str, Any]] | None,
                   lang: str) -> list[dict[str, Any]]:
    """One row per principle: for dataset principles the share of the
    datasets whose metadata proves it (claims and contradictions beside
    it); for organization principles what the maturity assessment says."""
    rows = []
    for p in charter.principles:
        key = f"{charter.code}:{p.number}"
        row = {"number": p.number, "scope": p.scope, "key": key,
               "title": pick_label(p.title, lang),
               "explanation": pick_label(p.explanation, lang)}
        if p.scope == "dataset":
            row.update(proven=proven.get(key, 0), claimed=claimed.get(key, 0),
                       contradicted=contradicted.get(key, 0),
                       share=share(proven.get(key, 0), total),
                       derivable=bool(p.rule))
        else:
            row["maturity"] = (organization or {}).get(p.number)
        rows.append(row)
    return rows


def maturity_links(charter: Charter, framework: Mapping[str, Any]
                   ) -> dict[int, list[str]]:
    """Per organization principle of a charter, the maturity domains it
    is read from: the framework links its domains to the principles of
    the charter it was written for (``maturity_link``); another charter
    names the domains in its file (``maturity_domains``)."""
    links: dict[int, list[str]] = {}
    if charter.maturity_link:
        for domain in framework.get("domains", []):
            for number in domain.get("principles", []):
                links.setdefault(int(number), []).append(domain["code"])
    else:
        for p in charter.principles:
            if p.maturity_domains:
                links[p.number] = list(p.maturity_domains)
    return links


def maturity_principles(charter: Charter, framework: Mapping[str, Any],
                        result: Mapping[str, Any] | None,
                        lang: str) -> dict[int, dict[str, Any]]:
    """Organization principles from a submitted maturity assessment: the
    lowest level of the domains linked to each principle
    (``maturity_links``); the principle is met from ``MET_LEVEL`` up."""
    if not result:
        return {}
    levels = {d["domain"]: d.get("level") for d in result.get("domains", [])}
    level_labels = {lv["value"]: lv["label"]
                    for lv in framework.get("levels", [])}
    domains = {d["code"]: d for d in framework.get("domains", [])}
    found: dict[int, dict[str, Any]] = {}
    for number, codes in maturity_links(charter, framework).items():
        for code in codes:
            level, domain = levels.get(code), domains.get(code)
            if level is None or domain is None:
                continue
            name = domain["name"]
            name = pick_label(name, lang) if isinstance(name, Mapping) else name
            entry = found.setdefault(number, {"level": level, "domains": []})
            entry["level"] = min(entry["level"], level)
            entry["domains"].append(name)
    for entry in found.values():
        label = level_labels.get(entry["level"])
        entry["level_label"] = (pick_label(label, lang)
                                if isinstance(label, Mapping) else label)
        entry["met"] = entry["level"] >= MET_LEVEL
    return found


def rating_rows(counts: Mapping[str, int], lang: str) -> list[dict[str, Any]]:
    m = quality.method()
    total = sum(counts.values())
    return [{"code": r["code"], "label": pick_label(r["label"], lang),
             "min": r["min"], "count": counts.get(r["code"], 0),
             "share": share(counts.get(r["code"], 0), total)}
            for r in m.ratings]


def _advice(ind: quality.Indicator, row: Mapping[str, Any], lang: str) -> str:
    """What to do; for an indicator read from a SHACL result, with the
    number of violations and the shapes."""
    shacl = row.get("shacl")
    if shacl and ind.shacl_advice:
        return pick_label(ind.shacl_advice, lang).format(
            n=shacl["violations"], shapes=", ".join(shacl["shapes"]))
    return pick_label(ind.advice, lang)


def advice_rows(result: Mapping[str, Any], lang: str) -> list[dict[str, Any]]:
    """The indicators of a score with labels; what to do for each missed
    one, most points for the least work first."""
    m = quality.method()
    gain = {r["code"]: r for r in quality.to_gain(result)}
    order = {code: i for i, code in enumerate(gain)}
    rows = []
    for row in result["indicators"]:
        ind = m.indicator(row["code"])
        dim = m.dimension(row["dimension"])
        rows.append({**row, "label": pick_label(ind.label, lang),
                     "dimension_label": pick_label(dim["label"], lang),
                     "advice": _advice(ind, row, lang)
                     if row["code"] in gain else "",
                     "gain": gain.get(row["code"], {}).get("gain", 0),
                     "order": order.get(row["code"], len(order))})
    return rows


def dimension_rows(result: Mapping[str, Any], lang: str) -> list[dict]:
    m = quality.method()
    return [{"code": d["code"], "label": pick_label(d["label"], lang),
             **result["dimensions"][d["code"]]} for d in m.dimensions]


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return f"{year:04d}-{number:02d}"


def with_gaps(history: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The monthly snapshots (``month`` YYYY-MM, in order) with a row for
    every month between them that has none (``missing``: True, figures
    None), so that the table and the chart show the gap."""
    out: list[dict[str, Any]] = []
    for row in history:
        while out and out[-1]["month"] < row["month"] and \
                _next_month(out[-1]["month"]) < row["month"]:
            out.append({"month": _next_month(out[-1]["month"]),
                        "datasets": None, "average_score": None,
                        "missing": True})
        out.append({**row, "missing": False})
    return out
