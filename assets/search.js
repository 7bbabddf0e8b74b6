// The search page (/recherche/): reads the query and filters from the URL, asks Pagefind,
// shows the results and the count of each filter value. Results follow what is typed and
// ticked; the address follows too, so a search is a URL that can be shared. Without
// JavaScript the form is a plain GET form.

const form = document.getElementById("search-form");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const FILTERS = ["type", "commune", "statut", "secteur", "thematique"];
const MAX_QUERY = 200;
const PAGE = 50; // results shown at once; "Voir plus de résultats" shows the next ones
const TYPING_PAUSE = 250; // ms without a keystroke before searching
const WIDE = window.matchMedia("(min-width: 56rem)"); // where the filters fit beside the results' reading
const panel = document.getElementById("filtres");
const more = document.getElementById("search-more");
let shown = { results: [], count: 0 }; // the current search's results, and how many are on the page
let searchId = 0;

function plural(count, one, many) {
  return `${count.toLocaleString("fr-FR")} ${count > 1 ? many : one}`;
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim().slice(0, MAX_QUERY);
  const filters = {};
  for (const key of FILTERS) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = { any: values };
  }
  return { query, filters };
}

function fillForm({ query, filters }) {
  form.elements.q.value = query;
  // On a wide screen the chosen filters stay in view; on a phone they stay folded, results first.
  if (Object.keys(filters).length && WIDE.matches) panel.open = true;
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = Boolean(filters[box.name] && filters[box.name].any.includes(box.value));
  }
  showActive();
}

// What the form holds, as the URL and Pagefind want it.
function readForm() {
  const query = form.elements.q.value.trim().slice(0, MAX_QUERY);
  const filters = {};
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ??= { any: [] }).any.push(box.value);
  }
  return { query, filters };
}

function writeUrl({ query, filters }) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [key, { any }] of Object.entries(filters)) for (const value of any) params.append(key, value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

// The folded filters say how many are ticked.
function showActive() {
  const active = form.querySelectorAll("input[type=checkbox]:checked").length;
  document.getElementById("filtres-actifs").textContent = active ? ` (${plural(active, "actif", "actifs")})` : "";
}

// "scop" also looks for "coopérative", "épicerie sociale" for "épicerie solidaire"…
function variants(query) {
  const synonyms = JSON.parse(form.dataset.synonyms || "{}");
  const lower = query.toLowerCase();
  const found = new Set([query]);
  for (const [word, replacements] of Object.entries(synonyms)) {
    const escaped = word.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
    const pattern = new RegExp("(^|[\\s'’-])" + escaped + "(?=$|[\\s'’-])", "i");
    if (pattern.test(lower)) {
      for (const replacement of replacements) found.add(lower.replace(pattern, `$1${replacement}`));
    }
  }
  return [...found];
}

function showCounts(counts) {
  for (const badge of form.querySelectorAll(".facet-count")) {
    const count = (counts[badge.dataset.facet] || {})[badge.dataset.value] || 0;
    badge.textContent = `(${count})`;
  }
}

// Pagefind's excerpts are escaped text with <mark> around matches: keep only those tags.
function excerptNode(html) {
  const paragraph = document.createElement("p");
  paragraph.className = "search-excerpt";
  for (const [index, part] of html.split(/<\/?mark>/).entries()) {
    const text = document.createElement("span");
    text.innerHTML = part.replace(/<[^>]*>/g, "");
    const node = index % 2 ? document.createElement("mark") : document.createDocumentFragment();
    node.append(text.textContent);
    paragraph.append(node);
  }
  return paragraph;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "search-result";
  const title = document.createElement("h2");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  title.append(link);
  item.append(title);
  const details = [data.filters.type, data.meta.commune, data.meta.statut].flat().filter(Boolean);
  if (details.length) {
    const meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = details.join(" · ");
    item.append(meta);
  }
  if (data.excerpt) item.append(excerptNode(data.excerpt));
  return item;
}

// The index comes in shards (ess_site/output/search_index.py): Pagefind's script is loaded from
// the first bundle and the others are merged into it, so results and filter counts cover them all.
// Loaded once per page: merging a bundle twice would list its results twice.
let index = null;
function loadIndex(listUrl, options) {
  index ??= (async () => {
    const bundles = await (await fetch(listUrl)).json();
    const pagefind = await import(`${bundles[0]}pagefind.js`);
    await pagefind.options(options);
    for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(bundle, options);
    return pagefind;
  })();
  return index;
}

async function search({ query, filters }) {
  const id = ++searchId;
  let pagefind;
  try {
    pagefind = await loadIndex(form.dataset.index, { excerptLength: 24 });
  } catch (error) {
    statusLine.textContent = "La recherche n'est pas disponible : l'index de recherche est absent de cette version du site. Parcourez l'annuaire par commune, secteur, statut ou thématique.";
    return;
  }
  const allCounts = await pagefind.filters();
  if (id !== searchId) return; // a newer search has started
  if (!query && !Object.keys(filters).length) {
    showCounts(allCounts);
    list.replaceChildren();
    more.hidden = true;
    statusLine.textContent = "Tapez un mot ou choisissez un filtre.";
    return;
  }
  const searches = await Promise.all(
    (query ? variants(query) : [null]).map((text) => pagefind.search(text, { filters })),
  );
  if (id !== searchId) return;
  const seen = new Map();
  for (const found of searches) {
    for (const result of found.results) if (!seen.has(result.id)) seen.set(result.id, result);
  }
  // Counts ignore the chosen filters (choosing "Mutuelle" still shows how many associations exist):
  // for a query, Pagefind's totalFilters; without one, the whole index's counts.
  showCounts(query && searches[0].totalFilters ? searches[0].totalFilters : allCounts);
  shown = { results: [...seen.values()], count: 0 };
  list.replaceChildren();
  await showMore(id);
  if (id !== searchId) return;
  const total = shown.results.length;
  statusLine.textContent = total
    ? `${plural(total, "résultat", "résultats")}${query ? ` pour « ${query} »` : ""}${total > shown.count ? ` ; les ${shown.count.toLocaleString("fr-FR")} premiers sont affichés` : ""}.`
    : `Aucun résultat${query ? ` pour « ${query} »` : ""}. Essayez un autre mot ou retirez un filtre.`;
}

// The next PAGE results, appended; returns the first new item.
async function showMore(id) {
  const next = shown.results.slice(shown.count, shown.count + PAGE);
  const data = await Promise.all(next.map((result) => result.data()));
  if (id !== searchId) return null;
  const items = data.map(resultItem);
  list.append(...items);
  shown.count += items.length;
  more.hidden = shown.count >= shown.results.length;
  more.textContent = `Voir plus de résultats (${plural(Math.min(PAGE, shown.results.length - shown.count), "suivant", "suivants")})`;
  return items[0] || null;
}

function searchNow() {
  const wanted = readForm();
  writeUrl(wanted);
  showActive();
  search(wanted);
}

let typing = null;
form.elements.q.addEventListener("input", () => {
  clearTimeout(typing);
  typing = setTimeout(searchNow, TYPING_PAUSE);
});
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox") searchNow();
});
form.addEventListener("submit", (event) => {
  event.preventDefault(); // the page answers in place; the address still follows
  clearTimeout(typing);
  searchNow();
});
more.addEventListener("click", async () => {
  const first = await showMore(searchId);
  const total = shown.results.length;
  statusLine.textContent = `${plural(total, "résultat", "résultats")}${shown.count < total ? ` ; les ${shown.count.toLocaleString("fr-FR")} premiers sont affichés` : ""}.`;
  if (first) first.querySelector("a").focus(); // the reader goes on where the new results start
});

const fromUrl = readUrl();
fillForm(fromUrl);
search(fromUrl);
