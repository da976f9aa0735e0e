//! `pm check --explain RULE` and the rules table of docs/rules.md, both from the registry in
//! `check::Rule`, so the docs cannot drift from the code.

use crate::diagnostic::Rule;

/// Width that explanations are wrapped to.
const WIDTH: usize = 88;

/// One rule's entry: code, name, default severity, when it fires, how to fix, how to configure.
pub fn render(rule: Rule) -> String {
    let name = rule.name();
    let mut out = format!(
        "{} {name}\ndefault severity: {}\n\nWhen it fires\n",
        rule.code(),
        rule.default_severity().as_str()
    );
    out.push_str(&wrap(rule.fires_when(), "  "));
    out.push_str("\nHow to fix\n");
    out.push_str(&wrap(rule.how_to_fix(), "  "));
    out.push_str("\nConfigure\n");
    out.push_str(&wrap(
        &format!(
            "For the whole program, in program.toml: [check.rules] {name} = \"error\", \"warn\" or \"off\" (the code {} works too).",
            rule.code()
        ),
        "  ",
    ));
    out.push_str(&wrap(
        &format!(
            "For one item, when someone decided to accept it: allow = [\"{name}\"] and reason = \"who decided and why\" on that item."
        ),
        "  ",
    ));
    out
}

/// Every rule on one line: code, name, default severity and when it fires, in short. What
/// `pm check --explain` prints without a rule.
pub fn list() -> String {
    let width = Rule::ALL.iter().map(|r| r.name().len()).max().unwrap_or(0);
    let mut out = String::new();
    for r in Rule::ALL {
        out.push_str(&format!(
            "{}  {:width$}  {:7}  {}\n",
            r.code(),
            r.name(),
            r.default_severity().as_str(),
            r.short()
        ));
    }
    out.push_str("\n`pm check --explain RULE` (a code or a name) says when a rule fires and how to fix it.\n");
    out
}

/// Words of `text` on lines of at most [`WIDTH`] characters, each starting with `indent`.
fn wrap(text: &str, indent: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let width = indent.chars().count() + line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && width > WIDTH {
            out.push_str(indent);
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(indent);
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Where the documentation of every rule lives, in the repository (SARIF's `helpUri` points
/// into it).
pub const RULES_DOC: &str = "docs/rules.md";

/// The anchor of a rule's section in docs/rules.md, as GitHub makes it from the heading
/// `PM201 over-allocation`.
pub fn anchor(rule: Rule) -> String {
    format!("{}-{}", rule.code().to_lowercase(), rule.name())
}

/// The rule's section of docs/rules.md on the web (SARIF's `helpUri`, the editor's link).
pub fn doc_url(rule: Rule) -> String {
    format!(
        "{}/blob/main/{RULES_DOC}#{}",
        env!("CARGO_PKG_REPOSITORY"),
        anchor(rule)
    )
}

/// The index table of every rule and a section for each, as docs/rules.md holds them.
pub fn rules_table() -> String {
    let mut out = String::from("| code | name | default | in short |\n|---|---|---|---|\n");
    for r in Rule::ALL {
        out.push_str(&format!(
            "| {} | `{}` | {} | [{}](#{}) |\n",
            r.code(),
            r.name(),
            r.default_severity().as_str(),
            r.short(),
            anchor(*r),
        ));
    }
    for r in Rule::ALL {
        out.push_str(&format!(
            "\n### {} {}\n\nDefault severity: {}.\n\n**When it fires.** {}\n\n**How to fix.** {}\n",
            r.code(),
            r.name(),
            r.default_severity().as_str(),
            r.fires_when(),
            r.how_to_fix(),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/rules.md carries the generated table verbatim. To refresh it after changing a rule's
    /// text, run `PM_WRITE_DOCS=1 cargo test rules_doc` and review the diff.
    #[test]
    fn rules_doc_holds_the_table_of_every_rule() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
        let doc = std::fs::read_to_string(&path).expect("docs/rules.md exists");
        let table = rules_table();
        const START: &str = "<!-- rules table: generated from src/check/rules.rs -->\n";
        const END: &str = "<!-- end of rules table -->";
        let (Some(a), Some(b)) = (doc.find(START), doc.find(END)) else {
            panic!("docs/rules.md lacks the rules table markers");
        };
        let current = &doc[a + START.len()..b];
        if std::env::var_os("PM_WRITE_DOCS").is_some() && current != table {
            let updated = format!("{}{START}{table}{}", &doc[..a], &doc[b..]);
            std::fs::write(&path, updated).expect("write docs/rules.md");
            return;
        }
        assert_eq!(
            current, table,
            "docs/rules.md is out of date: run PM_WRITE_DOCS=1 cargo test rules_doc"
        );
        for r in Rule::ALL {
            assert!(doc.contains(r.code()) && doc.contains(r.name()), "{r}");
        }
    }

    #[test]
    fn explain_names_code_name_and_severity() {
        let text = render(Rule::OverAllocation);
        assert!(text.starts_with("PM201 over-allocation\ndefault severity: error\n"));
        assert!(text.contains("How to fix"));
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH));
    }
}
