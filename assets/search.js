// The search page (/recherche/): reads the query and filters from the URL, asks Pagefind,
// shows the results and the count of each filter value. The form is a plain GET form, so a
// search is a URL that can be shared, and the back button works.

const form = document.getElementById("search-form");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const FILTERS = ["type", "commune", "statut", "secteur", "thematique"];
const MAX_QUERY = 200;

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
  if (Object.keys(filters).length) document.getElementById("filtres").open = true;
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = Boolean(filters[box.name] && filters[box.name].any.includes(box.value));
  }
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

async function run() {
  const { query, filters } = readUrl();
  fillForm({ query, filters });
  let pagefind;
  try {
    pagefind = await loadIndex(form.dataset.index, { excerptLength: 24 });
  } catch (error) {
    statusLine.textContent = "La recherche n'est pas disponible : l'index de recherche est absent de cette version du site. Parcourez l'annuaire par commune, secteur, statut ou thématique.";
    return;
  }
  showCounts(await pagefind.filters());
  if (!query && !Object.keys(filters).length) {
    statusLine.textContent = "Tapez un mot ou choisissez un filtre.";
    return;
  }
  const searches = await Promise.all(
    (query ? variants(query) : [null]).map((text) => pagefind.search(text, { filters })),
  );
  const seen = new Map();
  for (const search of searches) {
    for (const result of search.results) if (!seen.has(result.id)) seen.set(result.id, result);
  }
  // Counts ignore the chosen filters (choosing "Mutuelle" still shows how many associations exist):
  // for a query, Pagefind's totalFilters; without one, the whole index's counts shown above.
  if (query && searches[0].totalFilters) showCounts(searches[0].totalFilters);
  const results = await Promise.all([...seen.values()].slice(0, 50).map((result) => result.data()));
  list.replaceChildren(...results.map(resultItem));
  statusLine.textContent = results.length
    ? `${plural(results.length, "résultat", "résultats")}${query ? ` pour « ${query} »` : ""}.`
    : `Aucun résultat${query ? ` pour « ${query} »` : ""}. Essayez un autre mot ou retirez un filtre.`;
}

run();
