//! The dependencies report as a Mermaid `flowchart`: one box per project, one arrow per
//! dependency from the project that delivers to the project that waits, labelled with the
//! deliverable and its dates. An arrow at risk is thick and red and says why in its label, so
//! the risk does not rest on colour alone.

use super::text;
use crate::report::dependencies::{Dependencies, Node, Row, stopped};

/// The chart in a fenced block, for a Markdown file or comment.
pub fn flowchart_fenced(d: &Dependencies) -> String {
    format!("```mermaid\n{}```\n", flowchart(d))
}

/// The chart itself. Boxes are named `p1`, `p2`, … in the order of `d.projects`, so no id can
/// clash with Mermaid's keywords (`end`, `graph`, …).
pub fn flowchart(d: &Dependencies) -> String {
    let mut out = String::from("flowchart LR\n");
    let title = |n: &Node| {
        let id = match &n.program {
            Some(program) => format!("{program}/{}", n.id),
            None => n.id.clone(),
        };
        match &n.name {
            Some(name) if !text(name).is_empty() => format!("{} ({id})", text(name)),
            Some(_) => id,
            None => format!("{id} #40;no such project#41;"),
        }
    };
    for (i, n) in d.projects.iter().enumerate() {
        out.push_str(&format!("    p{}[\"{}\"]\n", i + 1, title(n)));
    }
    let node = |program: &Option<String>, id: &str| {
        d.projects
            .iter()
            .position(|n| n.program == *program && n.id == id)
            .map(|i| format!("p{}", i + 1))
    };
    let mut risky = Vec::new();
    let mut edges = 0;
    for r in &d.rows {
        let (Some(from), Some(to)) = (
            node(&r.program, &r.on_project),
            node(&r.program, &r.project),
        ) else {
            continue;
        };
        let arrow = if r.status == "at-risk" { "==>" } else { "-->" };
        out.push_str(&format!("    {from} {arrow}|\"{}\"| {to}\n", label(r)));
        if r.status == "at-risk" {
            risky.push(edges);
        }
        edges += 1;
    }
    if !risky.is_empty() {
        let list: Vec<String> = risky.iter().map(|i| i.to_string()).collect();
        out.push_str(&format!(
            "    linkStyle {} stroke:#c62828,stroke-width:3px\n",
            list.join(",")
        ));
    }
    let stopped_or_missing: Vec<String> = d
        .projects
        .iter()
        .enumerate()
        .filter(|(_, n)| n.name.is_none() || stopped(n.status))
        .map(|(i, _)| format!("p{}", i + 1))
        .collect();
    if !stopped_or_missing.is_empty() {
        out.push_str("    classDef stopped stroke-dasharray:5 5\n");
        out.push_str(&format!(
            "    class {} stopped\n",
            stopped_or_missing.join(",")
        ));
    }
    out
}

/// "Descent stage · due 2027-03-01 · needed by 2027-01-15 · AT RISK: due 45 days after it is
/// needed", every part escaped.
fn label(r: &Row) -> String {
    let what = match &r.title {
        Some(t) if !text(t).is_empty() => text(t),
        _ => text(&r.deliverable),
    };
    let mut out = match (r.found, r.due) {
        (true, Some(d)) => format!("{what} · due {d} · needed by {}", r.needed_by),
        (true, None) => format!("{what} · no due date · needed by {}", r.needed_by),
        (false, _) => format!("{what} · needed by {}", r.needed_by),
    };
    if let Some(risk) = &r.risk {
        let accepted = if r.accepted { " #40;accepted#41;" } else { "" };
        out.push_str(&format!(" · AT RISK{accepted}#58; {}", text(risk)));
    }
    out
}
