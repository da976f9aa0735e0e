//! The bytes of a file that its TOML does not carry: a UTF-8 byte order mark and the line
//! ending of each line. An edit works on the text without them (toml_edit writes `\n`), and
//! [`Layout::restore`] puts them back: every line the edit kept gets its own ending again, and
//! a new line takes the ending most of the file uses.

use similar::{ChangeTag, TextDiff};

const BOM: char = '\u{feff}';

/// How a file was written, beyond its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    bom: bool,
    /// The text as the editor sees it: no BOM, every line ending `\n`.
    plain: String,
    /// For each line of `plain`, whether it ended in `\r\n`.
    crlf: Vec<bool>,
    /// The ending of new lines: CRLF when most lines of the file end so.
    crlf_default: bool,
}

impl Layout {
    /// The layout of `text`, and the text as an edit sees it (no BOM, `\n` endings).
    pub fn of(text: &str) -> (Layout, String) {
        let bom = text.starts_with(BOM);
        let body = text.strip_prefix(BOM).unwrap_or(text);
        let mut plain = String::with_capacity(body.len());
        let mut crlf = Vec::new();
        for line in body.split_inclusive('\n') {
            match line.strip_suffix("\r\n") {
                Some(l) => {
                    plain.push_str(l);
                    plain.push('\n');
                    crlf.push(true);
                }
                None => {
                    plain.push_str(line);
                    crlf.push(false);
                }
            }
        }
        let with_crlf = crlf.iter().filter(|c| **c).count();
        let ended = plain.matches('\n').count();
        let layout = Layout {
            bom,
            crlf_default: with_crlf * 2 > ended,
            plain: plain.clone(),
            crlf,
        };
        (layout, plain)
    }

    /// Whether the file needs more than `\n` and no BOM (the common case costs nothing).
    fn is_plain(&self) -> bool {
        !self.bom && !self.crlf.iter().any(|c| *c)
    }

    /// `edited` (a text derived from [`Layout::of`]'s) with the file's BOM and line endings.
    pub fn restore(&self, edited: &str) -> String {
        if self.is_plain() {
            return edited.to_owned();
        }
        let mut out = String::with_capacity(edited.len() + edited.len() / 16 + 3);
        if self.bom {
            out.push(BOM);
        }
        if edited == self.plain {
            push_lines(&mut out, edited.split_inclusive('\n'), |i| self.crlf[i]);
            return out;
        }
        let diff = TextDiff::from_lines(self.plain.as_str(), edited);
        for change in diff.iter_all_changes() {
            let line = change.value();
            let crlf = match change.tag() {
                ChangeTag::Delete => continue,
                ChangeTag::Equal => change
                    .old_index()
                    .and_then(|i| self.crlf.get(i).copied())
                    .unwrap_or(self.crlf_default),
                ChangeTag::Insert => self.crlf_default,
            };
            push_line(&mut out, line, crlf);
        }
        out
    }
}

fn push_lines<'a>(
    out: &mut String,
    lines: impl Iterator<Item = &'a str>,
    crlf: impl Fn(usize) -> bool,
) {
    for (i, line) in lines.enumerate() {
        push_line(out, line, crlf(i));
    }
}

fn push_line(out: &mut String, line: &str, crlf: bool) {
    match line.strip_suffix('\n') {
        Some(l) if crlf => {
            out.push_str(l);
            out.push_str("\r\n");
        }
        _ => out.push_str(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_files_are_untouched() {
        let (l, plain) = Layout::of("a = 1\nb = 2\n");
        assert_eq!(plain, "a = 1\nb = 2\n");
        assert_eq!(l.restore("a = 1\nc = 3\nb = 2\n"), "a = 1\nc = 3\nb = 2\n");
    }

    #[test]
    fn crlf_and_bom_come_back_and_new_lines_take_the_files_ending() {
        let text = "\u{feff}a = 1\r\nb = 2\r\n";
        let (l, plain) = Layout::of(text);
        assert_eq!(plain, "a = 1\nb = 2\n");
        assert_eq!(l.restore(&plain), text);
        assert_eq!(
            l.restore("a = 1\nc = 3\nb = 2\n"),
            "\u{feff}a = 1\r\nc = 3\r\nb = 2\r\n"
        );
    }

    #[test]
    fn mixed_endings_keep_each_line_as_it_was() {
        let text = "a = 1\r\nb = 2\nc = 3\r\nd = 4";
        let (l, plain) = Layout::of(text);
        assert_eq!(l.restore(&plain), text);
        // Two of three ended lines are CRLF: a new line is CRLF; b keeps its LF.
        assert_eq!(
            l.restore("a = 1\nb = 2\nx = 0\nc = 3\nd = 4"),
            "a = 1\r\nb = 2\nx = 0\r\nc = 3\r\nd = 4"
        );
    }
}
