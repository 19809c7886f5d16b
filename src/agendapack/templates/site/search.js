// The site's search page: Pagefind's index (pagefind/), queried in the browser.
// Everything is drawn as text nodes and elements, never from HTML strings, so no word of a
// paper can become markup; only Pagefind's <mark> around the words found is kept.
const form = document.getElementById("search");
const box = document.getElementById("q");
const status = document.getElementById("status");
const list = document.getElementById("results");
const more = document.getElementById("more");
const FILTERS = ["committee", "year", "kind"];
const PER_PAGE = 20;

let pagefind;
let found = [];
let shown = 0;

function element(name, text, attributes = {}) {
  const node = document.createElement(name);
  if (text) node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

// Pagefind's excerpt is a fragment of HTML: parsed inertly, its text is kept and its
// <mark> elements become ours.
function excerpt(html) {
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const out = element("p", "", { class: "excerpt" });
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") out.append(element("mark", node.textContent));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

function result(data) {
  const meta = data.meta;
  const item = element("li");
  const heading = element("h2");
  heading.append(element("a", meta.title, { href: data.url }));
  item.append(heading);
  const where = element("p", "", { class: "where" });
  where.append(`${meta.kind}, `, element("a", meta.meeting, { href: meta.meeting_url }));
  if (meta.pack_url) {
    where.append(" (", element("a", "in the pack", { href: meta.pack_url }), ")");
  }
  item.append(where, excerpt(data.excerpt));
  return item;
}

async function showMore() {
  const next = found.slice(shown, shown + PER_PAGE);
  const data = await Promise.all(next.map((r) => r.data()));
  for (const d of data) list.append(result(d));
  shown += next.length;
  more.hidden = shown >= found.length;
}

function query() {
  const params = new URLSearchParams(location.search);
  box.value = params.get("q") || "";
  for (const name of FILTERS) {
    const select = document.getElementById(name);
    const value = params.get(name) || "";
    if ([...select.options].some((o) => o.value === value)) select.value = value;
  }
}

async function run() {
  const words = box.value.trim();
  list.replaceChildren();
  more.hidden = true;
  found = [];
  shown = 0;
  if (!words) {
    status.textContent = "Type the words to find, then press Search.";
    return;
  }
  const filters = {};
  for (const name of FILTERS) {
    const value = document.getElementById(name).value;
    if (value) filters[name] = value;
  }
  status.textContent = "Searching.";
  const search = await pagefind.search(words, { filters });
  found = search.results;
  await showMore();
  // said once the first results are on the page, so that what is read out is there
  const count = found.length;
  status.textContent =
    count === 0
      ? `No results for \u201c${words}\u201d.`
      : `${count} result${count === 1 ? "" : "s"} for \u201c${words}\u201d.`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const params = new URLSearchParams();
  params.set("q", box.value.trim());
  for (const name of FILTERS) {
    const value = document.getElementById(name).value;
    if (value) params.set(name, value);
  }
  history.replaceState(null, "", `?${params}`);
  await run();
});
more.addEventListener("click", async () => {
  const first = shown;
  await showMore();
  // the first new result takes the focus, so a keyboard user carries on from there
  list.children[first]?.querySelector("a")?.focus();
});

// said by the script, so that a browser without scripts never shows it
status.textContent = "Search is loading.";
try {
  // one index a municipal year, newest first: the first is loaded, the others merged in
  const [first, ...others] = form.dataset.indexes.split(" ").filter(Boolean);
  if (!first) throw new Error("nothing to search yet");
  pagefind = await import(`./pagefind/${first}/pagefind.js`);
  await pagefind.options({ excerptLength: 24 });
  for (const year of others) {
    await pagefind.mergeIndex(new URL(`pagefind/${year}/`, document.baseURI).pathname);
  }
  form.hidden = false;
  query();
  await run();
  document.body.dataset.searchReady = "true";
} catch (error) {
  status.textContent = "Search could not be loaded. Every meeting's papers are listed on its committee's page.";
  document.body.dataset.searchReady = "failed";
  throw error;
}
