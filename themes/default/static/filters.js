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
    first_listed: " (first {n} listed)", show_more_rest: "Show {n} more ({rest} not listed yet)"
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
})();
