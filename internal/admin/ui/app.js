// mockekyc web UI: plain JavaScript over the admin API. Every value that
// comes from the journal is vendor traffic, i.e. anyone's input: it is only
// ever put in the page as text (textContent), never as HTML.
"use strict";

const API = "/__admin";
const state = { vendors: [], catalogue: null, stream: null, entries: new Map(), selected: null };

// ---------- small helpers ----------

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const $ = (sel, root) => (root || document).querySelector(sel);

function token() { return sessionStorage.getItem("mockekyc-token") || ""; }

function headers(extra) {
  const h = Object.assign({}, extra || {});
  if (token()) h["Authorization"] = "Bearer " + token();
  return h;
}

class APIError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

// The endpoints every workspace has (the default one's at /__admin/...,
// a workspace's under /__admin/workspaces/{id}/...): the views read the
// selected workspace's.
const SCOPED = /^\/(requests|scenarios|accounts|reset|coverage|clock)(\/|\?|$)/;

function scoped(path) {
  const ws = state.workspace;
  return ws && SCOPED.test(path) ? "/workspaces/" + encodeURIComponent(ws) + path : path;
}

// api calls the admin API and returns the decoded JSON (null for 204).
async function api(path, opts) {
  opts = opts || {};
  const res = await fetch(API + scoped(path), Object.assign({}, opts, { headers: headers(opts.headers) }));
  if (res.status === 401) { askToken(); throw new APIError(401, "the admin API needs its token"); }
  if (res.status === 204) return null;
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (_) { body = { error: text }; }
  if (!res.ok) throw new APIError(res.status, (body && body.error) || res.statusText);
  return body;
}

function banner(msg) {
  const b = $("#banner");
  b.textContent = msg || "";
  b.hidden = !msg;
}

function report(err) {
  if (err && err.status === 401) return;
  banner(String(err && err.message ? err.message : err));
}

function askToken() {
  $("#token-form").hidden = false;
  $("#token").focus();
}

function fmtTime(s) {
  const d = new Date(s);
  return isNaN(d) ? s : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

function kv(obj) {
  const keys = Object.keys(obj || {}).sort();
  if (!keys.length) return el("p", { class: "muted", text: "none" });
  return el("table", { class: "kv" }, el("tbody", {}, keys.map(k =>
    el("tr", {}, el("th", { scope: "row", text: k }), el("td", {}, el("code", { text: obj[k] }))))));
}

function pretty(raw) {
  if (raw === undefined || raw === null) return "";
  try { return JSON.stringify(typeof raw === "string" ? JSON.parse(raw) : raw, null, 2); } catch (_) { return String(raw); }
}

function fillVendorSelect(select, withAny, anyLabel) {
  const keep = select.value;
  select.textContent = "";
  if (withAny) select.append(el("option", { value: "", text: anyLabel || "any" }));
  for (const v of state.vendors) select.append(el("option", { value: v.name, text: v.title }));
  if (keep) select.value = keep;
}

// ---------- views and routing ----------

const views = { journal: showJournal, coverage: showCoverage, scenarios: showScenarios, catalogue: showCatalogue, people: showPeople };

function route() {
  const name = (location.hash || "#journal").slice(1).split("/")[0];
  const view = views[name] ? name : "journal";
  for (const s of document.querySelectorAll(".view")) s.hidden = s.id !== "view-" + view;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  banner("");
  if (view !== "journal") stopStream();
  views[view]().catch(report);
}

async function boot() {
  $("#token-form").addEventListener("submit", e => {
    e.preventDefault();
    sessionStorage.setItem("mockekyc-token", $("#token").value.trim());
    $("#token-form").hidden = true;
    start();
  });
  wireForms();
  window.addEventListener("hashchange", route);
  $("#workspace").addEventListener("change", e => {
    state.workspace = e.target.value;
    const u = new URL(location.href);
    if (state.workspace) u.searchParams.set("ws", state.workspace); else u.searchParams.delete("ws");
    history.replaceState(null, "", u);
    $("#detail").hidden = true;
    tickClock();
    route();
  });
  start();
}

async function start() {
  try {
    const h = await api("/health");
    state.vendors = h.vendors || [];
    $("#version").textContent = h.version ? "mockekyc " + h.version : "";
    for (const s of document.querySelectorAll("select[name=vendor]")) {
      fillVendorSelect(s, s.closest("#coverage-filter") === null, s.closest("#catalogue-filter") ? "all" : "any");
    }
    await loadWorkspaces();
    tickClock();
    route();
  } catch (err) { report(err); }
}

// loadWorkspaces fills the workspace picker (GET /__admin/workspaces);
// the choice is kept in the URL's ?ws= so a link shows the same view.
async function loadWorkspaces() {
  const sel = $("#workspace");
  const want = new URLSearchParams(location.search).get("ws") || "";
  try {
    const l = await api("/workspaces");
    sel.textContent = "";
    sel.append(el("option", { value: "", text: "default" }));
    for (const w of l.workspaces || []) sel.append(el("option", { value: w.id, text: w.id }));
  } catch (err) { if (err.status !== 404) throw err; }
  sel.value = want;
  state.workspace = sel.value;
}

async function tickClock() {
  try {
    const c = await api("/clock");
    $("#clock").textContent = "mock clock " + fmtTime(c.now) + (c.offset && c.offset !== "0s" ? " (" + c.offset + ")" : "");
    $("#clock-now").textContent = fmtTime(c.now);
    $("#clock-offset").textContent = c.offset && c.offset !== "0s" ? "offset " + c.offset : "real time";
  } catch (_) { /* reported elsewhere */ }
}

// ---------- journal ----------

function journalQuery() {
  const f = new FormData($("#journal-filter"));
  const q = new URLSearchParams();
  for (const [k, v] of f) if (String(v).trim()) q.set(k, String(v).trim());
  return q;
}

async function showJournal() {
  const tbody = $("#journal-table tbody");
  tbody.textContent = "";
  state.entries.clear();
  $("#journal-empty").hidden = false;
  startStream(journalQuery());
  const id = (location.hash.split("/")[1] || "");
  if (id) openDetail(Number(id));
}

function stopStream() {
  if (state.stream) { state.stream.abort(); state.stream = null; }
  $("#live").textContent = "";
}

// startStream reads GET /__admin/requests/stream with fetch (not
// EventSource, which cannot send the admin token), reconnecting with the
// last id seen so that no entry is missed or repeated.
function startStream(q) {
  stopStream();
  const ctl = new AbortController();
  state.stream = ctl;
  let last = "";
  const run = async () => {
    while (!ctl.signal.aborted) {
      try {
        const qq = new URLSearchParams(q);
        if (last) qq.set("since", last);
        const res = await fetch(API + scoped("/requests/stream?" + qq), { headers: headers(), signal: ctl.signal });
        if (res.status === 401) { askToken(); return; }
        if (res.status === 503) {
          // The mock holds as many streams as it keeps: wait as it says.
          $("#live").textContent = "waiting for a free stream…";
          await new Promise(r => setTimeout(r, 1000 * (Number(res.headers.get("Retry-After")) || 5)));
          continue;
        }
        if (!res.ok) { const b = await res.json().catch(() => ({})); banner(b.error || res.statusText); return; }
        $("#live").textContent = "live";
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            const block = buf.slice(0, i); buf = buf.slice(i + 2);
            let data = "", id = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("data: ")) data += line.slice(6);
              else if (line.startsWith("id: ")) id = line.slice(4);
            }
            if (data) { addEntry(JSON.parse(data)); if (id) last = id; }
          }
        }
      } catch (err) {
        if (ctl.signal.aborted) return;
      }
      $("#live").textContent = "reconnecting…";
      await new Promise(r => setTimeout(r, 1000));
    }
  };
  run();
}

const whyText = {
  natural: "The vendor logic answered from the request itself.",
  auth: "The credential check decided (key, signature or token).",
  admission: "The ledger refused: balance, quota or rate limit.",
  scenario: "A scenario rule matched.",
  marker: "A marker embedded in an image decided.",
  fault: "A fault was injected.",
  panic: "The handler failed; the vendor's internal error was answered.",
  routing: "No endpoint: unknown path or wrong method.",
  busy: "The bodies in flight held the whole body budget.",
};

function addEntry(e) {
  state.entries.set(e.id, e);
  $("#journal-empty").hidden = true;
  const tr = el("tr", {
    tabindex: 0, "data-id": e.id, class: e.status >= 400 ? "bad" : "",
    onclick: () => openDetail(e.id),
    onkeydown: ev => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); openDetail(e.id); } },
  },
    el("td", { text: e.id }), el("td", { title: fmtTime(e.time) }, el("time", { datetime: e.time, text: fmtTime(e.time).slice(11, 19) })), el("td", { text: e.vendor }),
    el("td", { text: e.endpoint || e.method + " " + e.path }), el("td", { text: e.status }),
    el("td", {}, el("code", { text: e.code || "" })), el("td", { text: e.why }), el("td", { class: "cred", title: e.credential || "", text: e.credential || "" }));
  $("#journal-table tbody").prepend(tr);
}

async function openDetail(id) {
  let e = state.entries.get(id);
  try { e = await api("/requests/" + id); } catch (err) { if (!e) { report(err); return; } }
  state.selected = id;
  for (const r of document.querySelectorAll("#journal-table tr[aria-selected]")) r.removeAttribute("aria-selected");
  const row = $(`#journal-table tr[data-id="${id}"]`);
  if (row) row.setAttribute("aria-selected", "true");
  const d = $("#detail");
  d.textContent = "";
  d.hidden = false;
  d.append(
    el("h3", {}, "#" + e.id + " ", el("code", { text: e.method + " " + (e.host || "") + e.path + (e.query ? "?" + e.query : "") })),
    el("p", { class: "answer" }, el("span", { class: "pill " + (e.status >= 400 ? "bad" : "good"), text: "HTTP " + e.status }), " ",
      el("code", { text: e.code || "(no code)" }), e.message ? " — " + e.message : "", e.charged ? " · charged" : " · free"),
    el("h4", { text: "Why this answer" }),
    el("p", {}, el("strong", { text: e.why }), ": " + (whyText[e.why] || ""), e.rule ? el("span", {}, " Rule ", el("code", { text: e.rule }), ".") : "",
      e.fault ? el("span", {}, " Fault ", el("code", { text: e.fault }), ".") : ""),
  );
  const notes = e.notes || {};
  if (notes.canonical_request || notes.signed_string) {
    const sent = {};
    for (const [k, v] of Object.entries(e.request_headers || {})) {
      if (/authorization|signature|date|access|token|key/i.test(k)) sent[k] = v;
    }
    d.append(el("div", { class: "compare" },
      el("div", {}, el("h4", { text: "The mock computed" }),
        el("pre", { text: notes.canonical_request || notes.signed_string }),
        notes.signed_headers ? el("p", {}, "Signed headers: ", el("code", { text: notes.signed_headers })) : ""),
      el("div", {}, el("h4", { text: "The client sent" }), kv(sent))));
  }
  if (Object.keys(notes).length) d.append(el("h4", { text: "Notes" }), kv(notes));
  d.append(el("h4", { text: "Request headers" }), kv(e.request_headers));
  d.append(el("h4", { text: "Fields" }), kv(e.fields));
  if ((e.images || []).length) {
    d.append(el("h4", { text: "Images" }), el("div", { class: "images" }, e.images.map(img =>
      el("figure", { class: "image" },
        thumb(img),
        el("figcaption", {},
          el("strong", { text: img.field }), el("br"),
          (img.format || "unknown") + (img.width ? " " + img.width + "×" + img.height : "") + ", " + img.size.toLocaleString() + " bytes", el("br"),
          el("code", { class: "digest", title: "SHA-256", text: img.digest }),
          img.marker ? el("div", {}, "marker ", el("code", { text: Object.entries(img.marker).map(([k, v]) => k + "=" + v).join("; ") })) : "")))));
  }
  d.append(el("h4", { text: "Answer" + (e.response_truncated ? " (cut)" : "") }), el("pre", { class: "json", text: pretty(e.response) }));
  if ((e.events || []).length) {
    d.append(el("h4", { text: "After the answer" }), el("ul", {}, e.events.map(ev =>
      el("li", {}, el("span", { class: "pill " + (ev.ok ? "good" : "bad"), text: ev.ok ? "ok" : "failed" }), " " + fmtTime(ev.time) + " " + ev.kind + (ev.detail ? ": " + ev.detail : "")))));
  }
  d.focus && d.setAttribute("tabindex", "-1");
}

// thumb is an image's thumbnail from /__admin/thumbs (made while the UI
// watches), or a tile with its format when there is none.
function thumb(img) {
  const box = el("div", { class: "thumb", text: (img.format || "?").toUpperCase() });
  if (img.digest && /^[0-9a-f]{64}$/.test(img.digest)) {
    fetch(API + "/thumbs/" + img.digest, { headers: headers() }).then(async res => {
      if (!res.ok) return;
      const url = URL.createObjectURL(await res.blob());
      box.textContent = "";
      box.classList.add("has-img");
      box.append(el("img", { src: url, alt: img.field + " thumbnail" }));
    }).catch(() => {});
  }
  return box;
}

// ---------- coverage ----------

async function catalogue() {
  if (!state.catalogue) state.catalogue = await api("/catalogue");
  return state.catalogue;
}

async function showCoverage() {
  const form = $("#coverage-filter");
  if (!form.vendor.value && state.vendors.length) form.vendor.value = state.vendors[0].name;
  const q = new URLSearchParams({ vendor: form.vendor.value });
  if (form.credential.value.trim()) q.set("credential", form.credential.value.trim());
  const [cov, cat] = await Promise.all([api("/coverage?" + q), catalogue()]);
  $("#coverage-summary").textContent = `${cov.answered} of ${cov.documented} documented answers met (${cov.percent.toFixed(1)}%)` + (cov.credential ? " for " + cov.credential : "") + ".";
  const body = $("#coverage-body");
  body.textContent = "";
  for (const ep of cov.endpoints) {
    const meta = cat.endpoints.find(c => c.vendor === ep.vendor && c.operation_id === ep.operation_id) || { answers: [] };
    const rows = ep.documented.map(code => {
      const n = (ep.answered || {})[code] || 0;
      const ans = meta.answers.find(a => a.code === code) || {};
      return el("tr", { class: n ? "met" : "missing", "data-endpoint": ep.operation_id, "data-code": code },
        el("td", {}, el("code", { text: code })), el("td", { text: ans.http_status || "" }),
        el("td", { text: n ? "met ×" + n : "missing" }),
        el("td", { text: n ? "" : (ans.trigger || "") }),
        el("td", {}, n ? "" : el("button", { type: "button", class: "secondary", onclick: ev => forceOnce(ev.target, ep, code) }, "Force once")));
    });
    body.append(el("details", { open: ep.missing.length > 0 },
      el("summary", {}, el("strong", { text: ep.operation_id }), ` ${meta.method || ""} ${meta.path || ""} — ${ep.documented.length - ep.missing.length}/${ep.documented.length}`),
      el("table", { class: "coverage" }, el("thead", {}, el("tr", {}, ["Code", "HTTP", "", "How to trigger", ""].map(h => el("th", { text: h })))), el("tbody", {}, rows))));
  }
}

async function forceOnce(button, ep, code) {
  const rule = { name: `ui-force-${ep.operation_id}-${code}`, vendor: ep.vendor, endpoint: ep.operation_id, respond: { code }, times: 1, match: {} };
  const cred = $("#coverage-filter").credential.value.trim();
  if (cred) rule.match.credential = cred;
  try {
    const st = await api("/scenarios", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(rule) });
    button.replaceWith(el("span", { class: "pill good", text: "rule " + st.id + " armed: the next call answers " + code }));
  } catch (err) { report(err); }
}

// ---------- scenarios ----------

async function showScenarios() {
  const list = await api("/scenarios");
  const box = $("#scenario-list");
  box.textContent = "";
  const groups = {};
  for (const r of list.scenarios) (groups[r.group] = groups[r.group] || []).push(r);
  const order = ["admin", "directory", "shipped"];
  for (const g of Object.keys(groups).sort((a, b) => order.indexOf(a) - order.indexOf(b))) {
    box.append(el("h3", { text: g + " rules (" + groups[g].length + ")" }),
      el("div", { class: "table-wrap" }, el("table", {}, el("thead", {}, el("tr", {}, ["Id", "Name", "Vendor", "Endpoint", "Match", "Respond", "Hits", "Left", "Source", ""].map(h => el("th", { text: h })))),
        el("tbody", {}, groups[g].map(r => el("tr", {},
          el("td", {}, el("code", { text: r.id })), el("td", { text: r.name }), el("td", { text: r.vendor || "any" }), el("td", { text: r.endpoint || "any" }),
          el("td", {}, el("code", { text: JSON.stringify(r.match) })), el("td", {}, el("code", { text: JSON.stringify(r.respond) })),
          el("td", { text: r.hits }), el("td", { text: r.remaining === undefined ? "∞" : r.remaining }), el("td", { text: r.source || "" }),
          el("td", {}, g === "admin" ? el("button", { type: "button", class: "secondary", onclick: () => removeRule(r.id) }, "Remove") : "")))))));
  }
  if (!list.scenarios.length) box.append(el("p", { class: "muted", text: "No rules." }));
}

async function removeRule(id) {
  try { await api("/scenarios/" + encodeURIComponent(id), { method: "DELETE" }); await showScenarios(); } catch (err) { report(err); }
}

// ---------- catalogue ----------

async function showCatalogue() {
  const cat = await catalogue();
  const form = $("#catalogue-filter");
  const vendor = form.vendor.value, q = form.q.value.trim().toLowerCase();
  const body = $("#catalogue-body");
  body.textContent = "";
  for (const ep of cat.endpoints) {
    if (vendor && ep.vendor !== vendor) continue;
    const answers = ep.answers.filter(a => !q || [a.code, a.message, ep.path, ep.operation_id].join(" ").toLowerCase().includes(q));
    if (!answers.length) continue;
    body.append(el("details", {},
      el("summary", {}, el("strong", { text: ep.vendor + " " + ep.operation_id }), " ", el("code", { text: ep.method + " " + ep.path }), " ",
        el("span", { class: "pill ev-" + ep.evidence, text: ep.evidence })),
      ep.summary ? el("p", { text: ep.summary }) : "", ep.source ? el("p", { class: "muted" }, "Source: ", el("code", { text: ep.source })) : "",
      el("div", { class: "table-wrap" }, el("table", {}, el("thead", {}, el("tr", {}, ["HTTP", "Code", "Message", "Billing", "Evidence", "Trigger"].map(h => el("th", { text: h })))),
        el("tbody", {}, answers.map(a => el("tr", {},
          el("td", { text: a.http_status }), el("td", {}, el("code", { text: a.code })), el("td", { text: a.message || "" }),
          el("td", { text: a.billing }), el("td", {}, el("span", { class: "pill ev-" + a.evidence, text: a.evidence })), el("td", { text: a.trigger }))))))));
  }
}

// ---------- people, clock, accounts ----------

async function showPeople() {
  await tickClock();
  const acc = await api("/accounts");
  const box = $("#accounts");
  box.textContent = "";
  box.append(el("div", { class: "table-wrap" }, el("table", {}, el("thead", {}, el("tr", {}, ["Vendor", "Account", "Mode", "Spent", "Remaining", "Calls", "Quota"].map(h => el("th", { text: h })))),
    el("tbody", {}, acc.accounts.map(a => el("tr", {},
      el("td", { text: a.vendor }), el("td", {}, el("code", { text: a.id })), el("td", { text: a.mode || "" }), el("td", { text: a.spent }),
      el("td", { text: a.remaining === null ? "unlimited" : a.remaining }), el("td", { text: a.answered_calls }),
      el("td", { text: a.quota === null ? "none" : a.quota_used + "/" + a.quota + " " + a.quota_period })))))));
}

async function lookUp(nik) {
  const box = $("#person");
  box.textContent = "";
  try {
    const p = await api("/identity/" + encodeURIComponent(nik));
    const rows = {};
    for (const [k, v] of Object.entries(p)) rows[k] = k === "birth_date" ? String(v).slice(0, 10) : String(v);
    const figure = el("figure", { class: "ktp" });
    box.append(el("h4", { text: p.name }), figure, kv(rows));
    const res = await fetch(API + "/fixture?nik=" + encodeURIComponent(nik), { headers: headers() });
    if (!res.ok) throw new APIError(res.status, "fixture: " + res.statusText);
    const url = URL.createObjectURL(await res.blob());
    figure.append(
      el("img", { src: url, alt: "KTP test image the mock reads as " + p.name, width: 320 }),
      el("figcaption", {}, "The mock reads this image as ", el("strong", { text: p.name }), ". ",
        el("a", { href: url, download: "ktp-" + nik + ".jpg" }, "Download")));
  } catch (err) { box.append(el("p", { class: "error", role: "alert", text: err.message })); }
}

// ---------- forms ----------

function wireForms() {
  $("#journal-filter").addEventListener("submit", e => { e.preventDefault(); showJournal(); });
  $("#journal-clear").addEventListener("click", async () => {
    try { await api("/requests", { method: "DELETE" }); showJournal(); $("#detail").hidden = true; } catch (err) { report(err); }
  });
  $("#coverage-filter").addEventListener("submit", e => { e.preventDefault(); showCoverage().catch(report); });
  $("#catalogue-filter").addEventListener("input", () => showCatalogue().catch(report));
  $("#catalogue-filter").addEventListener("submit", e => e.preventDefault());
  $("#scenario-form").addEventListener("submit", async e => {
    e.preventDefault();
    const out = $("#scenario-error");
    out.hidden = true;
    try {
      await api("/scenarios", { method: "POST", headers: { "Content-Type": "application/yaml" }, body: $("#scenario-yaml").value });
      await showScenarios();
    } catch (err) { out.textContent = err.message; out.hidden = false; }
  });
  $("#person-form").addEventListener("submit", e => { e.preventDefault(); lookUp(e.target.nik.value.trim()); });
  $("#clock-form").addEventListener("submit", async e => {
    e.preventDefault();
    try { await api("/clock", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance: e.target.advance.value.trim() }) }); await tickClock(); } catch (err) { report(err); }
  });
  $("#clock-reset").addEventListener("click", async () => {
    try { await api("/clock", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reset: true }) }); await tickClock(); } catch (err) { report(err); }
  });
  $("#reset-all").addEventListener("click", async () => {
    if (!confirm("Reset the journal, spend, admin rules, vendor state and the clock?")) return;
    try { await api("/reset", { method: "POST" }); await showPeople(); } catch (err) { report(err); }
  });
}

boot();
