//! `pm balance`: read-only proposals for every over-allocation and open staffing request, each
//! candidate with the command that would apply it.

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::{Ctx, Exit};
use crate::cli::{BalanceArgs, BalanceFormat};
use crate::edit;
use crate::plan::balance::{Offer, Proposal, proposals_for};
use crate::report::{Cell, Column, Table};
use crate::store::{self, PROGRAM_FILE};

/// The report envelope of SPEC §6.
#[derive(Serialize)]
struct Envelope<'a> {
    schema_version: u32,
    kind: &'static str,
    proposals: &'a [Proposal],
}

pub fn run(ctx: &Ctx, a: &BalanceArgs) -> Result<Exit> {
    let proposals = match ctx.target()? {
        store::Root::Program(root) => {
            let loaded = store::load(&root)?;
            if loaded.program.is_none() {
                bail!(
                    "{PROGRAM_FILE} could not be read, so nobody's load is known; run `pm check` to see why"
                );
            }
            super::warn_unreadable(&loaded);
            // In a portfolio, the other programs' load counts too (as `pm level` and the load
            // guard count it); the proposals are this program's.
            let others = edit::guard::other_programs(&store::Tree::on_disk(&root), &loaded);
            proposals_for(&store::Programs::with_others(&loaded, &others))
        }
        // Over a portfolio: everyone's load in every program, proposals for the programs shown.
        store::Root::Portfolio(root) => {
            let p = store::load_portfolio(&root)?;
            for m in &p.members {
                super::warn_unreadable(&m.loaded);
            }
            proposals_for(&store::Programs::of(&p, ctx.only.as_deref()))
        }
    };
    let text = match a.format {
        BalanceFormat::Json => {
            let envelope = Envelope {
                schema_version: 1,
                kind: "balance",
                proposals: &proposals,
            };
            let mut s = serde_json::to_string_pretty(&envelope)
                .context("cannot write the proposals as JSON")?;
            s.push('\n');
            s
        }
        BalanceFormat::Table => table(ctx, &proposals),
    };
    ctx.print(&text)?;
    Ok(Exit::Success)
}

fn table(ctx: &Ctx, proposals: &[Proposal]) -> String {
    if proposals.is_empty() {
        return "nothing to balance: nobody is over-allocated and no staffing request is open\n"
            .to_owned();
    }
    let blocks: Vec<String> = proposals
        .iter()
        .map(|p| {
            let (title, candidates, nobody) = match p {
                Proposal::Request {
                    program,
                    project,
                    request,
                    skills,
                    allocation,
                    from,
                    to,
                    candidates,
                } => {
                    let skills = if skills.is_empty() {
                        "anyone".to_owned()
                    } else {
                        skills.join(" + ")
                    };
                    let amount = allocation.map(|n| format!(" at {n}%")).unwrap_or_default();
                    (
                        format!(
                            "request {}{project}/{request}: {skills}{amount} from {from} to {to}",
                            program.as_deref().map(|p| format!("{p}: ")).unwrap_or_default()
                        ),
                        candidates,
                        "nobody with these skills has free capacity over these dates",
                    )
                }
                Proposal::OverAllocation {
                    person,
                    from,
                    to,
                    peak,
                    capacity,
                    projects,
                    programs,
                    candidates,
                } => (
                    format!(
                        "over-allocation: {person} at {peak}% of {capacity}% from {from} to {to} ({}{})",
                        projects.join(", "),
                        programs
                            .as_ref()
                            .map(|p| format!(" in {}", p.join(" and ")))
                            .unwrap_or_default()
                    ),
                    candidates,
                    "nobody sharing a skill has free capacity over these dates",
                ),
            };
            format!("{title}\n{}", offers(ctx, candidates, nobody))
        })
        .collect();
    // Each proposal alone can make the next problem; a whole plan cannot.
    format!(
        "{}\none plan for all of these at once, by project priority: `pm level`\n",
        blocks.join("\n")
    )
}

fn offers(ctx: &Ctx, candidates: &[Offer], nobody: &str) -> String {
    if candidates.is_empty() {
        return format!("  {nobody}\n");
    }
    let table = Table {
        columns: vec![
            Column::text("candidate", "candidate"),
            Column::num("free", "free"),
            Column::num("takes", "takes"),
            Column::text("settles", "settles it"),
            // A command is copied whole, so it never wraps.
            Column::text("command", "command"),
        ],
        rows: candidates
            .iter()
            .map(|c| {
                vec![
                    Cell::new(&c.person),
                    Cell::new(format!("{}%", c.free)),
                    Cell::new(format!("{}%", c.allocation)),
                    Cell::new(if c.resolves { "yes" } else { "in part" }),
                    Cell::new(&c.command),
                ]
            })
            .collect(),
        // Never split into blocks: a candidate's command stays on the candidate's line.
        frozen: 0,
    };
    super::table_text(ctx, &table, 2)
}
