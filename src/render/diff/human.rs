//! `pm diff --format human`: a summary line, then one section per kind of item, the findings
//! introduced and resolved, and the load table, in plain lines.

use super::{details, kind, load_rows, sections, side, subject, summary, verb};
use crate::report::diff::{Diff, Finding};

pub fn render(diff: &Diff) -> String {
    let same = |s: &str| s.to_owned();
    let mut out = format!(
        "pm diff {} → {}: {}\n",
        side(&diff.base_name, &diff.base),
        side(&diff.head_name, &diff.head),
        summary(diff)
    );
    for (title, changes) in sections(diff) {
        out.push_str(&format!("\n{title}\n"));
        for c in changes {
            let what = match kind(c) {
                Some(k) => format!("{k} {}", subject(c)),
                None => subject(c),
            };
            let fields = details(c, &same);
            let verb = verb(c);
            if fields.is_empty() {
                out.push_str(&format!("  {verb:<10} {what}\n"));
            } else {
                out.push_str(&format!("  {verb:<10} {what}: {fields}\n"));
            }
        }
    }
    let f = &diff.findings;
    if !f.introduced.is_empty() || !f.resolved.is_empty() {
        out.push_str("\nFindings\n");
        let line = |how: &str, d: &Finding| {
            format!(
                "  {how:<10} {}[{}] {} ({}:{})\n",
                d.severity, d.code, d.message, d.file, d.line
            )
        };
        for d in &f.introduced {
            out.push_str(&line("introduced", d));
        }
        for d in &f.resolved {
            out.push_str(&line("resolved", d));
        }
    }
    let rows = load_rows(&diff.load);
    if !rows.is_empty() {
        out.push_str("\nPeak committed load per month (% of one person), before → after\n");
        let width = rows
            .iter()
            .map(|r| r.person.chars().count())
            .max()
            .unwrap_or(0);
        let months = rows
            .iter()
            .map(|r| r.months().chars().count())
            .max()
            .unwrap_or(0);
        for r in &rows {
            let mark = |load: u32| if r.over(load) { "!" } else { "" };
            out.push_str(&format!(
                "  {:<width$}  {:<months$}  {}%{} → {}%{}  (capacity {}%)\n",
                r.person,
                r.months(),
                r.from,
                mark(r.from),
                r.to,
                mark(r.to),
                r.capacity,
            ));
        }
    }
    if diff.load_months_not_listed > 0 {
        out.push_str(&format!(
            "  … and {} more months with a change in load, not listed\n",
            diff.load_months_not_listed
        ));
    }
    out
}
