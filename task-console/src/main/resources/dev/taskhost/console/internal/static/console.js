// taskhost console: refreshes counts, charts, the live hosts and a task's state from the JSON API
// while the tab is visible. Every value goes in through textContent, setAttribute or DOM nodes built
// here, never as markup.
(function () {
  "use strict";
  var REFRESH_MS = 2000;
  var base = document.body.getAttribute("data-base") || "";
  var timer = null;

  // A sign-in link (TaskConsole.signInLink) carries the token in its fragment, which the browser
  // never sends: fill the form with it, drop it from the address bar and history, and sign in.
  var signin = document.querySelector("main.signin form");
  if (signin) {
    if (location.hash.indexOf("#token=") === 0) {
      signin.querySelector("input[name=token]").value = decodeURIComponent(location.hash.substring(7));
      history.replaceState(null, "", location.pathname);
      signin.submit();
    }
    return;
  }

  function getJson(path) {
    return fetch(path, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); });
  }

  function setText(el, text) {
    if (el.textContent !== String(text)) { el.textContent = String(text); }
  }

  function points(series, max) {
    var out = [];
    for (var i = 0; i < series.length; i++) {
      out.push((i * 2) + "," + (29 - Math.round(series[i] * 27 / max)));
    }
    return out.join(" ");
  }

  function updateQueueRow(row, q, tracked) {
    row.querySelectorAll("[data-count]").forEach(function (el) {
      var n = q.counts[el.getAttribute("data-status")];
      if (n !== undefined) { setText(el, n); }
    });
    row.querySelectorAll("[data-paused]").forEach(function (el) { setText(el, q.paused ? "paused" : "active"); });
    if (tracked) {
      row.querySelectorAll("[data-no-live-host]").forEach(function (el) { el.hidden = q.liveHosts.length > 0; });
    }
    if (q.activity) {
      var max = 1;
      ["starts", "completions", "failures"].forEach(function (k) {
        q.activity[k].forEach(function (n) { if (n > max) { max = n; } });
      });
      row.querySelectorAll("polyline[data-series]").forEach(function (line) {
        var series = q.activity[line.getAttribute("data-series")];
        if (series) { line.setAttribute("points", points(series, max)); }
      });
    }
  }

  function refreshQueues() {
    var rows = document.querySelectorAll("[data-owner][data-queue]");
    if (rows.length === 0) { return Promise.resolve(); }
    return getJson(base + "/api/overview").then(function (data) {
      rows.forEach(function (row) {
        var owner = row.getAttribute("data-owner");
        var queue = row.getAttribute("data-queue");
        data.queues.forEach(function (q) { if (q.owner === owner && q.name === queue) { updateQueueRow(row, q, data.hostsTracked); } });
      });
    });
  }

  // As Paths.segment on the server: every byte but the unreserved ones percent-encoded.
  function segment(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = String(text); }
    return node;
  }

  function clear(node) {
    while (node.firstChild) { node.removeChild(node.firstChild); }
  }

  // Rebuilds a cell from DOM nodes when what it shows has changed (its key), and only then.
  function fill(td, key, build) {
    if (td.getAttribute("data-key") === key) { return; }
    clear(td);
    build(td);
    td.setAttribute("data-key", key);
  }

  function hostRow(host) {
    var row = el("tr", { "data-host": host.id });
    row.appendChild(el("td", { "data-host-field": "name" }));
    row.appendChild(el("td", { "class": "num", "data-host-field": "pid" }));
    row.appendChild(el("td", { "data-host-field": "startedAt" }));
    row.appendChild(el("td", { "data-host-field": "lastSeen" }));
    row.appendChild(el("td", { "data-host-field": "runs" }));
    return row;
  }

  function updateHostRow(row, host) {
    row.querySelectorAll("[data-host-field]").forEach(function (td) {
      var field = td.getAttribute("data-host-field");
      if (field === "name") {
        fill(td, JSON.stringify([host.name, host.thisHost]), function (cell) {
          cell.appendChild(document.createTextNode(host.name));
          if (host.thisHost) {
            cell.appendChild(document.createTextNode(" "));
            cell.appendChild(el("span", { "class": "badge" }, "this host"));
          }
        });
      } else if (field === "runs") {
        fill(td, JSON.stringify(host.runs), function (cell) {
          if (host.runs.length === 0) {
            cell.appendChild(el("span", { "class": "hint" }, "no queue"));
            return;
          }
          var list = el("ul", { "class": "runs" });
          host.runs.forEach(function (run) {
            var item = el("li", {});
            item.appendChild(el("a", { "href": base + "/owners/" + segment(run.owner) + "/queues/" + segment(run.queue) },
              run.owner + " / " + run.queue));
            item.appendChild(document.createTextNode(" (" + run.running + ")"));
            list.appendChild(item);
          });
          cell.appendChild(list);
        });
      } else if (host[field] !== undefined && host[field] !== null) {
        setText(td, host[field]);
      }
    });
  }

  // The hosts section: rows kept by host id, changed in place, added and removed as hosts come and
  // go, in the order the API gives; the table or the no-host hint shown.
  function refreshHosts() {
    var table = document.querySelector("table[data-hosts]");
    if (!table) { return Promise.resolve(); }
    return getJson(base + "/api/hosts").then(function (data) {
      if (!data.tracked) { return; }
      var body = table.tBodies[0];
      var rows = {};
      Array.prototype.forEach.call(body.rows, function (row) { rows[row.getAttribute("data-host")] = row; });
      var keep = {};
      data.hosts.forEach(function (host, i) {
        var row = Object.prototype.hasOwnProperty.call(rows, host.id) ? rows[host.id] : hostRow(host);
        keep[host.id] = true;
        updateHostRow(row, host);
        if (body.rows[i] !== row) { body.insertBefore(row, body.rows[i] || null); }
      });
      Array.prototype.slice.call(body.rows).forEach(function (row) {
        if (!Object.prototype.hasOwnProperty.call(keep, row.getAttribute("data-host"))) { body.removeChild(row); }
      });
      table.hidden = data.hosts.length === 0;
      var none = document.querySelector("[data-no-hosts]");
      if (none) { none.hidden = data.hosts.length > 0; }
    });
  }

  function refreshTask() {
    var holder = document.querySelector("[data-task-api]");
    if (!holder) { return Promise.resolve(); }
    return getJson(holder.getAttribute("data-task-api")).then(function (t) {
      var status = t.status.toLowerCase();
      holder.querySelectorAll("[data-task-field]").forEach(function (el) {
        var field = el.getAttribute("data-task-field");
        if (field === "status") {
          setText(el, status);
          el.setAttribute("class", "status " + status);
        } else if (field === "percent") {
          el.setAttribute("value", t.progress ? t.progress.percent : 0);
        } else if (field === "note") {
          setText(el, t.progress ? t.progress.percent + "% " + t.progress.note : "no report");
        } else if (field === "readyAt") {
          setText(el, t.readyAt || "");
        } else if (t[field] !== undefined && t[field] !== null) {
          setText(el, t[field]);
        }
      });
      // The actions shown were those of the status the page was rendered with: once it changed,
      // they are hidden, and a reload shows the right ones.
      var actions = holder.querySelector("[data-task-actions]");
      var stale = holder.querySelector("[data-task-stale]");
      if (actions && actions.getAttribute("data-status") !== status) {
        actions.hidden = true;
        if (stale) { stale.hidden = false; }
      }
    });
  }

  function tick() {
    timer = null;
    if (document.visibilityState !== "visible") { return; }
    Promise.all([refreshQueues(), refreshHosts(), refreshTask()])
      .catch(function () { /* a failed refresh is tried again on the next tick */ })
      .then(schedule);
  }

  function schedule() {
    if (timer === null && document.visibilityState === "visible") { timer = setTimeout(tick, REFRESH_MS); }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { tick(); }
  });
  schedule();
})();
