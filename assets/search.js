// The search page (/recherche/): reads the query and filters from the URL, asks Pagefind,
// shows the results and the count of each filter value. Results follow what is typed and
// ticked; the address follows too, so a search is a URL that can be shared. Without
// JavaScript the form is a plain GET form.
//
// A commune or département named in the query acts as a place (lieux.json, made at build): "emploi
// carvin" searches "emploi" among the actors of Carvin and says so, with a link to search the words
// only (mots=1 in the address). A search that finds nothing under a filter offers wider ones, counted.
//
// A territory with many communes has a commune name to type (#commune-saisie) instead of a box per
// commune: its suggestions are the few names of lieux.json that start as typed.

const form = document.getElementById("search-form");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const FILTERS = ["type", "commune", "statut", "secteur", "thematique"];
const AREA = "departement"; // set by a place or a wider search, never ticked: kept from the address
const PLACE_FILTERS = ["commune", AREA];
const MAX_QUERY = 200;
const PAGE = 10; // results shown at once (each needs its fragment before the first paint: a screenful); "Voir plus de résultats" shows the next ones
const TYPING_PAUSE = 250; // ms without a keystroke before searching
const WIDE = window.matchMedia("(min-width: 56rem)"); // where the filters fit beside the results' reading
const panel = document.getElementById("filtres");
const more = document.getElementById("search-more");
const placeLine = document.getElementById("search-place");
const wider = document.getElementById("search-wider");
const communeInput = document.getElementById("commune-saisie"); // absent where communes are checkboxes
const SUGGESTIONS = 12;
let shown = { results: [], count: 0 }; // the current search's results, and how many are on the page
let searchId = 0;
let area = null; // the département filter the address holds
let wordsOnly = false; // mots=1: the query's words are words, even a place's name

function plural(count, one, many) {
  return `${count.toLocaleString("fr-FR")} ${count > 1 ? many : one}`;
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const query = (params.get("q") || "").trim().slice(0, MAX_QUERY);
  const filters = {};
  for (const key of [...FILTERS, AREA]) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) filters[key] = { any: values };
  }
  area = filters[AREA] || null;
  wordsOnly = params.get("mots") === "1";
  return { query, filters, wordsOnly };
}

function fillForm({ query, filters }) {
  form.elements.q.value = query;
  // On a wide screen the chosen filters stay in view; on a phone they stay folded, results first.
  if (Object.keys(filters).length && WIDE.matches) panel.open = true;
  for (const box of form.querySelectorAll("input[type=checkbox]")) {
    box.checked = Boolean(filters[box.name] && filters[box.name].any.includes(box.value));
  }
  if (communeInput) communeInput.value = filters.commune ? filters.commune.any[0] : "";
  showActive();
}

// What the form holds, as the URL and Pagefind want it.
function readForm() {
  const query = form.elements.q.value.trim().slice(0, MAX_QUERY);
  const filters = {};
  for (const box of form.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ??= { any: [] }).any.push(box.value);
  }
  const commune = typedCommune();
  if (commune) filters.commune = { any: [commune] };
  if (area) filters[AREA] = area;
  return { query, filters, wordsOnly };
}

function searchUrl({ query, filters, wordsOnly }) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  for (const [key, { any }] of Object.entries(filters)) for (const value of any) params.append(key, value);
  if (wordsOnly) params.set("mots", "1");
  const search = params.toString();
  return search ? `?${search}` : window.location.pathname;
}

function writeUrl(wanted) {
  history.replaceState(null, "", searchUrl(wanted));
}

// Places: "Hénin-Beaumont", "hénin beaumont" and "HENIN-BEAUMONT" are written alike, as lieux.json writes them.
function plain(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

let places = null;
function loadPlaces() {
  places ??= fetch(form.dataset.places)
    .then((response) => (response.ok ? response.json() : {}))
    .catch(() => ({}))
    .then(({ communes = [], departements = [] }) => new Map([
      ...communes.map(([mots, nom, departement, dans]) => [mots, { nom, filtre: "commune", valeur: nom, departement, dans: dans || `à ${nom}` }]),
      ...departements.map(([mots, nom, code, dans]) => [mots, { nom, filtre: AREA, valeur: code, dans }]),
    ]))
    .then((byWords) => {
      communeNames = new Map([...byWords].filter(([, place]) => place.filtre === "commune").map(([words, place]) => [words, place.nom]));
      return byWords;
    });
  return places;
}

// The commune typed in #commune-saisie, written as the index writes it ("lens" -> "Lens") once the places are known.
let communeNames = new Map(); // plain name -> name
function typedCommune() {
  const typed = communeInput ? communeInput.value.trim() : "";
  return typed ? communeNames.get(plain(typed)) || typed : "";
}

// The names that start as typed (or contain it, after those), a dozen at most: the list stays short at any size.
function suggestCommunes() {
  const typed = plain(communeInput.value);
  const names = [...communeNames.entries()];
  const found = typed
    ? [...names.filter(([words]) => words.startsWith(typed)), ...names.filter(([words]) => !words.startsWith(typed) && words.includes(typed))]
    : [];
  const options = found.slice(0, SUGGESTIONS).map(([, name]) => Object.assign(document.createElement("option"), { value: name }));
  document.getElementById("communes-proposees").replaceChildren(...options);
}

// The place the query names (its longest run of words that is a place's name), and its other words.
function findPlace(query, byWords) {
  const words = query.split(/\s+/).filter(Boolean);
  for (let size = words.length; size > 0; size--) {
    for (let start = 0; start + size <= words.length; start++) {
      const place = byWords.get(plain(words.slice(start, start + size).join(" ")));
      if (place) return { place, rest: [...words.slice(0, start), ...words.slice(start + size)].join(" ") };
    }
  }
  return null;
}

function withoutKeys(filters, keys) {
  return Object.fromEntries(Object.entries(filters).filter(([key]) => !keys.includes(key)));
}

// The folded filters say how many are ticked.
function showActive() {
  const active = form.querySelectorAll("input[type=checkbox]:checked").length + (typedCommune() ? 1 : 0);
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

// counts null: not known yet (a badge says nothing rather than a false « (0) »).
function showCounts(counts) {
  for (const badge of form.querySelectorAll(".facet-count")) {
    const count = counts ? (counts[badge.dataset.facet] || {})[badge.dataset.value] || 0 : null;
    badge.textContent = count === null ? "" : `(${count})`;
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

// The index comes in shards by département (ess_site/output/search_index.py), listed with the
// département each holds in /pagefind-shards.json. Pagefind's script comes from the first bundle a
// search needs and the other bundles are merged into it, all at once: a search in a place asks only
// that place's bundles, a search without one asks them all. A bundle is merged once per page (twice
// would list its results twice); one merged for an earlier search only costs its own chunks.
let bundleList = null;
function loadBundleList() {
  bundleList ??= fetch(form.dataset.index).then((response) => response.json());
  return bundleList;
}

let primary = null; // the bundle Pagefind's script came from: searched by every search
let pagefind = null; // the module, once imported and started
const merged = new Map(); // bundle URL -> its merge
const OPTIONS = { excerptLength: 24 };
const PART = "partie"; // a filter Pagefind gives every page of a bundle (mergeFilter): the bundle's URL
async function loadBundles(urls) {
  primary ??= urls[0];
  pagefind ??= import(`${primary}pagefind.js`).then(async (module) => {
    await module.options({ ...OPTIONS, basePath: primary, mergeFilter: { [PART]: primary } });
    await module.init(); // its wasm and metadata start loading now, before a merge or a search asks
    return module;
  });
  const module = await pagefind;
  const others = urls.filter((url) => url !== primary);
  for (const url of others) if (!merged.has(url)) merged.set(url, module.mergeIndex(url, { ...OPTIONS, mergeFilter: { [PART]: url } }));
  await Promise.all(others.map((url) => merged.get(url)));
  return module;
}

// The bundles a search under these filters needs: those of its départements, or of the départements
// of its communes, or every bundle.
function bundlesFor(list, filters, byWords) {
  const departements = new Set(filters[AREA] ? filters[AREA].any : []);
  if (!departements.size && filters.commune) {
    for (const name of filters.commune.any) {
      const found = [...byWords.values()].filter((place) => place.filtre === "commune" && place.valeur === name);
      // A commune lieux.json does not know, or without its département (a one-département territory): anywhere.
      if (!found.length || found.some((place) => !place.departement)) return list.map(({ url }) => url);
      for (const place of found) departements.add(place.departement);
    }
  }
  const chosen = departements.size ? list.filter(({ departement }) => departements.has(departement)) : list;
  return (chosen.length ? chosen : list).map(({ url }) => url);
}

// The order of results depends on each page alone, never on how the index is split: Pagefind
// scores a bundle with that bundle's word statistics and its multi-index search sorts those raw
// scores together (coupled_search.ts), so near scores swapped with the split. Here a page whose
// first words (its name, then what it does) hold the query comes first, then the page where the
// query's words are found more often; ties follow Pagefind's page id, a hash of the page itself.
// Each result's keys are computed once (a national search sorts 200 000 results).
function byMatches(results) {
  const keyed = results.map((result) => {
    let first = Infinity;
    for (const word of result.words) if (word < first) first = word;
    return { result, first, count: result.words.length };
  });
  keyed.sort((a, b) => a.first - b.first || b.count - a.count || (a.result.id < b.result.id ? -1 : a.result.id > b.result.id ? 1 : 0));
  return keyed.map(({ result }) => result);
}

// The words Pagefind matches one by one (it splits a query at spaces and drops punctuation); a
// quoted query is an exact search, already all or nothing.
function wordsOf(query) {
  if (!query || /^\s*".+"\s*$/.test(query)) return [];
  return query.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
}

// One search, merged over the query's variants (synonyms), in the order above, in the bundles
// its filters need (`where`: the bundle list and the places). A bundle where a word of the query
// is on no page answers as if the word were not typed (Pagefind's search_term drops it), so a
// query of several words keeps only the pages found by each of its words alone, searched at the
// same time in the same bundles (their chunks are the query's own): the results are those of one
// index, however it is split.
async function find(where, text, filters) {
  const pagefind = await loadBundles(bundlesFor(where.list, filters, where.byWords));
  const queries = text ? variants(text) : [null];
  const several = queries.map((query) => wordsOf(query)).map((words) => (words.length > 1 ? words : []));
  const alone = [...new Set(several.flat())];
  const parts = { any: [primary, ...merged.keys()] }; // every bundle searched: a filter every page passes
  const [searches, byWord] = await Promise.all([
    Promise.all(queries.map((words) => pagefind.search(words, { filters }))),
    Promise.all(alone.map((word) => pagefind.search(word, { filters: { ...filters, [PART]: parts } }))),
  ]);
  const pagesOf = new Map(alone.map((word, index) => [word, new Set(byWord[index].results.map((result) => result.id))]));
  // A word on no page of any bundle searched is left out, as one index leaves it out (a typo
  // then still finds the other words).
  const searchOf = new Map(alone.map((word, index) => [word, byWord[index]]));
  const known = (word) => Object.values(searchOf.get(word).totalFilters[PART] || {}).some((count) => count > 0);
  const seen = new Map();
  for (const [index, found] of searches.entries()) {
    const words = several[index].filter(known);
    for (const result of found.results) {
      if (!seen.has(result.id) && words.every((word) => pagesOf.get(word).has(result.id))) seen.set(result.id, result);
    }
  }
  const totalFilters = await countsOf(pagefind, queries[0], searches[0].totalFilters, several[0].filter(known).map((word) => searchOf.get(word)));
  return { results: byMatches([...seen.values()]), totalFilters };
}

// The filters' counts of a query of several words (Pagefind's totalFilters, ignoring the chosen
// filters), without the bundles where one of its words is on no page: those count the pages of the
// other words, and none of their pages holds every word. There, the counts are those of the other
// bundles, one search per filter chosen (each value of the filter, in those bundles only).
async function countsOf(pagefind, query, totals, byWord) {
  const parts = [primary, ...merged.keys()];
  const good = parts.filter((part) => byWord.every((found) => ((found.totalFilters[PART] || {})[part] || 0) > 0));
  if (!totals || good.length === parts.length) return totals;
  const counted = await Promise.all(Object.entries(totals).filter(([key]) => key !== PART).map(async ([key, values]) => {
    if (!good.length) return [key, Object.fromEntries(Object.keys(values).map((value) => [value, 0]))];
    const found = await pagefind.search(query, { filters: { [PART]: { any: good }, [key]: { any: Object.keys(values) } } });
    return [key, found.filters[key] || {}];
  }));
  return Object.fromEntries(counted);
}

// The place a filter keeps, when it keeps one: " à Carvin", " dans le Pas-de-Calais".
function placeOf(filters, byWords) {
  for (const key of [AREA, "commune"]) {
    const values = filters[key] ? filters[key].any : [];
    if (values.length !== 1) continue;
    for (const place of byWords.values()) if (place.filtre === key && place.valeur === values[0]) return place;
  }
  return null;
}

function link(text, href) {
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.textContent = text;
  return anchor;
}

// Nothing found under a filter: the same words in the département, the whole territory, without
// any filter (and, for a place named in the query, all its words as words), each with its count.
async function offerWider(id, where, { query, text, filters, named }) {
  const { byWords } = where;
  const options = [];
  const place = placeOf(filters, byWords);
  const others = withoutKeys(filters, PLACE_FILTERS);
  if (place && place.departement) {
    const departement = placeOf({ [AREA]: { any: [place.departement] } }, byWords);
    if (departement) options.push([departement.dans, text, { ...others, [AREA]: { any: [place.departement] } }]);
  }
  if (Object.keys(others).length < Object.keys(filters).length) options.push(["dans tout le territoire", text, others]);
  if (Object.keys(others).length) options.push(["sans filtre", text, {}]);
  if (named) options.push([`« ${query} » dans tous les textes`, query, {}, true]);
  const counted = await Promise.all(options.map(async ([label, words, scope, asWords]) => {
    const found = words || Object.keys(scope).length ? await find(where, words, scope) : { results: [] };
    return { label, count: found.results.length, url: searchUrl({ query: words, filters: scope, wordsOnly: asWords }) };
  }));
  if (id !== searchId) return;
  const useful = counted.filter((option) => option.count);
  if (!useful.length) {
    wider.textContent = options.length ? "Une recherche plus large ne trouve rien non plus." : "";
    return;
  }
  const items = useful.map(({ label, count, url }) => {
    const item = document.createElement("li");
    item.append(link(label, url), ` (${plural(count, "résultat", "résultats")})`);
    return item;
  });
  const offers = document.createElement("ul");
  offers.append(...items);
  wider.replaceChildren("Élargir la recherche :", offers);
}

// Counts need every filter's chunks in every bundle searched (a thousand files for a national
// directory): Pagefind counts only the filters loaded, and gives 0 for the others. So they load
// once the filters are shown, after the results: without a query, the whole index's counts;
// with one, the query searched again once its bundles' filters are in.
function countWhenShown(id, scope, text, filters) {
  const count = async () => {
    const pagefind = await loadBundles(bundlesFor(scope.list, filters, scope.byWords));
    const all = await pagefind.filters();
    const counts = text ? (await find(scope, text, filters)).totalFilters : all;
    if (counts && id === searchId) showCounts(counts);
  };
  const shown = () => count().catch(() => null);
  if (panel.open) shown();
  else panel.addEventListener("toggle", () => { if (panel.open && id === searchId) shown(); }, { once: true });
}

async function search(wanted) {
  const id = ++searchId;
  const { query } = wanted;
  let scope, named, text, filters, found, pagefind;
  try {
    const [bundles, byWords] = await Promise.all([loadBundleList(), loadPlaces()]);
    scope = { list: bundles, byWords };
    if (id !== searchId) return; // a newer search has started
    placeLine.replaceChildren();
    wider.replaceChildren();
    if (!query && !Object.keys(wanted.filters).length) {
      list.replaceChildren();
      more.hidden = true;
      statusLine.textContent = "Tapez un mot ou choisissez un filtre.";
      showCounts(null);
      countWhenShown(id, scope, "", {});
      return;
    }
    // A place named in the query becomes its filter; the other words are searched there.
    named = query && !wanted.wordsOnly ? findPlace(query, byWords) : null;
    text = named ? named.rest : query;
    filters = named ? { ...withoutKeys(wanted.filters, PLACE_FILTERS), [named.place.filtre]: { any: [named.place.valeur] } } : wanted.filters;
    found = await find(scope, text, filters);
    pagefind = await loadBundles(bundlesFor(bundles, filters, byWords));
  } catch (error) {
    statusLine.textContent = "La recherche n'est pas disponible : l'index de recherche est absent de cette version du site. Parcourez l'annuaire par commune, secteur, statut ou thématique.";
    return;
  }
  if (id !== searchId) return;
  const { byWords } = scope;
  // Counts ignore the chosen filters (choosing "Mutuelle" still shows how many associations exist):
  // for a query, Pagefind's totalFilters once every filter is loaded; without one, the counts of
  // the bundles searched (the whole index, or the département of the place chosen).
  if (text) {
    showCounts(null);
    countWhenShown(id, scope, text, filters);
  } else {
    showCounts(await pagefind.filters());
  }
  const place = placeOf(filters, byWords);
  const where = `${place ? ` ${place.dans}` : ""}${text ? ` pour « ${text} »` : ""}`;
  shown = { results: found.results, count: 0 };
  list.replaceChildren();
  await showMore(id);
  if (id !== searchId) return;
  const total = shown.results.length;
  statusLine.textContent = total
    ? `${plural(total, "résultat", "résultats")}${where}${total > shown.count ? ` ; les ${shown.count.toLocaleString("fr-FR")} premiers sont affichés` : ""}.`
    : `Aucun résultat${where}.`;
  if (named) {
    placeLine.append(`« ${named.place.nom} » est lu comme un lieu. `,
      link(`Chercher « ${query} » dans tous les textes`, searchUrl({ query, filters: withoutKeys(wanted.filters, PLACE_FILTERS), wordsOnly: true })));
  }
  if (!total) await offerWider(id, scope, { query, text, filters, named });
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
  wordsOnly = false; // new words: a place in them is a place again
  area = null;
  typing = setTimeout(searchNow, TYPING_PAUSE);
  // Meanwhile the bundles already merged fetch the chunks of the words typed so far (Pagefind's preload).
  const words = form.elements.q.value.trim();
  if (pagefind && words) pagefind.then((module) => module.preload(words)).catch(() => null);
});
form.addEventListener("change", (event) => {
  if (event.target.type === "checkbox" || event.target === communeInput) searchNow();
});
if (communeInput) {
  communeInput.addEventListener("input", () => loadPlaces().then(suggestCommunes));
}
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
// Pagefind's script, worker, wasm and the metadata of the bundle without a place (the lettres: small,
// searched by every search as Pagefind's primary index) load while lieux.json tells which bundles
// the search needs; without such a bundle, the search's first bundle is the primary.
loadBundleList().then((bundles) => {
  const placeless = bundles.find((bundle) => !bundle.departement);
  return placeless ? loadBundles([placeless.url]) : null;
}).catch(() => null); // a missing index is said by search()
search(fromUrl);
