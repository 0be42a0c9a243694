// The supervisor page: reads the host's API once, then follows GET /events (an EventSource) and reads again what an
// event changes. Offers in flight are rebuilt from the events the feed keeps (?after=0), then followed live.
"use strict";

const offers = new Map(); // conversation -> { agents: Set, step }
const pacing = [];        // the last decisions, newest first
const offerEnds = new Set(["Accepted", "Assigned", "Closed", "Queued", "ReturnedToQueue", "Dormant", "Transferred"]);
let refreshing = null;

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function fill(tableId, items, render) {
  const body = document.querySelector(`#${tableId} tbody`);
  body.replaceChildren(...items.map(item => {
    const row = document.createElement("tr");
    render(row, item);
    return row;
  }));
}

async function read(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function refresh() {
  const [agents, queue, shares] = await Promise.all([read("/agents"), read("/queue"), read("/workload")]);
  fill("agents", agents, (row, a) => {
    row.dataset.agent = a.id;
    cell(row, a.id);
    cell(row, a.state, `state-${a.state}`).dataset.field = "state";
    cell(row, `${Math.round(a.load * 100)}%`, "number").dataset.field = "load";
    cell(row, a.conversations, "number").dataset.field = "conversations";
    cell(row, a.pendingOffers, "number").dataset.field = "offers";
    cell(row, a.skills.join(", "));
    cell(row, a.groups.join(", "));
  });
  fill("queue", queue, (row, w) => {
    row.dataset.conversation = w.id;
    cell(row, w.id);
    cell(row, w.skill);
    cell(row, w.priority, "number");
    cell(row, new Date(w.queuedAt).toLocaleTimeString());
  });
  fill("shares", shares.flatMap(s => s.groups.map(g => ({ skill: s.skill, ...g }))), (row, g) => {
    row.dataset.group = g.group;
    cell(row, g.skill);
    cell(row, g.group);
    cell(row, `${g.targetPercentage.toFixed(1)}%`, "number");
    cell(row, `${g.actualPercentage.toFixed(1)}%`, "number").dataset.field = "actual";
    cell(row, g.count, "number");
  });
}

function scheduleRefresh() {
  if (refreshing) return;
  refreshing = setTimeout(() => {
    refreshing = null;
    refresh().catch(showError);
  }, 100);
}

function showOffers() {
  fill("offers", [...offers.entries()], (row, [conversation, offer]) => {
    row.dataset.conversation = conversation;
    cell(row, conversation);
    cell(row, [...offer.agents].join(", ")).dataset.field = "agents";
    cell(row, offer.step, "number");
  });
}

function showPacing() {
  const list = document.getElementById("pacing");
  list.replaceChildren(...pacing.map(p => {
    const item = document.createElement("li");
    item.textContent = `${new Date(p.timestamp).toLocaleTimeString()} ${p.detail}`;
    return item;
  }));
}

function onEvent(e) {
  const ev = JSON.parse(e.data);
  if (ev.kind === "Offered") {
    const offer = offers.get(ev.conversation) ?? { agents: new Set(), step: ev.step };
    offer.agents.add(ev.agent);
    offer.step = ev.step;
    offers.set(ev.conversation, offer);
  } else if (["OfferWithdrawn", "Declined", "OfferTimedOut"].includes(ev.kind) && offers.has(ev.conversation)) {
    offers.get(ev.conversation).agents.delete(ev.agent);
    if (offers.get(ev.conversation).agents.size === 0) offers.delete(ev.conversation);
  } else if (offerEnds.has(ev.kind)) {
    offers.delete(ev.conversation);
  } else if (ev.kind === "Paced") {
    pacing.unshift(ev);
    pacing.length = Math.min(pacing.length, 10);
    showPacing();
  }
  showOffers();
  scheduleRefresh();
}

function showError(error) {
  const status = document.getElementById("status");
  status.textContent = `error: ${error.message}`;
  status.className = "status";
}

function connect() {
  const source = new EventSource("/events?after=0");
  const status = document.getElementById("status");
  source.addEventListener("ready", () => {
    status.textContent = "live";
    status.className = "status live";
    refresh().catch(showError);
  });
  for (const kind of ["Submitted", "FellBack", "Offered", "OfferWithdrawn", "Accepted", "Declined", "OfferTimedOut",
    "AgentPaused", "Queued", "Dispatched", "Transferred", "ReturnedToQueue", "Dormant", "Woken", "Assigned", "Closed",
    "Cascaded", "TimerFailed", "AgentChanged", "Paced", "Missed"]) {
    source.addEventListener(kind, onEvent);
  }
  source.onerror = () => {
    status.textContent = "reconnecting…";
    status.className = "status";
  };
}

connect();
