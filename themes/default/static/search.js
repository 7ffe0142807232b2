/* creatorkb search: runs in the browser over the index the build writes,
   a manifest (search/index.js) and shards loaded on demand (see
   docs/search.md). Works from file:// because every part is a script, not a
   fetched file. No dependencies. */
(function () {
  "use strict";

  /* ---------- Interface strings ---------- */
  // The page's language: base.html writes them in <script id="ui-strings">
  // (from the theme's i18n files); these English ones fill any gap.
  var STRINGS = {
    results_one: "{n} result", results_other: "{n} results",
    results_for: "{results} for “{q}”", best_shown: ", best {n} shown",
    all_results_for: "All {results} for “{q}” →", no_results_for: "No results for “{q}”",
    no_results_hint: "No results for “{q}”. Check the spelling, or try fewer or shorter words.",
    type_to_search: "Type to search {n} pages.", loading_index: "Loading the index…",
    show_more: "Show {n} more", also_in_text: "Also in the text:", suggestions: "Suggestions",
    search_unavailable: "Search is unavailable: {error}.",
    index_empty: "the search index is empty", index_failed: "the search index could not be loaded"
  };
  (function () {
    var node = document.getElementById("ui-strings");
    if (!node) return;
    try {
      var own = JSON.parse(node.textContent);
      for (var k in own) if (typeof own[k] === "string") STRINGS[k] = own[k];
    } catch (e) { /* keep the English strings */ }
  })();

  /** The string `key` with its `{name}` placeholders filled from `args`. */
  function str(key, args) {
    return STRINGS[key].replace(/\{(\w+)\}/g, function (m, name) {
      return args && name in args ? String(args[name]) : m;
    });
  }

  /* ---------- Folding and words: must match src/search/mod.rs ---------- */
  var SPECIAL = { "æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th", "ς": "σ" };
  var MARKS = /\p{M}/gu;
  var SPECIALS = /[æœßøđðłıþς]/g;
  var SPLIT = /[^\p{Alphabetic}\p{N}]+/u;
  var WORD_CHAR = /[\p{Alphabetic}\p{N}]/u;

  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(MARKS, "").replace(SPECIALS, function (c) { return SPECIAL[c]; });
  }

  /** Query words: folded, split like the index; one-letter words kept (they are prefixes). */
  function queryWords(q) {
    var seen = {};
    return fold(q).split(SPLIT).filter(function (w) {
      if (!w || seen[w]) return false;
      seen[w] = true;
      return true;
    });
  }

  /* ---------- The index ---------- */
  var DIGIT = new Int8Array(128).fill(-1);
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  var FIELD_WEIGHT = [4, 12, 40, 100]; // body, summary, names and facets, title
  var KIND_BONUS = [6, 4, 6, 2, 0, 0, 0, 0, 0, 0]; // creator, campaign, glossary, page, taxonomy values
  // CSS class of each kind (`kind--creator`), whatever the language of its label.
  var KIND_CLASS = ["creator", "campaign", "glossary", "page", "niche", "network", "brand", "country", "language", "objective"];

  // Word shards a query word may load at most: a one- or two-letter prefix
  // can span many; the next keystroke narrows it.
  var MAX_SHARDS = 3;

  /* ---------- Shards: scripts that call creatorkbSearchChunk(name, data) ---------- */
  var shards = {}, files = {};
  window.creatorkbSearchChunk = function (name, data) { shards[name] = data; };

  /** The data of shard `name` (`w/3`) under `base`, loading its script once. */
  function shard(base, name) {
    if (files[name]) return files[name];
    files[name] = new Promise(function (resolve, reject) {
      if (name in shards) return resolve(shards[name]);
      var s = document.createElement("script");
      s.src = base + name + ".js";
      s.onload = function () {
        if (name in shards) resolve(shards[name]);
        else { delete files[name]; reject(new Error(str("index_failed"))); }
      };
      s.onerror = function () { delete files[name]; reject(new Error(str("index_failed"))); };
      document.head.appendChild(s);
    });
    return files[name];
  }

  /** The index behind the manifest `raw` (see docs/search.md); shards come from `base`. */
  function Index(raw, base) {
    this.base = base;
    this.kinds = raw.kinds;
    this.count = raw.docs;
    this.per = raw.per;
    this.words = raw.words;
    this.initials = raw.initials || "";
    this.kindOf = new Uint8Array(raw.docs);
    for (var k = 0; k < raw.starts.length; k++) this.kindOf.fill(k, raw.starts[k]);
    this.chunks = [];   // loaded word shards: {tokens, postings, decoded}
    this.docs = [];     // loaded documents by number
  }

  /** Word shard `n`, loaded. */
  Index.prototype.chunk = function (n) {
    var self = this;
    if (self.chunks[n]) return Promise.resolve(self.chunks[n]);
    return shard(self.base, "w/" + n).then(function (raw) {
      var tokens = raw.tokens ? raw.tokens.split(" ") : [];
      return (self.chunks[n] = { tokens: tokens, postings: raw.postings, decoded: new Array(tokens.length) });
    });
  };

  /** Numbers of the word shards holding words that start with `w`. */
  Index.prototype.shardsFor = function (w) {
    var f = this.words, lo = 0, hi = f.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (f[m] <= w) lo = m + 1; else hi = m; }
    var out = [Math.max(0, lo - 1)];
    for (var i = out[0] + 1; i < f.length && f[i].lastIndexOf(w, 0) === 0 && out.length < MAX_SHARDS; i++) out.push(i);
    return f.length ? out : [];
  };

  /** Postings of token `t` of shard `c` as [docs, fields, title starts]. */
  function list(c, t) {
    var hit = c.decoded[t];
    if (hit) return hit;
    var s = c.postings[t], docs = [], fields = [], starts = [], doc = 0, n = 0, mul = 1;
    for (var i = 0; i < s.length; i++) {
      var d = DIGIT[s.charCodeAt(i)];
      if (d >= 32) { n += (d - 32) * mul; mul *= 32; }
      else {
        n += d * mul;
        doc += Math.floor(n / 8);
        docs.push(doc); fields.push(n % 4); starts.push(n & 4);
        n = 0; mul = 1;
      }
    }
    return (c.decoded[t] = [docs, fields, starts]);
  }

  /** [first, end) of the tokens of shard `c` starting with `w` (tokens are sorted). */
  function range(c, w) {
    var t = c.tokens, lo = 0, hi = t.length;
    while (lo < hi) { var m = (lo + hi) >> 1; if (t[m] < w) lo = m + 1; else hi = m; }
    var end = lo;
    while (end < t.length && t[end].lastIndexOf(w, 0) === 0) end++;
    return [lo, end];
  }

  /** Loads the documents numbered `ds`; resolves when all are in `this.docs`. */
  Index.prototype.load = function (ds) {
    var self = this, want = {};
    ds.forEach(function (d) { if (!self.docs[d]) want[Math.floor(d / self.per)] = true; });
    return Promise.all(Object.keys(want).map(function (n) {
      return shard(self.base, "d/" + n).then(function (rows) {
        for (var i = 0; i < rows.length; i++) self.docs[n * self.per + i] = rows[i];
      });
    }));
  };

  /**
   * Ranked results for `q` (a promise): every word must match the start of a
   * word of the document (prefix search while typing); a word's score is the
   * weight of the strongest field it is found in, less for a prefix than for
   * a whole word. Only the shards the words need are loaded.
   */
  Index.prototype.search = function (q, limit) {
    var self = this, words = queryWords(q);
    if (!words.length) return Promise.resolve({ words: words, total: 0, hits: [] });
    if (words.length === 1 && words[0].length === 1) return this.initial(words, limit);
    var need = words.map(function (w) { return self.shardsFor(w); });
    var all = [].concat.apply([], need);
    return Promise.all(all.map(function (n) { return self.chunk(n); })).then(function () {
      return self.rank(words, need, limit);
    });
  };

  Index.prototype.rank = function (words, need, limit) {
    var self = this, n = this.count, total = new Float32Array(n), count = new Uint8Array(n);
    var inTitle = new Uint8Array(n), starts = new Uint8Array(n), best = [];
    for (var wi = 0; wi < words.length; wi++) {
      var w = words[wi], score = new Float32Array(n), tok = new Float64Array(n), title = new Uint8Array(n);
      var ranges = need[wi].map(function (c) { return range(self.chunks[c], w); }), size = 0;
      ranges.forEach(function (r) { size += r[1] - r[0]; });
      // A very short prefix matches much of the vocabulary: look at names only.
      var minField = size > 3000 ? 2 : 0;
      for (var ci = 0; ci < ranges.length; ci++) {
        var c = this.chunks[need[wi][ci]], r = ranges[ci];
        for (var t = r[0]; t < r[1]; t++) {
          var factor = c.tokens[t].length === w.length ? 1 : 0.7, id = need[wi][ci] * 16777216 + t + 1;
          var l = list(c, t), ds = l[0], fs = l[1], st = l[2];
          for (var i = 0; i < ds.length; i++) {
            if (fs[i] < minField) continue;
            var s = FIELD_WEIGHT[fs[i]] * factor, d = ds[i];
            if (s > score[d]) { score[d] = s; tok[d] = id; }
            if (fs[i] === 3) title[d] |= 1;
            if (st[i]) title[d] |= 2;
          }
        }
      }
      for (var d2 = 0; d2 < n; d2++) {
        if (score[d2] > 0) {
          total[d2] += score[d2]; count[d2]++;
          if (title[d2] & 1) inTitle[d2]++;
          if (wi === 0 && title[d2] & 2) starts[d2] = 1;
        }
      }
      best.push(tok);
    }
    var hits = [];
    for (var e = 0; e < n; e++) {
      if (count[e] !== words.length) continue;
      var bonus = KIND_BONUS[this.kindOf[e]] || 0;
      // A title that starts with the query, or holds all of its words.
      if (inTitle[e] === words.length) bonus += starts[e] ? 60 : 20;
      hits.push({ doc: e, score: total[e] + bonus });
    }
    hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    var shown = hits.slice(0, limit).map(function (h) {
      h.tokens = best.map(function (tok) {
        var id = tok[h.doc] - 1, c = self.chunks[Math.floor(id / 16777216)];
        return id < 0 || !c ? null : c.tokens[id % 16777216];
      });
      return h;
    });
    return this.load(shown.map(function (h) { return h.doc; })).then(function () {
      return { words: words, total: hits.length, hits: shown };
    });
  };

  /**
   * A one-letter query is the first keystroke of a word: it would match a
   * large part of the vocabulary, so it only looks at titles, by their words'
   * first letter, from a list the build ranked (the next keystroke uses the
   * word shards).
   */
  Index.prototype.initial = function (words, limit) {
    var self = this, w = words[0];
    if (this.initials.indexOf(w) < 0) return Promise.resolve({ words: words, total: 0, hits: [] });
    return shard(this.base, "i/" + w.codePointAt(0).toString(16)).then(function (s) {
      var ds = [], n = 0, mul = 1;
      for (var i = 0; i < s.length; i++) {
        var d = DIGIT[s.charCodeAt(i)];
        if (d >= 32) { n += (d - 32) * mul; mul *= 32; }
        else { ds.push(n + d * mul); n = 0; mul = 1; }
      }
      var shown = ds.slice(0, limit);
      return self.load(shown).then(function () {
        return { words: words, total: ds.length, hits: shown.map(function (d) { return { doc: d, tokens: [null] }; }) };
      });
    });
  };

  /* ---------- Loading ---------- */
  var loading = null;

  /**
   * The index, loading its manifest with a <script> tag when needed: `src`
   * (the form's `data-index`, the index of the page's language) or
   * `<root>search/index.js`; its shards are beside it.
   */
  function load(root, src) {
    if (loading) return loading;
    src = src || root + "search/index.js";
    var base = src.slice(0, src.lastIndexOf("/") + 1);
    loading = new Promise(function (resolve, reject) {
      if (window.creatorkbSearch) return resolve(new Index(window.creatorkbSearch, base));
      var s = document.createElement("script");
      s.src = src;
      s.onload = function () {
        if (window.creatorkbSearch) resolve(new Index(window.creatorkbSearch, base));
        else reject(new Error(str("index_empty")));
      };
      s.onerror = function () { reject(new Error(str("index_failed"))); };
      document.head.appendChild(s);
    });
    return loading;
  }

  /* ---------- Highlighting ---------- */

  /** `text` as nodes, with each start of a word matching a query word in <mark>. */
  function highlight(text, words) {
    var frag = document.createDocumentFragment();
    if (!text) return frag;
    // Fold character by character, remembering where each folded character came from.
    var folded = "", from = [];
    for (var i = 0; i < text.length; ) {
      var cp = text.codePointAt(i), ch = String.fromCodePoint(cp), f = fold(ch);
      for (var k = 0; k < f.length; k++) from.push(i);
      folded += f;
      i += ch.length;
    }
    from.push(text.length);
    var marks = [];
    words.forEach(function (w) {
      var at = folded.indexOf(w);
      while (at >= 0) {
        if (at === 0 || !WORD_CHAR.test(folded[at - 1])) marks.push([from[at], from[at + w.length]]);
        at = folded.indexOf(w, at + 1);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      if (m[0] > pos) frag.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      frag.appendChild(mark);
      pos = m[1];
    });
    if (pos < text.length) frag.appendChild(document.createTextNode(text.slice(pos)));
    return frag;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /** One result as a list item; the whole card is the link's target. */
  function resultItem(index, hit, words, root, compact) {
    var d = index.docs[hit.doc], kind = index.kinds[d[0]] || "";
    var li = el("li", "search-result");
    var a = el("a", "search-result__link");
    a.href = root + d[2];
    a.appendChild(el("span", "search-result__kind kind--" + (KIND_CLASS[d[0]] || fold(kind)), kind));
    var title = el("span", "search-result__title");
    title.appendChild(highlight(d[1], words));
    a.appendChild(title);
    li.appendChild(a);
    if (d[3]) {
      var meta = el("span", "search-result__meta");
      meta.appendChild(highlight(d[3], words));
      li.appendChild(meta);
    }
    if (d[4] && !compact) {
      var snip = el("p", "search-result__snippet");
      snip.appendChild(highlight(d[4], words));
      li.appendChild(snip);
    }
    // Words found only in the body text: say which word matched.
    var shown = fold(d[1] + " " + d[3] + " " + (compact ? "" : d[4]));
    var hidden = [];
    hit.tokens.forEach(function (t, i) {
      if (t && !new RegExp("(^|[^\\p{Alphabetic}\\p{N}])" + words[i], "u").test(shown) && hidden.indexOf(t) < 0) hidden.push(t);
    });
    if (hidden.length && !compact) {
      var more = el("p", "search-result__also", str("also_in_text") + " ");
      hidden.forEach(function (t, i) {
        if (i) more.appendChild(document.createTextNode(", "));
        more.appendChild(el("mark", null, t));
      });
      li.appendChild(more);
    }
    return li;
  }

  /* ---------- Keyboard: arrows between the box and the result links ---------- */
  /**
   * `nav.busy` says results are on their way: `↓` pressed meanwhile
   * (`nav.want`) moves to the first one when they are shown.
   */
  function keyboard(input, list, onEscape, nav) {
    function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") {
        var l = links();
        if (l.length && !nav.busy) { e.preventDefault(); l[0].focus(); }
        else if (nav.busy) { e.preventDefault(); nav.want = true; }
      } else if (e.key === "Escape" && onEscape) {
        onEscape();
      }
    });
    list.addEventListener("keydown", function (e) {
      var l = links(), i = l.indexOf(document.activeElement);
      if (i < 0) return;
      var next = null;
      if (e.key === "ArrowDown") next = l[Math.min(i + 1, l.length - 1)];
      else if (e.key === "ArrowUp") next = i === 0 ? input : l[i - 1];
      else if (e.key === "Home") next = l[0];
      else if (e.key === "End") next = l[l.length - 1];
      else if (e.key === "Escape") { next = input; if (onEscape) onEscape(); }
      if (next) { e.preventDefault(); next.focus(); }
    });
  }

  /** `{n} result` or `{n} results` (the keys `<key>_one` and `<key>_other`). */
  function plural(n, key) { return str(n === 1 ? key + "_one" : key + "_other", { n: n }); }

  /* ---------- The search page ---------- */
  var PAGE_SIZE = 30;

  function searchPage(form) {
    var root = form.getAttribute("data-root") || "./";
    var input = form.querySelector("input[name=q]");
    var status = document.getElementById("search-status");
    var list = document.getElementById("search-results");
    var index = null, limit = PAGE_SIZE, seq = 0, nav = { busy: false, want: false };
    var q0 = new URLSearchParams(location.search).get("q") || "";
    input.value = q0;

    /** Shows the results of the box's query; `focusAt` focuses that result once shown. */
    function run(focusAt) {
      var q = input.value.trim(), mine = ++seq;
      try {
        var url = new URL(location.href);
        if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
        history.replaceState(null, "", url.search ? url.pathname + url.search : url.pathname);
      } catch (e) { /* a browser refusing replaceState here only loses the shareable URL */ }
      if (!index) { list.textContent = ""; status.textContent = q ? str("loading_index") : ""; return; }
      if (!q) { list.textContent = ""; nav.busy = false; status.textContent = str("type_to_search", { n: index.count }); return; }
      nav.busy = true;
      index.search(q, limit).then(function (r) {
        if (mine === seq) show(q, r, focusAt);
      }, function (err) {
        if (mine === seq) { nav.busy = false; status.textContent = str("search_unavailable", { error: err.message }); }
      });
    }

    function show(q, r, focusAt) {
      nav.busy = false;
      list.textContent = "";
      var frag = document.createDocumentFragment();
      r.hits.forEach(function (h) { frag.appendChild(resultItem(index, h, r.words, root, false)); });
      list.appendChild(frag);
      if (r.total > r.hits.length) {
        var li = el("li", "search-more");
        var b = el("button", "button", str("show_more", { n: Math.min(PAGE_SIZE, r.total - r.hits.length) }));
        b.type = "button";
        b.addEventListener("click", function () {
          var at = limit;
          limit += PAGE_SIZE;
          run(at);
        });
        li.appendChild(b);
        list.appendChild(li);
      }
      status.textContent = r.total
        ? str("results_for", { results: plural(r.total, "results"), q: q }) + (r.total > r.hits.length ? str("best_shown", { n: r.hits.length }) : "")
        : str("no_results_hint", { q: q });
      var l = list.querySelectorAll("a");
      if (focusAt != null && l[focusAt]) l[focusAt].focus();
      else if (nav.want && l[0] && document.activeElement === input) l[0].focus();
      nav.want = false;
    }

    input.addEventListener("input", function () { limit = PAGE_SIZE; run(); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    keyboard(input, list, null, nav);
    load(root, form.getAttribute("data-index")).then(function (ix) {
      index = ix;
      run();
    }, function (err) { status.textContent = str("search_unavailable", { error: err.message }); });
    if (!q0) input.focus();
  }

  /* ---------- The header box: live suggestions on every page ---------- */
  var SUGGESTIONS = 6;

  function headerBox(form) {
    var root = form.getAttribute("data-root") || "./";
    var input = form.querySelector("input[name=q]");
    var panel = el("div", "site-search__panel");
    panel.hidden = true;
    panel.id = "site-search-panel";
    var list = el("ul", "site-search__list");
    list.setAttribute("aria-label", str("suggestions"));
    var foot = el("a", "site-search__all");
    panel.appendChild(list);
    panel.appendChild(foot);
    form.appendChild(panel);
    input.setAttribute("aria-controls", panel.id);
    input.setAttribute("aria-expanded", "false");
    var index = null, seq = 0, nav = { busy: false, want: false };

    function close() { panel.hidden = true; input.setAttribute("aria-expanded", "false"); }

    function run() {
      var q = input.value.trim(), mine = ++seq;
      if (!q || !index) { list.textContent = ""; nav.busy = false; close(); return; }
      nav.busy = true;
      index.search(q, SUGGESTIONS).then(function (r) {
        if (mine === seq) show(q, r);
      }, function () { if (mine === seq) nav.busy = false; });
    }

    function show(q, r) {
      nav.busy = false;
      list.textContent = "";
      r.hits.forEach(function (h) { list.appendChild(resultItem(index, h, r.words, root, true)); });
      foot.href = form.getAttribute("action") + "?q=" + encodeURIComponent(q);
      foot.textContent = r.total ? str("all_results_for", { results: plural(r.total, "results"), q: q }) : str("no_results_for", { q: q });
      list.appendChild(el("li", "visually-hidden", plural(r.total, "results")));
      panel.hidden = false;
      input.setAttribute("aria-expanded", "true");
      var first = list.querySelector("a");
      if (nav.want && first && document.activeElement === input) first.focus();
      nav.want = false;
    }

    var typedEarly = false;
    function start() {
      load(root, form.getAttribute("data-index")).then(function (ix) {
        index = ix;
        // Typed while the index was loading: show those results now.
        if (typedEarly && document.activeElement === input) run();
        typedEarly = false;
      }, function () { /* the form still submits to the search page */ });
    }
    // Focus only starts loading; suggestions open on typing (and Escape,
    // which focuses the box again, keeps them closed).
    input.addEventListener("focus", start);
    input.addEventListener("input", function () {
      if (index) run();
      else { typedEarly = true; start(); }
    });
    keyboard(input, panel, function () { close(); input.focus(); }, nav);
    foot.addEventListener("keydown", function (e) {
      if (e.key === "ArrowUp") { var l = list.querySelectorAll("a"); e.preventDefault(); (l[l.length - 1] || input).focus(); }
      if (e.key === "Escape") { close(); input.focus(); }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
    form.addEventListener("focusout", function (e) { if (!form.contains(e.relatedTarget)) close(); });
  }

  /* "/" focuses the search box, as on most documentation sites. */
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target, tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    var box = document.querySelector(".search-form input[name=q], .site-search input[name=q]");
    if (box) { e.preventDefault(); box.focus(); box.select(); }
  });

  function init() {
    var page = document.querySelector("form.search-form");
    if (page) searchPage(page);
    var header = document.querySelector("form.site-search");
    if (header) headerBox(header);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();

  // For the benchmark and for other scripts: the engine without the UI.
  window.creatorkbSearchEngine = { fold: fold, load: load, Index: Index };
})();
