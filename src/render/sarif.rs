//! SARIF 2.1.0, the format GitHub code scanning (and other viewers) take: one run of the tool
//! `pm`, one rule entry per rule code, one result per finding.
//!
//! The types are serde-sarif's, generated from the SARIF schema. What GitHub reads is filled
//! in: `partialFingerprints` (pm's own, so alerts follow a finding when lines move), rule help
//! in text and Markdown with a link to the rule's section of docs/rules.md, a short description
//! apart from the full one, tags and `problem.severity`, and related locations linked from the
//! message as `[text](id)`.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag,
    Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run,
    Sarif, Tool, ToolComponent,
};

use crate::check::{Diagnostic, Rule, Severity};
use crate::model::Loc;
use crate::store::Sources;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where pm's documentation lives; Cargo.toml's `repository` is the one place to change it.
const HOME: &str = env!("CARGO_PKG_REPOSITORY");

/// The key of pm's fingerprint in `partialFingerprints`; a new digest would get a new version.
pub const FINGERPRINT_KEY: &str = "pm/v1";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn result_level(s: Severity) -> ResultLevel {
    match s {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
    }
}

fn help_uri(r: Rule) -> String {
    super::explain::doc_url(r)
}

fn rule_entry(r: Rule) -> ReportingDescriptor {
    let text = |t: String| MultiformatMessageString::builder().text(t).build();
    let help = MultiformatMessageString::builder()
        .text(format!(
            "{}\n\nHow to fix: {}",
            r.fires_when(),
            r.how_to_fix()
        ))
        .markdown(format!(
            "**{} {}** ({} by default)\n\n{}\n\n**How to fix.** {}\n\n[{} in the rules of pm check]({})",
            r.code(),
            r.name(),
            level(r.default_severity()),
            r.fires_when(),
            r.how_to_fix(),
            r.code(),
            help_uri(r),
        ))
        .build();
    let mut properties = BTreeMap::new();
    // GitHub shows problem.severity for results that are not security alerts.
    properties.insert(
        "problem.severity".to_owned(),
        json!(level(r.default_severity())),
    );
    properties.insert("precision".to_owned(), json!("very-high"));
    ReportingDescriptor::builder()
        .id(r.code())
        .name(r.name())
        .short_description(text(r.short().to_owned()))
        .full_description(text(r.fires_when().to_owned()))
        .help(help)
        .help_uri(help_uri(r))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(r.default_severity())))
                .build(),
        )
        .properties(
            PropertyBag::builder()
                .tags(vec!["pm".to_owned(), r.family().to_owned()])
                .additional_properties(properties)
                .build(),
        )
        .build()
}

/// A relative path as a URI reference: `/`-separated, anything unusual percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Text as SARIF message text takes it: `[` and `]` would start a link, so they (and the `\`
/// that escapes them) are escaped.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn physical(loc: Loc, sources: &Sources, prefix: &str) -> PhysicalLocation {
    let file = sources.get(loc.file);
    let start = file.line_col(loc.span.start as usize);
    let end = file.line_col((loc.span.end.max(loc.span.start)) as usize);
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    PhysicalLocation::builder()
        .artifact_location(
            ArtifactLocation::builder()
                .uri(uri(&format!("{prefix}{}", file.path)))
                .build(),
        )
        .region(
            Region::builder()
                .start_line(n(start.line))
                .start_column(n(start.column))
                .end_line(n(end.line))
                .end_column(n(end.column))
                .build(),
        )
        .build()
}

fn result(d: &Diagnostic, sources: &Sources, prefix: &str) -> SarifResult {
    let mut message = plain(&d.message);
    // Related locations are numbered from 1 and linked from the message, which is how GitHub
    // shows them next to the alert.
    let related: Vec<Location> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, (loc, label))| {
            Location::builder()
                .id(i64::try_from(i + 1).unwrap_or(i64::MAX))
                .physical_location(physical(*loc, sources, prefix))
                .message(Message::from(label.as_str()))
                .build()
        })
        .collect();
    if !related.is_empty() {
        let links: Vec<String> = d
            .secondary
            .iter()
            .enumerate()
            .map(|(i, (_, label))| format!("[{}]({})", plain(label), i + 1))
            .collect();
        message.push_str("\nSee also: ");
        message.push_str(&links.join("; "));
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&plain(help));
    }
    let index = Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0);
    let primary = Location::builder()
        .physical_location(physical(d.loc, sources, prefix))
        .build();
    let fingerprints = BTreeMap::from([(FINGERPRINT_KEY.to_owned(), d.fingerprint.clone())]);
    let mut r = SarifResult::builder()
        .rule_id(d.rule.code())
        .rule_index(i64::try_from(index).unwrap_or(0))
        .level(result_level(d.severity))
        .message(Message::builder().text(message).build())
        .locations(vec![primary])
        .partial_fingerprints(fingerprints)
        .build();
    if !related.is_empty() {
        r.related_locations = Some(related);
    }
    r
}

pub fn render(diags: &[Diagnostic], sources: &Sources) -> String {
    render_at(diags, sources, "")
}

/// As [`render`], with `prefix` (the program folder relative to the repository's top level,
/// `programs/moon/`) before every path, so code scanning finds the file.
pub fn render_at(diags: &[Diagnostic], sources: &Sources, prefix: &str) -> String {
    let driver = ToolComponent::builder()
        .name("pm")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(HOME)
        .rules(Rule::ALL.iter().map(|r| rule_entry(*r)).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(Tool::from(driver))
        // Columns count characters, as in every other pm output.
        .column_kind(json!("unicodeCodePoints"))
        .results(
            diags
                .iter()
                .map(|d| result(d, sources, prefix))
                .collect::<Vec<_>>(),
        )
        .build();
    let log = Sarif::builder()
        .schema(SCHEMA)
        .version(json!("2.1.0"))
        .runs(vec![run])
        .build();
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_encode_what_is_not_a_plain_path() {
        assert_eq!(uri("projects/a b/ü.toml"), "projects/a%20b/%C3%BC.toml");
        assert_eq!(uri("projects/lander.toml"), "projects/lander.toml");
    }

    #[test]
    fn brackets_in_text_are_not_links() {
        assert_eq!(plain(r"a [b](1) c\d"), r"a \[b\](1) c\\d");
    }

    #[test]
    fn help_points_at_the_rules_section() {
        assert!(help_uri(Rule::OverAllocation).ends_with("docs/rules.md#pm201-over-allocation"));
        assert!(
            HOME.starts_with("https://"),
            "Cargo.toml has a repository URL"
        );
    }
}
