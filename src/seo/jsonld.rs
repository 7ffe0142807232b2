//! The JSON-LD graph of each page, built from the resolved site.
//!
//! Every page but the 404 gets one `@graph` holding the `WebSite`, the
//! publishing `Organization`, the page node (`WebPage`, `ProfilePage`,
//! `CollectionPage` or `FAQPage`), its `BreadcrumbList` and what the page is
//! about. Identifiers are stable: `<base>#website`, `<base>#org`,
//! `<page-url>#breadcrumb`, `<profile-url>#person`, `<recap-url>#article`,
//! `<term-url>#term`, `<glossary-url>#set`, `<listing-url>#list`, so a
//! recap's `mentions` and a profile's `Person` are the same node.
//!
//! Only the page's own data is read (a profile reads its creator, a recap its
//! participants), and the resolved [`Site`] has no private value in a public
//! build, so neither has the JSON-LD.

use super::Urls;
use super::schema::*;
use crate::images::variants::social;
use crate::plan::{Job, PageInfo, paging};
use crate::resolve::Site;
use crate::resolve::types::{Campaign, Creator, PlatformView, Term};

/// The page's JSON-LD, serialized and script-safe; empty for the 404 page.
pub fn page(site: &Site, job: Job, info: &PageInfo) -> String {
    if matches!(job, Job::NotFound) {
        return String::new();
    }
    let b = Builder {
        site,
        urls: Urls::new(&site.info.base_url),
        info,
    };
    crate::text::script_safe_json(&b.graph(job))
}

struct Builder<'a> {
    site: &'a Site,
    urls: Urls<'a>,
    info: &'a PageInfo<'a>,
}

impl<'a> Builder<'a> {
    fn graph(&self, job: Job) -> Graph<'a> {
        let site = self.site;
        let mut nodes = vec![self.website(), self.organization()];
        let mut page = self.web_page();
        let mut rest: Vec<Node<'a>> = Vec::new();
        // A listing's page lists the entries it shows, not the whole roster.
        let (job, n) = match job {
            Job::ListingPage(listing, n) => (listing.job(1), n),
            other => (other, 1),
        };
        let page_of = |len: usize| paging::range(n, len, site.info.paginate);
        match job {
            Job::Home => page.about = Some(Ref::to(self.urls.org_id())),
            Job::Creators => {
                let shown = site.creators.get(page_of(site.creators.len()));
                let items = shown
                    .unwrap_or_default()
                    .iter()
                    .map(|c| (&*c.card.name, &*c.card.path));
                rest.push(self.listing(&mut page, items));
            }
            Job::Creator(i) => {
                let c = &site.creators[i];
                page.kind = "ProfilePage";
                page.main_entity =
                    Some(MainEntity::Ref(Ref::to(self.urls.person_id(&c.card.path))));
                page.date_created = c.since.as_deref();
                page.date_modified = c.updated.as_deref();
                rest.push(Node::Person(Box::new(self.person(c))));
            }
            Job::Campaigns => {
                let shown = site.campaigns.get(page_of(site.campaigns.len()));
                let items = shown
                    .unwrap_or_default()
                    .iter()
                    .map(|c| (&*c.card.title, &*c.card.path));
                rest.push(self.listing(&mut page, items));
            }
            Job::Campaign(i) => {
                let c = &site.campaigns[i];
                let article = self.recap(c);
                page.main_entity = Some(MainEntity::Ref(Ref::to(article.id.clone())));
                rest.push(Node::Article(Box::new(article)));
            }
            Job::Glossary => {
                page.kind = "CollectionPage";
                let mut set = self.term_set();
                page.main_entity = Some(MainEntity::Ref(Ref::to(set.id.clone())));
                set.has_defined_term = site
                    .terms
                    .get(page_of(site.terms.len()))
                    .unwrap_or_default()
                    .iter()
                    .map(|t| DefinedTerm {
                        description: Some(&t.definition),
                        ..self.term_stub(t)
                    })
                    .collect();
                rest.push(Node::TermSet(set));
            }
            Job::Term(i) => {
                let t = &site.terms[i];
                let term_id = self.urls.term_id(&t.path);
                page.about = Some(Ref::to(term_id.clone()));
                if t.faq.is_empty() {
                    page.main_entity = Some(MainEntity::Ref(Ref::to(term_id.clone())));
                } else {
                    page.kind = "FAQPage";
                    page.main_entity = Some(MainEntity::Questions(questions(t)));
                }
                rest.push(Node::Term(self.term(t)));
                rest.push(Node::Article(Box::new(self.term_article(t, term_id))));
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                page.date_published = p.date.as_deref();
                page.date_modified = p.updated.as_deref();
            }
            Job::Taxonomy(t) => {
                let tax = &site.taxonomies[t];
                let items = tax.terms.iter().map(|x| (&*x.name, &*x.path));
                rest.push(self.listing(&mut page, items));
            }
            Job::TaxonomyTerm(t, i) => {
                let term = &site.taxonomies[t].terms[i];
                let creators = term.creators.get(page_of(term.creators.len()));
                let campaigns = term.campaigns.get(page_of(term.campaigns.len()));
                let creators = creators
                    .unwrap_or_default()
                    .iter()
                    .map(|&c| &site.creators[c].card);
                let campaigns = campaigns
                    .unwrap_or_default()
                    .iter()
                    .map(|&c| &site.campaigns[c].card);
                let items = creators
                    .map(|c| (&*c.name, &*c.path))
                    .chain(campaigns.map(|c| (&*c.title, &*c.path)));
                rest.push(self.listing(&mut page, items));
            }
            Job::NotFound
            | Job::FollowUps
            | Job::Pipeline
            | Job::Costs
            | Job::Learnings
            | Job::ListingPage(..) => {}
        }
        let crumbs = self.breadcrumbs();
        if let Some(c) = &crumbs {
            page.breadcrumb = Some(Ref::to(c.id.clone()));
        }
        nodes.push(Node::Page(page));
        nodes.extend(crumbs.map(Node::Breadcrumbs));
        nodes.extend(rest);
        Graph {
            context: "https://schema.org",
            graph: nodes,
        }
    }

    fn website(&self) -> Node<'a> {
        let info = &self.site.info;
        Node::WebSite(WebSite {
            kind: "WebSite",
            id: Some(self.urls.website_id()),
            name: &info.title,
            url: Some(self.urls.base.to_string()),
            description: &info.description,
            in_language: &info.lang,
            publisher: Some(Ref::to(self.urls.org_id())),
        })
    }

    /// The `organization` of `site.yaml`; without one, the site itself.
    fn organization(&self) -> Node<'a> {
        let info = &self.site.info;
        let org = info.organization.as_ref();
        Node::Organization(Organization {
            kind: "Organization",
            id: self.urls.org_id(),
            name: org.map_or(&info.title, |o| &o.name),
            url: org
                .and_then(|o| o.url.as_deref())
                .map_or_else(|| self.urls.base.to_string(), |u| self.urls.href(u)),
            logo: org
                .and_then(|o| o.logo.as_deref())
                .map(|l| self.urls.href(l)),
        })
    }

    /// The page node, a plain `WebPage` until the page kind refines it.
    fn web_page(&self) -> WebPage<'a> {
        WebPage {
            kind: "WebPage",
            id: self.info.url.to_string(),
            url: self.info.url.to_string(),
            name: self.info.title,
            description: self.info.description,
            in_language: &self.site.info.lang,
            is_part_of: Ref::to(self.urls.website_id()),
            breadcrumb: None,
            about: None,
            main_entity: None,
            date_created: None,
            date_published: None,
            date_modified: None,
        }
    }

    /// The visible trail; none when the page shows none (a single crumb).
    fn breadcrumbs(&self) -> Option<ItemList<'a>> {
        let crumbs = self.info.breadcrumbs;
        if crumbs.len() < 2 {
            return None;
        }
        Some(ItemList {
            kind: "BreadcrumbList",
            id: format!("{}#breadcrumb", self.info.url),
            name: None,
            number_of_items: None,
            item_list_element: crumbs
                .iter()
                .enumerate()
                .map(|(i, c)| ListItem {
                    kind: "ListItem",
                    position: i + 1,
                    name: &c.name,
                    // The last crumb is the page itself and has no link.
                    item: if i + 1 == crumbs.len() {
                        self.info.url.to_string()
                    } else {
                        self.urls.page(&c.path)
                    },
                })
                .collect(),
        })
    }

    /// Turns `page` into a `CollectionPage` whose main entity is the list.
    fn listing(
        &self,
        page: &mut WebPage<'a>,
        items: impl Iterator<Item = (&'a str, &'a str)>,
    ) -> Node<'a> {
        let id = format!("{}#list", self.info.url);
        page.kind = "CollectionPage";
        page.main_entity = Some(MainEntity::Ref(Ref::to(id.clone())));
        let item_list_element: Vec<ListItem> = items
            .enumerate()
            .map(|(i, (name, path))| ListItem {
                kind: "ListItem",
                position: i + 1,
                name,
                item: self.urls.page(path),
            })
            .collect();
        Node::List(ItemList {
            kind: "ItemList",
            id,
            name: Some(self.info.title),
            number_of_items: Some(item_list_element.len()),
            item_list_element,
        })
    }

    fn person(&self, c: &'a Creator) -> Person<'a> {
        let card = &c.card;
        let url = self.urls.page(&card.path);
        let (locality, region) = match card.location.as_deref().map(str::trim) {
            Some(l) if !l.is_empty() => match l.split_once(',') {
                Some((city, region)) => (Some(city.trim()), Some(region.trim())),
                None => (Some(l), None),
            },
            _ => (None, None),
        };
        let country = card
            .country
            .as_ref()
            .map(|c| c.slug.as_str().to_ascii_uppercase());
        let home_location = (locality.is_some() || country.is_some()).then(|| Place {
            kind: "Place",
            address: PostalAddress {
                kind: "PostalAddress",
                address_locality: locality,
                address_region: region.filter(|r| !r.is_empty()),
                address_country: country,
            },
        });
        Person {
            kind: "Person",
            id: Some(format!("{url}#person")),
            name: &card.name,
            alternate_name: card.handle.as_deref(),
            description: &card.summary,
            image: social(card.image.as_deref(), card.image_set.as_ref())
                .map(|i| self.urls.href(i)),
            url: Some(url),
            knows_about: card.niches.iter().map(|n| n.name.as_str()).collect(),
            knows_language: card.languages.iter().map(|l| l.slug.as_str()).collect(),
            home_location,
            same_as: card
                .platforms
                .iter()
                .filter_map(|p| p.url.as_deref())
                .map(|u| self.urls.href(u))
                .collect(),
            interaction_statistic: card
                .platforms
                .iter()
                .filter_map(|p| self.followers(p))
                .collect(),
            subject_of: c
                .history_campaigns
                .iter()
                .map(|h| {
                    let url = self.urls.page(&h.campaign.path);
                    Article {
                        kind: "Article",
                        id: format!("{url}#article"),
                        headline: Some(&h.campaign.title),
                        url,
                        ..Article::default()
                    }
                })
                .collect(),
        }
    }

    /// Followers on one platform, when known.
    fn followers(&self, p: &'a PlatformView) -> Option<InteractionCounter<'a>> {
        let count = p.followers.value.filter(|v| *v >= 0.0)? as u64;
        let url = match network_home(p.network) {
            Some(home) => Some(home.to_string()),
            // A blog or podcast is its own service.
            None => p.url.as_deref().map(|u| self.urls.href(u)),
        };
        Some(InteractionCounter {
            kind: "InteractionCounter",
            interaction_type: Typed {
                kind: "FollowAction",
            },
            user_interaction_count: count,
            interaction_service: WebSite {
                kind: "WebSite",
                id: None,
                name: p.label,
                url,
                description: "",
                in_language: "",
                publisher: None,
            },
        })
    }

    /// A participant as the recap mentions them: the profile's `Person` node.
    fn person_stub(&self, name: &'a str, path: &str) -> Person<'a> {
        let url = self.urls.page(path);
        Person {
            kind: "Person",
            id: Some(format!("{url}#person")),
            name,
            url: Some(url),
            ..Person::default()
        }
    }

    fn author(&self, name: Option<&'a str>) -> Agent<'a> {
        match name.map(str::trim).filter(|n| !n.is_empty()) {
            Some(name) => Agent::Person(Box::new(Person {
                kind: "Person",
                name,
                ..Person::default()
            })),
            None => Agent::Ref(Ref::to(self.urls.org_id())),
        }
    }

    fn recap(&self, c: &'a Campaign) -> Article<'a> {
        let card = &c.card;
        let mut mentions = Vec::new();
        for p in &c.participants {
            let person = self.person_stub(&p.creator.name, &p.creator.path);
            let person_id = person.id.clone().unwrap_or_default();
            mentions.push(Mention::Person(Box::new(person)));
            for post in &p.participation.content {
                let url = self.urls.href(post);
                mentions.push(Mention::Post(Box::new(Article {
                    kind: "SocialMediaPosting",
                    id: url.clone(),
                    url,
                    date_published: p.participation.published.as_deref(),
                    author: Some(Agent::Ref(Ref::to(person_id.clone()))),
                    ..Article::default()
                })));
            }
        }
        let temporal_coverage = match (card.start.as_deref(), card.end.as_deref()) {
            (None, None) => None,
            (start, end) => Some(format!("{}/{}", start.unwrap_or(".."), end.unwrap_or(".."))),
        };
        Article {
            kind: "Article",
            id: format!("{}#article", self.info.url),
            headline: Some(&card.title),
            description: Some(self.info.description),
            url: self.info.url.to_string(),
            image: social(card.image.as_deref(), card.image_set.as_ref())
                .map(|i| self.urls.href(i)),
            in_language: Some(&self.site.info.lang),
            date_published: card.date.as_deref(),
            date_modified: card.date.as_deref(),
            temporal_coverage,
            author: Some(self.author(c.author.as_deref())),
            publisher: Some(Ref::to(self.urls.org_id())),
            about: Some(About::Brand(Brand {
                kind: "Brand",
                name: &card.brand.name,
            })),
            mentions,
            main_entity_of_page: Some(Ref::to(self.info.url)),
        }
    }

    fn term_set(&self) -> DefinedTermSet<'a> {
        let url = self.urls.page(&self.site.info.nav.glossary);
        DefinedTermSet {
            kind: "DefinedTermSet",
            id: format!("{url}#set"),
            name: format!("{} glossary", self.site.info.title),
            url,
            has_defined_term: Vec::new(),
        }
    }

    fn term_stub(&self, t: &'a Term) -> DefinedTerm<'a> {
        DefinedTerm {
            kind: "DefinedTerm",
            id: self.urls.term_id(&t.path),
            name: &t.term,
            description: None,
            term_code: Some(&t.slug),
            alternate_name: Vec::new(),
            in_defined_term_set: None,
            url: self.urls.page(&t.path),
        }
    }

    fn term(&self, t: &'a Term) -> DefinedTerm<'a> {
        // A fallback term is written in the default language.
        let lang = match &t.fallback {
            Some(f) => f.lang.as_str(),
            None => self.site.info.lang.as_str(),
        };
        let synonyms = t.alternate_names.iter().map(|n| LangString {
            value: n,
            language: lang,
        });
        let translations = t.translations.iter().map(|x| LangString {
            value: &x.term,
            language: &x.lang,
        });
        DefinedTerm {
            description: Some(&t.definition),
            alternate_name: synonyms.chain(translations).collect(),
            in_defined_term_set: Some(self.term_set()),
            ..self.term_stub(t)
        }
    }

    fn term_article(&self, t: &'a Term, term_id: String) -> Article<'a> {
        Article {
            kind: "Article",
            id: format!("{}#article", self.info.url),
            headline: Some(&t.term),
            description: Some(&t.definition),
            url: self.info.url.to_string(),
            in_language: Some(&self.site.info.lang),
            date_published: t.date.as_deref(),
            date_modified: t.updated.as_deref(),
            author: Some(self.author(t.author.as_deref())),
            publisher: Some(Ref::to(self.urls.org_id())),
            about: Some(About::Ref(Ref::to(term_id))),
            ..Article::default()
        }
    }
}

/// The FAQ exactly as the page shows it.
fn questions(t: &Term) -> Vec<Question<'_>> {
    t.faq
        .iter()
        .map(|f| Question {
            kind: "Question",
            name: &f.question,
            accepted_answer: Answer {
                kind: "Answer",
                text: &f.answer_text,
            },
        })
        .collect()
}

/// Home page of a network, the `interactionService` of its followers.
fn network_home(network: &str) -> Option<&'static str> {
    Some(match network {
        "instagram" => "https://www.instagram.com/",
        "tiktok" => "https://www.tiktok.com/",
        "youtube" => "https://www.youtube.com/",
        "twitch" => "https://www.twitch.tv/",
        "x" => "https://x.com/",
        "linkedin" => "https://www.linkedin.com/",
        "pinterest" => "https://www.pinterest.com/",
        "snapchat" => "https://www.snapchat.com/",
        "facebook" => "https://www.facebook.com/",
        _ => return None,
    })
}
