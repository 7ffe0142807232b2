/* creatorkb directory filters: filter and sort the creator directory and the
   campaign list in place. The full table is in the page without JavaScript;
   this script shows the filter bar, reads the rows' data-* attributes
   (written at build time from the public data of the page), and keeps the
   state in the URL query so a filtered view can be shared as a link. */
(function () {
  "use strict";

  var form = document.getElementById("filters");
  if (!form) return;
  var table = document.querySelector(".creator-table, .campaign-table");
  if (!table || !table.tBodies[0]) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var kind = form.getAttribute("data-filters"); // "creators" or "campaigns"
  var count = form.querySelector(".filters__count");
  var empty = document.querySelector(".filters-empty");
  var fields = Array.prototype.slice.call(form.elements).filter(function (e) { return e.name; });
  // Number-valued or special fields; every other <select> is a facet that
  // matches one of the row's space-separated `data-<name>` values.
  var SPECIAL = { q: 1, fmin: 1, fmax: 1, ontime: 1, sort: 1 };

  /* Interface strings: the page's language from <script id="ui-strings">
     (written by base.html), these English ones for any gap. */
  var STRINGS = {
    creators_one: "{n} creator", creators_other: "{n} creators",
    campaigns_one: "{n} campaign", campaigns_other: "{n} campaigns",
    shown_creators: "{n} of {total} creators shown", shown_campaigns: "{n} of {total} campaigns shown",
    first_listed: " (first {n} listed)", show_more_rest: "Show {n} more ({rest} not listed yet)",
    pagination: "Pages", page_of: "Page {n} of {total}", previous_page: "Previous", next_page: "Next",
    index_failed: "The data could not be loaded."
  };
  (function () {
    var node = document.getElementById("ui-strings");
    if (!node) return;
    try {
      var own = JSON.parse(node.textContent);
      for (var k in own) if (typeof own[k] === "string") STRINGS[k] = own[k];
    } catch (e) { /* keep the English strings */ }
  })();
  function str(key, args) {
    return STRINGS[key].replace(/\{(\w+)\}/g, function (m, name) {
      return args && name in args ? String(args[name]) : m;
    });
  }

  /* Must match crate::text::fold (and search.js), which folds the row text. */
  var LETTERS = { "æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "þ": "th", "ς": "σ" };
  function fold(s) {
    return s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "")
      .replace(/[æœßøđðłıþς]/g, function (c) { return LETTERS[c]; });
  }

  /* A listing split into pages (this page holds one of them): filter and
     sort the whole listing from its data files instead of this page's rows. */
  if (form.hasAttribute("data-src") && +form.getAttribute("data-count") > rows.length) {
    pagedListing();
    return;
  }

  /* Parsed row data, read once: filtering then touches no attribute. */
  var data = rows.map(function (tr, i) {
    var d = tr.dataset, nets = {};
    (d.nets || "").split(" ").forEach(function (p) {
      var at = p.lastIndexOf(":");
      if (at > 0) nets[p.slice(0, at)] = +p.slice(at + 1);
    });
    var rates = Object.create(null);
    (d.rates || "").split(" ").forEach(function (p) {
      var at = p.lastIndexOf(":");
      if (at > 0) rates[p.slice(0, at)] = +p.slice(at + 1);
    });
    return {
      tr: tr,
      order: i,
      text: d.text || "",
      words: {},
      nets: nets,
      rates: rates,
      followers: +d.followers || 0,
      engagement: d.engagement === "" || d.engagement == null ? -1 : +d.engagement,
      ontime: d.ontime === "" || d.ontime == null ? -1 : +d.ontime,
      campaigns: +d.campaigns || 0,
      creators: +d.creators || 0,
      date: d.date || ""
    };
  });
  fields.forEach(function (f) {
    if (SPECIAL[f.name]) return;
    data.forEach(function (r) { r.words[f.name] = " " + (r.tr.getAttribute("data-" + f.name) || "") + " "; });
  });

  function state() {
    var s = {};
    fields.forEach(function (f) { if (f.value) s[f.name] = f.value; });
    return s;
  }

  function matches(r, s, q) {
    for (var k in s) {
      if (SPECIAL[k]) continue;
      if (r.words[k].indexOf(" " + s[k] + " ") < 0) return false;
    }
    if (q && r.text.indexOf(q) < 0) return false;
    if (s.fmin || s.fmax) {
      // With a network chosen, the range is about that network's account.
      var n = s.network ? r.nets[s.network] || 0 : r.followers;
      if (s.fmin && n < +s.fmin) return false;
      if (s.fmax && n > +s.fmax) return false;
    }
    if (s.ontime && (r.ontime < 0 || r.ontime + 1e-9 < +s.ontime)) return false;
    return true;
  }

  var COMPARE = {
    // The page's own order: creators by name, campaigns newest first.
    "": function (a, b) { return a.order - b.order; },
    followers: function (a, b) { return b.followers - a.followers || a.order - b.order; },
    engagement: function (a, b) { return b.engagement - a.engagement || a.order - b.order; },
    campaigns: function (a, b) { return b.campaigns - a.campaigns || a.order - b.order; },
    creators: function (a, b) { return b.creators - a.creators || a.order - b.order; },
    oldest: function (a, b) { return a.date < b.date ? -1 : a.date > b.date ? 1 : b.order - a.order; },
    title: function (a, b) { return a.text < b.text ? -1 : a.text > b.text ? 1 : a.order - b.order; }
  };
  // Rows shown at once. A directory of thousands of creators stays fast
  // because a filter change touches at most this many rows (plus the ones it
  // hides); "Show more" adds the next batch.
  var PAGE = 100;
  var limit = PAGE;
  var visible = [];     // rows currently shown, in display order
  var last = null;      // the last state applied, for "Show more"
  var more = document.createElement("button");
  more.type = "button";
  more.className = "button button--quiet filters-more";
  more.hidden = true;
  table.parentNode.parentNode.insertBefore(more, table.parentNode.nextSibling);
  more.addEventListener("click", function () {
    var from = visible.length;
    limit += PAGE;
    apply(last);
    var next = visible[from] && visible[from].tr.querySelector("a");
    if (next) next.focus();
  });

  function apply(s) {
    last = s;
    var q = s.q ? fold(s.q.trim()) : "";
    var hits = [];
    for (var i = 0; i < data.length; i++) if (matches(data[i], s, q)) hits.push(data[i]);
    var sort = COMPARE[s.sort] ? s.sort || "" : "";
    if (sort === "engagement" && s.network) {
      // Rates are not comparable across networks: with a network chosen,
      // rank by that account's rate; creators without one go last.
      var net = s.network;
      hits.sort(function (a, b) {
        var x = net in a.rates ? a.rates[net] : -1, y = net in b.rates ? b.rates[net] : -1;
        return y - x || a.order - b.order;
      });
    } else hits.sort(COMPARE[sort]);
    var show = hits.slice(0, limit);
    // Only the rows shown stay in the document: the browser then lays out
    // a table of at most `limit` rows, however large the directory.
    var frag = document.createDocumentFragment();
    show.forEach(function (r) { frag.appendChild(r.tr); });
    tbody.replaceChildren(frag);
    visible = show;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var key = th.getAttribute("data-sort-key");
      if (key && key === sort) th.setAttribute("aria-sort", "descending");
      else th.removeAttribute("aria-sort");
    });
    var noun = kind === "creators" ? "creators" : "campaigns";
    var filtered = Object.keys(s).some(function (k) { return k !== "sort"; });
    var n = hits.length;
    count.textContent = (filtered
      ? str("shown_" + noun, { n: n, total: data.length })
      : str(data.length === 1 ? noun + "_one" : noun + "_other", { n: data.length })) +
      (show.length < n ? str("first_listed", { n: show.length }) : "");
    var rest = n - show.length;
    more.hidden = rest <= 0;
    more.textContent = str("show_more_rest", { n: Math.min(PAGE, rest), rest: rest });
    if (empty) empty.hidden = n > 0;
    table.parentNode.hidden = n === 0;
  }

  function toUrl(s) {
    var p = new URLSearchParams();
    fields.forEach(function (f) { if (s[f.name]) p.set(f.name, s[f.name]); });
    var qs = p.toString();
    try {
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
    } catch (e) { /* the view still filters; only the shareable URL is lost */ }
  }

  function fromUrl() {
    var p = new URLSearchParams(location.search);
    fields.forEach(function (f) {
      var v = p.get(f.name);
      if (v == null) return;
      if (f.tagName === "SELECT") {
        // Only a value the list offers: a stale link must not hide everything silently.
        if (Array.prototype.some.call(f.options, function (o) { return o.value === v; })) f.value = v;
      } else {
        f.value = v;
      }
    });
  }

  function update() {
    limit = PAGE;
    var s = state();
    apply(s);
    toUrl(s);
  }

  var timer = 0;
  form.addEventListener("change", update);
  form.addEventListener("input", function (e) {
    if (e.target.name !== "q") return;
    clearTimeout(timer);
    timer = setTimeout(update, 60);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  form.addEventListener("reset", function () { setTimeout(update, 0); });

  fromUrl();

  // On a phone the bar starts folded, so the table is on the first screen;
  // the count and "Clear filters" stay visible below the toggle.
  var panel = form.querySelector(".filters__panel");
  if (panel && window.matchMedia && window.matchMedia("(max-width: 40em)").matches) panel.open = false;
  form.hidden = false;
  apply(state());

  // For the benchmark: filter with a state object and return the shown count.
  window.creatorkbFilters = {
    apply: function (s) { limit = PAGE; apply(s); return visible.length; }
  };

  /* Paged mode (docs/search.md): the listing's data files hold one column
     per filter or sort field, in chunks, and the rows as the static pages
     show them, in small chunks. A query loads the columns it reads, then
     the row chunks of the one page of results it shows. Without a query
     the static page stays as it is. */
  function pagedListing() {
    var a = function (name) { return form.getAttribute("data-" + name) || ""; };
    var src = a("src"), root = a("root"), total = +a("total"), count0 = +a("count");
    var size = +a("size") || 50, colChunk = +a("column-chunk") || 10000, rowChunk = +a("row-chunk") || 25;
    var fixedKey = a("fixed-key"), fixedValue = a("fixed-value");
    var ROOT = "@ROOT@";
    var cols = Object.create(null);   // name -> chunk -> values
    var pending = Object.create(null); // file -> Promise
    var staticRows = Array.prototype.slice.call(tbody.rows);
    var staticNav = document.querySelector("nav.pagination");
    var nav = document.createElement("nav");
    nav.className = "pagination pagination--results";
    nav.setAttribute("aria-label", str("pagination"));
    nav.hidden = true;
    table.parentNode.parentNode.insertBefore(nav, table.parentNode.nextSibling);
    var serial = 0;

    window.creatorkbData = function (name, chunk, values) {
      (cols[name] = cols[name] || [])[chunk] = values;
    };
    function load(file) {
      if (!pending[file]) {
        pending[file] = new Promise(function (resolve, reject) {
          var s = document.createElement("script");
          s.src = src + file;
          s.onload = resolve;
          s.onerror = function () { delete pending[file]; reject(new Error(file)); };
          document.head.appendChild(s);
        });
      }
      return pending[file];
    }
    function column(name) {
      var jobs = [];
      for (var k = 0; k * colChunk < total; k++) jobs.push(load(name + "-" + k + ".js"));
      return Promise.all(jobs);
    }
    function value(name, i) {
      var c = cols[name] && cols[name][Math.floor(i / colChunk)];
      return c ? c[i % colChunk] : null;
    }
    function pairs(s, key) {
      // "instagram:4.8 tiktok:3.1" -> the number after key:, or null
      var at = (" " + (s || "")).indexOf(" " + key + ":");
      return at < 0 ? null : parseFloat(s.slice(at + key.length + 1));
    }
    function has(s, v) { return (" " + (s || "") + " ").indexOf(" " + v + " ") >= 0; }

    function stateOf() {
      var s = {};
      fields.forEach(function (f) { if (f.value) s[f.name] = f.value; });
      return s;
    }
    function needs(s) {
      var n = {};
      for (var k in s) if (!SPECIAL[k]) n[k] = 1;
      if (fixedKey) n[fixedKey] = 1;
      if (s.q) n.text = 1;
      if (s.fmin || s.fmax) n[s.network ? "nets" : "followers"] = 1;
      if (s.ontime) n.ontime = 1;
      var sort = s.sort || "";
      if (sort === "engagement") n[s.network ? "rates" : "engagement"] = 1;
      else if (sort === "oldest") n.date = 1;
      else if (sort === "title") n.text = 1;
      else if (sort) n[sort] = 1;
      return Object.keys(n);
    }
    function query(s) {
      var q = s.q ? fold(s.q.trim()) : "";
      var hits = [];
      for (var i = 0; i < total; i++) {
        if (fixedKey && !has(value(fixedKey, i), fixedValue)) continue;
        var ok = true;
        for (var k in s) if (!SPECIAL[k] && !has(value(k, i), s[k])) { ok = false; break; }
        if (!ok) continue;
        if (q && String(value("text", i)).indexOf(q) < 0) continue;
        if (s.fmin || s.fmax) {
          var n = s.network ? pairs(value("nets", i), s.network) || 0 : +value("followers", i) || 0;
          if (s.fmin && n < +s.fmin) continue;
          if (s.fmax && n > +s.fmax) continue;
        }
        if (s.ontime) {
          var t = value("ontime", i);
          if (t == null || t + 1e-9 < +s.ontime) continue;
        }
        hits.push(i);
      }
      var sort = s.sort || "", key = null, desc = true;
      if (sort === "engagement") key = s.network ? function (i) { var r = pairs(value("rates", i), s.network); return r == null ? -1 : r; } : function (i) { var e = value("engagement", i); return e == null ? -1 : e; };
      else if (sort === "followers" || sort === "campaigns" || sort === "creators") key = function (i) { return +value(sort, i) || 0; };
      if (key) {
        var keys = {};
        hits.forEach(function (i) { keys[i] = key(i); });
        hits.sort(function (x, y) { return keys[y] - keys[x] || x - y; });
      } else if (sort === "oldest") {
        hits.sort(function (x, y) { var p = value("date", x), r = value("date", y); return p < r ? -1 : p > r ? 1 : y - x; });
      } else if (sort === "title") {
        hits.sort(function (x, y) { var p = value("text", x), r = value("text", y); return p < r ? -1 : p > r ? 1 : x - y; });
      }
      return hits;
    }
    function rowsOf(list) {
      var chunks = {};
      list.forEach(function (i) { chunks[Math.floor(i / rowChunk)] = 1; });
      return Promise.all(Object.keys(chunks).map(function (k) { return load("rows-" + k + ".js"); })).then(function () {
        return list.map(function (i) {
          var c = cols.rows && cols.rows[Math.floor(i / rowChunk)];
          return c ? c[i % rowChunk].split(ROOT).join(root) : "";
        }).join("");
      });
    }
    function link(n, label, rel, current) {
      var li = document.createElement("li");
      var el = document.createElement(current ? "span" : "a");
      el.textContent = label;
      if (current) el.setAttribute("aria-current", "page");
      else {
        var p = new URLSearchParams(location.search);
        if (n > 1) p.set("page", n); else p.delete("page");
        el.href = location.pathname + "?" + p.toString();
        if (rel) el.rel = rel;
        el.addEventListener("click", function (e) { e.preventDefault(); go(n, true); });
      }
      li.appendChild(el);
      return li;
    }
    function pager(n, pages) {
      nav.replaceChildren();
      if (pages <= 1) { nav.hidden = true; return; }
      var label = document.createElement("p");
      label.className = "pagination__label";
      label.textContent = str("page_of", { n: grouped(n), total: grouped(pages) });
      var ul = document.createElement("ul");
      ul.setAttribute("role", "list");
      if (n > 1) ul.appendChild(link(n - 1, str("previous_page"), "prev"));
      var shown = [];
      if (pages <= 9) for (var k = 1; k <= pages; k++) shown.push(k);
      else {
        shown.push(1);
        var lo = Math.max(2, n - 2), hi = Math.min(pages - 1, n + 2);
        if (lo > 2) shown.push(0);
        for (k = lo; k <= hi; k++) shown.push(k);
        if (hi < pages - 1) shown.push(0);
        shown.push(pages);
      }
      shown.forEach(function (k) {
        if (!k) {
          var gap = document.createElement("li");
          gap.innerHTML = '<span class="pagination__gap" aria-hidden="true">…</span>';
          ul.appendChild(gap);
        } else ul.appendChild(link(k, String(k), "", k === n));
      });
      if (n < pages) ul.appendChild(link(n + 1, str("next_page"), "next"));
      nav.appendChild(label);
      nav.appendChild(ul);
      nav.hidden = false;
    }
    function sortMark(sort) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var key = th.getAttribute("data-sort-key");
        if (key && key === sort) th.setAttribute("aria-sort", "descending");
        else th.removeAttribute("aria-sort");
      });
    }
    var noun = kind === "creators" ? "creators" : "campaigns";
    // Counts grouped as the page's language writes them (5,871 / 5 871).
    var grouped = (function () {
      try {
        var f = new Intl.NumberFormat(document.documentElement.lang || undefined);
        return function (n) { return f.format(n); };
      } catch (e) { return String; }
    })();
    var page = Math.max(1, parseInt(new URLSearchParams(location.search).get("page"), 10) || 1);

    function apply(s) {
      var mine = ++serial;
      var active = Object.keys(s).length > 0;
      if (!active) {
        // The static page is the answer: its rows and its navigation.
        tbody.replaceChildren.apply(tbody, staticRows);
        if (staticNav) staticNav.hidden = false;
        nav.hidden = true;
        sortMark("");
        count.textContent = str(count0 === 1 ? noun + "_one" : noun + "_other", { n: grouped(count0) });
        if (empty) empty.hidden = true;
        table.parentNode.hidden = false;
        form.removeAttribute("aria-busy");
        return Promise.resolve(count0);
      }
      form.setAttribute("aria-busy", "true");
      return Promise.all(needs(s).map(column)).then(function () {
        if (mine !== serial) return null;
        var hits = query(s);
        var pages = Math.max(1, Math.ceil(hits.length / size));
        if (page > pages) page = pages;
        var shown = hits.slice((page - 1) * size, page * size);
        return rowsOf(shown).then(function (html) {
          if (mine !== serial) return null;
          tbody.innerHTML = html;
          if (staticNav) staticNav.hidden = true;
          pager(page, pages);
          sortMark(s.sort || "");
          var filtered = Object.keys(s).some(function (k) { return k !== "sort"; });
          count.textContent = filtered
            ? str("shown_" + noun, { n: grouped(hits.length), total: grouped(count0) })
            : str(count0 === 1 ? noun + "_one" : noun + "_other", { n: grouped(count0) });
          if (empty) empty.hidden = hits.length > 0;
          table.parentNode.hidden = hits.length === 0;
          form.removeAttribute("aria-busy");
          return hits.length;
        });
      }).catch(function () {
        form.removeAttribute("aria-busy");
        count.textContent = str("index_failed");
        return null;
      });
    }
    function toUrl(s) {
      var p = new URLSearchParams();
      fields.forEach(function (f) { if (s[f.name]) p.set(f.name, s[f.name]); });
      if (page > 1 && Object.keys(s).length) p.set("page", page);
      var qs = p.toString();
      try {
        history.replaceState(null, "", location.pathname + (qs ? "?" + qs : "") + location.hash);
      } catch (e) { /* the view still filters; only the shareable URL is lost */ }
    }
    function go(n, focus) {
      page = n;
      var s = stateOf();
      toUrl(s);
      return apply(s).then(function () {
        if (focus) { var first = tbody.querySelector("a"); if (first) first.focus(); }
      });
    }
    function update() { go(1); }

    var timer = 0;
    form.addEventListener("change", update);
    form.addEventListener("input", function (e) {
      if (e.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(update, 120);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    fromUrl();
    var panel = form.querySelector(".filters__panel");
    if (panel && window.matchMedia && window.matchMedia("(max-width: 40em)").matches) panel.open = false;
    form.hidden = false;
    var ready = apply(stateOf());
    window.creatorkbFilters = {
      paged: true,
      ready: ready,
      /* For tests and the benchmark: apply a state; resolves to the number of matches. */
      apply: function (s) { page = 1; return apply(s); }
    };
  }
})();
