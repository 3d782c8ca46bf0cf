"""The REST API over HTTP (a real uvicorn on 127.0.0.1): every endpoint, auth (401, 403,
revoked tokens), bad input (a problem document, nothing stored) and the OpenAPI document."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from webutil import Live, demo_files, live_server, settings_for

PROBLEM = "application/problem+json"
NOTE = (
    "Ferry to Skellan Isle cancelled after pier crack\n\n"
    "The morning ferry to Skellan Isle was cancelled on Tuesday after inspectors found a "
    "crack in the pier at Vorn harbour, the island council said.\n\n"
    "Engineers expect repairs to take a week; a smaller boat will carry post and medicine."
)
HOSTILE = (
    "Harbour council hears <script>document.title='pwned'</script> residents on the flood.\n"
    "A resident held up a sign reading <img src=x onerror=\"document.title='pwned'\"> at the "
    "meeting, and the council promised a full review of the harbour wall within a month."
)


# Every test runs twice: on SQLite files in the data folder, and with ``--db
# postgresql://...`` (the article store and the service's tables in one PostgreSQL database
# on the session's server). The server is module-scoped per database, so the two runs cost
# two server starts and two demo ingests, not one per test.
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "live" in metafunc.fixturenames:
        metafunc.parametrize("db", ["sqlite", "postgresql"], indirect=True, scope="module")


@pytest.fixture(scope="module")
def db(request: pytest.FixtureRequest) -> str | None:
    """``--db`` of the server: None (SQLite files in its data folder) or a new PostgreSQL
    database on the session's server."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("pg_server").new_database("web"))


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, db: str | None) -> Iterator[Live]:
    data = tmp_path_factory.mktemp("web-api")
    with live_server(settings_for(data, db_url=db, allow_hosts=("127.0.0.1",))) as live:
        live.add_user("ada", "admin")
        live.add_user("ed", "editor")
        live.add_user("vic", "viewer")
        c, csrf = live.signed_in("ed")
        with c:
            files = [("files", f) for f in demo_files()]
            r = c.post("/api/articles/files", files=files, headers={"X-CSRF-Token": csrf})
            assert r.status_code == 202, r.text
        live.wait_idle()
        yield live


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    doc = r.json()
    assert doc["status"] == status and doc["title"] and doc["detail"]
    return dict(doc)


def story_id(live: Live) -> str:
    with live.client(headers={"Authorization": f"Bearer {live.token('vic', 'read')}"}) as c:
        return str(c.get("/api/stories", params={"sort": "size"}).json()["stories"][0]["id"])


def jobs_count(live: Live) -> int:
    return len(live.st.queue.recent(1000))


def uploads_count(live: Live) -> int:
    return sum(1 for _ in Path(live.settings.uploads).rglob("*"))


# -- OpenAPI and auth -----------------------------------------------------------------
def test_openapi_document_validates(live: Live) -> None:
    with live.client() as c:
        doc = c.get("/api/openapi.json").json()
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(doc)
    paths = set(doc["paths"])
    for p in ("/api/stories", "/api/stories/{story_id}/report", "/api/articles/files",
              "/api/feeds", "/api/jobs/{job_id}", "/api/tokens", "/api/analyze"):  # fmt: skip
        assert p in paths
    assert not any(p.startswith("/stories") for p in paths), "pages stay out of the API"


@pytest.mark.parametrize(
    "path",
    ["/api/stories", "/api/stories/x", "/api/stories/x/report", "/api/articles",
     "/api/articles/x", "/api/jobs", "/api/feeds", "/api/me", "/api/tokens"],
)  # fmt: skip
def test_unauthenticated_reads_get_401(live: Live, path: str) -> None:
    with live.client() as c:
        problem(c.get(path), 401)


def test_unauthenticated_pages_redirect_to_login(live: Live) -> None:
    with live.client() as c:
        r = c.get("/stories/x")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_unauthenticated_write_gets_401_and_stores_nothing(live: Live) -> None:
    before = jobs_count(live)
    with live.client() as c:
        problem(c.post("/api/articles", json={"articles": [{"text": "x y z"}]}), 401)
    assert jobs_count(live) == before


def test_viewer_reads_but_cannot_write(live: Live) -> None:
    c, csrf = live.signed_in("vic")
    with c:
        assert c.get("/api/stories").status_code == 200
        assert c.get("/api/me").json() == {
            "name": "vic", "role": "viewer", "via": "session", "scope": "write"
        }  # fmt: skip
        before = jobs_count(live)
        body = {"articles": [{"text": "A short invented note about the harbour."}]}
        doc = problem(c.post("/api/articles", json=body, headers={"X-CSRF-Token": csrf}), 403)
        assert "viewer" in doc["detail"]
        problem(c.post("/api/feeds", json={"url": "http://127.0.0.1:9/f.xml"},
                       headers={"X-CSRF-Token": csrf}), 403)  # fmt: skip
        problem(c.post("/api/users", json={"name": "x", "role": "viewer", "password": "12345678"},
                       headers={"X-CSRF-Token": csrf}), 403)  # fmt: skip
        # A viewer may hold read tokens only.
        problem(c.post("/api/tokens", json={"name": "w", "scope": "write"},
                       headers={"X-CSRF-Token": csrf}), 403)  # fmt: skip
    assert jobs_count(live) == before


def test_session_write_without_csrf_token_is_refused(live: Live) -> None:
    c, _ = live.signed_in("ed")
    before = jobs_count(live)
    with c:
        body = {"articles": [{"text": "A short invented note about the harbour."}]}
        doc = problem(c.post("/api/articles", json=body), 403)
        assert "CSRF" in doc["title"]
        problem(c.post("/api/articles", json=body, headers={"X-CSRF-Token": "forged"}), 403)
    assert jobs_count(live) == before


def test_read_token_cannot_write_and_revoked_token_is_refused(live: Live) -> None:
    token = live.token("ed", "read")
    auth = {"Authorization": f"Bearer {token}"}
    with live.client(headers=auth) as c:
        assert c.get("/api/stories").status_code == 200
        doc = problem(c.post("/api/feeds", json={"url": "http://127.0.0.1:9/a.xml"}), 403)
        assert "read" in doc["detail"]
    s, csrf = live.signed_in("ed")
    with s:
        listed = s.get("/api/tokens").json()
        mine = next(t for t in listed if t["name"] == "ed-read" and t["revoked"] is None)
        assert "token" not in mine and "hash" not in mine, "tokens are shown once only"
        r = s.delete(f"/api/tokens/{mine['id']}", headers={"X-CSRF-Token": csrf})
        assert r.status_code == 204
    with live.client(headers=auth) as c:
        doc = problem(c.get("/api/stories"), 401)
        assert "revoked" in doc["detail"]
    with live.client(headers={"Authorization": "Bearer st_nonsense"}) as c:
        problem(c.get("/api/stories"), 401)
    with live.client(headers={"Authorization": "Basic abc"}) as c:
        problem(c.get("/api/stories"), 401)


def test_write_token_writes_without_csrf(live: Live) -> None:
    token = live.token("ed", "write")
    with live.client(headers={"Authorization": f"Bearer {token}"}) as c:
        r = c.post("/api/feeds", json={"url": "http://127.0.0.1:9/token-feed.xml"})
        assert r.status_code == 201, r.text
        fid = r.json()["id"]
        assert c.delete(f"/api/feeds/{fid}").status_code == 204


def test_login_failure_and_logout(live: Live) -> None:
    with live.client() as c:
        problem(c.post("/api/session", json={"name": "ed", "password": "wrong-password"}), 401)
        problem(c.post("/api/session", json={"name": "nobody", "password": "whatever1"}), 401)
    c, csrf = live.signed_in("ed")
    with c:
        assert c.delete("/api/session", headers={"X-CSRF-Token": csrf}).status_code == 204
        problem(c.get("/api/stories"), 401)


def test_admin_creates_users_editor_cannot(live: Live) -> None:
    a, csrf = live.signed_in("ada")
    with a:
        body = {"name": "newbie", "role": "viewer", "password": "long enough"}
        r = a.post("/api/users", json=body, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 201
        problem(a.post("/api/users", json=body, headers={"X-CSRF-Token": csrf}), 409)
        bad = {"name": "x", "role": "boss", "password": "long enough"}
        problem(a.post("/api/users", json=bad, headers={"X-CSRF-Token": csrf}), 422)
        assert "newbie" in [u["name"] for u in a.get("/api/users").json()]
    e, csrf = live.signed_in("ed")
    with e:
        problem(e.get("/api/users"), 403)


# -- stories, reports, exports --------------------------------------------------------
def test_stories_list_filters_and_pages(live: Live) -> None:
    token = live.token("vic", "read")
    with live.client(headers={"Authorization": f"Bearer {token}"}) as c:
        page = c.get("/api/stories").json()
        assert page["total"] >= 1
        s = page["stories"][0]
        assert s["size"] == 7 and s["analyzed"] and s["independent_sources"] == 2
        assert s["root_outlet"] == "Marrowick Courier"
        assert set(s["languages"]) == {"en", "fr"}
        assert c.get("/api/stories", params={"language": "fr"}).json()["total"] >= 1
        assert c.get("/api/stories", params={"language": "de"}).json()["total"] == 0
        assert c.get("/api/stories", params={"outlet": "coastal"}).json()["total"] >= 1
        assert c.get("/api/stories", params={"since": "2026-03-11"}).json()["total"] >= 1
        assert c.get("/api/stories", params={"since": "2027-01-01"}).json()["total"] == 0
        assert c.get("/api/stories", params={"until": "2026-03-01"}).json()["total"] == 0
        assert c.get("/api/stories", params={"q": "marrowick"}).json()["total"] >= 1
        assert c.get("/api/stories", params={"q": "no such words"}).json()["total"] == 0
        two = c.get("/api/stories", params={"page": 2, "per_page": 1}).json()
        assert two["page"] == 2 and two["per_page"] == 1
        problem(c.get("/api/stories", params={"per_page": 0}), 422)
        problem(c.get("/api/stories", params={"page": 0}), 422)
        assert c.get("/api/stories", params={"since": "2026-03"}).json()["total"] >= 1
        for bad in ({"since": "yesterday"}, {"until": "03/01/2026"}):
            doc = problem(c.get("/api/stories", params=bad), 422)
            assert next(iter(bad)) in json.dumps(doc)  # names the parameter
        problem(c.get("/api/stories", params={"sort": "random"}), 422)


def test_story_detail_names_articles_by_outlet(live: Live) -> None:
    sid = story_id(live)
    c, _ = live.signed_in("vic")
    with c:
        d = c.get(f"/api/stories/{sid}").json()
        problem(c.get("/api/stories/nope"), 404)
    assert d["report_fresh"] and d["pending_job"] is None
    outlets = {a["outlet"] for a in d["articles"]}
    assert "Coastal Press Agency" in outlets and len(d["articles"]) == 7


def test_report_is_cached_with_an_etag(live: Live) -> None:
    sid = story_id(live)
    c, _ = live.signed_in("vic")
    with c:
        r = c.get(f"/api/stories/{sid}/report")
        assert r.status_code == 200 and r.json()["schema"] == "storytrace.report/1"
        assert r.headers["cache-control"] == "private, no-cache"
        again = c.get(f"/api/stories/{sid}/report", headers={"If-None-Match": r.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == r.headers["etag"]
        listed = c.get(
            f"/api/stories/{sid}/report", headers={"If-None-Match": f'"x", W/{r.headers["etag"]}'}
        )
        assert listed.status_code == 304
        other = c.get(f"/api/stories/{sid}/report", headers={"If-None-Match": '"stale"'})
        assert other.status_code == 200 and other.json()["schema"] == "storytrace.report/1"
        problem(c.get("/api/stories/nope/report"), 404)


@pytest.mark.parametrize(
    "path", ["/stories/{sid}", "/", "/api/stories", "/api/stories?sort=size&per_page=1"]
)
def test_browsers_revalidate_pages_and_lists(live: Live, path: str) -> None:
    """A browser's conditional request gets a 304 with no body while nothing changed; the
    pages name who is signed in, so another user's tag does not match."""
    url = path.format(sid=story_id(live))
    vic, _ = live.signed_in("vic")
    ed, _ = live.signed_in("ed")
    with vic, ed:
        first = vic.get(url)
        assert first.status_code == 200 and first.content
        assert first.headers["cache-control"] == "private, no-cache"
        tag = first.headers["etag"]
        again = vic.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b""
        theirs = ed.get(url, headers={"If-None-Match": tag})
        if url.startswith("/api/"):  # the same JSON for everyone
            assert theirs.status_code == 304
        else:  # the page shows the signed-in user and their CSRF token
            assert theirs.status_code == 200 and b"ed" in theirs.content


def test_a_new_analysis_is_a_new_version(live: Live) -> None:
    """The worker process re-analysed the story (same articles, a new build time): within
    a second the report and the page carry new tags, and a browser's old tag gets the new
    body."""
    from sqlalchemy import update

    from storytrace.web import db as webdb

    sid = story_id(live)
    c, _ = live.signed_in("ed")
    with c:
        page = c.get(f"/stories/{sid}")
        report = c.get(f"/api/stories/{sid}/report")
        built = live.st.service.cached(sid, "built").built
        with live.st.service.engine.begin() as conn:
            conn.execute(
                update(webdb.reports)
                .where(webdb.reports.c.story_id == sid)
                .values(built=built + 1.0)
            )
        time.sleep(1.2)  # what the web process keeps in memory is checked every second
        again = c.get(
            f"/api/stories/{sid}/report", headers={"If-None-Match": report.headers["etag"]}
        )
        assert again.status_code == 200 and again.headers["etag"] != report.headers["etag"]
        page2 = c.get(f"/stories/{sid}", headers={"If-None-Match": page.headers["etag"]})
        assert page2.status_code == 200 and page2.headers["etag"] != page.headers["etag"]


def test_exports(live: Live) -> None:
    sid = story_id(live)
    c, _ = live.signed_in("vic")
    with c:
        report = c.get(f"/api/stories/{sid}/export/json").json()
        md = c.get(f"/api/stories/{sid}/export/markdown")
        html = c.get(f"/api/stories/{sid}/export/html")
        prov = c.get(f"/api/stories/{sid}/export/prov").json()
        ld = c.get(f"/api/stories/{sid}/export/claimreview").json()
        problem(c.get(f"/api/stories/{sid}/export/pdf"), 422)
    assert report["schema"] == "storytrace.report/1"
    assert md.text.startswith("#") and "attachment" in md.headers["content-disposition"]
    assert "Content-Security-Policy" in html.text and "<svg" in html.text
    derived = {
        (d["prov:usedEntity"], d["prov:generatedEntity"]) for d in prov["wasDerivedFrom"].values()
    }
    assert ("st:article/marrowick-courier", "st:article/trendwire-daily") in derived
    assert all(d.get("st:kind") != "independent" for d in prov["wasDerivedFrom"].values())
    agents = {a["prov:label"] for a in prov["agent"].values()}
    assert {"Marrowick Courier", "Coastal Press Agency"} <= agents
    reviews = ld["@graph"]
    assert ld["@context"] == "https://schema.org" and len(reviews) == len(report["claims"])
    assert all(r["@type"] == "ClaimReview" and r["claimReviewed"] for r in reviews)
    assert reviews[0]["itemReviewed"]["appearance"][0]["publisher"]["@type"] == "Organization"


def test_article_with_its_cleaning(live: Live) -> None:
    c, _ = live.signed_in("vic")
    with c:
        a = c.get("/api/articles/trendwire-daily").json()
        problem(c.get("/api/articles/nope"), 404)
        found = c.get("/api/articles", params={"q": "trendwire"}).json()
    assert a["story"] and a["sentences"] and a["removed"]
    assert {"advertisement", "repeated-block"} & {r["reason"] for r in a["removed"]}
    for r in a["removed"]:
        assert a["raw"][r["start"] : r["end"]] == r["text"]
    assert found["total"] == 1 and found["articles"][0]["id"] == "trendwire-daily"


# -- adding articles ------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [
        {"articles": []},
        {"articles": [{"text": "   "}]},
        {"articles": [{"text": "fine text here", "html": "<p>both</p>"}]},
        {"articles": [{"text": "fine text here", "colour": "red"}]},
        {"articles": [{"id": "../../etc/passwd", "text": "fine text"}]},
        {"nothing": 1},
    ],
)
def test_bad_json_articles_are_a_problem_and_store_nothing(live: Live, body: Any) -> None:
    c, csrf = live.signed_in("ed")
    before, staged = jobs_count(live), uploads_count(live)
    with c:
        doc = problem(c.post("/api/articles", json=body, headers={"X-CSRF-Token": csrf}), 422)
    assert doc["type"].startswith("https://")
    assert jobs_count(live) == before and uploads_count(live) == staged


def test_bad_uploads_are_a_problem_and_store_nothing(live: Live) -> None:
    c, csrf = live.signed_in("ed")
    before, staged = jobs_count(live), uploads_count(live)
    h = {"X-CSRF-Token": csrf}
    with c:
        doc = problem(
            c.post("/api/articles/files", files=[("files", ("e.txt", b"  \n"))], headers=h), 422
        )
        assert "e.txt: the input holds only whitespace" in doc["detail"]
        junk = bytes(range(256)) * 40
        doc = problem(
            c.post("/api/articles/files", files=[("files", ("x.bin", junk))], headers=h), 422
        )
        assert "x.bin" in doc["detail"]
        problem(c.post("/api/articles/files", headers=h), 422)
        big = b"a " * (live.settings.max_upload_bytes // 2 + 10)
        problem(c.post("/api/articles/files", files=[("files", ("big.txt", big))], headers=h), 413)
        for url in ("file:///etc/passwd", "http://10.0.0.7/a", "http://169.254.169.254/latest"):
            doc = problem(c.post("/api/articles/urls", json={"urls": [url]}, headers=h), 422)
            assert url in doc["detail"]
        problem(c.post("/api/feeds", json={"url": "http://192.168.1.1/feed"}, headers=h), 422)
        problem(
            c.post(
                "/api/articles",
                content=b"{not json",
                headers={**h, "Content-Type": "application/json"},
            ),
            422,
        )
    assert jobs_count(live) == before and uploads_count(live) == staged


def test_an_empty_file_in_an_upload_is_skipped_and_the_rest_added(live: Live) -> None:
    """A desk uploads a folder's files at once; one empty file once refused them all."""
    c, csrf = live.signed_in("ed")
    files = [("files", ("blank.txt", b"")), ("files", ("note.txt", NOTE.encode()))]
    with c:
        r = c.post("/api/articles/files", files=files, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 202, r.text
        live.wait_idle()
        job = c.get(f"/api/jobs/{r.json()['id']}").json()
        page = c.get(f"/jobs/{r.json()['id']}").text
    assert job["status"] == "done" and job["result"]["added"] == 1, job
    skipped = job["result"]["skipped"]
    assert [(s["reason"], Path(s["source"]).name) for s in skipped] == [("empty", "blank.txt")]
    assert "blank.txt" in page and "(empty)" in page  # the job page lists the skip


def test_posted_article_joins_its_story_and_story_is_reanalysed(live: Live) -> None:
    sid = story_id(live)
    c, csrf = live.signed_in("ed")
    with c:
        old = c.get(f"/api/stories/{sid}").json()
        text = c.get("/api/articles/marrowick-courier").json()["raw"]
        body = {"articles": [{"id": "harbour-digest", "text": text.replace("Marrowick Courier", "Harbour Digest"),
                              "outlet": "Harbour Digest", "published": "2026-03-12"}]}  # fmt: skip
        r = c.post("/api/articles", json=body, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 202
        live.wait_idle()
        job = live.last_job(c, r.json()["url"])
        assert job["status"] == "done" and job["result"]["stories"] == [sid]
        new = c.get(f"/api/stories/{sid}").json()
        # The same post again adds nothing (content hash) and changes no story.
        again = c.post("/api/articles", json=body, headers={"X-CSRF-Token": csrf}).json()
        live.wait_idle()
        assert c.get(again["url"]).json()["result"]["added"] == 0
        assert live.last_job(c, again["url"])["result"]["new"] == 0
        report = c.get(f"/api/stories/{sid}/report").json()
    assert new["size"] == old["size"] + 1 and new["report_fresh"]
    assert new["report_built"] > old["report_built"]
    assert "harbour-digest" in {a["id"] for a in report["articles"]}


def test_hostile_article_is_stored_as_text(live: Live) -> None:
    c, csrf = live.signed_in("ed")
    with c:
        body = {"articles": [{"id": "hostile-note", "text": HOSTILE, "title": "<b>Council</b>"}]}
        assert c.post("/api/articles", json=body, headers={"X-CSRF-Token": csrf}).status_code == 202
        live.wait_idle()
        page = c.get("/articles/hostile-note")
    assert page.status_code == 200
    assert "<script>document" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;" in page.text and "&lt;b&gt;Council" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_adhoc_analysis_returns_a_report_and_stores_nothing(live: Live) -> None:
    token = live.token("ed", "write")
    with live.client(headers={"Authorization": f"Bearer {token}"}) as c:
        before = c.get("/api/articles").json()["total"]
        first = "The ferry Aldra ran aground off Kestrel Point on Sunday, the coastguard said, and all 41 passengers were taken off safely."
        body = {"articles": [
            {"id": "one", "text": first + " Divers will inspect the hull on Monday."},
            {"id": "two", "text": first + " The operator apologised to travellers."},
        ]}  # fmt: skip
        r = c.post("/api/analyze", json=body)
        assert r.status_code == 202
        live.wait_idle()
        job = c.get(r.json()["url"]).json()
        assert c.get("/api/articles").json()["total"] == before
    assert job["status"] == "done", job
    report = job["result"]["report"]
    assert report["schema"] == "storytrace.report/1" and len(report["articles"]) == 2


# -- feeds and jobs -------------------------------------------------------------------
def test_feeds_add_list_remove(live: Live) -> None:
    c, csrf = live.signed_in("ed")
    h = {"X-CSRF-Token": csrf}
    with c:
        r = c.post(
            "/api/feeds", json={"url": "http://127.0.0.1:9/feed.xml", "interval_s": 600}, headers=h
        )
        assert r.status_code == 201, r.text
        fid = r.json()["id"]
        problem(c.post("/api/feeds", json={"url": "http://127.0.0.1:9/feed.xml"}, headers=h), 409)
        problem(
            c.post("/api/feeds", json={"url": "http://127.0.0.1:9/x", "interval_s": 1}, headers=h),
            422,
        )
        assert fid in [f["id"] for f in c.get("/api/feeds").json()]
        poll = c.post(f"/api/feeds/{fid}/poll", headers=h)
        assert poll.status_code == 202
        live.wait_idle()
        job = c.get(poll.json()["url"]).json()
        assert job["status"] == "failed" and "127.0.0.1:9" in job["error"]
        feed = next(f for f in c.get("/api/feeds").json() if f["id"] == fid)
        assert feed["last_error"]
        assert c.delete(f"/api/feeds/{fid}", headers=h).status_code == 204
        problem(c.delete(f"/api/feeds/{fid}", headers=h), 404)
        problem(c.post(f"/api/feeds/{fid}/poll", headers=h), 404)


def test_jobs_list_and_get(live: Live) -> None:
    c, csrf = live.signed_in("vic")
    with c:
        jobs = c.get("/api/jobs").json()
        assert jobs and {"ingest", "analyze"} <= {j["kind"] for j in jobs}
        assert c.get(f"/api/jobs/{jobs[0]['id']}").json()["id"] == jobs[0]["id"]
        assert c.get("/api/jobs", params={"status": "done"}).json()
        problem(c.get("/api/jobs/999999"), 404)
        problem(c.post("/api/stories/x/analyze", headers={"X-CSRF-Token": csrf}), 403)
    e, csrf = live.signed_in("ed")
    with e:
        sid = story_id(live)
        r = e.post(f"/api/stories/{sid}/analyze", headers={"X-CSRF-Token": csrf})
        assert r.status_code == 202
        live.wait_idle()
        done = e.get(r.json()["url"]).json()
        assert done["result"]["cached"] is True, "an unchanged story is not analysed again"
        problem(e.post("/api/stories/nope/analyze", headers={"X-CSRF-Token": csrf}), 404)


def test_a_job_shows_the_api_progress_events(live: Live) -> None:
    """What a running job shows as its step: the api's ``Progress`` events, each component
    of the analysis in turn, ending with all steps done."""
    steps: list[tuple[str, int, int]] = []

    class Recorder:
        def step(self, what: str, done: int, total: int) -> None:
            steps.append((what, done, total))

    paths = live.st.work.stage(demo_files()[:3])
    out = live.st.work.adhoc({"files": paths}, Recorder())
    assert out["report"]["articles"]
    analyze = [s for s in steps if s[0].startswith("analyze steps")]
    assert any(s[0] == "analyze steps (align)" for s in analyze), steps
    assert analyze[-1][0] == "analyze steps" and analyze[-1][1] == analyze[-1][2] > 0


def test_security_headers_and_not_found(live: Live) -> None:
    with live.client() as c:
        r = c.get("/api/nothing-here")
        login = c.get("/login")
    problem(r, 404)
    csp = login.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert login.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in login.text.replace('<script src="/static/app.js" defer></script>', "")


def test_pages_render_for_a_signed_in_user(live: Live) -> None:
    sid = story_id(live)
    c, csrf = live.signed_in("ed")
    with c:
        for path in ("/", f"/stories/{sid}", "/articles/trendwire-daily", "/search?q=harbour",
                     "/upload", "/feeds", "/jobs", "/jobs/1", "/account"):  # fmt: skip
            r = c.get(path)
            assert r.status_code == 200, (path, r.text[:300])
        story = c.get(f"/stories/{sid}").text
        # Form posts without the CSRF field are refused; with it they work.
        refused = c.post("/feeds", data={"url": "http://127.0.0.1:9/page-feed.xml"})
        assert refused.status_code == 403 and "CSRF" in refused.text
        ok = c.post("/feeds", data={"url": "http://127.0.0.1:9/page-feed.xml", "csrf_token": csrf})
        assert ok.status_code == 303
    for part in (
        'id="timeline"',
        'id="graph"',
        'id="matrix"',
        'id="side-by-side"',
        "Marrowick Courier",
    ):
        assert part in story
    assert not re.search(r"(?<![\d,])1 (conflicts|spans removed|sentences)", story)
    assert json.loads(story.split('id="align-data">')[1].split("</script>")[0])["pairs"]
