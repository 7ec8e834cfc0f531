//! Context Mapper CML of one split: each service a bounded context, each
//! dependency an upstream/downstream relationship (the called service is
//! upstream), mutual dependencies a partnership.

use std::fmt::Write as _;

use rustc_hash::FxHashSet;

use super::one_line;
use crate::analysis::SplitAnalysis;
use crate::model::{Project, Split};

/// The words of Context Mapper's grammar (ContextMappingDSL and
/// TacticDDDLanguage keywords and enum literals) that start with a capital or
/// `_`: identifiers made here always start with a capital, and one of these
/// words would be read as the keyword, not as a name.
const KEYWORDS: &str = "\
    ACL ACT ANTICORRUPTION_LAYER APPLICATION AS AS_IS AUTONOMY AccessObject Aggregate \
    Application ApplicationPart As Bag BasicType BigDecimal BigInteger Blob Boolean \
    BoundedContext C CARE CF CHAR COMMODITY CONCRETE CONFORMIST CONTROL CORE_DOMAIN \
    CUSTOM_BUILT Clob Collection Command CommandEvent Consumer Context ContextMap \
    Coordination D DECISION_MAKER DELETE DataTransferObject Date DateTime Domain \
    DomainEvent Double Dsl Entity Event FAIRNESS FEATURE Float Flow GENERIC_SUBDOMAIN \
    GENESIS GET HIGH HUGE I INCLUSIVENESS INFLUENCER INNOVATION INTEGER IS In Integer \
    JOINED Key LOW License List Long MEDIUM META MONITOR MONOPOLIST Map Mapper Module \
    NORMAL None O OFTEN OHS OPEN_HOST_SERVICE OPINION_LEADER ORGANIZATIONAL P \
    PERFECTION PL POST PRIVACY PRODUCT PUBLISHED_LANGUAGE PUT PagedResult \
    PagingParameter Partnership RARELY RESPECT Repository Resource S SINGLE_TABLE SK \
    SOI STRING SUPPORTING_DOMAIN SUSTAINABILITY SYSTEM SYSTEM_LANDSCAPE Service Set \
    Stakeholder StakeholderGroup Stakeholders String Subdomain TEAM TINY TO_BE \
    TRANSPARENCY TRUST TacticDDDApplication Timestamp Trait U UNDEFINED UseCase \
    UserStory VETO_RIGHT Value ValueCluster ValueEpic ValueNarrative ValueObject \
    ValueRegister ValueWeigthing When X";

/// CML for a split and its analysis.
pub fn export(project: &Project, split: &Split, analysis: &SplitAnalysis) -> String {
    let mut used = FxHashSet::default();
    let names = identifiers(split, &mut used);
    let map_name = unique(
        identifier(&format!("{}Map", project.name), "ContextMap"),
        &mut used,
    );
    let name_of = |id: &str| {
        split
            .services
            .iter()
            .position(|s| s.id == id)
            .map(|ix| names[ix].clone())
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "/* {} — {} */",
        comment(&project.name),
        comment(&split.name)
    );
    let _ = writeln!(out, "ContextMap {map_name} {{");
    out.push_str("    type = SYSTEM_LANDSCAPE\n    state = TO_BE\n");
    if !names.is_empty() {
        let _ = writeln!(out, "    contains {}", names.join(", "));
    }
    let mut done: Vec<(String, String)> = Vec::new();
    for dependency in &analysis.dependencies {
        let (Some(caller), Some(called)) = (name_of(&dependency.from), name_of(&dependency.to))
        else {
            continue;
        };
        if done.contains(&(called.clone(), caller.clone())) {
            continue;
        }
        let mutual = analysis
            .dependencies
            .iter()
            .any(|d| d.from == dependency.to && d.to == dependency.from);
        let technology = if dependency.sync_calls == dependency.calls {
            "HTTP/gRPC"
        } else if dependency.sync_calls == 0 {
            "Messaging"
        } else {
            "HTTP/gRPC and messaging"
        };
        if mutual {
            let _ = writeln!(
                out,
                "    {called} [P]<->[P] {caller} {{\n        implementationTechnology \"{technology}\"\n    }}"
            );
        } else {
            let _ = writeln!(
                out,
                "    {called} [U]->[D] {caller} {{\n        implementationTechnology \"{technology}\"\n    }}"
            );
        }
        done.push((caller, called));
    }
    out.push_str("}\n");
    for (ix, service) in split.services.iter().enumerate() {
        let modules: Vec<&str> = split
            .assignment
            .iter()
            .filter(|(_, s)| **s == service.id)
            .map(|(m, _)| m.as_str())
            .collect();
        let vision = if service.description.is_empty() {
            format!("{}: {}", service.label(), modules.join(", "))
        } else {
            service.description.clone()
        };
        let _ = writeln!(
            out,
            "\nBoundedContext {} {{\n    domainVisionStatement {}\n}}",
            names[ix],
            string(&vision)
        );
    }
    out
}

/// One CML identifier per service, unique among `used` (which they join), so
/// no two bounded contexts share a name.
fn identifiers(split: &Split, used: &mut FxHashSet<String>) -> Vec<String> {
    split
        .services
        .iter()
        .enumerate()
        .map(|(ix, service)| {
            unique(
                identifier(service.label(), &format!("Service{}", ix + 1)),
                used,
            )
        })
        .collect()
}

/// `name` made free: a keyword gets `Context` appended, then a taken name a
/// number (`Orders2`, `Orders3`…). Sanitising folds different names together
/// (`Ord-ers` and `Ord ers` both give `OrdErs`), and CML resolves references
/// by name, so a duplicate would make the model ambiguous.
fn unique(name: String, used: &mut FxHashSet<String>) -> String {
    let base = if is_keyword(&name) {
        format!("{name}Context")
    } else {
        name
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while used.contains(&candidate) || is_keyword(&candidate) {
        candidate = format!("{base}{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// Whether CML's grammar reserves `word`.
fn is_keyword(word: &str) -> bool {
    KEYWORDS.split_whitespace().any(|keyword| keyword == word)
}

/// A CML identifier (`[A-Z][A-Za-z0-9]*`) from the ASCII letters and digits of
/// `text`, each run capitalised; `fallback` comes first when that would be
/// empty or start with a digit.
fn identifier(text: &str, fallback: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{fallback}{out}")
    } else {
        out
    }
}

/// A CML string literal on one line, `\` and `"` escaped (Xtext's STRING rule).
fn string(text: &str) -> String {
    format!(
        "\"{}\"",
        one_line(text).replace('\\', "\\\\").replace('"', "\\\"")
    )
}

/// Text for inside the header's block comment: one line, and no `*/` that
/// would end the comment early.
fn comment(text: &str) -> String {
    one_line(text).replace("*/", "* /")
}
