// Full-text search over the source pages, with Pagefind's index in ../pagefind/.
// The query is converted into this page's script first, character by character, so a
// Traditional query finds Simplified sources and the reverse; editors' aliases map
// regional words (晶片) to the words the sources use (芯片).
const form = document.getElementById("search-form");
const note = document.getElementById("search-note");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const root = form.dataset.root;
const toScript = form.dataset.script === "hans" ? "t2s" : "s2t";

function convert(text, table) {
  return Array.from(text, (ch) => table[ch] || ch).join("");
}

function expand(query, tables) {
  let q = query;
  for (const [alias, word] of Object.entries(tables.aliases)) {
    q = q.split(convert(alias, tables[toScript])).join(convert(word, tables[toScript]));
  }
  return convert(q, tables[toScript]);
}

// The paragraph holding the first match: the last paragraph anchor at or before it.
function paragraphOf(data) {
  const first = Math.min(...(data.locations.length ? data.locations : [0]));
  let best = null;
  for (const a of data.anchors || []) {
    if (/^p\d+$/.test(a.id) && a.location <= first && (!best || a.location >= best.location)) best = a;
  }
  return best ? best.id : null;
}

function excerptNode(html) {
  // Pagefind marks matches with <mark>; keep those and nothing else.
  const p = document.createElement("p");
  for (const part of html.split(/(<mark>.*?<\/mark>)/)) {
    const m = part.match(/^<mark>(.*)<\/mark>$/);
    if (m) {
      const mark = document.createElement("mark");
      mark.textContent = m[1];
      p.appendChild(mark);
    } else {
      p.appendChild(document.createTextNode(part.replace(/<[^>]*>/g, "")));
    }
  }
  return p;
}

async function main() {
  const tables = await (await fetch(root + "static/search-tables.json")).json();
  const base = new URL(root, location.href).pathname;
  const pagefind = await import(root + "pagefind/pagefind.js");
  await pagefind.options({ baseUrl: base });
  await pagefind.init();
  form.hidden = false;
  note.hidden = true;

  async function run(query) {
    list.textContent = "";
    if (!query.trim()) { status.textContent = ""; return; }
    const search = await pagefind.search(expand(query, tables));
    const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
    status.textContent = results.length ? `${results.length} ${form.dataset.count}` : form.dataset.none;
    for (const data of results) {
      const id = paragraphOf(data);
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = data.url + (id ? "#" + id : "");
      a.textContent = data.meta.title || data.url;
      a.className = "search-hit";
      li.appendChild(a);
      li.appendChild(excerptNode(data.excerpt));
      list.appendChild(li);
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = document.getElementById("search-q").value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(q));
    run(q);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    document.getElementById("search-q").value = initial;
    run(initial);
  }
}

main().catch(() => {});
