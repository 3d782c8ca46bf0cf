"""Exports of a story built from its ``storytrace.report/1`` JSON: W3C PROV-JSON for the
derivation graph and schema.org ``ClaimReview``-ready JSON-LD for its claims."""

from __future__ import annotations

from typing import Any

from ..report.common import url_domain

NS = "st"
NS_URI = "https://storytrace.invalid/ns#"


def _outlet(article: dict[str, Any]) -> str:
    return str(article.get("outlet") or url_domain(article.get("url")) or "unknown outlet")


def _agent_id(name: str) -> str:
    return f"{NS}:outlet/" + "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


def to_prov(report: dict[str, Any], story_id: str) -> dict[str, Any]:
    """PROV-JSON: articles are entities, outlets agents (``wasAttributedTo``), every
    derivation a ``wasDerivedFrom`` (independent reports are not derived)."""
    entity: dict[str, Any] = {}
    agent: dict[str, Any] = {}
    attributed: dict[str, Any] = {}
    derived: dict[str, Any] = {}
    for a in report.get("articles", []):
        eid = f"{NS}:article/{a['id']}"
        entity[eid] = {
            "prov:type": "schema:NewsArticle",
            "prov:label": a.get("title") or a["id"],
            **({"prov:location": a["url"]} if a.get("url") else {}),
            **({f"{NS}:published": a["published"]} if a.get("published") else {}),
            **({f"{NS}:language": a["language"]} if a.get("language") else {}),
        }
        name = _outlet(a)
        aid = _agent_id(name)
        agent[aid] = {"prov:type": "prov:Organization", "prov:label": name}
        attributed[f"_:attr-{a['id']}"] = {"prov:entity": eid, "prov:agent": aid}
    for i, r in enumerate(report.get("relations", [])):
        if r.get("kind") == "independent":
            continue
        derived[f"_:der-{i}"] = {
            "prov:generatedEntity": f"{NS}:article/{r['target']}",
            "prov:usedEntity": f"{NS}:article/{r['source']}",
            f"{NS}:kind": r.get("kind"),
            f"{NS}:confidence": r.get("confidence"),
        }
    return {
        "prefix": {NS: NS_URI, "schema": "https://schema.org/"},
        "bundle": {},
        "entity": entity,
        "agent": agent,
        "wasAttributedTo": attributed,
        "wasDerivedFrom": derived,
        f"{NS}:story": story_id,
    }


_RATING = {
    "corroborated": "Corroborated by independent reports",
    "single-source": "Single source only",
    "disputed": "Disputed between reports",
}


def to_claim_review(report: dict[str, Any], story_id: str) -> dict[str, Any]:
    """JSON-LD: one ``ClaimReview`` per claim with the claim, where it appears and what
    storytrace found (corroboration, not a verdict: a desk adds ``reviewRating`` values and
    its ``author`` before publishing)."""
    articles = {a["id"]: a for a in report.get("articles", [])}
    reviews = []
    for c in report.get("claims", []):
        appearances = []
        for aid in c.get("articles", []):
            a = articles.get(aid, {})
            work: dict[str, Any] = {"@type": "NewsArticle", "headline": a.get("title") or aid}
            if a.get("url"):
                work["url"] = a["url"]
            if a.get("published"):
                work["datePublished"] = a["published"]
            work["publisher"] = {"@type": "Organization", "name": _outlet(a)}
            appearances.append(work)
        reviews.append(
            {
                "@type": "ClaimReview",
                "identifier": f"{story_id}/{c['id']}",
                "claimReviewed": c.get("text", ""),
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": appearances,
                    **({"firstAppearance": appearances[0]} if appearances else {}),
                },
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": _RATING.get(str(c.get("status")), str(c.get("status"))),
                },
            }
        )
    return {"@context": "https://schema.org", "@graph": reviews}
