//! Findings for people: rustc-style blocks with the source line, then `N errors, M warnings`.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::Baseline;
use crate::check::{Diagnostic, NotChecked, Severity, counts};
use crate::model::{FileId, Loc};
use crate::store::{SourceFile, Sources};

/// At most this many source lines are shown for one annotation.
const MAX_LINES: usize = 4;

/// A source line longer than this is not shown (a minified or generated file): the finding
/// names its line and column instead, so output stays small whatever the file holds.
const MAX_LINE_BYTES: usize = 1000;

/// Annotations in one file at most this many lines apart share one snippet (lines between them
/// are folded), so a work item and its `deliverable` key read as one excerpt.
const JOIN_LINES: usize = 8;

pub fn render(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
    render_with(diags, sources, color, None, &[])
}

/// As [`render`]; after a `--base` comparison the summary says how many findings the revision
/// has too and were not shown, and it says what a rule could not check.
pub fn render_with(
    diags: &[Diagnostic],
    sources: &Sources,
    color: bool,
    baseline: Option<&Baseline>,
    not_checked: &[NotChecked],
) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diags {
        out.push_str(&render_one(d, sources, &renderer));
        out.push_str("\n\n");
    }
    out.push_str(&summary(diags));
    if let Some(b) = baseline {
        out.push_str(&format!(
            "; {} {} already on {} not shown",
            b.hidden,
            if b.hidden == 1 { "finding" } else { "findings" },
            b.name
        ));
    }
    for n in not_checked {
        out.push_str("; ");
        out.push_str(&n.message);
    }
    out.push('\n');
    out
}

pub fn summary(diags: &[Diagnostic]) -> String {
    let (errors, warnings) = counts(diags);
    format!(
        "{errors} {}, {warnings} {}",
        if errors == 1 { "error" } else { "errors" },
        if warnings == 1 { "warning" } else { "warnings" }
    )
}

/// One annotation: its byte range in the file (cut to [`MAX_LINES`]) and the lines it covers.
struct Mark<'d> {
    primary: bool,
    label: Option<&'d str>,
    start: usize,
    end: usize,
    first_line: usize,
    last_line: usize,
}

fn mark<'d>(file: &SourceFile, loc: Loc, primary: bool, label: Option<&'d str>) -> Mark<'d> {
    let start = (loc.span.start as usize).min(file.text.len());
    let end = (loc.span.end as usize).clamp(start, file.text.len());
    let first_line = file.line_col(start).line;
    let last_line = file.line_col(end).line.min(first_line + MAX_LINES - 1);
    // Keep the span inside the lines shown.
    let end = end.min(line_end(file, last_line)).max(start);
    Mark {
        primary,
        label,
        start,
        end,
        first_line,
        last_line,
    }
}

/// Byte offset of the end of a 1-based line, without its line break.
fn line_end(file: &SourceFile, line: usize) -> usize {
    let from = file.line_offset(line);
    let mut to = file.line_offset(line + 1);
    while to > from && matches!(file.text.as_bytes()[to - 1], b'\n' | b'\r') {
        to -= 1;
    }
    to
}

/// Annotations of one file that are shown together.
struct Cluster<'d> {
    file: FileId,
    marks: Vec<Mark<'d>>,
}

/// Groups the annotations of a finding by file and nearness, the primary's cluster first.
fn clusters<'d>(d: &'d Diagnostic, sources: &Sources) -> Vec<Cluster<'d>> {
    let mut all: Vec<(FileId, Mark<'d>)> = Vec::new();
    let mut push = |loc: Loc, primary: bool, label: Option<&'d str>| {
        let file = sources.get(loc.file);
        if !file.text.is_empty() {
            all.push((loc.file, mark(file, loc, primary, label)));
        }
    };
    push(d.loc, true, d.label.as_deref());
    for (loc, label) in &d.secondary {
        push(*loc, false, Some(label.as_str()));
    }
    let mut out: Vec<Cluster<'d>> = Vec::new();
    for (file, m) in all {
        let near = out.iter_mut().find(|c| {
            c.file == file
                && c.marks.iter().any(|o| {
                    m.first_line <= o.last_line + JOIN_LINES
                        && o.first_line <= m.last_line + JOIN_LINES
                })
        });
        match near {
            Some(c) => c.marks.push(m),
            None => out.push(Cluster {
                file,
                marks: vec![m],
            }),
        }
    }
    out
}

fn snippet<'a>(
    c: &Cluster<'a>,
    sources: &'a Sources,
) -> Option<Snippet<'a, annotate_snippets::Annotation<'a>>> {
    let file = sources.get(c.file);
    let first = c.marks.iter().map(|m| m.first_line).min()?;
    let last = c.marks.iter().map(|m| m.last_line).max()?;
    let from = file.line_offset(first);
    let to = line_end(file, last).max(from);
    if (first..=last).any(|l| file.line_offset(l + 1) - file.line_offset(l) > MAX_LINE_BYTES) {
        return None;
    }
    let text = file.text.get(from..to)?;
    let annotations = c.marks.iter().map(|m| {
        let span: Range<usize> = (m.start - from).min(text.len())..(m.end - from).min(text.len());
        let kind = if m.primary {
            AnnotationKind::Primary
        } else {
            AnnotationKind::Context
        };
        let ann = kind.span(span);
        match m.label {
            Some(l) => ann.label(l),
            None => ann,
        }
    });
    Some(
        Snippet::source(text)
            .line_start(first)
            .path(sources.path(c.file))
            .fold(true)
            .annotations(annotations),
    )
}

fn render_one(d: &Diagnostic, sources: &Sources, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.rule.code());
    let clusters = clusters(d, sources);
    let snippets: Vec<_> = clusters.iter().map(|c| snippet(c, sources)).collect();
    // Without its primary excerpt a finding points at its place by line and column alone.
    let primary_hidden = clusters
        .iter()
        .zip(&snippets)
        .any(|(c, s)| s.is_none() && c.marks.iter().any(|m| m.primary));
    let snippets: Vec<_> = if primary_hidden {
        Vec::new()
    } else {
        snippets.into_iter().flatten().collect()
    };
    let mut group = if snippets.is_empty() {
        let mut origin = annotate_snippets::Origin::path(sources.path(d.loc.file));
        if primary_hidden {
            let lc = sources.line_col(d.loc);
            origin = origin.line(lc.line).char_column(lc.column);
        }
        title.element(origin)
    } else {
        title.elements(snippets)
    };
    group = group.element(Level::NOTE.message(format!(
        "{}: `pm check --explain {}`",
        d.rule.name(),
        d.rule.code()
    )));
    let mut report: Vec<Group<'_>> = vec![group];
    if let Some(help) = &d.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    renderer.render(&report)
}
