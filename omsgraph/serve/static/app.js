// omsgraph web page: a SPARQL editor with the named questions, result tables whose IRIs open entity
// pages, entity pages with evidence sentences, and mechanism networks drawn with vis-network.
// Everything is fetched from this server; data is always inserted as text, never as HTML.
"use strict";

const state = { info: null, registries: {}, examples: [], lastIris: [], network: null };

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body && body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

// ---- identifiers -----------------------------------------------------------------------------

function registryLink(curie) {
  const [prefix, ...rest] = curie.split(":");
  const local = rest.join(":");
  const template = state.registries[prefix] || state.registries[prefix.toUpperCase()] || state.registries["*"];
  if (!template || !local) return null;
  return template.replace("{id}", encodeURIComponent(local)).replace("{curie}", encodeURIComponent(prefix) + ":" + encodeURIComponent(local));
}

function shortIri(iri) {
  let best = null;
  for (const [prefix, base] of Object.entries((state.info && state.info.prefixes) || {})) {
    if (iri.startsWith(base) && (!best || base.length > best[1].length)) best = [prefix, base];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function entityHref(iri) {
  return "/entity?iri=" + encodeURIComponent(iri);
}

function entityLink(iri, label) {
  const link = el("a", { href: entityHref(iri), class: "entity-link", text: label || shortIri(iri) });
  link.dataset.iri = iri;
  return link;
}

function externalLink(url, text) {
  return el("a", { href: url, class: "external", target: "_blank", rel: "noopener", text });
}

// ---- query editor ----------------------------------------------------------------------------

function sparqlUrl(query, format) {
  return "/sparql?" + new URLSearchParams({ query, format }).toString();
}

function setStatus(text, isError = false) {
  $("status").textContent = text;
  $("status").classList.toggle("error", isError);
}

function cellContent(term) {
  if (!term) return document.createTextNode("");
  if (term.type === "uri") {
    const wrap = el("span");
    wrap.append(entityLink(term.value), externalLink(term.value, "↗"));
    return wrap;
  }
  return document.createTextNode(term.value);
}

function renderResults(data) {
  const box = $("results");
  box.replaceChildren();
  state.lastIris = [];
  if (typeof data.boolean === "boolean") {
    box.append(el("p", { class: "boolean", text: `Answer: ${data.boolean}` }));
    return 0;
  }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const table = el("table", { id: "results-table" });
  table.append(el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", { text: v })))));
  const body = el("tbody");
  const shown = rows.slice(0, 2000);
  for (const row of shown) {
    body.append(el("tr", {}, ...vars.map((v) => el("td", {}, cellContent(row[v])))));
    for (const v of vars) {
      if (row[v] && row[v].type === "uri" && !state.lastIris.includes(row[v].value)) state.lastIris.push(row[v].value);
    }
  }
  table.append(body);
  box.append(table);
  if (rows.length > shown.length) box.append(el("p", { class: "muted", text: `Showing ${shown.length} of ${rows.length} rows.` }));
  return rows.length;
}

// Show labels instead of bare IRIs in the result table (one extra query for all IRIs on screen).
async function labelLinks(iris) {
  const wanted = iris.filter((iri) => !/[\s<>"{}|^`\\]/.test(iri)).slice(0, 500);
  if (!wanted.length) return;
  const query = `SELECT ?e ?label WHERE { VALUES ?e { ${wanted.map((iri) => `<${iri}>`).join(" ")} } ?e rdfs:label ?label }`;
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
    body: query,
  });
  if (!response.ok) return;
  for (const row of (await response.json()).results.bindings) {
    for (const link of document.querySelectorAll("#results a.entity-link")) {
      if (link.dataset.iri === row.e.value) {
        link.textContent = row.label.value;
        link.title = row.e.value;
      }
    }
  }
}

// CONSTRUCT/DESCRIBE answers arrive as JSON-LD (expanded, as pyoxigraph writes it): show one row per triple.
function triplesAsResults(jsonld) {
  const term = (value) => (value.startsWith("_:") ? { type: "bnode", value } : { type: "uri", value });
  const bindings = [];
  for (const node of Array.isArray(jsonld) ? jsonld : jsonld["@graph"] || []) {
    for (const [predicate, objects] of Object.entries(node)) {
      if (predicate.startsWith("@") && predicate !== "@type") continue;
      for (const object of [].concat(objects)) {
        const o = typeof object === "string" ? term(object)
          : object["@id"] ? term(object["@id"]) : { type: "literal", value: String(object["@value"]) };
        const p = predicate === "@type" ? "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" : predicate;
        bindings.push({ subject: term(node["@id"]), predicate: { type: "uri", value: p }, object: o });
      }
    }
  }
  return { head: { vars: ["subject", "predicate", "object"] }, results: { bindings } };
}

async function runQuery() {
  const query = $("query").value;
  if (!query.trim()) { setStatus("Type a SPARQL query first.", true); return; }
  history.replaceState(null, "", "/?" + new URLSearchParams({ query }).toString());
  setStatus("Running…");
  $("draw").disabled = true;
  const started = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json, application/ld+json;q=0.9" },
    body: query,
  });
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    const body = await response.json().catch(() => null);
    $("results").replaceChildren();
    setStatus(body && body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`, true);
    return;
  }
  const body = await response.json();
  const isGraph = (response.headers.get("content-type") || "").startsWith("application/ld+json");
  const count = renderResults(isGraph ? triplesAsResults(body) : body);
  setStatus(`${count} result(s) in ${ms} ms`);
  for (const [id, format] of [["download-csv", "csv"], ["download-json", "json"]]) {
    $(id).href = sparqlUrl(query, format);
    $(id).hidden = false;
  }
  $("draw").disabled = state.lastIris.length === 0;
  await labelLinks(state.lastIris).catch(() => null);
}

function chooseExample() {
  const question = state.examples.find((q) => q.name === $("examples").value);
  if (!question) return;
  $("query").value = question.sparql;
  $("example-help").textContent = question.description;
}

async function showQueryView() {
  $("query-view").hidden = false;
  const params = new URLSearchParams(location.search);
  if (params.get("query")) $("query").value = params.get("query");
  else if (!$("query").value) {
    $("query").value = "SELECT ?subject ?predicate ?object ?evidenceCount WHERE {\n" +
      "  ?statement a omsg:Statement ; rdf:subject ?subject ; rdf:predicate ?predicate ;\n" +
      "             rdf:object ?object ; omsg:evidenceCount ?evidenceCount .\n" +
      "} ORDER BY DESC(?evidenceCount) LIMIT 50";
  }
  try {
    state.examples = (await getJSON("/api/examples")).questions;
    for (const q of state.examples) $("examples").append(el("option", { value: q.name, text: `${q.name} — ${q.description}` }));
  } catch (err) {
    $("example-help").textContent = "Examples unavailable: " + err.message;
  }
  $("examples").dataset.loaded = String(state.examples.length);
}

// ---- entity page -------------------------------------------------------------------------------

function factRow(list, name, values) {
  if (!values || !values.length) return;
  const dd = el("dd");
  values.forEach((value, i) => {
    if (i) dd.append(", ");
    dd.append(value);
  });
  list.append(el("dt", { text: name }), dd);
}

function pubmedUrl(pmid) {
  return registryLink("PMID:" + pmid);
}

function evidenceItem(evidence) {
  const item = el("li", { class: "evidence-item" });
  item.append(el("div", { class: "sentence", text: evidence.sentence || "" }));
  const source = el("div", { class: "source" });
  if (evidence.pmid) source.append(externalLink(pubmedUrl(evidence.pmid), `PMID:${evidence.pmid}`), " ");
  else if (evidence.documentId) source.append(evidence.documentId + " ");
  if (evidence.document) source.append(entityLink(evidence.document, evidence.title || "document"), " ");
  if (evidence.year) source.append(`(${evidence.year})`);
  item.append(source);
  return item;
}

function relationBox(relation) {
  const box = el("div", { class: "relation" });
  const triple = el("div", { class: "triple" });
  triple.append(entityLink(relation.subject, relation.subjectLabel), " ",
    el("span", { class: `predicate sign-${relation.sign}`, text: (relation.negated ? "NOT " : "") + relation.predicateLabel }), " ",
    entityLink(relation.object, relation.objectLabel));
  triple.append(el("span", { class: "badge", text: `${relation.evidenceCount} evidence` }));
  if (relation.negated) triple.append(el("span", { class: "badge negated", text: "negated" }));
  if (relation.hedged) triple.append(el("span", { class: "badge", text: "hedged" }));
  box.append(triple);
  box.append(el("ul", { class: "evidence" }, ...relation.evidence.map(evidenceItem)));
  return box;
}

async function showEntityView(iri) {
  $("entity-view").hidden = false;
  $("entity-label").textContent = shortIri(iri);
  let entity;
  try {
    entity = await getJSON("/api/entity?iri=" + encodeURIComponent(iri));
  } catch (err) {
    $("entity-relations").replaceChildren(el("p", { class: "error", text: err.message }));
    return;
  }
  const facts = entity.facts;
  const label = (facts.label || facts.title || [shortIri(iri)])[0];
  $("entity-label").textContent = label;
  document.title = `${label} — omsgraph`;
  $("entity-types").replaceChildren(...(facts.type || []).map((t) => el("span", { text: shortIri(t) })));
  const list = $("entity-facts");
  list.replaceChildren();
  const idLinks = el("dd");
  idLinks.append(externalLink(iri, iri));
  for (const curie of [...(facts.notation || []), ...(facts.identifier || [])]) {
    const url = registryLink(curie);
    idLinks.append(" · ", url ? externalLink(url, curie) : curie);
  }
  list.append(el("dt", { text: "Identifiers" }), idLinks);
  factRow(list, "Other names", facts.altLabel);
  factRow(list, "Journal", facts.journal);
  factRow(list, "Year", facts.year);
  if (facts.pmid) {
    const dd = el("dd");
    facts.pmid.forEach((p) => dd.append(externalLink(pubmedUrl(p), "PubMed " + p), " "));
    list.append(el("dt", { text: "PubMed" }), dd);
  }
  const relations = entity.relations;
  $("entity-relations").replaceChildren(
    ...(relations.length ? relations.map(relationBox) : [el("p", { class: "muted", text: "No relations." })]));
  await drawNetwork([iri], `Mechanism network around ${label}`);
}

// ---- network -----------------------------------------------------------------------------------

const TYPE_COLOURS = {
  Chemical: "#7fb3e8", Gene: "#9ad49a", ProteinFamily: "#b9e2a0", Disease: "#f2a3a3", Phenotype: "#f6c28b",
  Process: "#d7b8f0", CellType: "#f5e08a", Anatomy: "#e8c9a0", Document: "#cfd8dc", Entity: "#dde3ea",
};
const SIGN_COLOURS = { "-1": "#c62828", "1": "#2e7d32", "0": "#78909c" };

async function drawNetwork(iris, title) {
  const section = $("network-section");
  const box = $("network");
  box.dataset.drawn = "";
  if (typeof vis === "undefined") {
    section.hidden = false;
    box.replaceChildren(el("p", { class: "error", text: "The network library is not available." }));
    return;
  }
  const params = new URLSearchParams();
  iris.slice(0, 25).forEach((iri) => params.append("iri", iri));
  let data;
  try {
    data = await getJSON("/api/network?" + params.toString());
  } catch (err) {
    section.hidden = false;
    box.replaceChildren(el("p", { class: "error", text: err.message }));
    return;
  }
  section.hidden = false;
  const capped = data.truncated || iris.length > 25 ? "; drawn around the first 25 resources" : "";
  $("network-title").textContent = `${title} (${data.nodes.length} nodes, ${data.edges.length} edges${capped})`;
  if (!data.edges.length) {
    box.replaceChildren(el("p", { class: "muted", text: "No mechanism edges here." }));
    box.dataset.drawn = "0";
    return;
  }
  const nodes = data.nodes.map((n) => ({
    id: n.id, label: n.label, title: `${n.type}: ${n.id}`, shape: "box", font: { size: 16 }, margin: 8,
    color: { background: TYPE_COLOURS[n.type] || TYPE_COLOURS.Entity, border: n.focus ? "#1d2733" : "#8a99a8" },
    borderWidth: n.focus ? 3 : 1,
  }));
  const edges = data.edges.map((e) => ({
    id: e.id, from: e.from, to: e.to, label: (e.negated ? "not " : "") + e.label,
    color: { color: SIGN_COLOURS[String(e.sign)] || SIGN_COLOURS["0"] }, dashes: e.negated,
    arrows: { to: { enabled: true, type: e.sign < 0 ? "bar" : "arrow" } },
    width: 1 + Math.min(4, Math.log2(1 + e.evidenceCount)), font: { size: 11, align: "middle" },
  }));
  if (state.network) state.network.destroy();
  box.replaceChildren();
  const options = {
    physics: { stabilization: { iterations: nodes.length > 300 ? 100 : 250 }, barnesHut: { springLength: 160 } },
    interaction: { hover: true }, edges: { smooth: { type: "dynamic" } },
  };
  state.network = new vis.Network(box, { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) }, options);
  state.network.once("stabilizationIterationsDone", () => state.network.fit());
  state.network.once("afterDrawing", () => { box.dataset.drawn = String(edges.length); });
  state.network.on("doubleClick", (event) => { if (event.nodes.length) location.href = entityHref(event.nodes[0]); });
  state.network.on("click", (event) => {
    if (event.nodes.length) $("network-title").dataset.selected = event.nodes[0];
  });
}

// ---- search and start-up -----------------------------------------------------------------------

function escapeLiteral(text) {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

function searchQuery(text) {
  const needle = escapeLiteral(text.trim().toLowerCase());
  return "SELECT DISTINCT ?entity ?label ?notation WHERE {\n" +
    "  ?entity a omsg:Entity ; rdfs:label ?label .\n" +
    "  OPTIONAL { ?entity skos:notation ?notation }\n" +
    "  OPTIONAL { ?entity skos:altLabel ?alt }\n" +
    `  FILTER(CONTAINS(LCASE(STR(?label)), "${needle}") || LCASE(STR(?notation)) = "${needle}" || CONTAINS(LCASE(STR(?alt)), "${needle}"))\n` +
    "} ORDER BY STRLEN(?label) ?label LIMIT 100";
}

async function start() {
  try {
    state.info = await getJSON("/api/info");
    const c = state.info.counts || {};
    $("graph-info").textContent = `${state.info.graph}: ${c.documents ?? "?"} documents, ${c.relations ?? "?"} relations, ` +
      `${c.evidence ?? "?"} evidence · ${state.info.readOnly ? "read-only" : "updates with token"}`;
  } catch (err) {
    $("graph-info").textContent = "Graph information unavailable: " + err.message;
  }
  state.registries = (state.info && state.info.registries) || {};
  $("run").addEventListener("click", () => runQuery().catch((err) => setStatus(err.message, true)));
  $("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runQuery().catch((err) => setStatus(err.message, true));
  });
  $("examples").addEventListener("change", chooseExample);
  $("draw").addEventListener("click", () => drawNetwork(state.lastIris, "Mechanism network of the query results"));
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("search-text").value;
    if (!text.trim()) return;
    location.href = "/?" + new URLSearchParams({ query: searchQuery(text), run: "1" }).toString();
  });
  if (location.pathname === "/entity") {
    const iri = new URLSearchParams(location.search).get("iri");
    if (iri) await showEntityView(iri);
    return;
  }
  await showQueryView();
  if (new URLSearchParams(location.search).get("run")) await runQuery();
}

document.addEventListener("DOMContentLoaded", () => { start().catch((err) => setStatus(err.message, true)); });
