//! The Schema.org terms creatorkb emits: a small fact table, checked against
//! the full Schema.org 30.0 vocabulary by `tests/vocab.rs`.
//!
//! Each type lists its direct supertypes (Schema.org's `subTypeOf`, only the
//! `schema.org` ones); each property lists the domain types it is used on and
//! the range types its values may have (subsets of `domainIncludes` and
//! `rangeIncludes`). `creatorkb check` validates every page's JSON-LD against
//! this table: a term outside it is reported, a property must be allowed on
//! its node's type (or a supertype), and a typed value must fit the range.

/// A Schema.org class.
#[derive(Debug)]
pub struct Type {
    /// Name without namespace: `ProfilePage`.
    pub name: &'static str,
    /// Direct supertypes, all of them also in [`TYPES`].
    pub parents: &'static [&'static str],
    /// `true` for data types (`Text`, `URL`, `Date`, …).
    pub data: bool,
}

/// A Schema.org property.
#[derive(Debug)]
pub struct Property {
    /// Name without namespace: `knowsLanguage`.
    pub name: &'static str,
    /// Types the property is used on (a subset of `domainIncludes`).
    pub domains: &'static [&'static str],
    /// Types its values may have (a subset of `rangeIncludes`).
    pub ranges: &'static [&'static str],
}

const fn t(name: &'static str, parents: &'static [&'static str]) -> Type {
    Type {
        name,
        parents,
        data: false,
    }
}

const fn d(name: &'static str, parents: &'static [&'static str]) -> Type {
    Type {
        name,
        parents,
        data: true,
    }
}

const fn p(
    name: &'static str,
    domains: &'static [&'static str],
    ranges: &'static [&'static str],
) -> Property {
    Property {
        name,
        domains,
        ranges,
    }
}

/// Every type creatorkb emits, with their supertypes up to `Thing`.
pub static TYPES: &[Type] = &[
    t("Thing", &[]),
    t("Action", &["Thing"]),
    t("InteractAction", &["Action"]),
    t("FollowAction", &["InteractAction"]),
    t("CreativeWork", &["Thing"]),
    t("Article", &["CreativeWork"]),
    t("SocialMediaPosting", &["Article"]),
    t("Comment", &["CreativeWork"]),
    t("Question", &["Comment"]),
    t("Answer", &["Comment"]),
    t("DefinedTermSet", &["CreativeWork"]),
    t("WebSite", &["CreativeWork"]),
    t("WebPage", &["CreativeWork"]),
    t("CollectionPage", &["WebPage"]),
    t("FAQPage", &["WebPage"]),
    t("ProfilePage", &["WebPage"]),
    t("Intangible", &["Thing"]),
    t("Brand", &["Intangible"]),
    t("DefinedTerm", &["Intangible"]),
    t("ItemList", &["Intangible"]),
    t("BreadcrumbList", &["ItemList"]),
    t("ListItem", &["Intangible"]),
    t("StructuredValue", &["Intangible"]),
    t("ContactPoint", &["StructuredValue"]),
    t("PostalAddress", &["ContactPoint"]),
    t("InteractionCounter", &["StructuredValue"]),
    t("Organization", &["Thing"]),
    t("Person", &["Thing"]),
    t("Place", &["Thing"]),
    d("Boolean", &[]),
    d("Date", &[]),
    d("DateTime", &[]),
    d("Number", &[]),
    d("Integer", &["Number"]),
    d("Text", &[]),
    d("URL", &["Text"]),
];

/// Every property creatorkb emits.
pub static PROPERTIES: &[Property] = &[
    p("about", &["CreativeWork"], &["Thing"]),
    p("acceptedAnswer", &["Question"], &["Answer"]),
    p("address", &["Place"], &["PostalAddress", "Text"]),
    p("addressCountry", &["PostalAddress"], &["Text"]),
    p("addressLocality", &["PostalAddress"], &["Text"]),
    p("addressRegion", &["PostalAddress"], &["Text"]),
    p("alternateName", &["Thing"], &["Text"]),
    p("author", &["CreativeWork"], &["Organization", "Person"]),
    p("breadcrumb", &["WebPage"], &["BreadcrumbList"]),
    p("dateCreated", &["CreativeWork"], &["Date", "DateTime"]),
    p("dateModified", &["CreativeWork"], &["Date", "DateTime"]),
    p("datePublished", &["CreativeWork"], &["Date", "DateTime"]),
    p("description", &["Thing"], &["Text"]),
    p("hasDefinedTerm", &["DefinedTermSet"], &["DefinedTerm"]),
    p("headline", &["CreativeWork"], &["Text"]),
    p("homeLocation", &["Person"], &["ContactPoint", "Place"]),
    p("image", &["Thing"], &["URL"]),
    p(
        "inDefinedTermSet",
        &["DefinedTerm"],
        &["DefinedTermSet", "URL"],
    ),
    p("inLanguage", &["CreativeWork"], &["Text"]),
    p("interactionService", &["InteractionCounter"], &["WebSite"]),
    p(
        "interactionStatistic",
        &["CreativeWork", "Organization", "Person"],
        &["InteractionCounter"],
    ),
    p("interactionType", &["InteractionCounter"], &["Action"]),
    p("isPartOf", &["CreativeWork"], &["CreativeWork", "URL"]),
    p("item", &["ListItem"], &["Thing"]),
    p(
        "itemListElement",
        &["ItemList"],
        &["ListItem", "Text", "Thing"],
    ),
    p(
        "knowsAbout",
        &["Organization", "Person"],
        &["Text", "Thing", "URL"],
    ),
    p("knowsLanguage", &["Organization", "Person"], &["Text"]),
    p("logo", &["Organization"], &["URL"]),
    p("mainEntity", &["CreativeWork"], &["Thing"]),
    p("mainEntityOfPage", &["Thing"], &["CreativeWork", "URL"]),
    p("mentions", &["CreativeWork"], &["Thing"]),
    p("name", &["Thing"], &["Text"]),
    p("numberOfItems", &["ItemList"], &["Integer"]),
    p("position", &["ListItem"], &["Integer", "Text"]),
    p("publisher", &["CreativeWork"], &["Organization", "Person"]),
    p("sameAs", &["Thing"], &["URL"]),
    p("subjectOf", &["Thing"], &["CreativeWork"]),
    p(
        "temporalCoverage",
        &["CreativeWork"],
        &["DateTime", "Text", "URL"],
    ),
    p("termCode", &["DefinedTerm"], &["Text"]),
    p("text", &["CreativeWork"], &["Text"]),
    p("url", &["Thing"], &["URL"]),
    p(
        "userInteractionCount",
        &["InteractionCounter"],
        &["Integer"],
    ),
];

/// The type called `name`, if the table has it.
pub fn type_named(name: &str) -> Option<&'static Type> {
    TYPES.iter().find(|t| t.name == name)
}

/// The property called `name`, if the table has it.
pub fn property_named(name: &str) -> Option<&'static Property> {
    PROPERTIES.iter().find(|p| p.name == name)
}

/// Whether `ty` is `ancestor` or one of its subtypes.
pub fn is_a(ty: &str, ancestor: &str) -> bool {
    if ty == ancestor {
        return true;
    }
    // The table is a small tree: a depth bound keeps a bad edit from looping.
    fn walk(ty: &str, ancestor: &str, depth: u8) -> bool {
        depth < 16
            && type_named(ty).is_some_and(|t| {
                t.parents
                    .iter()
                    .any(|p| *p == ancestor || walk(p, ancestor, depth + 1))
            })
    }
    walk(ty, ancestor, 0)
}

/// Whether `prop` may be used on a node of any of `types`.
pub fn allowed_on(prop: &Property, types: &[&str]) -> bool {
    types
        .iter()
        .any(|ty| prop.domains.iter().any(|d| is_a(ty, d)))
}

/// Whether a node of type `ty` may be a value of `prop`.
pub fn fits_range(prop: &Property, ty: &str) -> bool {
    prop.ranges.iter().any(|r| is_a(ty, r))
}

/// Whether `prop` accepts a literal of data type `data` (`Integer`, `Boolean`).
pub fn accepts_data(prop: &Property, data: &str) -> bool {
    prop.ranges.iter().any(|r| is_a(data, r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_parent_domain_and_range_is_in_the_table() {
        for t in TYPES {
            for p in t.parents {
                assert!(type_named(p).is_some(), "{}: parent {p}", t.name);
            }
            assert!(t.name == "Thing" || t.data || is_a(t.name, "Thing"));
        }
        for p in PROPERTIES {
            for d in p.domains.iter().chain(p.ranges) {
                assert!(type_named(d).is_some(), "{}: {d}", p.name);
            }
        }
    }

    #[test]
    fn subtypes_inherit_properties() {
        let name = property_named("name").unwrap();
        assert!(allowed_on(name, &["ProfilePage"]));
        let home = property_named("homeLocation").unwrap();
        assert!(allowed_on(home, &["Person"]) && !allowed_on(home, &["Article"]));
        assert!(fits_range(home, "Place") && !fits_range(home, "Person"));
        let count = property_named("userInteractionCount").unwrap();
        assert!(accepts_data(count, "Integer") && !accepts_data(count, "Boolean"));
    }
}
