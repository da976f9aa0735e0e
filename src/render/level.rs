//! The plan of `pm level` in its three formats: one line per move for people, the JSON
//! document of SPEC §11 for scripts, and GitHub tables.

use std::fmt::Write as _;

use serde::Serialize;

use crate::plan::level::{Action, Cost, Move, Plan, Unresolved};

/// `priya 60→40% on spacesuits (priority 300) from 2026-05-01 to 2026-06-30`
fn lowered(m: &Move) -> String {
    let change = match m.now {
        Some(now) => format!("{}→{now}%", m.was),
        None => format!("{}% lowered", m.was),
    };
    format!(
        "{} {change} on {}{} (priority {}) from {} to {}",
        m.person,
        m.project,
        within(m.program.as_deref()),
        m.priority,
        m.from,
        m.to
    )
}

/// ` in gateway` after a project of a portfolio's program; nothing in a program.
fn within(program: Option<&str>) -> String {
    program.map(|p| format!(" in {p}")).unwrap_or_default()
}

/// What a move does, in one line.
pub fn line(m: &Move) -> String {
    match m.action {
        Action::HandOver => format!(
            "{}; {} takes {}%: {}",
            lowered(m),
            m.to_person.as_deref().unwrap_or_default(),
            m.allocation,
            m.reason
        ),
        Action::Cut => format!(
            "{}; {}% cut without a taker: {}",
            lowered(m),
            m.allocation,
            m.reason
        ),
        Action::Fill => format!(
            "{}/{}{} filled by {} at {}% from {} to {}: {}",
            m.project,
            m.request.as_deref().unwrap_or_default(),
            within(m.program.as_deref()),
            m.person,
            m.allocation,
            m.from,
            m.to,
            m.reason
        ),
    }
}

/// What an unresolved entry is about: `lander/rf-engineer`, `priya from … to …`.
fn subject(u: &Unresolved) -> String {
    let within = within(u.program.as_deref());
    match (&u.project, &u.request, &u.person) {
        (Some(p), Some(r), _) => format!("{p}/{r}{within}"),
        (_, _, Some(person)) => match (u.from, u.to) {
            (Some(f), Some(t)) => format!("{person} from {f} to {t}"),
            _ => person.clone(),
        },
        (Some(p), None, None) => format!("{p}{within}"),
        _ => String::new(),
    }
}

fn unresolved_line(u: &Unresolved) -> String {
    format!("{} {}: {}", u.code, subject(u), u.why)
}

fn cost_line(plan: &Plan) -> String {
    let c = &plan.cost;
    let cut = if c.cut_weighted == 0 {
        "nothing cut without a taker".to_owned()
    } else {
        format!(
            "{} cut without a taker (percent × days × priority)",
            c.cut_weighted
        )
    };
    let open = plan.unresolved.iter().filter(|u| u.code == "PM205").count();
    let proof = if c.optimal {
        "proven optimal"
    } else {
        "not proven optimal: parts were solved by the fallback"
    };
    format!(
        "cost: {cut}, {open} request{} left open, {} assignment{} edited or added ({proof})",
        if open == 1 { "" } else { "s" },
        c.changes,
        if c.changes == 1 { "" } else { "s" }
    )
}

/// For people: the window, each move on a line, what stays unresolved, the cost.
pub fn human(plan: &Plan) -> String {
    let mut out = String::new();
    let n = plan.moves.len();
    let _ = writeln!(
        out,
        "level {} to {}: {n} move{}",
        plan.from,
        plan.to,
        if n == 1 { "" } else { "s" }
    );
    if n == 0 && plan.unresolved.is_empty() {
        out.push_str("  nothing to do: nobody is over-allocated and no request is open\n");
    }
    for m in &plan.moves {
        let what = match m.action {
            Action::HandOver => "hand over",
            Action::Cut => "cut",
            Action::Fill => "fill",
        };
        let _ = writeln!(out, "  {what:9}  {}", line(m));
    }
    if !plan.unresolved.is_empty() {
        out.push_str("unresolved:\n");
        for u in &plan.unresolved {
            let _ = writeln!(out, "  {}", unresolved_line(u));
        }
    }
    let _ = writeln!(out, "{}", cost_line(plan));
    out
}

#[derive(Serialize)]
struct Window {
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
}

#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    kind: &'static str,
    window: Window,
    moves: &'a [Move],
    unresolved: &'a [Unresolved],
    cost: &'a Cost,
}

/// The JSON document of SPEC §11.
pub fn json(plan: &Plan) -> String {
    let envelope = Envelope {
        schema_version: 1,
        kind: "level",
        window: Window {
            from: plan.from,
            to: plan.to,
        },
        moves: &plan.moves,
        unresolved: &plan.unresolved,
        cost: &plan.cost,
    };
    // Plain strings, numbers and dates: serialising cannot fail.
    let mut s = serde_json::to_string_pretty(&envelope).unwrap_or_default();
    s.push('\n');
    s
}

/// A table cell: text from people shown as text (see [`super::markdown::escape`]).
fn cell(s: &str) -> String {
    super::markdown::escape(s)
}

/// GitHub tables: the moves, what stays unresolved, the cost.
pub fn markdown(plan: &Plan) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## Levelling {} to {}\n", plan.from, plan.to);
    if plan.moves.is_empty() {
        out.push_str("No moves.\n");
    } else {
        out.push_str("| move | person | project | from | to | % | to whom | why |\n");
        out.push_str("|---|---|---|---|---|---:|---|---|\n");
        for m in &plan.moves {
            let (what, whom) = match m.action {
                Action::HandOver => ("hand over", m.to_person.clone().unwrap_or_default()),
                Action::Cut => ("cut", String::new()),
                Action::Fill => (
                    "fill",
                    format!("request {}", m.request.as_deref().unwrap_or_default()),
                ),
            };
            let _ = writeln!(
                out,
                "| {what} | {} | {}{} (priority {}) | {} | {} | {} | {} | {} |",
                cell(&m.person),
                cell(&m.project),
                cell(&within(m.program.as_deref())),
                m.priority,
                m.from,
                m.to,
                m.allocation,
                cell(&whom),
                cell(&m.reason)
            );
        }
    }
    if !plan.unresolved.is_empty() {
        out.push_str("\n### Unresolved\n\n| code | what | why |\n|---|---|---|\n");
        for u in &plan.unresolved {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                u.code,
                cell(&subject(u)),
                cell(&u.why)
            );
        }
    }
    let _ = writeln!(out, "\n{}", cell(&cost_line(plan)));
    out
}
