//! GitHub Actions workflow commands: one `::error` or `::warning` line per finding, which the
//! runner turns into an annotation on the file and line of a pull request.

use crate::check::{Diagnostic, NotChecked, Severity};
use crate::store::Sources;

pub fn render(diags: &[Diagnostic], sources: &Sources) -> String {
    render_at(diags, sources, "")
}

/// As [`render`], with `prefix` (the program folder relative to the repository's top level,
/// `programs/moon/`) before every path, so the runner finds the file.
pub fn render_at(diags: &[Diagnostic], sources: &Sources, prefix: &str) -> String {
    let mut out = String::new();
    for d in diags {
        let lc = sources.line_col(d.loc);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            property(&format!("{prefix}{}", sources.path(d.loc.file))),
            lc.line,
            lc.column,
            property(&format!("{} {}", d.rule.code(), d.rule.name())),
            data(&message),
        ));
    }
    out
}

/// One `::notice` per rule that could not check everything, so the run's summary shows it.
pub fn notices(not_checked: &[NotChecked]) -> String {
    not_checked
        .iter()
        .map(|n| {
            format!(
                "::notice title={}::{}\n",
                property(&format!("{} not checked", n.code)),
                data(&n.message)
            )
        })
        .collect()
}

/// The message part: the runner decodes `%25`, `%0D` and `%0A`.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A `key=value` property: `:` and `,` would end the value, so they are encoded too.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50% of a\r\nb: c, d"), "50%25 of a%0D%0Ab: c, d");
        assert_eq!(property("a:b,c%d\ne"), "a%3Ab%2Cc%25d%0Ae");
    }
}
