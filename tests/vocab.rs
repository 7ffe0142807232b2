//! creatorkb's own table of Schema.org terms (`src/seo/vocab.rs`, what
//! `check` validates against) agrees with the full Schema.org 30.0
//! vocabulary vendored in `tests/data/schemaorg-30.0/`.

mod schemaorg;
use creatorkb::seo::vocab::{PROPERTIES, TYPES};

#[test]
fn every_type_of_the_table_is_schema_org_with_the_same_supertypes() {
    let v = schemaorg::load();
    assert!(v.types.len() > 500, "the vocabulary did not load");
    for t in TYPES {
        let parents = v
            .types
            .get(t.name)
            .unwrap_or_else(|| panic!("`{}` is not a Schema.org type", t.name));
        let mut mine: Vec<&str> = t.parents.to_vec();
        let mut theirs: Vec<&str> = parents.iter().map(String::as_str).collect();
        mine.sort();
        theirs.sort();
        assert_eq!(mine, theirs, "supertypes of `{}`", t.name);
    }
}

#[test]
fn every_property_of_the_table_is_schema_org_with_its_domains_and_ranges() {
    let v = schemaorg::load();
    for p in PROPERTIES {
        let (domains, ranges) = v
            .properties
            .get(p.name)
            .unwrap_or_else(|| panic!("`{}` is not a Schema.org property", p.name));
        for d in p.domains {
            assert!(
                domains.iter().any(|x| x == d),
                "`{d}` is not in the domain of `{}` ({domains:?})",
                p.name
            );
        }
        for r in p.ranges {
            assert!(
                ranges.iter().any(|x| x == r),
                "`{r}` is not in the range of `{}` ({ranges:?})",
                p.name
            );
        }
    }
}

#[test]
fn the_table_is_a_fact_list_without_duplicates() {
    let mut names: Vec<&str> = TYPES.iter().map(|t| t.name).collect();
    names.extend(PROPERTIES.iter().map(|p| p.name));
    let before = names.len();
    names.sort();
    names.dedup();
    assert_eq!(before, names.len(), "a term is listed twice");
}
