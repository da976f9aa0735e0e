//! `pm diff --format markdown`: what a reviewer wants in a pull-request comment or the job
//! summary. A summary line, one short section per kind of item, the findings, and a compact
//! load table with only the people and months that changed. Every text from the files is
//! escaped ([`escape`]), so a title cannot turn into a link or a table cell.

use super::{details, kind, load_rows, sections, side, subject, summary, verb};
use crate::render::markdown::escape;
use crate::render::table::MARKER;
use crate::report::diff::{Diff, Finding};

pub fn render(diff: &Diff) -> String {
    let esc = |s: &str| escape(s);
    let mut out = format!(
        "**pm diff** {} → {}: {}\n",
        escape(&side(&diff.base_name, &diff.base)),
        escape(&side(&diff.head_name, &diff.head)),
        summary(diff)
    );
    for (title, changes) in sections(diff) {
        out.push_str(&format!("\n#### {title}\n\n"));
        for c in changes {
            let what = match kind(c) {
                Some(k) => format!("{k} **{}**", escape(&subject(c))),
                None => format!("**{}**", escape(&subject(c))),
            };
            let fields = details(c, &esc);
            let verb = verb(c);
            if fields.is_empty() {
                out.push_str(&format!("- {verb} {what}\n"));
            } else {
                out.push_str(&format!("- {verb} {what}: {fields}\n"));
            }
        }
    }
    let f = &diff.findings;
    if !f.introduced.is_empty() || !f.resolved.is_empty() {
        out.push_str("\n#### Findings\n\n");
        let line = |how: &str, d: &Finding| {
            format!(
                "- {how}: **{}** {} {}: {} ({}:{})\n",
                d.severity,
                d.code,
                d.rule,
                escape(&d.message),
                escape(&d.file),
                d.line
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
        out.push_str("\n#### Peak load\n\n");
        out.push_str("| person | months | before | after | capacity |\n");
        out.push_str("| --- | --- | ---: | ---: | ---: |\n");
        for r in &rows {
            let cell = |load: u32| {
                if r.over(load) {
                    format!("**{load}%{MARKER}**")
                } else {
                    format!("{load}%")
                }
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {}% |\n",
                escape(r.person),
                escape(&r.months()),
                cell(r.from),
                cell(r.to),
                r.capacity
            ));
        }
        out.push_str(&format!(
            "\nThe highest daily committed load in each month, in % of one full-time person; **{MARKER}** marks a load over the person's capacity.\n"
        ));
    }
    if diff.load_months_not_listed > 0 {
        out.push_str(&format!(
            "\n{} more months with a change in load are not listed.\n",
            diff.load_months_not_listed
        ));
    }
    out
}
