//! Schema.org nodes as Rust types: what [`super::jsonld`] fills and serializes.
//!
//! One struct per Schema.org type the site emits. Field names serialize in
//! camelCase, absent values are left out, and fields are written in
//! declaration order (`@type`, `@id` first), so the output is stable. Every
//! term used here is in [`super::vocab`].

use serde::Serialize;

/// The JSON-LD document of one page: a `@graph` of nodes.
#[derive(Serialize)]
pub struct Graph<'a> {
    /// Always `https://schema.org`.
    #[serde(rename = "@context")]
    pub context: &'static str,
    /// The page's nodes.
    #[serde(rename = "@graph")]
    pub graph: Vec<Node<'a>>,
}

/// One top-level node of a page's graph.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Node<'a> {
    /// The site.
    WebSite(WebSite<'a>),
    /// The publisher.
    Organization(Organization<'a>),
    /// The page itself.
    Page(WebPage<'a>),
    /// The page's breadcrumb trail.
    Breadcrumbs(ItemList<'a>),
    /// A listing's items.
    List(ItemList<'a>),
    /// A creator.
    Person(Box<Person<'a>>),
    /// A recap or a glossary article.
    Article(Box<Article<'a>>),
    /// A glossary term.
    Term(DefinedTerm<'a>),
    /// The glossary.
    TermSet(DefinedTermSet<'a>),
}

/// A reference to a node by its `@id`.
#[derive(Serialize, Clone)]
pub struct Ref {
    /// Absolute IRI.
    #[serde(rename = "@id")]
    pub id: String,
}

impl Ref {
    /// A reference to `id`.
    pub fn to(id: impl Into<String>) -> Ref {
        Ref { id: id.into() }
    }
}

/// A node given only by its type (`{"@type": "FollowAction"}`).
#[derive(Serialize)]
pub struct Typed {
    /// Schema.org type.
    #[serde(rename = "@type")]
    pub kind: &'static str,
}

/// A language-tagged string (`{"@value": …, "@language": "fr"}`).
#[derive(Serialize)]
pub struct LangString<'a> {
    /// The text.
    #[serde(rename = "@value")]
    pub value: &'a str,
    /// BCP 47 language code.
    #[serde(rename = "@language")]
    pub language: &'a str,
}

/// `WebSite`: the site as a whole.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebSite<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub in_language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Ref>,
}

/// `Organization`: the publisher from `site.yaml`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub name: &'a str,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
}

/// `WebPage` and its subtypes (`ProfilePage`, `CollectionPage`, `FAQPage`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebPage<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub url: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    pub in_language: &'a str,
    pub is_part_of: Ref,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breadcrumb: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_entity: Option<MainEntity<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<&'a str>,
}

/// What a page is mainly about.
#[derive(Serialize)]
#[serde(untagged)]
pub enum MainEntity<'a> {
    /// Another node of the graph.
    Ref(Ref),
    /// The questions of an `FAQPage`.
    Questions(Vec<Question<'a>>),
}

/// `ItemList` (or `BreadcrumbList`): numbered items.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemList<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number_of_items: Option<usize>,
    pub item_list_element: Vec<ListItem<'a>>,
}

/// `ListItem`: one numbered item, by name and URL.
#[derive(Serialize)]
pub struct ListItem<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    /// 1-based.
    pub position: usize,
    pub name: &'a str,
    /// Absolute URL.
    pub item: String,
}

/// `Person`: a creator (full on the profile, a stub elsewhere) or an author.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Person<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id", skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub knows_about: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub knows_language: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub home_location: Option<Place<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interaction_statistic: Vec<InteractionCounter<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subject_of: Vec<Article<'a>>,
}

/// `Place` with a `PostalAddress`.
#[derive(Serialize)]
pub struct Place<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub address: PostalAddress<'a>,
}

/// `PostalAddress`: locality, region, country code.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_locality: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_region: Option<&'a str>,
    /// ISO 3166-1 alpha-2.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address_country: Option<String>,
}

/// `InteractionCounter`: followers on one platform.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionCounter<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub interaction_type: Typed,
    pub user_interaction_count: u64,
    pub interaction_service: WebSite<'a>,
}

/// `Article` (a recap, a glossary entry, or a stub in `subjectOf`) and
/// `SocialMediaPosting` (a creator's post in `mentions`).
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Article<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headline: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporal_coverage: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<Agent<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Ref>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub about: Option<About<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Mention<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main_entity_of_page: Option<Ref>,
}

/// An author: a named person, or a node of the graph (the publisher).
#[derive(Serialize)]
#[serde(untagged)]
pub enum Agent<'a> {
    /// A person by name.
    Person(Box<Person<'a>>),
    /// The publisher, by reference.
    Ref(Ref),
}

/// What an article is about.
#[derive(Serialize)]
#[serde(untagged)]
pub enum About<'a> {
    /// A brand, by name.
    Brand(Brand<'a>),
    /// A node of the graph (the glossary term).
    Ref(Ref),
}

/// `Brand`, by name.
#[derive(Serialize)]
pub struct Brand<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
}

/// Something a recap mentions.
#[derive(Serialize)]
#[serde(untagged)]
pub enum Mention<'a> {
    /// A participating creator (a stub with the profile's `@id`).
    Person(Box<Person<'a>>),
    /// One of their published posts.
    Post(Box<Article<'a>>),
}

/// `DefinedTerm`: a glossary term (full on its page, a stub in the set).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DefinedTerm<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternate_name: Vec<LangString<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_defined_term_set: Option<DefinedTermSet<'a>>,
    pub url: String,
}

/// `DefinedTermSet`: the glossary.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DefinedTermSet<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub has_defined_term: Vec<DefinedTerm<'a>>,
}

/// `Question` with its `Answer`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Question<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: &'a str,
    pub accepted_answer: Answer<'a>,
}

/// `Answer`: plain text.
#[derive(Serialize)]
pub struct Answer<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub text: &'a str,
}
