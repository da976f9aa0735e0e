//! SARIF 2.1.0, the format GitHub code scanning (and other viewers) take: one run of the tool
//! `pm`, one rule entry per rule code, one result per finding.
//!
//! The types are serde-sarif's, generated from the SARIF schema, so every property GitHub reads
//! (partialFingerprints, helpUri, help.markdown, …) can be set without a model of our own.

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingConfiguration, ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif,
    Tool, ToolComponent,
};

use crate::check::{Diagnostic, Rule, Severity};
use crate::model::Loc;
use crate::store::Sources;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

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

/// The first sentence of a text, for SARIF's short description.
fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    }
}

fn text(t: impl Into<String>) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(t).build()
}

fn rule_entry(r: Rule) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(r.code())
        .name(r.name())
        .short_description(text(first_sentence(r.fires_when())))
        .full_description(text(r.fires_when()))
        .help(text(r.how_to_fix()))
        .default_configuration(
            ReportingConfiguration::builder()
                .level(json!(level(r.default_severity())))
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

fn physical(loc: Loc, sources: &Sources) -> PhysicalLocation {
    let file = sources.get(loc.file);
    let start = file.line_col(loc.span.start as usize);
    let end = file.line_col((loc.span.end.max(loc.span.start)) as usize);
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(&file.path)).build())
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

fn result(d: &Diagnostic, sources: &Sources) -> SarifResult {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let index = Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0);
    let primary = Location::builder()
        .physical_location(physical(d.loc, sources))
        .build();
    let related: Vec<Location> = d
        .secondary
        .iter()
        .enumerate()
        .map(|(i, (loc, label))| {
            Location::builder()
                .id(i64::try_from(i).unwrap_or(i64::MAX))
                .physical_location(physical(*loc, sources))
                .message(Message::from(label.as_str()))
                .build()
        })
        .collect();
    let builder = SarifResult::builder()
        .rule_id(d.rule.code())
        .rule_index(i64::try_from(index).unwrap_or(0))
        .level(result_level(d.severity))
        .message(Message::from(message.as_str()))
        .locations(vec![primary]);
    if related.is_empty() {
        builder.build()
    } else {
        let mut r = builder.build();
        r.related_locations = Some(related);
        r
    }
}

pub fn render(diags: &[Diagnostic], sources: &Sources) -> String {
    let driver = ToolComponent::builder()
        .name("pm")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .rules(Rule::ALL.iter().map(|r| rule_entry(*r)).collect::<Vec<_>>())
        .build();
    let run = Run::builder()
        .tool(Tool::from(driver))
        // Columns count characters, as in every other pm output.
        .column_kind(json!("unicodeCodePoints"))
        .results(diags.iter().map(|d| result(d, sources)).collect::<Vec<_>>())
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
    fn short_description_is_the_first_sentence() {
        assert_eq!(first_sentence("One. Two."), "One.");
        assert_eq!(first_sentence("Only one."), "Only one.");
    }
}
