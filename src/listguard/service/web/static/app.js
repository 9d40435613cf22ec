/* listguard web: the little the pages cannot do alone. No framework, no CDN. */
(function () {
  "use strict";
  var csrf = function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  };
  var typing = function (el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  };

  /* Search as you type: the server renders the results list; the newest answer wins. */
  function search() {
    var input = document.getElementById("q"), box = document.getElementById("results");
    if (!input || !box) return;
    var timer = null, asked = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var n = ++asked, q = input.value;
        var url = "/suggest?q=" + encodeURIComponent(q);
        fetch(url, {headers: {"X-Requested-With": "fetch"}, credentials: "same-origin"})
          .then(function (r) {
            if (r.status === 401) return '<p class="error" role="alert">Your session has ended: <a href="/login?next=%2F">sign in again</a>.</p>';
            return r.ok ? r.text() : "";
          })
          .then(function (html) {
            if (n !== asked) return;
            box.innerHTML = html;
            box.setAttribute("data-q", q);
            history.replaceState(null, "", q ? "/?q=" + encodeURIComponent(q) : "/");
          });
      }, 90);
    });
    input.addEventListener("keydown", function (ev) {
      var links = box.querySelectorAll(".result-link");
      if (!links.length) return;
      if (ev.key === "ArrowDown") { ev.preventDefault(); links[0].focus(); }
    });
    box.addEventListener("keydown", function (ev) {
      var links = Array.prototype.slice.call(box.querySelectorAll(".result-link"));
      var i = links.indexOf(document.activeElement);
      if (i < 0) return;
      if (ev.key === "ArrowDown" && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
      if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
    });
  }

  /* Entity page: "as known now" clears the known-at fields and answers again. */
  function entity() {
    var clear = document.getElementById("clear-known");
    if (clear) clear.addEventListener("click", function () {
      clear.getAttribute("data-clear").split(" ").forEach(function (id) {
        var el = document.getElementById(id); if (el) el.value = "";
      });
      document.getElementById("when-form").submit();
    });
    var detail = document.getElementById("marker-detail");
    if (!detail) return;
    var show = function (ev) {
      var g = ev.target.closest ? ev.target.closest(".mk") : null;
      if (!g) return;
      detail.textContent = g.getAttribute("data-date") + " · " + g.getAttribute("data-list") + " · " +
        g.getAttribute("data-kind") + (g.getAttribute("data-note") ? " (" + g.getAttribute("data-note") + ")" : "") +
        " — " + g.getAttribute("data-citation");
    };
    var svg = document.getElementById("timeline");
    svg.addEventListener("mouseover", show);
    svg.addEventListener("focusin", show);
  }

  /* A screening job: follow its progress, then open its review queue. */
  function progress() {
    var job = document.getElementById("job");
    if (!job) return;
    var id = job.getAttribute("data-job"), bar = document.getElementById("bar"),
        said = document.getElementById("job-status");
    var poll = function () {
      fetch("/screen/" + id + "/progress", {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (j) {
          bar.value = j.progress || 0;
          said.textContent = j.status + (j.rows ? ": " + j.done + " of " + j.rows + " rows" : "");
          if (j.status === "done") { location.replace("/screen/" + id); return; }
          if (j.status === "failed") { said.textContent = "failed: " + (j.error || ""); return; }
          setTimeout(poll, 400);
        })
        .catch(function () { setTimeout(poll, 1500); });
    };
    if (job.getAttribute("data-status") !== "failed") setTimeout(poll, 200);
  }

  /* The review queue: decide without leaving the page; keyboard shortcuts. */
  function queue() {
    var list = document.getElementById("queue");
    if (!list) return;
    var cards = function () { return Array.prototype.slice.call(list.querySelectorAll(".hit")); };
    var current = null;
    var select = function (card) {
      if (!card) return;
      if (current) current.classList.remove("current");
      current = card; card.classList.add("current"); card.focus({preventScroll: true});
      card.scrollIntoView({block: "nearest"});
    };
    list.addEventListener("focusin", function (ev) {
      var card = ev.target.closest(".hit");
      if (card && card !== current) { if (current) current.classList.remove("current"); current = card; card.classList.add("current"); }
    });
    var send = function (form, decision) {
      var data = new FormData(form);
      data.set("decision", decision);
      var card = form.closest(".hit");
      card.setAttribute("aria-busy", "true");
      fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                          headers: {"X-Requested-With": "fetch", "X-CSRF-Token": csrf()}})
        .then(function (r) { return r.text().then(function (t) { return {ok: r.ok, text: t}; }); })
        .then(function (res) {
          if (!res.ok) { card.removeAttribute("aria-busy"); alert("Not saved: " + res.text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300)); return; }
          var holder = document.createElement("ol"); holder.innerHTML = res.text.trim();
          var fresh = holder.firstElementChild;
          card.replaceWith(fresh);
          var all = cards(), i = all.indexOf(fresh);
          select(all[i + 1] || fresh);
        });
    };
    list.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var button = ev.submitter || ev.target.querySelector("button[name=decision]");
      send(ev.target, button.value);
    });
    document.addEventListener("keydown", function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (typing(document.activeElement)) {
        if (ev.key === "Escape") { var c = document.activeElement.closest(".hit"); if (c) select(c); }
        return;
      }
      var all = cards(), i = all.indexOf(current);
      var form = current ? current.querySelector("form.decide") : null;
      var decisions = {c: "cleared", f: "confirmed", e: "escalated"};
      if (ev.key === "j") { ev.preventDefault(); select(all[Math.min(all.length - 1, i + 1)]); }
      else if (ev.key === "k") { ev.preventDefault(); select(all[Math.max(0, i - 1)]); }
      else if (decisions[ev.key] && form) { ev.preventDefault(); send(form, decisions[ev.key]); }
      else if (ev.key === "/" && form) { ev.preventDefault(); form.querySelector(".comment").focus(); }
      else if (ev.key === "n" || ev.key === "p") {
        var a = document.querySelector(ev.key === "n" ? ".pager a.next" : ".pager a.prev");
        if (a) location.href = a.href;
      }
    });
    select(cards()[0]);
  }

  document.addEventListener("DOMContentLoaded", function () {
    search(); entity(); progress(); queue();
  });
})();
