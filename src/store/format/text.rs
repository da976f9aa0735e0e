//! The text between items (whitespace and comments) as lines, the way `pm fmt` moves it.

/// A comment after a value or header, two spaces after it; nothing when there is none.
pub(super) fn inline_comment(suffix: Option<&str>) -> String {
    match comments_in(suffix.unwrap_or_default()).first() {
        Some(c) => format!("  {c}"),
        None => String::new(),
    }
}

/// The comments in whitespace-and-comment text, each trimmed.
pub(super) fn comments_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.find('#').map(|at| l[at..].trim_end().to_owned()))
        .collect()
}

/// Whitespace-and-comment text as lines: each comment trimmed, `""` for a run of blank lines.
/// Indentation before a header (text after the last newline) is not a line.
pub(super) fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split_inclusive('\n') {
        let trimmed = piece.trim();
        if let Some(at) = trimmed.find('#') {
            out.push(trimmed[at..].to_owned());
        } else if piece.ends_with('\n') && out.last().is_none_or(|l| !l.is_empty()) {
            out.push(String::new());
        }
    }
    out
}

/// Splits lines at the first blank line: (before it, from it on). Without a blank line, all
/// lines go before when `none_is_before`, else after.
pub(super) fn split_at_blank(
    lines: Vec<String>,
    none_is_before: bool,
) -> (Vec<String>, Vec<String>) {
    match lines.iter().position(String::is_empty) {
        Some(i) => {
            let mut before = lines;
            let after = before.split_off(i);
            (before, after)
        }
        None if none_is_before => (lines, Vec::new()),
        None => (Vec::new(), lines),
    }
}

/// Without blank lines at the start, and at the end unless `keep_last_blank` (a comment
/// separated from the header below it stays separated).
pub(super) fn clean(lines: &[String], keep_last_blank: bool) -> Vec<String> {
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let mut out = lines[start..].to_vec();
    let ends_blank = out.last().is_some_and(String::is_empty);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    if keep_last_blank && ends_blank && !out.is_empty() {
        out.push(String::new());
    }
    out
}

pub(super) fn render(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}
