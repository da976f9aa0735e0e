//! SARIF 2.1.0, the format GitHub code scanning (and other viewers) take: one run of the tool
//! `pm`, one rule entry per rule code, one result per finding.

use serde::Serialize;

use crate::check::{Diagnostic, Rule, Severity};
use crate::model::Loc;
use crate::store::Sources;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    /// Columns count characters, as in every other pm output.
    column_kind: &'static str,
    results: Vec<ResultItem<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    rules: Vec<RuleEntry>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleEntry {
    id: &'static str,
    name: &'static str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultItem<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<TextRef<'a>>,
}

#[derive(Serialize)]
struct TextRef<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The first sentence of a text, for SARIF's short description.
fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(i) => text[..=i].to_owned(),
        None => text.to_owned(),
    }
}

fn rule_entry(r: Rule) -> RuleEntry {
    RuleEntry {
        id: r.code(),
        name: r.name(),
        short_description: Text {
            text: first_sentence(r.fires_when()),
        },
        full_description: Text {
            text: r.fires_when().to_owned(),
        },
        help: Text {
            text: r.how_to_fix().to_owned(),
        },
        default_configuration: Configuration {
            level: level(r.default_severity()),
        },
    }
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
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: uri(&file.path),
        },
        region: Region {
            start_line: start.line,
            start_column: start.column,
            end_line: end.line,
            end_column: end.column,
        },
    }
}

pub fn render(diags: &[Diagnostic], sources: &Sources) -> String {
    let results = diags
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            ResultItem {
                rule_id: d.rule.code(),
                rule_index: Rule::ALL.iter().position(|r| *r == d.rule).unwrap_or(0),
                level: level(d.severity),
                message: Text { text },
                locations: vec![Location {
                    id: None,
                    physical_location: physical(d.loc, sources),
                    message: None,
                }],
                related_locations: d
                    .secondary
                    .iter()
                    .enumerate()
                    .map(|(i, (loc, label))| Location {
                        id: Some(i),
                        physical_location: physical(*loc, sources),
                        message: Some(TextRef { text: label }),
                    })
                    .collect(),
            }
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "pm",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    rules: Rule::ALL.iter().map(|r| rule_entry(*r)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
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
