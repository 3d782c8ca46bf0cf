// storytrace web app: live job progress, story refresh, new-story notice.
// Plain DOM, textContent only: nothing from the server becomes markup.
(function () {
  "use strict";

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
  }

  function every(ms, fn) {
    var timer = null;
    function tick() {
      Promise.resolve(fn()).then(function (again) {
        if (again !== false) { timer = setTimeout(tick, ms); }
      });
    }
    timer = setTimeout(tick, ms);
    return function () { clearTimeout(timer); };
  }

  // A job page: progress bar, then links to the stories it changed.
  var job = document.getElementById("job");
  if (job) {
    var id = job.getAttribute("data-job");
    every(700, function () {
      return getJSON("/api/jobs/" + id).then(function (j) {
        if (!j) { return true; }
        var status = document.getElementById("job-status");
        status.textContent = j.status;
        status.className = "status " + j.status;
        document.getElementById("job-step").textContent = j.step +
          (j.total ? " (" + j.done + " of " + j.total + ")" : "");
        var bar = document.getElementById("job-bar");
        bar.max = j.total || 1;
        bar.value = j.status === "done" ? bar.max : j.done;
        if (j.error) {
          var err = document.getElementById("job-error");
          err.textContent = j.error;
          err.hidden = false;
        }
        if (j.status === "done" && j.result && j.result.next) {
          // Stored; clustering follows as its own job: keep watching there.
          window.location.replace("/jobs/" + j.result.next);
          return false;
        }
        if (j.status === "done" || j.status === "failed") {
          var box = document.getElementById("job-result");
          while (box.firstChild) { box.removeChild(box.firstChild); }
          var stories = (j.result && j.result.stories) || [];
          if (stories.length) {
            var p = document.createElement("p");
            p.textContent = stories.length === 1 ? "Story that changed:" : "Stories that changed:";
            box.appendChild(p);
            var ul = document.createElement("ul");
            stories.forEach(function (s) {
              var li = document.createElement("li");
              var a = document.createElement("a");
              a.href = "/stories/" + encodeURIComponent(s);
              a.textContent = "story " + s;
              a.className = "story-link";
              li.appendChild(a);
              ul.appendChild(li);
            });
            box.appendChild(ul);
          }
          if (j.result && j.result.story) {
            var link = document.createElement("a");
            link.href = "/stories/" + encodeURIComponent(j.result.story);
            link.textContent = "Open story " + j.result.story;
            link.className = "story-link";
            box.appendChild(link);
          }
          return false;
        }
        return true;
      });
    });
  }

  // A story page: show analysis progress; offer the new analysis when it lands.
  var story = document.getElementById("story");
  if (story) {
    var sid = story.getAttribute("data-story");
    var built = story.getAttribute("data-built");
    every(2000, function () {
      return getJSON("/api/stories/" + encodeURIComponent(sid)).then(function (s) {
        if (!s) { return true; }
        var status = document.getElementById("analysis-status");
        var progress = document.getElementById("analysis-progress");
        if (String(s.report_built || "") !== built && s.report_fresh) {
          if (!built) { window.location.reload(); return false; }
          document.getElementById("story-updated").hidden = false;
          status.hidden = true;
          return false;
        }
        status.hidden = s.report_fresh;
        if (s.pending_job) {
          getJSON("/api/jobs/" + s.pending_job).then(function (j) {
            if (j) { progress.textContent = j.step + (j.total ? " " + j.done + "/" + j.total : ""); }
          });
        }
        return true;
      });
    });
  }

  // The stories list: say when stories changed since the page loaded.
  var count = document.getElementById("stories-count");
  if (count) {
    var top = count.getAttribute("data-top");
    every(3000, function () {
      return getJSON("/api/stories?per_page=1&sort=recent").then(function (r) {
        if (!r) { return true; }
        var now = r.stories.length ? r.stories[0].updated_at : "";
        if (now !== top) {
          if (!top) { window.location.reload(); return false; }
          document.getElementById("new-stories").hidden = false;
          return false;
        }
        return true;
      });
    });
  }

  // Side-by-side pair picker keeps its place in the URL hash.
  var pair = document.getElementById("pair");
  if (pair && window.location.hash.indexOf("#pair-") === 0) {
    pair.value = window.location.hash.slice(6);
    pair.dispatchEvent(new Event("change"));
  }
})();
