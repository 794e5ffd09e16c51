// Dex local console. Plain JavaScript, no build step, no external resources.
// Talks only to Dex.Local's own API (same origin). Every piece of server text goes through textContent.
"use strict";

(() => {
  const FINAL = new Set(["completed", "denied", "expired", "failed", "cancelled"]);
  const STATUS_TEXT = {
    planning: "Planning",
    needs_clarification: "Needs your answer",
    awaiting_approval: "Awaiting approval",
    executing: "Executing",
    completed: "Completed",
    allow: "Allow",
    approval_required: "Approval required",
    denied: "Denied",
    expired: "Expired",
    failed: "Failed",
    cancelled: "Cancelled",
    pending: "Pending",
    running: "Running",
    enabled: "Enabled",
    disabled: "Disabled",
    approve: "Approved",
    deny: "Denied",
    succeeded: "Succeeded",
    skipped: "Skipped",
  };
  const KIND_TEXT = {
    approval_request: "Approval request",
    reminder: "Reminder",
    credential: "Credential",
    reply: "Reply",
    outcome: "Outcome",
  };
  const STORE_KEY = "dex.console.v1";
  const CHANNEL = "console";

  const $ = (id) => document.getElementById(id);

  /** Builds an element: el("p", {class: "x"}, "text", child, ...). Strings become text nodes (never HTML). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "dataset") Object.assign(node.dataset, v);
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  function statusBadge(status) {
    const s = String(status || "unknown");
    return el("span", { class: "status s-" + s.replace(/[^a-z_]/gi, "") }, STATUS_TEXT[s] || s.replace(/_/g, " "));
  }

  function fmtTime(iso) {
    if (!iso) return "";
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return d.toISOString().replace("T", " ").slice(0, 19);
  }

  async function api(path, options) {
    const response = await fetch(path, Object.assign({ headers: { Accept: "application/json" }, cache: "no-store" }, options || {}));
    let body = null;
    const text = await response.text();
    if (text) {
      try { body = JSON.parse(text); } catch { body = { raw: text }; }
    }
    if (!response.ok) {
      const message = body && body.error ? body.error.message : response.status + " " + response.statusText;
      const error = new Error(message);
      error.status = response.status;
      error.code = body && body.error ? body.error.code : undefined;
      throw error;
    }
    return body;
  }

  // ---------------------------------------------------------------- state
  const state = load();
  let directory = null;

  function load() {
    try {
      const s = JSON.parse(localStorage.getItem(STORE_KEY) || "{}");
      return { me: s.me || "", inbox: s.inbox || "", threads: Array.isArray(s.threads) ? s.threads : [], seen: s.seen || {} };
    } catch {
      return { me: "", inbox: "", threads: [], seen: {} };
    }
  }

  function save() {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state)); } catch { /* private mode: state lives in memory only */ }
  }

  function newMessageId() {
    const random = (crypto.randomUUID && crypto.randomUUID()) || (Date.now().toString(36) + Math.random().toString(36).slice(2));
    return "console-" + random;
  }

  // ---------------------------------------------------------------- views and routing
  const VIEWS = ["chat", "inbox", "audit", "directory", "replay"];
  let current = "chat";

  function route() {
    const wanted = (location.hash || "#chat").slice(1);
    const view = VIEWS.includes(wanted) ? wanted : "chat";
    const changed = view !== current;
    current = view;
    for (const v of VIEWS) {
      $("view-" + v).hidden = v !== view;
      const tab = $("tab-" + v);
      if (v === view) tab.setAttribute("aria-current", "page"); else tab.removeAttribute("aria-current");
    }
    document.title = (view === "chat" ? "Chat" : view === "replay" ? "Policy replay" : view[0].toUpperCase() + view.slice(1)) + " · Dex local console";
    if (view === "inbox") refreshInbox();
    if (view === "audit") refreshAudit(true);
    if (view === "directory") { refreshDirectory(); refreshDiscovery(); }
    if (changed) $("main").focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- people
  function personLabel(u) {
    const roles = u.roles && u.roles.length ? " (" + u.roles.join(", ") + ")" : "";
    const disabled = u.accountEnabled ? "" : " [disabled]";
    return u.displayName + " · " + u.userPrincipalName + roles + disabled;
  }

  function fillPeople(select, selected) {
    const previous = selected || select.value;
    select.replaceChildren();
    for (const u of directory.users) {
      select.append(el("option", { value: u.userPrincipalName }, personLabel(u)));
    }
    const fallback = directory.users.find((u) => u.userPrincipalName === "helpdesk@acme.com") || directory.users[0];
    select.value = directory.users.some((u) => u.userPrincipalName === previous) ? previous : (fallback ? fallback.userPrincipalName : "");
  }

  async function loadDirectory() {
    try {
      directory = await api("/api/local/directory");
    } catch (e) {
      directory = null;
      $("directory-error").textContent = "The directory is not available: " + e.message;
      $("directory-error").hidden = false;
      await useSignedInPerson();
      return;
    }
    $("directory-error").hidden = true;
    fillPeople($("who"), state.me);
    fillPeople($("inbox-who"), state.inbox || state.me);
    state.me = $("who").value;
    state.inbox = $("inbox-who").value;
    save();
    showRoles();
  }

  // With a live tenant there is no simulated directory to pick from: the console speaks for whoever signed in.
  async function useSignedInPerson() {
    try {
      const me = await api("/api/auth/me");
      if (!me.signedIn) return;
      $("who").replaceChildren(el("option", { value: me.userPrincipalName }, (me.name || me.userPrincipalName) + " · " + me.userPrincipalName + " (signed in)"));
      $("inbox-who").replaceChildren(el("option", { value: me.userPrincipalName }, me.userPrincipalName));
      state.me = me.userPrincipalName;
      state.inbox = me.userPrincipalName;
      save();
    } catch (e) {
      // Not signed in: the host redirects the page itself; nothing to pick.
    }
  }

  function showRoles() {
    const u = directory && directory.users.find((x) => x.userPrincipalName === $("who").value);
    $("who-roles").textContent = u
      ? u.displayName + (u.jobTitle ? ", " + u.jobTitle : "") + (u.department ? " (" + u.department + ")" : "") +
        ". Directory roles: " + (u.roles.length ? u.roles.join(", ") : "none") + "."
      : "";
  }

  // ---------------------------------------------------------------- chat
  function threadsOf(upn) {
    return state.threads.filter((t) => t.requester.toLowerCase() === upn.toLowerCase());
  }

  let chatRendered = false;

  function renderChat() {
    const log = $("chat-log");
    const follow = !chatRendered || log.scrollHeight - log.scrollTop - log.clientHeight < 120;
    let changed = false;
    const mine = threadsOf($("who").value);
    const empty = $("chat-empty");
    empty.hidden = mine.length > 0;
    const keep = new Set(mine.map((t) => "thread-" + t.requestId));
    for (const node of [...log.querySelectorAll(".thread")]) {
      if (!keep.has(node.id)) node.remove();
    }
    for (const t of mine) {
      const id = "thread-" + t.requestId;
      const fresh = renderThread(t);
      const old = document.getElementById(id);
      if (old) {
        if (old.dataset.sig !== fresh.dataset.sig) { old.replaceWith(fresh); changed = true; }
      } else {
        log.append(fresh);
        changed = true;
      }
    }
    // Follow the conversation like a chat does, unless the person scrolled up to read.
    if (changed && follow) log.scrollTop = log.scrollHeight;
    chatRendered = chatRendered || mine.length > 0;
  }

  function renderThread(t) {
    const v = t.view || {};
    const sig = JSON.stringify([t.messages, v]);
    const node = el("article", { class: "thread", id: "thread-" + t.requestId, "aria-label": "Request " + t.requestId, dataset: { sig, status: v.status || t.status || "" } });
    for (const m of t.messages) {
      node.append(el("div", { class: "msg " + m.from }, el("span", { class: "who" }, m.from === "you" ? "You" : "Dex"), m.text));
    }
    node.append(renderRequest(t));
    return node;
  }

  function targetText(target) {
    if (!target) return "";
    const name = target.displayName || target.userPrincipalName || target.id;
    return target.userPrincipalName && target.userPrincipalName !== name ? name + " <" + target.userPrincipalName + ">" : name;
  }

  function parameterText(parameters) {
    const parts = [];
    for (const [k, v] of Object.entries(parameters || {})) {
      if (v && typeof v === "object" && !Array.isArray(v)) {
        if (v.displayName) parts.push(k + ": " + v.displayName);
        else parts.push(k + ": " + Object.entries(v).map(([a, b]) => a + "=" + b).join(", "));
      } else if (Array.isArray(v)) {
        parts.push(k + ": " + v.join(", "));
      } else {
        parts.push(k + ": " + v);
      }
    }
    return parts.join("; ");
  }

  function renderRequest(t) {
    const v = t.view || {};
    const status = v.status || t.status || "planning";
    const box = el("section", { class: "req", "aria-label": "Request status" },
      el("div", { class: "req-head" },
        el("span", {}, "Request ", el("code", {}, t.requestId)),
        el("span", { class: "req-status", "data-status": status }, "Status: ", statusBadge(status)),
        FINAL.has(status) ? null : el("span", { class: "muted" }, "updating…")));

    if (v.clarification) {
      const c = v.clarification;
      const options = el("div", { class: "options" });
      for (const o of c.options || []) {
        options.append(el("button", { type: "button", class: "chip", onclick: () => send(o) }, o));
      }
      box.append(el("h3", {}, "Dex asks"), el("p", { class: "clarification" }, c.question), options,
        el("p", { class: "muted" }, "Answer with one of the options or type your answer below."));
    }

    const steps = v.steps || [];
    if (steps.length) {
      const list = el("ol", { class: "plan" });
      for (const s of steps) {
        const li = el("li", { class: "step" },
          el("span", { class: "step-summary" }, s.summary || s.action), " ",
          statusBadge(s.status),
          el("div", { class: "step-meta" },
            "Action ", el("code", {}, s.action),
            s.target ? [" · target ", targetText(s.target)] : null,
            s.targets && s.targets.length ? [" · ", String(s.targets.length), " targets: ", s.targets.map(targetText).join(", ")] : null,
            Object.keys(s.parameters || {}).length ? [" · ", parameterText(s.parameters)] : null));
        if (s.result) li.append(el("div", { class: "step-meta" }, "Result: ", s.result));
        if (s.items && s.items.length) {
          const rows = s.items.map((i) => el("tr", {}, el("td", {}, i.target), el("td", {}, statusBadge(i.status)), el("td", {}, i.message)));
          li.append(el("table", { class: "items" },
            el("caption", { class: "muted" }, "Per-item results"),
            el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Item"), el("th", { scope: "col" }, "Status"), el("th", { scope: "col" }, "Message"))),
            el("tbody", {}, rows)));
        }
        list.append(li);
      }
      box.append(el("h3", {}, "Plan"), list);
    }

    if (v.decision) {
      const d = v.decision;
      const outcome = { allow: "Allowed, no approval needed", approval_required: "Approval required", deny: "Not allowed" }[d.outcome] || d.outcome;
      const policy = el("div", { class: "policy" }, el("p", { class: "decision" }, el("strong", {}, "Policy: "), outcome));
      if (d.approvers && d.approvers.length) {
        policy.append(el("p", { class: "approvers" }, el("strong", {}, "Approvers: "), d.approvers.join(", "),
          d.quorum > 1 ? " (" + d.quorum + " needed)" : ""));
      }
      if (d.stages && d.stages.length > 1) {
        policy.append(el("ul", {}, d.stages.map((st) => el("li", {}, st.name + ": " + st.approvers.join(", ") + " (" + st.quorum + " needed; " + st.basis + ")"))));
      }
      if (d.reasons && d.reasons.length) {
        policy.append(el("ul", { class: "reasons" }, d.reasons.map((r) => el("li", {}, r))));
      }
      box.append(el("h3", {}, "Policy decision"), policy);
    }

    if (v.approvals && v.approvals.length) {
      box.append(el("h3", {}, "Approvals"), el("ul", { class: "approvals" }, v.approvals.map((a) =>
        el("li", {}, a.approver, " ", statusBadge(a.decision === "approve" ? "approve" : "deny"), " at ", fmtTime(a.at) + " UTC",
          a.stage ? " (" + a.stage + ")" : "", a.comment ? " · “" + a.comment + "”" : ""))));
    }

    if (v.expiresAt && status === "awaiting_approval") {
      box.append(el("p", { class: "muted" }, "Approval expires " + fmtTime(v.expiresAt) + " UTC."));
    }

    box.append(el("p", { class: "muted" },
      el("a", { href: "#audit", onclick: () => { $("audit-request").value = t.requestId; } }, "Audit trail of this request")));
    return box;
  }

  function addReply(t, text) {
    if (!text) return;
    const last = [...t.messages].reverse().find((m) => m.from === "dex");
    if (!last || last.text !== text) t.messages.push({ from: "dex", text });
  }

  async function send(text) {
    text = (text || "").trim();
    if (!text) return;
    const requester = $("who").value;
    const error = $("chat-error");
    error.hidden = true;
    $("send").disabled = true;
    try {
      const accepted = await api("/api/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ id: newMessageId(), channel: CHANNEL, requester, text }),
      });
      let t = state.threads.find((x) => x.requestId === accepted.requestId);
      if (!t) {
        t = { requestId: accepted.requestId, requester, messages: [], status: accepted.status, view: null };
        state.threads.push(t);
      }
      t.messages.push({ from: "you", text });
      t.status = accepted.status;
      t.polling = true;
      addReply(t, accepted.reply);
      $("message").value = "";
      save();
      renderChat();
      rememberRequest(t.requestId);
      poll(t);
    } catch (e) {
      error.textContent = "Dex could not take this message: " + e.message;
      error.hidden = false;
    } finally {
      $("send").disabled = false;
    }
  }

  const polling = new Set();

  async function poll(t) {
    if (polling.has(t.requestId)) return;
    polling.add(t.requestId);
    try {
      let delay = 400;
      for (;;) {
        let view;
        try {
          view = await api("/api/requests/" + encodeURIComponent(t.requestId));
        } catch (e) {
          if (e.status === 404) { t.status = "failed"; addReply(t, "This request is no longer known to Dex (the local host was restarted?)."); break; }
          await sleep(2000);
          continue;
        }
        t.view = view;
        t.status = view.status;
        if (view.status === "needs_clarification" && view.clarification) addReply(t, view.clarification.question);
        else addReply(t, view.reply);
        save();
        renderChat();
        if (FINAL.has(view.status)) break;
        await sleep(delay);
        delay = Math.min(delay * 1.5, view.status === "awaiting_approval" ? 2000 : 1200);
      }
    } finally {
      polling.delete(t.requestId);
      save();
      renderChat();
    }
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  // ---------------------------------------------------------------- inbox
  let inboxTimer = 0;

  async function refreshInbox() {
    clearTimeout(inboxTimer);
    const who = $("inbox-who").value;
    if (!who) return;
    try {
      const data = await api("/api/local/outbox?recipient=" + encodeURIComponent(who));
      renderInbox(data.notifications || []);
      await showRequestStatuses();
    } catch (e) {
      $("inbox-list").replaceChildren(el("li", { class: "error" }, "Could not read the inbox: " + e.message));
    }
    if (current === "inbox") inboxTimer = setTimeout(refreshInbox, 2500);
  }

  function renderInbox(items) {
    const list = $("inbox-list");
    const sorted = [...items].sort((a, b) => String(b.at).localeCompare(String(a.at)));
    $("inbox-empty").hidden = sorted.length > 0;
    const sig = JSON.stringify(sorted.map((n) => n.id));
    if (list.dataset.sig === sig) return;
    list.dataset.sig = sig;
    list.replaceChildren(...sorted.map((n) => {
      const links = el("div", { class: "links" });
      for (const l of n.links || []) {
        const isSecret = n.kind === "credential" || /\/api\/secrets\//.test(l.url);
        links.append(
          el("a", { href: l.url, class: "button link-open" }, l.label || "Open"),
          el("a", { href: l.url, target: "_blank", rel: "noopener", class: "link-new", "aria-label": (l.label || "Open") + " (opens in a new tab)" }, "Open in a new tab"));
        if (isSecret) links.append(el("span", { class: "muted" }, "One-time link: opening it shows the credential once and destroys it."));
      }
      return el("li", { class: "card notification", dataset: { kind: n.kind, requestId: n.requestId } },
        el("div", { class: "card-head" },
          el("span", { class: "status s-" + (n.kind === "approval_request" || n.kind === "reminder" ? "pending" : n.kind === "credential" ? "info" : "reply") }, KIND_TEXT[n.kind] || n.kind),
          el("span", { class: "muted" }, fmtTime(n.at) + " UTC"),
          el("span", { class: "muted" }, "Request ", el("code", {}, n.requestId))),
        el("p", {}, n.text),
        links,
        n.kind === "approval_request" || n.kind === "reminder"
          ? el("p", { class: "muted request-now", dataset: { requestId: n.requestId } })
          : null);
    }));
  }

  /** Approval links go stale once a request is decided: say where each request stands now. */
  async function showRequestStatuses() {
    const spots = [...document.querySelectorAll("#inbox-list .request-now")];
    const ids = [...new Set(spots.map((s) => s.dataset.requestId))];
    const statuses = {};
    await Promise.all(ids.map(async (id) => {
      try { statuses[id] = (await api("/api/requests/" + encodeURIComponent(id))).status; } catch { statuses[id] = null; }
    }));
    for (const spot of spots) {
      const status = statuses[spot.dataset.requestId];
      if (!status) { spot.replaceChildren(); continue; }
      const text = status === "awaiting_approval" ? "Waiting for a decision." : "This request is now " + (STATUS_TEXT[status] || status).toLowerCase() + "; the link no longer decides anything.";
      if (spot.textContent !== "Now: " + text) spot.replaceChildren("Now: ", text);
    }
  }

  // ---------------------------------------------------------------- audit
  let auditNext = null;

  function rememberRequest(id) {
    const list = $("audit-known");
    if (![...list.options].some((o) => o.value === id)) list.append(el("option", { value: id }));
  }

  async function refreshVerify() {
    const banner = $("audit-verify");
    try {
      const v = await api("/api/audit/verify");
      banner.className = "banner " + (v.ok ? "ok" : "bad");
      banner.textContent = v.ok
        ? "Hash chain verified: OK. All " + v.entries + " entries are intact."
        : "Hash chain BROKEN at entry #" + v.firstBadSeq + " (" + v.entries + " entries checked). The trail has been altered.";
    } catch (e) {
      banner.className = "banner bad";
      banner.textContent = "Could not verify the chain: " + e.message;
    }
  }

  async function refreshAudit(reset) {
    if (reset) {
      auditNext = null;
      $("audit-rows").replaceChildren();
      refreshVerify();
    }
    const requestId = $("audit-request").value.trim();
    $("audit-caption").textContent = requestId ? "Trail of request " + requestId : "All entries";
    const limit = 200;
    $("audit-table").classList.toggle("one-request", !!requestId);
    const q = new URLSearchParams({ limit: String(limit) });
    if (requestId) q.set("requestId", requestId);
    if (auditNext) q.set("after", String(auditNext));
    try {
      const page = await api("/api/audit?" + q);
      const rows = (page.entries || []).map((e) => el("tr", {},
        el("td", {}, String(e.seq)), el("td", { class: "mono" }, fmtTime(e.at)), el("td", { class: "col-request" }, el("code", {}, e.requestId)),
        el("td", {}, e.actor), el("td", {}, e.event), el("td", {}, e.action || ""), el("td", {}, e.target || ""),
        el("td", {}, e.outcome), el("td", { class: "details" }, e.details || "")));
      $("audit-rows").append(...rows);
      if (!$("audit-rows").children.length) {
        $("audit-rows").append(el("tr", {}, el("td", { colspan: "9", class: "empty" }, "No entries.")));
      }
      auditNext = (page.entries || []).length === limit ? page.next || null : null;
      $("audit-more").hidden = !auditNext;
    } catch (e) {
      $("audit-rows").replaceChildren(el("tr", {}, el("td", { colspan: "9", class: "error" }, "Could not read the trail: " + e.message)));
    }
  }

  // ---------------------------------------------------------------- directory and discovery
  let directoryTimer = 0;

  async function refreshDirectory() {
    clearTimeout(directoryTimer);
    await loadDirectory();
    if (directory) renderDirectory();
    await refreshGrants();
    if (current === "directory") directoryTimer = setTimeout(refreshDirectory, 3000);
  }

  const tags = (values) => el("div", { class: "tags" }, (values || []).map((v) => el("span", { class: "tag" }, v)));

  function renderDirectory() {
    const sig = JSON.stringify(directory);
    if ($("users-rows").dataset.sig === sig) return;
    $("users-rows").dataset.sig = sig;
    $("directory-domain").textContent = directory.domain;
    $("users-rows").replaceChildren(...directory.users.map((u) => el("tr", { class: u.accountEnabled ? "" : "disabled", dataset: { upn: u.userPrincipalName } },
      el("th", { scope: "row" }, u.displayName, u.jobTitle ? el("div", { class: "muted" }, u.jobTitle) : null),
      el("td", {}, u.userPrincipalName),
      el("td", {}, statusBadge(u.accountEnabled ? "enabled" : "disabled"),
        u.riskLevel ? el("div", { class: "muted" }, "Risk: " + u.riskLevel) : null),
      el("td", {}, u.department || ""),
      el("td", {}, u.roles.length ? tags(u.roles) : el("span", { class: "muted" }, "none")),
      el("td", {}, tags(u.groups)),
      el("td", {}, tags(u.authenticationMethods),
        u.sessionsRevokedAt ? el("div", { class: "muted" }, "Sessions revoked " + fmtTime(u.sessionsRevokedAt)) : null))));
    $("groups-rows").replaceChildren(...directory.groups.map((g) => el("tr", {},
      el("th", { scope: "row" }, g.displayName),
      el("td", {}, { security: "Security", microsoft365: "Microsoft 365", distribution: "Distribution" }[g.kind] || g.kind,
        g.isAssignableToRole ? el("div", { class: "muted" }, "role-assignable") : null),
      el("td", {}, g.members.length ? tags(g.members) : el("span", { class: "muted" }, "no members")))));
    $("roles-rows").replaceChildren(...directory.roles.map((r) => el("tr", {},
      el("th", { scope: "row" }, r.displayName), el("td", {}, tags(r.holders)))));
  }

  // Live time-bound grants with the time left (the server counts it, so a wrong local clock cannot mislead).
  async function refreshGrants() {
    try {
      const data = await api("/api/local/grants");
      const rows = data.grants || [];
      $("grants-empty").hidden = rows.length > 0;
      $("grants-rows").replaceChildren(...rows.map((g) => el("tr", { dataset: { grant: g.id } },
        el("th", { scope: "row" }, g.user),
        el("td", {}, g.resource, g.preExisting ? el("div", { class: "muted" }, "had it before: kept at the end") : null),
        el("td", {}, fmtTime(g.endsAt)),
        el("td", {}, g.left.split(", ").pop()))));
    } catch (e) {
      $("grants-empty").hidden = false;
    }
  }

  async function refreshDiscovery() {
    try {
      renderDiscovery(await api("/api/discovery/latest"));
    } catch (e) {
      if (e.status === 404) $("discovery").replaceChildren(el("p", { class: "empty" }, "Discovery has not run yet. Use “Run discovery”."));
      else $("discovery").replaceChildren(el("p", { class: "error" }, "Could not read the latest discovery: " + e.message));
    }
  }

  function renderDiscovery(s) {
    const proposals = s.proposedApproverGroups || [];
    $("discovery").replaceChildren(
      el("p", { class: "discovery-summary" }, s.summary),
      el("dl", {},
        el("dt", {}, "Run at"), el("dd", {}, fmtTime(s.at) + " UTC by " + s.runBy),
        el("dt", {}, "Users"), el("dd", {}, s.users + " (" + s.disabledUsers + " disabled)"),
        el("dt", {}, "Directory roles"), el("dd", {}, (s.directoryRoles || []).map((r) => r.displayName + " (" + r.members.length + ")").join(", ") || "none"),
        el("dt", {}, "Graph requests"), el("dd", {}, s.graphRequests + " in " + s.durationMs + " ms")),
      el("h3", {}, "Proposed approver groups"),
      proposals.length
        ? el("ul", {}, proposals.map((p) => el("li", {}, el("strong", {}, p.group), " — " + p.basis + ". Members: " + p.members.join(", "))))
        : el("p", { class: "empty" }, "None proposed."));
  }

  async function runDiscovery() {
    const button = $("discovery-run");
    button.disabled = true;
    button.textContent = "Running discovery…";
    try {
      renderDiscovery(await api("/api/discovery/run", { method: "POST" }));
    } catch (e) {
      $("discovery").replaceChildren(el("p", { class: "error" }, "Discovery failed: " + e.message));
    } finally {
      button.disabled = false;
      button.textContent = "Run discovery";
    }
  }

  // ---------------------------------------------------------------- wiring
  // ---------------------------------------------------------------- policy replay
  function replayBody() {
    let policy;
    try { policy = JSON.parse($("replay-policy").value); } catch { throw new Error("The candidate policy is not valid JSON."); }
    const body = { policy };
    if ($("replay-from").value) body.from = $("replay-from").value + ":00Z";
    if ($("replay-to").value) body.to = $("replay-to").value + ":00Z";
    return JSON.stringify(body);
  }

  async function runReplay(csv) {
    const error = $("replay-error");
    error.hidden = true;
    try {
      const body = replayBody();
      if (csv) {
        const response = await fetch("/api/policy/replay?format=csv", { method: "POST", headers: { "Content-Type": "application/json" }, body });
        if (!response.ok) throw new Error((await response.json()).error.message);
        const url = URL.createObjectURL(await response.blob());
        const a = el("a", { href: url, download: "policy-replay.csv" });
        document.body.append(a);
        a.click();
        a.remove();
        URL.revokeObjectURL(url);
        return;
      }
      const report = await api("/api/policy/replay", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body });
      const t = report.totals;
      const moves = Object.entries(t.transitions || {}).map(([k, v]) => k.replace("->", " → ") + ": " + v).join(", ");
      $("replay-totals").textContent = t.requests + " request(s) replayed; " + t.changed + " would differ" + (moves ? " (" + moves + ")" : "")
        + "; approvers changed: " + t.approversChanged + "; quorum changed: " + t.quorumChanged + (t.skipped ? "; " + t.skipped + " decided before facts were recorded" : "") + ".";
      $("replay-totals").hidden = false;
      $("replay-rows").replaceChildren(...report.requests.map((r) => el("tr", { class: r.changed ? "changed" : null },
        el("td", {}, fmtTime(r.at)), el("td", { class: "col-request" }, r.requestId), el("td", {}, r.requester), el("td", {}, r.actions.join(", ")),
        el("td", {}, statusBadge(r.before.outcome)), el("td", {}, statusBadge(r.after.outcome)),
        el("td", {}, r.changes.length ? r.changes.join("; ") : "no change"))));
    } catch (e) {
      error.textContent = "Replay failed: " + e.message;
      error.hidden = false;
    }
  }

  async function health() {
    try {
      const h = await api("/api/health");
      $("health").textContent = "Graph: " + (h.graph === "emulator" ? "embedded emulator" : "live tenant") + " · parser: " + h.parser;
      $("unsigned-notice").hidden = !h.unsignedMessages;
    } catch (e) {
      $("health").textContent = "Dex is not answering: " + e.message;
    }
  }

  function wire() {
    $("chat-form").addEventListener("submit", (e) => { e.preventDefault(); send($("message").value); });
    $("message").addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); send($("message").value); }
    });
    for (const chip of document.querySelectorAll(".suggestions .chip")) {
      chip.addEventListener("click", () => { $("message").value = chip.dataset.text; $("message").focus(); });
    }
    $("who").addEventListener("change", () => { state.me = $("who").value; save(); showRoles(); renderChat(); });
    $("inbox-who").addEventListener("change", () => { state.inbox = $("inbox-who").value; save(); $("inbox-list").dataset.sig = ""; refreshInbox(); });
    $("inbox-refresh").addEventListener("click", refreshInbox);
    $("audit-form").addEventListener("submit", (e) => { e.preventDefault(); refreshAudit(true); });
    $("audit-verify-again").addEventListener("click", refreshVerify);
    $("audit-more").addEventListener("click", () => refreshAudit(false));
    $("discovery-run").addEventListener("click", runDiscovery);
    $("replay-form").addEventListener("submit", (e) => { e.preventDefault(); runReplay(false); });
    $("replay-csv").addEventListener("click", () => runReplay(true));
    window.addEventListener("hashchange", route);
  }

  async function start() {
    wire();
    health();
    await loadDirectory();
    for (const t of state.threads) rememberRequest(t.requestId);
    renderChat();
    route();
    // Requests still in flight when the page was left (e.g. to approve) are followed again.
    for (const t of state.threads) {
      if (!FINAL.has(t.status)) poll(t);
    }
  }

  start();
})();
