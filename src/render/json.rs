//! The JSON envelope of SPEC §5: `schema_version`, `kind`, `program`, `summary`, `diagnostics`.

use std::io::Write;

use serde::Serialize;

use super::Baseline;
use crate::check::{Diagnostic, Facts, NotChecked, counts};
use crate::store::Sources;

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    kind: &'static str,
    program: Option<&'a str>,
    summary: Summary<'a>,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct Summary<'a> {
    errors: usize,
    warnings: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Baseline>,
    /// Rules that could not check some projects, and why.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    not_checked: &'a [NotChecked],
    /// What the counts leave out (a program checked alone counts only its own load).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    rule: &'static str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    #[serde(flatten)]
    facts: &'a Facts,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    fingerprint: &'a str,
}

/// `program` is the program's id, or in a portfolio the portfolio's.
pub fn render(program: Option<&str>, diags: &[Diagnostic], sources: &Sources) -> String {
    render_with(program, diags, sources, None, &[], None)
}

/// As [`render`], with the revision `pm check --base` compared with in the summary, and a
/// note on what the counts leave out.
pub fn render_with(
    program: Option<&str>,
    diags: &[Diagnostic],
    sources: &Sources,
    baseline: Option<&Baseline>,
    not_checked: &[NotChecked],
    note: Option<&str>,
) -> String {
    let mut buf = Vec::new();
    if write_with(
        &mut buf,
        program,
        diags,
        sources,
        baseline,
        not_checked,
        note,
    )
    .is_err()
    {
        buf = b"\n".to_vec();
    }
    // serde_json writes UTF-8 only.
    String::from_utf8(buf).unwrap_or_default()
}

/// As [`render_with`], written to `out` as it is made: a large program's findings are tens of
/// megabytes of JSON, which need not be held in memory all at once.
pub fn write_with<W: Write + ?Sized>(
    out: &mut W,
    program: Option<&str>,
    diags: &[Diagnostic],
    sources: &Sources,
    baseline: Option<&Baseline>,
    not_checked: &[NotChecked],
    note: Option<&str>,
) -> std::io::Result<()> {
    let (errors, warnings) = counts(diags);
    let envelope = Envelope {
        schema_version: 1,
        kind: "check",
        program,
        summary: Summary {
            errors,
            warnings,
            baseline,
            not_checked,
            note,
        },
        diagnostics: diags
            .iter()
            .map(|d| {
                let lc = sources.line_col(d.loc);
                JsonDiagnostic {
                    code: d.rule.code(),
                    rule: d.rule.name(),
                    severity: d.severity.as_str(),
                    message: &d.message,
                    file: sources.path(d.loc.file),
                    line: lc.line,
                    column: lc.column,
                    facts: &d.facts,
                    help: d.help.as_deref(),
                    fingerprint: &d.fingerprint,
                }
            })
            .collect(),
    };
    let pretty = serde_json::ser::PrettyFormatter::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, pretty);
    envelope.serialize(&mut ser).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// A report document (SPEC §6): the same envelope, `schema_version` and `kind` first.
pub fn report(doc: &impl Serialize) -> anyhow::Result<String> {
    let mut s = serde_json::to_string_pretty(doc)
        .map_err(|e| anyhow::anyhow!("cannot write the report as JSON: {e}"))?;
    s.push('\n');
    Ok(s)
}
