//! Findings for people: rustc-style blocks with the source line, then `N errors, M warnings`.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::check::{Diagnostic, Severity, counts};
use crate::model::Loc;
use crate::store::Sources;

/// At most this many source lines are shown for one annotation.
const MAX_LINES: usize = 4;

pub fn render(diags: &[Diagnostic], sources: &Sources, color: bool) -> String {
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

/// The lines around a location: the excerpt, its first line number, and the span in it.
fn excerpt(sources: &Sources, loc: Loc) -> Option<(&str, usize, std::ops::Range<usize>)> {
    let file = sources.get(loc.file);
    if file.text.is_empty() {
        return None;
    }
    let start = (loc.span.start as usize).min(file.text.len());
    let end = (loc.span.end as usize).clamp(start, file.text.len());
    let first = file.line_col(start).line;
    let last = file.line_col(end).line.min(first + MAX_LINES - 1);
    let from = file.line_offset(first);
    let mut to = file.line_offset(last + 1);
    while to > from && matches!(file.text.as_bytes()[to - 1], b'\n' | b'\r') {
        to -= 1;
    }
    let text = file.text.get(from..to)?;
    let span_start = start - from;
    let span_end = (end - from).min(text.len()).max(span_start);
    Some((text, first, span_start..span_end))
}

fn render_one(d: &Diagnostic, sources: &Sources, renderer: &Renderer) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let path = sources.path(d.loc.file);
    let title = level.primary_title(d.message.as_str()).id(d.rule.code());
    let mut group = match excerpt(sources, d.loc) {
        Some((text, line, span)) => {
            let mut ann = AnnotationKind::Primary.span(span);
            if let Some(label) = &d.label {
                ann = ann.label(label.as_str());
            }
            title.element(
                Snippet::source(text)
                    .line_start(line)
                    .path(path)
                    .annotation(ann),
            )
        }
        None => title.element(annotate_snippets::Origin::path(path)),
    };
    for (loc, label) in &d.secondary {
        if let Some((text, line, span)) = excerpt(sources, *loc) {
            group = group.element(
                Snippet::source(text)
                    .line_start(line)
                    .path(sources.path(loc.file))
                    .annotation(AnnotationKind::Context.span(span).label(label.as_str())),
            );
        }
    }
    group = group.element(Level::NOTE.no_name().message(format!(
        "rule {} ({})",
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
