// Full-text search over the source pages, with Pagefind's index in shards under ../pagefind/.
// The query is converted into this page's script first, character by character, so a
// Traditional query finds Simplified sources and the reverse; editors' aliases map
// regional words (晶片) to the words the sources use (芯片).
const form = document.getElementById("search-form");
const note = document.getElementById("search-note");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const root = form.dataset.root;
const toScript = form.dataset.script === "hans" ? "t2s" : "s2tw";

function convert(text, table) {
  return Array.from(text, (ch) => table[ch] || ch).join("");
}

// The query is converted before the aliases apply, so a query typed in mixed script
// (輝达 on a Simplified page) still meets its alias.
function expand(query, tables) {
  let q = convert(query, tables[toScript]);
  for (const [alias, word] of Object.entries(tables.aliases)) {
    q = q.split(convert(alias, tables[toScript])).join(convert(word, tables[toScript]));
  }
  return q;
}

// Pagefind's default excerpt length, in words; passed to it explicitly so that the
// excerpt we reconstruct below is the one Pagefind shows.
const EXCERPT_LENGTH = 30;

// The first word of the excerpt Pagefind shows: its densest window of matches
// (pagefind.js calculate_excerpt_region), clamped to the page as build_excerpt does.
function excerptStart(data) {
  const weights = [];
  for (const w of data.weighted_locations || []) {
    weights[w.location] = (weights[w.location] || 0) + w.balanced_score;
  }
  let start = 0;
  if (weights.length > EXCERPT_LENGTH) {
    let sum = 0;
    for (let i = 0; i < EXCERPT_LENGTH; i++) sum += weights[i] || 0;
    let best = sum;
    let at = [0];
    for (let i = 0; i < weights.length; i++) {
      sum += (weights[i + EXCERPT_LENGTH] || 0) - (weights[i] || 0);
      if (sum > best) { best = sum; at = [i]; }
      else if (sum === best && at[at.length - 1] === i - 1) at.push(i);
    }
    start = at[Math.floor(at.length / 2)];
  }
  const raw = data.raw_content || "";
  const words = raw ? (raw.includes("\u200B") ? raw.split("\u200B") : raw.split(/[\r\n\s]+/g)).length
                    : data.word_count || 0;
  if (start + EXCERPT_LENGTH > words) start = words - EXCERPT_LENGTH;
  return Math.max(0, start);
}

// The paragraph holding the excerpt shown: the one holding its first highlighted word
// (or, without one, its first word), i.e. the last paragraph anchor at or before it.
function paragraphOf(data) {
  const start = excerptStart(data);
  const shown = (data.locations || []).filter((l) => l >= start && l < start + EXCERPT_LENGTH);
  const word = shown.length ? Math.min(...shown) : start;
  let best = null;
  for (const a of data.anchors || []) {
    if (/^p\d+$/.test(a.id) && a.location <= word && (!best || a.location >= best.location)) best = a;
  }
  return best ? best.id : null;
}

// Pagefind's excerpt is HTML: escaped text with <mark> around matches. Parse it in an
// inert document (nothing loads, nothing runs), keep its text, and keep no element but
// <mark>, so that "&lt;" reads "<" and nothing in the excerpt can become markup.
function excerptNode(html) {
  const p = document.createElement("p");
  const parsed = new DOMParser().parseFromString(html, "text/html");
  (function copy(from, to) {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.appendChild(document.createTextNode(node.data));
      } else if (node.nodeType === Node.ELEMENT_NODE && node.localName === "mark" && to === p) {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        to.appendChild(mark);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        copy(node, to);
      }
    }
  })(parsed.body, p);
  return p;
}

async function main() {
  const tables = await (await fetch(root + "static/search-tables.json")).json();
  const base = new URL(root, location.href).pathname;
  // The index comes in shards (pagefind/001/, pagefind/002/, ...): the first one's API
  // searches them all once the others are merged into it.
  const shards = form.dataset.shards.split(" ").filter(Boolean);
  if (!shards.length) return;
  const shardUrl = (shard) => new URL(root + shard, location.href).href;
  const pagefind = await import(shardUrl(shards[0]) + "pagefind.js");
  await pagefind.options({ baseUrl: base, excerptLength: EXCERPT_LENGTH });
  await pagefind.init();
  await Promise.all(shards.slice(1).map((shard) => pagefind.mergeIndex(shardUrl(shard), { baseUrl: base, excerptLength: EXCERPT_LENGTH })));
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
