#!/usr/bin/env python3
"""Generate a synthetic "creator knowledge base" site for benchmarking static-site generators.

Usage:
    gen_corpus.py --creators N --campaigns M --terms T --seed S --format native|zola|hugo --out DIR [--force]

The same logical data (N creators, M campaign recaps, T glossary terms, a home intro and an "about"
page) is built deterministically from --seed and written in one of three layouts:
  native  site.yaml + content/{creators,campaigns,glossary,pages}/*.md with YAML front matter, following
          spec/content-model.md; body links to other entries are relative paths `../<kind>/<slug>.md`.
  zola    config.toml, content/*/_index.md, pages with TOML front matter (fields under [extra],
          taxonomies `niches` and `brands`), templates/{base,index,section,page,taxonomy_list,
          taxonomy_single}.html; body links are `@/<kind>/<slug>.md`.
  hugo    hugo.toml, the same pages (fields under [extra], taxonomies at top level), layouts/_default/
          {baseof,single,list,terms,taxonomy}.html; body links use the `relref` shortcode.
For Zola and Hugo, creators with status `do-not-contact` are written as drafts (the native public build
leaves them out), and the generator pre-joins what a native generator computes itself: every creator
gets `extra.campaigns` (its campaign history), every participation gets the creator's `name`, and
glossary `related` becomes a list of {slug, term}. Lists are paginated by 100 in both.
Standard library only.

This is the project's own copy of ../shared/bench/gen_corpus.py (the team's shared benchmark
generator), kept here so that benchmarks and the 10k browser tests run from a bare clone. Extend
it here; the shared copy is the reference for side-by-side runs with Zola and Hugo.
Example:
    gen_corpus.py --creators 600 --campaigns 300 --terms 100 --seed 1 --format zola --out /tmp/site
"""
import argparse, json, os, random, re, shutil, unicodedata
from datetime import date, timedelta

FIRST = ("Léa Chloé Manon Inès Camille Zoé Jade Louise Emma Clara Noémie Océane Maëlle Anaïs Hélène Élodie Sarah "
         "Amira Yasmine Lina Nina Julie Marie Sofia Aïcha Lucas Hugo Théo Mathéo Raphaël Noé Jules Léo Gabriel Adam "
         "Nathan Enzo Maxime Antoine Bastien Jérôme François Mehdi Karim Yanis Thomas Olivia Mia Hannah Lukas Jonas "
         "Marta Lucía Pablo Giulia Matteo Sven Emily Jack Priya Kenji").split()
LAST = ("Martin Bernard Dubois Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefèvre Michel Garcia David "
        "Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet Martinez Legrand Garnier Faure "
        "Rousseau Blanc Guérin Muller Henry Roussel Perrin Morin Mathieu Clément Gauthier Dumont Lopez Fontaine "
        "Chevalier Robin Masson Sanchez Gérard Nguyen Boyer Denis Lemaire Duval Joly Schmitt Rossi Müller Fernández "
        "Okafor Haddad Benali Kowalski Jansen Silva Caron Barbier").split()
CITIES = {  # country: (weight, languages, "City/Region;...")
    "FR": (10, ["fr"], "Paris/Île-de-France;Lyon/Auvergne-Rhône-Alpes;Marseille/Provence-Alpes-Côte d'Azur;"
           "Bordeaux/Nouvelle-Aquitaine;Lille/Hauts-de-France;Nantes/Pays de la Loire;Toulouse/Occitanie;"
           "Besançon/Bourgogne-Franche-Comté;Orléans/Centre-Val de Loire;Nîmes/Occitanie;Rennes/Bretagne;"
           "Strasbourg/Grand Est;Annecy/Auvergne-Rhône-Alpes"),
    "BE": (2, ["fr", "nl"], "Bruxelles/Bruxelles-Capitale;Liège/Wallonie;Namur/Wallonie;Gand/Flandre"),
    "CH": (1, ["fr", "de"], "Genève/Genève;Lausanne/Vaud;Zürich/Zürich"),
    "CA": (2, ["fr", "en"], "Montréal/Québec;Québec/Québec;Toronto/Ontario"),
    "US": (1, ["en"], "New York/New York;Los Angeles/California;Austin/Texas"),
    "GB": (1, ["en"], "London/England;Manchester/England;Brighton/England"),
    "DE": (1, ["de"], "Berlin/Berlin;München/Bayern;Hamburg/Hamburg"),
    "ES": (1, ["es"], "Madrid/Madrid;Barcelona/Catalunya;Valencia/Valencia"),
    "IT": (1, ["it"], "Milano/Lombardia;Roma/Lazio;Torino/Piemonte")}
NICHES = ("beauty|skincare|fashion|fitness|running|yoga|food|vegan cooking|baking|travel|parenting|gaming|tech|"
          "photography|home decor|diy|gardening|personal finance|books|music|comedy|education|sustainability|"
          "outdoor|cycling|pets|wellness|mental health|cars|football|esports|architecture|wine|coffee").split("|")
URLS = {"instagram": "https://www.instagram.com/{h}/", "tiktok": "https://www.tiktok.com/@{h}",
        "youtube": "https://www.youtube.com/@{h}", "twitch": "https://www.twitch.tv/{h}", "x": "https://x.com/{h}",
        "linkedin": "https://www.linkedin.com/in/{h}", "pinterest": "https://www.pinterest.com/{h}/",
        "snapchat": "https://www.snapchat.com/add/{h}", "facebook": "https://www.facebook.com/{h}"}
STATUS = {"prospect": 15, "contacted": 10, "negotiating": 8, "active": 40, "paused": 10, "alumni": 15, "do-not-contact": 2}
FORMATS = "reel|story|short|long-form video|carousel|live|post|podcast ad|blog post|UGC".split("|")
HISTORY = "outreach reply call meeting negotiation contract brief delivery payment feedback note".split()
NOTES = ["Sent the spring brief.", "Call about rates — flexible.", "Asked for the media kit.", "Invoice paid.",
         "Delivered two reels, great hooks ✨", "Prefers WhatsApp for quick questions."]
OWNERS = ["Camille Roux", "Julien Marchand", "Sophie Nguyen", "Malik Benali", "Claire Dubois", "Tom Becker"]
BRAND_A = "Maison Atelier Nova Blue Petit Green Urban Lumière Hexa Terra Clair Forêt Nord Sol Vélo Kiwi Orbit Pulse Bloom Crème".split()
BRAND_B = "Cosmetics Labs Outdoor Kitchen Studio Collective Sport Mobile Bank Games Café Paris Travel Audio Beauté Home Bikes Tea Optique Santé".split()
THEMES = ("Spring glow|Back to school|Summer road trip|Holiday gifting|Dry January|Run club|Zero-waste kitchen|Rentrée|"
          "Black Friday|Fête des mères|Festival season|Winter skincare|Home office|New launch|Sustainable wardrobe|"
          "Gaming week|Cycling commute|Brunch series|Night routine|City guides").split("|")
TERMS = [t.split("|") for t in (  # English|French|category
    "Engagement rate|Taux d'engagement|metrics;Reach|Portée|metrics;Impressions|Impressions|metrics;"
    "Cost per mille|Coût pour mille|pricing;Cost per engagement|Coût par engagement|pricing;"
    "Earned media value|Valeur média acquise|metrics;Brand safety|Sécurité de marque|governance;"
    "Usage rights|Droits d'utilisation|legal;Whitelisting|Whitelisting|paid media;Spark ads|Spark Ads|paid media;"
    "Paid partnership label|Mention partenariat rémunéré|compliance;Disclosure|Transparence publicitaire|compliance;"
    "Creator brief|Brief créateur|workflow;Seeding|Seeding produit|workflow;Gifting|Envoi de produits|workflow;"
    "Affiliate link|Lien d'affiliation|sales;Promo code|Code promo|sales;UGC|Contenu généré par les utilisateurs|content;"
    "Micro-influencer|Micro-influenceur|creators;Nano-influencer|Nano-influenceur|creators;"
    "Ambassador program|Programme d'ambassadeurs|strategy;Creator CRM|CRM créateurs|tools;"
    "Audience overlap|Chevauchement d'audience|metrics;Fake followers|Faux abonnés|governance;"
    "Share of voice|Part de voix|metrics;Approval round|Tour de validation|workflow;"
    "Content calendar|Calendrier éditorial|workflow;Exclusivity clause|Clause d'exclusivité|legal;"
    "Media kit|Kit média|creators;Rate card|Grille tarifaire|pricing;Conversion rate|Taux de conversion|metrics;"
    "Click-through rate|Taux de clic|metrics;Hook|Accroche|content;Call to action|Appel à l'action|content;"
    "Dark post|Dark post|paid media;Lookalike audience|Audience similaire|paid media;"
    "Attribution window|Fenêtre d'attribution|metrics;Brand lift|Brand lift|metrics;Social listening|Écoute sociale|tools;"
    "Talent agency|Agence de talents|creators;Evergreen content|Contenu evergreen|content;"
    "Repurposing|Recyclage de contenu|content").split(";")]
MODS = [m.split("|") for m in (  # qualifiers that turn the base terms into more entries
    "on TikTok|sur TikTok;on Instagram|sur Instagram;on YouTube|sur YouTube;on Twitch|sur Twitch;on LinkedIn|sur LinkedIn;"
    "on Pinterest|sur Pinterest;for B2B|en B2B;for retail|pour le retail;for luxury|pour le luxe;for gaming brands|pour "
    "les marques gaming;for non-profits|pour les associations;in France|en France;in Belgium|en Belgique;in Québec|au "
    "Québec;benchmark|référence;forecast|prévision;audit|audit;template|modèle;checklist|check-list;report|rapport").split(";")]
# Body text: kind-specific sentences (each used at most once per body) plus LEAD + ", " + TAIL combinations.
SENT = {
    "creators": ["{first} has been publishing {niche} content from {city} for several years.",
                 "Most of the audience follows {first} on {network}, where the tone is relaxed and personal.",
                 "{first} answers briefs quickly and asks sharp questions about the target audience.",
                 "Sponsored content is clearly labelled, and {first} refuses categories that clash with the channel."],
    "campaigns": ["The {brand} team wanted measurable {objective} in a crowded season.",
                  "Creators were selected for audience fit rather than raw follower counts.",
                  "Results beat the forecast by {pct} %, mostly thanks to two standout videos.",
                  "The brief left room for each creator's voice while fixing the key messages."],
    "glossary": ["*{term}* comes up in almost every campaign review.", "In French teams it is usually called « {fr} ».",
                 "Teams track {term} per creator and per campaign, never only in aggregate.",
                 "A common mistake is to compare {term} across networks without normalising it first."]}
LEAD = ("Since {year}|On {network}|For {niche} audiences|In most briefs|When deadlines are tight|Across the last {n} "
        "campaigns|Around {city}|Compared with last year|For paid amplification|During product launches|With a loose "
        "brief|In the French-speaking market|On short-form video|After the first approval round|In the reporting phase|"
        "For evergreen formats|With {brand}|On weekends|In Q4|For first-time partners").split("|")
TAIL = ("short hooks clearly outperform long intros|engagement stays above {pct} % on sponsored posts|the comment section "
        "turns into a genuine Q&A|approval usually takes about {n} days|*authenticity* matters more than polish|carousels "
        "collect the most saves|behind-the-scenes footage keeps people watching|fees are negotiated per deliverable rather "
        "than per campaign|disclosure labels go on without any reminder|**usage rights** must be spelled out in the "
        "contract|the audience asks where to buy within the first hour|tutorials age better than announcements|a second "
        "reel rarely adds much reach|replies come within {n} days|the creator prefers to script the hook and improvise the "
        "rest|stories drive most of the link clicks|the café scenes feel « très naturel » to French viewers|saves grow by "
        "roughly {pct} % week over week|the brief should fit on one page|product seeding without a fee is politely declined").split("|")
HEADS = {"creators": ["Working style", "Audience", "Content formats", "Notes from past campaigns", "Availability"],
         "campaigns": ["Context", "Creator mix", "Execution", "Results", "What we would change"],
         "glossary": ["In practice", "How to measure it", "Common pitfalls", "Example"]}
BULLETS = ["Keep the brief to one page", "Share the reporting template up front", "Agree on usage rights early",
           "Ask for raw metrics, not screenshots only", "Plan one approval round, two at most",
           "Confirm the disclosure label per network", "Send products **two weeks** before the shoot", "Log every reply in the CRM"]

def slugify(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")

def unique(slug, seen):
    base, k = slug, 2
    while slug in seen:
        slug, k = f"{base}-{k}", k + 1
    seen.add(slug)
    return slug

def day(rng, y0, y1):
    return (date(y0, 1, 1) + timedelta(days=rng.randrange((date(y1, 12, 31) - date(y0, 1, 1)).days))).isoformat()

def make_creator(rng, seen, countries):
    name, cc = f"{rng.choice(FIRST)} {rng.choice(LAST)}", rng.choice(countries)
    slug = unique(slugify(name), seen)
    city, region = rng.choice(CITIES[cc][2].split(";")).split("/")
    niches, nets = rng.sample(NICHES, rng.randint(1, 3)), rng.sample(list(URLS), rng.randint(1, 3))
    handle = slug.replace("-", rng.choice(["", "_", "."]))
    since = day(rng, 2018, 2025)
    history = [{"date": day(rng, int(since[:4]), 2026), "type": rng.choice(HISTORY), "note": rng.choice(NOTES)}
               for _ in range(rng.randint(2, 6))]
    return {"name": name, "status": rng.choices(list(STATUS), list(STATUS.values()))[0],
            "summary": f"{niches[0].capitalize()} creator based in {city}, strongest on {nets[0]}.",
            "platforms": [{"network": n, "handle": "@" + handle, "url": URLS[n].format(h=handle),
                           "followers": int(rng.lognormvariate(10, 1.4)), "engagement_rate": round(rng.uniform(0.4, 9), 1)}
                          for n in nets],
            "niches": niches, "languages": sorted(set(CITIES[cc][1] + (["en"] if rng.random() < 0.4 else []))),
            "location": f"{city}, {region}", "country": cc,
            "audience": {"top_countries": rng.sample(list(CITIES), 3), "female_share": rng.randint(10, 95),
                         "age_range": rng.choice(["13-17", "18-24", "18-34", "25-34", "25-44", "35-54"]),
                         "notes": "Mostly mobile, evenings and weekends."},
            "preferences": {"formats": rng.sample(FORMATS, 2), "topics": rng.sample(NICHES, 2),
                            "avoid": rng.sample(["alcohol", "gambling", "fast fashion", "crypto", "diet pills"], 2),
                            "brief_style": rng.choice(["loose", "guided", "strict"]),
                            "availability": rng.choice(["2 slots a month", "weekends only", "from September", "open"]),
                            "notes": "Likes early access to products."},
            "since": since, "tags": rng.sample(["reliable", "fast", "video-first", "bilingual", "premium", "new"], 2),
            "rates": {"reel": rng.randrange(300, 8000, 50), "story": rng.randrange(100, 2000, 50), "currency": "EUR"},
            "contact": {"email": f"{slug.replace('-', '.')}@example.com",
                        "phone": "+33 6 " + " ".join(str(rng.randint(10, 99)) for _ in range(4)),
                        "agent": rng.choice(OWNERS), "agency": rng.choice(["Studio Talents", "Agence Lumière", "none"])},
            "owner": rng.choice(OWNERS), "history": sorted(history, key=lambda h: h["date"]), "_slug": slug, "_campaigns": []}

def make_campaign(rng, seen, brands, pool):
    brand, theme, start = rng.choice(brands), rng.choice(THEMES), day(rng, 2019, 2026)
    title = f"{brand} — {theme} {start[:4]}"
    slug = unique(slugify(title), seen)
    end = (date.fromisoformat(start) + timedelta(days=rng.randint(7, 90))).isoformat()
    parts = []
    for c in rng.sample(pool, min(len(pool), rng.randint(2, 8))):
        parts.append({"creator": c["_slug"], "deliverables": rng.sample(["1 reel", "3 stories", "1 video", "1 carousel", "1 live"], 2),
                      "responded": rng.random() < 0.9, "on_time": rng.random() < 0.8, "approval_rounds": rng.randint(0, 3),
                      "quality": rng.randint(1, 5), "content": [c["platforms"][0]["url"].rstrip("/") + f"/{rng.randint(10**8, 10**9)}"],
                      "results": {"reach": rng.randint(2000, 400000), "clicks": rng.randint(10, 9000)}, "fee": rng.randrange(200, 9000, 50)})
        c["_campaigns"].append({"slug": slug, "title": title, "brand": brand, "start": start, "quality": parts[-1]["quality"]})
    return {"title": title, "brand": brand, "objective": rng.choice(["awareness", "consideration", "traffic", "conversion", "content", "trust"]),
            "stage": "done" if end < "2026-01-01" else rng.choice(["production", "approval", "publication", "reporting"]),
            "start": start, "end": end, "author": rng.choice(OWNERS), "summary": f"{theme} with {len(parts)} creators for {brand}.",
            "channels": rng.sample(list(URLS)[:6], 2), "markets": rng.sample(list(CITIES), 2), "creators": parts,
            "results": {"reach": sum(p["results"]["reach"] for p in parts), "clicks": sum(p["results"]["clicks"] for p in parts),
                        "conversions": rng.randint(0, 900)},
            "learnings": rng.sample(["Brief earlier.", "Repeat the reel format.", "Fewer approval rounds.",
                                     "Budget more for stories.", "Book creators before the rentrée."], 2),
            "disclosure": {"labels": ["#ad", "#sponsorisé"], "platform_tools": ["paid partnership"], "compliant": rng.random() < 0.95},
            "usage_rights": {"duration": rng.choice(["3 months", "6 months", "1 year"]), "channels": ["instagram"],
                             "paid_media": rng.random() < 0.4},
            "budget": {"amount": sum(p["fee"] for p in parts) + rng.randrange(0, 5000, 100), "currency": "EUR"}, "_slug": slug}

def make_term(rng, seen, i):
    en, fr, cat = TERMS[i % len(TERMS)]
    k = i // len(TERMS)  # 0: base term; then base term + qualifier; then numbered variants
    if k:
        en, fr = f"{en} {MODS[(k - 1) % len(MODS)][0]}", f"{fr} {MODS[(k - 1) % len(MODS)][1]}"
        if k > len(MODS):
            en, fr = f"{en} ({(k - 1) // len(MODS) + 1})", f"{fr} ({(k - 1) // len(MODS) + 1})"
    d = day(rng, 2022, 2025)
    use = rng.choice(["compare creators", "plan budgets", "judge a campaign", "brief creators", "stay compliant"])
    return {"term": en, "definition": f"{en} is a {cat} notion teams use to {use}.",
            "alternate_names": ["".join(w[0] for w in en.split()).upper()] if " " in en else [],
            "translations": {"fr": fr}, "category": cat, "related": [],
            "faq": [{"question": f"How do we report {en.lower()}?", "answer": "Per creator **and** per campaign, in the shared sheet."}],
            "author": rng.choice(OWNERS), "date": d, "updated": d, "_slug": unique(slugify(en), seen)}

def build_model(a):
    """All entities as front-matter dicts in native key order; keys starting with `_` are internal."""
    rng = random.Random(a.seed)
    countries = [c for c, v in CITIES.items() for _ in range(v[0])]
    seen = set()
    creators = [make_creator(rng, seen, countries) for _ in range(a.creators)]
    pool = [c for c in creators if c["status"] in ("active", "alumni", "paused")] or creators[:1]
    brands = [f"{x} {y}" for x in BRAND_A for y in BRAND_B if x != y]
    rng.shuffle(brands)
    brands, seen = brands[:max(8, a.campaigns // 12)], set()
    campaigns = [make_campaign(rng, seen, brands, pool) for _ in range(a.campaigns)]
    seen = set()
    terms = [make_term(rng, seen, i) for i in range(a.terms)]
    for t in terms:
        t["related"] = [o["_slug"] for o in rng.sample(terms, min(3, len(terms))) if o is not t][:2]
    return creators, campaigns, terms

def body(seed, kind, e, link, fmt):
    """2-6 paragraphs, 300-900 words, a heading per later paragraph, a list, an internal and an external link."""
    rng = random.Random(f"{seed}:{kind}:{e['_slug']}")
    nets = e.get("channels") or [p["network"] for p in e.get("platforms", [])]
    ctx = {"first": e.get("name", "").split(" ")[0], "niche": (e.get("niches") or ["lifestyle"])[0], "fr": e.get("translations", {}).get("fr"),
           "city": e.get("location", "Paris").split(",")[0], "network": nets[0] if nets else "instagram", "term": e.get("term"),
           "brand": e.get("brand", rng.choice(BRAND_A) + " " + rng.choice(BRAND_B)), "objective": e.get("objective"), "year": rng.randint(2018, 2025)}
    words, npar = rng.randint(270, 800), rng.randint(2, 6)
    heads, deck, used, out = rng.sample(HEADS[kind], min(npar - 1, len(HEADS[kind]))), rng.sample(SENT[kind], 4), set(), []
    for i in range(npar):
        if i and heads:
            out.append("## " + heads.pop())
        sents, n = [], 0
        while n < words // npar:
            ctx["n"], ctx["pct"] = rng.randint(2, 14), rng.randint(5, 60)
            s = (deck.pop() if deck and rng.random() < 0.3 else f"{rng.choice(LEAD)}, {rng.choice(TAIL)}.").format(**ctx)
            if s not in used:
                used.add(s)
                sents.append(s[0].upper() + s[1:])
                n += len(s.split())
        if i == 0 and link:
            k, slug, text = link
            href = {"native": f"../{k}/{slug}.md", "zola": f"@/{k}/{slug}.md", "hugo": f'{{{{< relref "/{k}/{slug}.md" >}}}}'}[fmt]
            sents.insert(1, f"See also [{text}]({href}) for comparison.")
        if i == npar - 1:
            sents.append(f"The [agency playbook](https://playbook.example.org/{kind}) has the full checklist{' 📈' if rng.random() < 0.4 else ''}.")
        out.append(" ".join(sents))
        if i == 0:
            out.append("\n".join("- " + b for b in rng.sample(BULLETS, rng.randint(3, 5))))
    if kind == "glossary" and rng.random() < 0.25:
        out += ["## FAQ", f"### Is {ctx['term'].lower()} the same on every network?", "No. Normalise it per network before comparing.",
                "### Who owns this metric?", "The account manager, with *one* shared definition per client."]
    return "\n\n".join(out) + "\n"

def yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    plain = re.fullmatch(r"[A-Za-zÀ-ÿ][^:#\[\]{},\"'\n]*(?<! )", v) and v.lower() not in ("yes", "no", "true", "false", "null", "on", "off", "y", "n")
    return v if plain or re.fullmatch(r"\d{4}-\d\d-\d\d", v) else json.dumps(v, ensure_ascii=False)

def yaml_lines(d, ind=0):
    out, pad = [], " " * ind
    for k, v in d.items():
        if isinstance(v, dict):
            out += [f"{pad}{k}:"] + yaml_lines(v, ind + 2)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            out.append(f"{pad}{k}:")
            for item in v:
                sub = yaml_lines(item, ind + 4)
                out += [f"{pad}  - {sub[0].lstrip()}"] + sub[1:]
        elif isinstance(v, list):
            out.append(f"{pad}{k}: [{', '.join(yaml_scalar(x) for x in v)}]")
        else:
            out.append(f"{pad}{k}: {yaml_scalar(v)}")
    return out

def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string

def toml_table(name, d):
    """[name] with its scalars first, then [name.sub] tables and [[name.list]] arrays of tables."""
    is_table = lambda v: isinstance(v, dict) or (isinstance(v, list) and v and isinstance(v[0], dict))
    lines = [f"[{name}]"] + [f"{k} = {toml_value(v)}" for k, v in d.items() if not is_table(v)]
    for k, v in d.items():
        if isinstance(v, dict):
            lines += toml_table(f"{name}.{k}", v)
        elif is_table(v):
            for item in v:
                lines += [f"[[{name}.{k}]]"] + toml_table(f"{name}.{k}", item)[1:]
    return lines

def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

def emit(a, creators, campaigns, terms):
    fmt, out = a.format, a.out
    public = lambda e: {k: v for k, v in e.items() if not k.startswith("_")}
    names, tnames = {c["_slug"]: c["name"] for c in creators}, {t["_slug"]: t["term"] for t in terms}
    linkable = [c for c in creators if c["status"] != "do-not-contact"]
    title, desc = "Creator knowledge base", "Creators, campaign recaps and the glossary of an influencer-marketing team."
    intro = "This knowledge base documents the creators we work with, our campaign recaps and the words we use.\n"
    entries = []  # (kind, entity, top-level front matter, taxonomies, extra, body link target)
    for i, c in enumerate(creators):
        o = linkable[(i * 7 + 3) % len(linkable)] if linkable else None
        entries.append(("creators", c, {"title": c["name"], "description": c["summary"], "draft": c["status"] == "do-not-contact"},
                        {"niches": c["niches"]}, public(c) | {"campaigns": c["_campaigns"]}, o and ("creators", o["_slug"], o["name"])))
    for c in campaigns:
        p = c["creators"][0]["creator"] if c["creators"] else None
        extra = public(c) | {"creators": [x | {"name": names[x["creator"]]} for x in c["creators"]]}
        entries.append(("campaigns", c, {"title": c["title"], "description": c["summary"], "date": c["end"]},
                        {"brands": [c["brand"]]}, extra, p and ("creators", p, names[p])))
    for t in terms:
        r = t["related"][0] if t["related"] else None
        extra = public(t) | {"related": [{"slug": s, "term": tnames[s]} for s in t["related"]]}
        entries.append(("glossary", t, {"title": t["term"], "description": t["definition"], "date": t["date"], "lastmod": t["updated"]},
                        {}, extra, r and ("glossary", r, tnames[r])))
    if fmt == "native":
        site = {"title": title, "base_url": "https://kb.example.com", "language": "en", "languages": ["en", "fr"], "description": desc}
        write(f"{out}/site.yaml", "\n".join(yaml_lines(site)) + "\n")
        write(f"{out}/content/_index.md", f"---\ntitle: {title}\ndescription: {desc}\n---\n{intro}")
        write(f"{out}/content/pages/about.md", f"---\ntitle: About\ndescription: What this site is.\n---\n{intro}")
        for kind, e, _, _, _, link in entries:
            write(f"{out}/content/{kind}/{e['_slug']}.md", "---\n" + "\n".join(yaml_lines(public(e))) + "\n---\n" + body(a.seed, kind, e, link, fmt))
        return
    for kind, e, top, tax, extra, link in entries:
        if fmt == "zola" and "lastmod" in top:
            top["updated"] = top.pop("lastmod")
        fm = [f"{k} = {v}" if k in ("date", "lastmod", "updated") else f"{k} = {toml_value(v)}" for k, v in top.items() if v is not False]
        if fmt == "hugo":
            fm += [f"{k} = {toml_value(v)}" for k, v in tax.items()]
        elif tax:
            fm += toml_table("taxonomies", tax)
        fm += toml_table("extra", {"kind": kind} | extra)
        write(f"{out}/content/{kind}/{e['_slug']}.md", "+++\n" + "\n".join(fm) + "\n+++\n" + body(a.seed, kind, e, link, fmt))
    for kind, name, sort in (("creators", "Creators", "title"), ("campaigns", "Campaign recaps", "date"), ("glossary", "Glossary", "title")):
        extra = f'sort_by = "{sort}"\npaginate_by = 100\n' if fmt == "zola" else ""
        write(f"{out}/content/{kind}/_index.md", f'+++\ntitle = "{name}"\n{extra}+++\n')
    write(f"{out}/content/_index.md", f'+++\ntitle = "{title}"\n+++\n{intro}')
    write(f"{out}/content/about.md", f'+++\ntitle = "About"\ndescription = "What this site is."\n[extra]\nkind = "page"\n+++\n{intro}')
    if fmt == "zola":
        write(f"{out}/config.toml", f'base_url = "https://kb.example.com"\ntitle = "{title}"\ndescription = "{desc}"\n'
              'default_language = "en"\ncompile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\n'
              'taxonomies = [{name = "niches", paginate_by = 100}, {name = "brands", paginate_by = 100}]\n')
        for name, text in ZOLA_TEMPLATES.items():
            write(f"{out}/templates/{name}.html", text)
    else:
        write(f"{out}/hugo.toml", f'baseURL = "https://kb.example.com/"\ntitle = "{title}"\nlanguageCode = "en"\n'
              'disableKinds = ["RSS"]\npaginate = 100\nbuildFuture = true\nremovePathAccents = true\n'
              f'[taxonomies]\nniche = "niches"\nbrand = "brands"\n[params]\ndescription = "{desc}"\n')
        for name, text in HUGO_TEMPLATES.items():
            write(f"{out}/layouts/_default/{name}.html", text)

# Templates. Both render: navigation, title, a facts table from [extra], taxonomy links, the body, then the
# creator's campaign history / the campaign's creators, results and learnings / the term's related terms and FAQ.
NAV = ('<header><a href="{R}/">Home</a> · <a href="{R}/creators/">Creators</a> · <a href="{R}/campaigns/">Campaigns</a> · '
       '<a href="{R}/glossary/">Glossary</a> · <a href="{R}/niches/">Niches</a> · <a href="{R}/brands/">Brands</a></header>')
FACTS = {  # kind: [(label, field under extra, is a list)]
    "creators": [("Status", "status", 0), ("Location", "location", 0), ("Country", "country", 0), ("Languages", "languages", 1),
                 ("Since", "since", 0), ("Audience", "audience.age_range", 0), ("Women %", "audience.female_share", 0),
                 ("Formats", "preferences.formats", 1), ("Brief style", "preferences.brief_style", 0)],
    "campaigns": [("Brand", "brand", 0), ("Objective", "objective", 0), ("Stage", "stage", 0), ("Start", "start", 0),
                  ("End", "end", 0), ("Channels", "channels", 1), ("Markets", "markets", 1)],
    "glossary": [("Definition", "definition", 0), ("Also called", "alternate_names", 1), ("Français", "translations.fr", 0),
                 ("Category", "category", 0)]}
Z_FACTS = "".join(f'{{% if e.kind == "{k}" %}}<table>' + "".join(
    f'<tr><th>{l}</th><td>{{{{ e.{f}{" | join(sep=`, `)" if lst else ""} }}}}</td></tr>' for l, f, lst in rows) + "</table>{% endif %}\n"
    for k, rows in FACTS.items())
H_FACTS = "".join(f'{{{{ if eq $e.kind "{k}" }}}}<table>' + "".join(
    f'<tr><th>{l}</th><td>{{{{ {"delimit " if lst else ""}$e.{f}{" `, `" if lst else ""} }}}}</td></tr>' for l, f, lst in rows) + "</table>{{ end }}\n"
    for k, rows in FACTS.items())
Z_LIST = ('<ul>{% for p in paginator.pages %}<li><a href="{{ p.permalink | safe }}">{{ p.title }}</a> — {{ p.description }}</li>{% endfor %}</ul>\n'
          '<nav>{% if paginator.previous %}<a href="{{ paginator.previous | safe }}">←</a>{% endif %} {{ paginator.current_index }}/'
          '{{ paginator.number_pagers }} {% if paginator.next %}<a href="{{ paginator.next | safe }}">→</a>{% endif %}</nav>')
H_LIST = ('<ul>{{ range $pag.Pages }}<li><a href="{{ .Permalink }}">{{ .Title }}</a> — {{ .Description }}</li>{{ end }}</ul>\n'
          '<nav>{{ with $pag.Prev }}<a href="{{ .URL }}">←</a>{{ end }} {{ $pag.PageNumber }}/{{ $pag.TotalPages }} '
          '{{ with $pag.Next }}<a href="{{ .URL }}">→</a>{{ end }}</nav>')
ZOLA_TEMPLATES = {
    "base": ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title></head>\n'
             '<body>' + NAV.replace("{R}", "{{ config.base_url | safe }}") + '\n<main>{% block content %}{% endblock %}</main>'
             '<footer>{{ config.title }}</footer></body></html>\n'),
    "index": '{% extends "base.html" %}{% block content %}<h1>{{ section.title }}</h1>{{ section.content | safe }}{% endblock %}\n',
    "section": '{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock %}{% block content %}<h1>{{ section.title }}</h1>\n' + Z_LIST + '{% endblock %}\n',
    "taxonomy_list": ('{% extends "base.html" %}{% block content %}<h1>{{ taxonomy.name }}</h1><ul>{% for t in terms %}'
                      '<li><a href="{{ t.permalink | safe }}">{{ t.name }}</a> ({{ t.page_count }})</li>{% endfor %}</ul>{% endblock %}\n'),
    "taxonomy_single": '{% extends "base.html" %}{% block content %}<h1>{{ taxonomy.name }}: {{ term.name }}</h1>\n' + Z_LIST + '{% endblock %}\n',
    "page": ('{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock %}{% block content %}{% set e = page.extra %}{% set R = config.base_url %}\n'
             '<article><h1>{{ page.title }}</h1>\n' + Z_FACTS +
             '{% if e.kind == "creators" %}<p>Niches: {% for n in page.taxonomies.niches %}<a href="{{ get_taxonomy_url(kind="niches", name=n) | safe }}">{{ n }}</a> {% endfor %}</p>\n'
             '<ul>{% for p in e.platforms %}<li>{{ p.network }} <a href="{{ p.url | safe }}">{{ p.handle }}</a>: {{ p.followers }} followers, {{ p.engagement_rate }} %</li>{% endfor %}</ul>\n'
             '{% elif e.kind == "campaigns" %}<p>Brand: <a href="{{ get_taxonomy_url(kind="brands", name=e.brand) | safe }}">{{ e.brand }}</a></p>{% endif %}\n'
             '{{ page.content | safe }}\n'
             '{% if e.kind == "creators" %}<h2>Campaign history</h2><ul>{% for c in e.campaigns %}<li><a href="{{ R | safe }}/campaigns/{{ c.slug }}/">{{ c.title }}</a> · {{ c.brand }} · {{ c.start }} · quality {{ c.quality }}/5</li>{% endfor %}</ul>\n'
             '{% elif e.kind == "campaigns" %}<h2>Creators</h2><table>{% for p in e.creators %}<tr><td><a href="{{ R | safe }}/creators/{{ p.creator }}/">{{ p.name }}</a></td><td>{{ p.deliverables | join(sep=", ") }}</td><td>{{ p.responded }}</td><td>{{ p.on_time }}</td><td>{{ p.approval_rounds }}</td><td>{{ p.quality }}</td></tr>{% endfor %}</table>\n'
             '<h2>Results</h2><ul>{% for k, v in e.results %}<li>{{ k }}: {{ v }}</li>{% endfor %}</ul><h2>Learnings</h2><ul>{% for l in e.learnings %}<li>{{ l }}</li>{% endfor %}</ul>\n'
             '{% elif e.kind == "glossary" %}<h2>Related</h2><ul>{% for r in e.related %}<li><a href="{{ R | safe }}/glossary/{{ r.slug }}/">{{ r.term }}</a></li>{% endfor %}</ul>\n'
             '<h2>FAQ</h2>{% for f in e.faq %}<h3>{{ f.question }}</h3>{{ f.answer | markdown | safe }}{% endfor %}{% endif %}</article>{% endblock %}\n')}
HUGO_TEMPLATES = {
    "baseof": ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>\n<body>'
               + NAV.replace("{R}", '{{ site.BaseURL | strings.TrimSuffix "/" }}') + '\n<main>{{ block "main" . }}{{ end }}</main>'
               '<footer>{{ site.Title }}</footer></body></html>\n'),
    "list": ('{{ define "main" }}<h1>{{ .Title }}</h1>{{ if .IsHome }}{{ .Content }}{{ else }}{{ $p := .Pages.ByTitle }}'
             '{{ if eq .Section "campaigns" }}{{ $p = .Pages.ByDate.Reverse }}{{ end }}{{ $pag := .Paginate $p }}\n' + H_LIST + '{{ end }}{{ end }}\n'),
    "terms": ('{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.Permalink }}">'
              '{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}\n'),
    "taxonomy": '{{ define "main" }}<h1>{{ .Data.Plural }}: {{ .Title }}</h1>{{ $pag := .Paginate .Pages.ByTitle }}\n' + H_LIST + '{{ end }}\n',
    "single": ('{{ define "main" }}{{ $e := .Params.extra }}{{ $R := site.BaseURL | strings.TrimSuffix "/" }}<article><h1>{{ .Title }}</h1>\n' + H_FACTS +
               '{{ if eq $e.kind "creators" }}<p>Niches: {{ range .GetTerms "niches" }}<a href="{{ .Permalink }}">{{ .Title }}</a> {{ end }}</p>\n'
               '<ul>{{ range $e.platforms }}<li>{{ .network }} <a href="{{ .url }}">{{ .handle }}</a>: {{ .followers }} followers, {{ .engagement_rate }} %</li>{{ end }}</ul>\n'
               '{{ else if eq $e.kind "campaigns" }}<p>Brand: {{ range .GetTerms "brands" }}<a href="{{ .Permalink }}">{{ .Title }}</a>{{ end }}</p>{{ end }}\n'
               '{{ .Content }}\n'
               '{{ if eq $e.kind "creators" }}<h2>Campaign history</h2><ul>{{ range $e.campaigns }}<li><a href="{{ $R }}/campaigns/{{ .slug }}/">{{ .title }}</a> · {{ .brand }} · {{ .start }} · quality {{ .quality }}/5</li>{{ end }}</ul>\n'
               '{{ else if eq $e.kind "campaigns" }}<h2>Creators</h2><table>{{ range $e.creators }}<tr><td><a href="{{ $R }}/creators/{{ .creator }}/">{{ .name }}</a></td><td>{{ delimit .deliverables ", " }}</td><td>{{ .responded }}</td><td>{{ .on_time }}</td><td>{{ .approval_rounds }}</td><td>{{ .quality }}</td></tr>{{ end }}</table>\n'
               '<h2>Results</h2><ul>{{ range $k, $v := $e.results }}<li>{{ $k }}: {{ $v }}</li>{{ end }}</ul><h2>Learnings</h2><ul>{{ range $e.learnings }}<li>{{ . }}</li>{{ end }}</ul>\n'
               '{{ else if eq $e.kind "glossary" }}<h2>Related</h2><ul>{{ range $e.related }}<li><a href="{{ $R }}/glossary/{{ .slug }}/">{{ .term }}</a></li>{{ end }}</ul>\n'
               '<h2>FAQ</h2>{{ range $e.faq }}<h3>{{ .question }}</h3>{{ .answer | markdownify }}{{ end }}{{ end }}</article>{{ end }}\n')}

def portraits(a, count):
    """Writes `count` deterministic photo-like JPEGs with the project's
    `examples/gen_portraits.rs` (Python's standard library has no image
    encoder): the same seed-free arguments give the same files."""
    import subprocess
    w, h = a.portrait_size.lower().split("x")
    dest = os.path.join(a.out, "static", "images", "creators")
    if a.portrait_bin:
        cmd = [a.portrait_bin]
    else:
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        cmd = ["cargo", "run", "--quiet", "--release", "--manifest-path", os.path.join(repo, "Cargo.toml"),
               "--example", "gen_portraits", "--"]
    subprocess.run(cmd + [dest, str(count), w, h, "portrait-"], check=True)

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for k, d in (("creators", 600), ("campaigns", 300), ("terms", 100), ("seed", 1)):
        ap.add_argument(f"--{k}", type=int, default=d)
    ap.add_argument("--format", choices=["native", "zola", "hugo"], required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--force", action="store_true", help="delete --out first if it is not empty")
    ap.add_argument("--portraits", action="store_true",
                    help="native only: a synthetic JPEG portrait per creator in static/images/creators/ and `image:` set")
    ap.add_argument("--portrait-size", default="720x960", help="WIDTHxHEIGHT of the portraits (default 720x960)")
    ap.add_argument("--portrait-bin", help="the gen_portraits example binary (default: built with cargo from this repo)")
    a = ap.parse_args()
    if a.portraits and a.format != "native":
        ap.error("--portraits needs --format native")
    if os.path.isdir(a.out) and os.listdir(a.out):
        if not a.force:
            ap.error(f"{a.out} is not empty (use --force)")
        shutil.rmtree(a.out)
    creators, campaigns, terms = build_model(a)
    if a.portraits:
        # After the model: the other values stay those of a corpus without portraits.
        for i, c in enumerate(creators, 1):
            c["image"] = f"/images/creators/portrait-{i:04}.jpg"
    emit(a, creators, campaigns, terms)
    if a.portraits:
        portraits(a, len(creators))
    dnc = sum(c["status"] == "do-not-contact" for c in creators)
    niches = {n for c in creators if c["status"] != "do-not-contact" for n in c["niches"]}
    print(f"{a.format}: {len(creators)} creators ({dnc} do-not-contact), {len(campaigns)} campaigns, {len(terms)} terms, "
          f"{len(niches)} niches, {len({c['brand'] for c in campaigns})} brands -> {a.out}")

if __name__ == "__main__":
    main()
