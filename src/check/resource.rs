//! PM201-PM206: people across all projects — load against capacity, availability, requests.

use chrono::NaiveDate;

use super::sweep::{self, Interval, Segment};
use super::{Diagnostic, Rule};
use crate::model::*;
use crate::plan::{Plan, balance};
use crate::store::Loaded;

/// One assignment of a person with the project it belongs to, as the load rules see it.
struct Contribution<'a> {
    project: &'a Project,
    assignment: &'a Assignment,
    interval: Interval,
}

/// A person's assignments across every project, in file order, and their daily load.
struct Load<'a> {
    person: &'a Person,
    capacity: u32,
    committed: Vec<Contribution<'a>>,
    /// Committed and proposed, in file order.
    all: Vec<Contribution<'a>>,
    committed_profile: Vec<Segment>,
    total_profile: Vec<Segment>,
}

pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let Some(program) = &loaded.program else {
        return;
    };
    let loads = loads(loaded, program);
    for load in &loads {
        over_allocation(load, out);
        tentative(load, out);
    }
    // Only programs with open requests pay for the candidates' load profiles.
    let plan = std::cell::OnceCell::new();
    // The first person of each id, as `Program::person` finds them, without a scan per item.
    let mut people: std::collections::HashMap<&str, &Person> = std::collections::HashMap::new();
    for person in &program.people {
        people.entry(person.id.as_str()).or_insert(person);
    }
    for project in &loaded.projects {
        for a in &project.assignments {
            if let Some(person) = people.get(a.person.as_str()).copied() {
                exceeds_capacity(project, a, person, out);
                availability(project, a, person, program.file, out);
            }
        }
        if project
            .requests
            .iter()
            .any(|r| r.status == RequestStatus::Open)
        {
            requests(project, plan.get_or_init(|| Plan::new(loaded)), out);
        }
        if project.status.value == ProjectStatus::Active
            && project.assignments.is_empty()
            && !project.allow.allows(Rule::UnstaffedProject)
        {
            let pid = project.id.as_str();
            out.push(
                Diagnostic::new(
                    Rule::UnstaffedProject,
                    project.loc(project.span),
                    format!("active project {pid} has no one assigned"),
                )
                .label("no [[assignment]] in this file")
                .help(format!(
                    "assign people with `pm assign PERSON {pid} --allocation N`, or escalate with `pm request add {pid} --skills S --allocation N --from DATE --to DATE --reason R`"
                ))
                .project(pid),
            );
        }
    }
}

/// Builds every person's load. People with an invalid capacity, assignments of unknown people
/// and assignments without dates or with an invalid allocation are left to PM003/PM005.
fn loads<'a>(loaded: &'a Loaded, program: &'a Program) -> Vec<Load<'a>> {
    let mut loads: Vec<Load<'a>> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for person in &program.people {
        let Ok(capacity) = u32::try_from(person.capacity.value) else {
            continue;
        };
        if index.contains_key(person.id.as_str()) {
            continue;
        }
        index.insert(person.id.as_str(), loads.len());
        loads.push(Load {
            person,
            capacity,
            committed: Vec::new(),
            all: Vec::new(),
            committed_profile: Vec::new(),
            total_profile: Vec::new(),
        });
    }
    // Closed projects count too: a done project's assignments were real load while they ran.
    for project in &loaded.projects {
        for a in &project.assignments {
            let Some(&i) = index.get(a.person.as_str()) else {
                continue;
            };
            let Some((from, to)) = a.window(&project.charter) else {
                continue;
            };
            let Some(allocation) = u32::try_from(a.allocation.value)
                .ok()
                .filter(|n| *n <= 1000)
            else {
                continue;
            };
            let c = || Contribution {
                project,
                assignment: a,
                interval: Interval {
                    from,
                    to,
                    allocation,
                },
            };
            if a.status == AssignmentStatus::Committed {
                loads[i].committed.push(c());
            }
            loads[i].all.push(c());
        }
    }
    for load in &mut loads {
        let off: Vec<(NaiveDate, NaiveDate)> = load
            .person
            .time_off
            .iter()
            .map(|t| (t.from, t.to))
            .collect();
        let intervals = |cs: &[Contribution<'_>]| cs.iter().map(|c| c.interval).collect::<Vec<_>>();
        load.committed_profile = sweep::load_profile(&intervals(&load.committed), &off);
        load.total_profile = sweep::load_profile(&intervals(&load.all), &off);
    }
    loads
}

/// How many assignments a load finding shows as secondary locations; past this the label
/// counts the rest, so a finding stays small whatever the files hold.
const SHOWN_CONTRIBUTORS: usize = 20;

/// The contributions with some load on a day of one run.
struct Active<'c, 'a> {
    /// The first [`SHOWN_CONTRIBUTORS`] in file order.
    shown: Vec<&'c Contribution<'a>>,
    /// The first proposed one in file order.
    first_proposed: Option<&'c Contribution<'a>>,
    count: usize,
    /// Sorted ids of their projects.
    projects: Vec<String>,
}

/// For each run (sorted and disjoint, as the sweep gives them), the contributions whose dates
/// overlap it. One sweep over the runs with a live set, so the cost grows with the number of
/// contributions and runs, not with their product.
fn active_per_run<'c, 'a>(cs: &'c [Contribution<'a>], runs: &[sweep::Run]) -> Vec<Active<'c, 'a>> {
    use std::collections::{BTreeMap, BTreeSet};
    let usable: Vec<usize> = (0..cs.len())
        .filter(|&i| cs[i].interval.allocation > 0 && cs[i].interval.from <= cs[i].interval.to)
        .collect();
    let mut by_from = usable.clone();
    by_from.sort_by_key(|&i| cs[i].interval.from);
    let mut by_to = usable;
    by_to.sort_by_key(|&i| cs[i].interval.to);
    let mut live: BTreeSet<usize> = BTreeSet::new();
    let mut live_proposed: BTreeSet<usize> = BTreeSet::new();
    let mut projects: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut next_from, mut next_to) = (0, 0);
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        while let Some(&i) = by_from.get(next_from)
            && cs[i].interval.from <= run.to
        {
            live.insert(i);
            if cs[i].assignment.status == AssignmentStatus::Proposed {
                live_proposed.insert(i);
            }
            *projects.entry(cs[i].project.id.as_str()).or_default() += 1;
            next_from += 1;
        }
        // Runs only move forward, so what ended before this one never comes back.
        while let Some(&i) = by_to.get(next_to)
            && cs[i].interval.to < run.from
        {
            if live.remove(&i) {
                live_proposed.remove(&i);
                let pid = cs[i].project.id.as_str();
                if let Some(n) = projects.get_mut(pid) {
                    *n -= 1;
                    if *n == 0 {
                        projects.remove(pid);
                    }
                }
            }
            next_to += 1;
        }
        out.push(Active {
            shown: live
                .iter()
                .take(SHOWN_CONTRIBUTORS)
                .map(|&i| &cs[i])
                .collect(),
            first_proposed: live_proposed.first().map(|&i| &cs[i]),
            count: live.len(),
            projects: projects.keys().map(|p| (*p).to_owned()).collect(),
        });
    }
    out
}

/// "60% on lander, 2026-02-01..2026-12-31 (proposed)"
fn describe(c: &Contribution<'_>) -> String {
    format!(
        "{}% on {}, {}..{}{}",
        c.interval.allocation,
        c.project.id.value,
        c.interval.from,
        c.interval.to,
        match c.assignment.status {
            AssignmentStatus::Committed => "",
            AssignmentStatus::Proposed => " (proposed)",
        }
    )
}

fn skills_arg(person: &Person) -> String {
    if person.skills.is_empty() {
        "SKILLS".to_owned()
    } else {
        person.skills.join(",")
    }
}

/// Located at `primary`, with the other contributions as secondary locations.
fn load_diagnostic(
    rule: Rule,
    load: &Load<'_>,
    primary: &Contribution<'_>,
    active: &Active<'_, '_>,
    run: sweep::Run,
    message: String,
) -> Diagnostic {
    let person = load.person.id.as_str();
    let listed =
        active.shown.len() + usize::from(!active.shown.iter().any(|c| std::ptr::eq(*c, primary)));
    let label = match active.count.saturating_sub(listed) {
        0 => describe(primary),
        more => format!(
            "{}; {more} more assignments overlap these dates",
            describe(primary)
        ),
    };
    let mut d = Diagnostic::new(rule, primary.project.loc(primary.assignment.span), message)
        .label(label)
        .project(&primary.project.id.value)
        .person(person)
        .facts(|f| {
            f.from = Some(run.from);
            f.to = Some(run.to);
            f.peak = Some(u64::from(run.peak));
            f.capacity = Some(i64::from(load.capacity));
            f.projects = Some(active.projects.clone());
        });
    for c in &active.shown {
        if !std::ptr::eq(*c, primary) {
            d = d.secondary(c.project.loc(c.assignment.span), describe(c));
        }
    }
    d
}

/// PM201: one finding per maximal run of days on which committed load exceeds capacity.
fn over_allocation(load: &Load<'_>, out: &mut Vec<Diagnostic>) {
    let person = load.person.id.as_str();
    let runs = sweep::over_runs(&load.committed_profile, load.capacity);
    for (run, active) in runs
        .iter()
        .copied()
        .zip(active_per_run(&load.committed, &runs))
    {
        let Some(primary) = active.shown.first().copied() else {
            continue;
        };
        if primary.assignment.allow.allows(Rule::OverAllocation) {
            continue;
        }
        let projects = &active.projects;
        let excess = run.peak.saturating_sub(load.capacity);
        let d = load_diagnostic(
            Rule::OverAllocation,
            load,
            primary,
            &active,
            run,
            format!(
                "{person} is allocated {}% of {}% from {} to {} ({})",
                run.peak,
                load.capacity,
                run.from,
                run.to,
                projects.join(", ")
            ),
        )
        .help(format!(
            "{person} needs {excess}% less from {} to {}: lower or shorten {}, hand the load to someone with free capacity with `pm assign PERSON {} --allocation {excess} --from {} --to {} --instead-of {person}` (`pm balance` proposes who), or escalate with `pm request add {} --skills {} --allocation {excess} --from {} --to {} --reason R`",
            run.from,
            run.to,
            if active.count == 1 { "this assignment" } else { "one of these assignments" },
            primary.project.id.value,
            run.from,
            run.to,
            primary.project.id.value,
            skills_arg(load.person),
            run.from,
            run.to,
        ));
        out.push(d);
    }
}

/// PM202: runs where proposed assignments would push a person over, committed load alone not.
fn tentative(load: &Load<'_>, out: &mut Vec<Diagnostic>) {
    let person = load.person.id.as_str();
    let runs = sweep::tentative_runs(&load.committed_profile, &load.total_profile, load.capacity);
    for (run, active) in runs.iter().copied().zip(active_per_run(&load.all, &runs)) {
        // The proposal is what tips the balance, so the finding points at one.
        let Some(primary) = active
            .first_proposed
            .or_else(|| active.shown.first().copied())
        else {
            continue;
        };
        if primary
            .assignment
            .allow
            .allows(Rule::TentativeOverAllocation)
        {
            continue;
        }
        let projects = &active.projects;
        let d = load_diagnostic(
            Rule::TentativeOverAllocation,
            load,
            primary,
            &active,
            run,
            format!(
                "{person} would be allocated {}% of {}% from {} to {} if the proposed assignments were committed ({})",
                run.peak,
                load.capacity,
                run.from,
                run.to,
                projects.join(", ")
            ),
        )
        .help(format!(
            "do not commit the proposal as it stands: lower or shorten it by {}%, or propose someone with free capacity (`pm balance`)",
            run.peak.saturating_sub(load.capacity)
        ));
        out.push(d);
    }
}

/// PM203: one assignment alone above capacity.
fn exceeds_capacity(p: &Project, a: &Assignment, person: &Person, out: &mut Vec<Diagnostic>) {
    let capacity = person.capacity.value;
    let allocation = a.allocation.value;
    if allocation <= capacity
        || !(0..=1000).contains(&capacity)
        || !(0..=1000).contains(&allocation)
        || a.allow.allows(Rule::AllocationExceedsCapacity)
    {
        return;
    }
    let pid = p.id.as_str();
    let who = person.id.as_str();
    out.push(
        Diagnostic::new(
            Rule::AllocationExceedsCapacity,
            p.loc(a.allocation.span),
            format!(
                "{who}'s assignment to {pid} is {allocation}%, above {who}'s capacity of {capacity}%: no rebalancing can fix it"
            ),
        )
        .label(format!("more than {capacity}%"))
        .help(format!(
            "lower the allocation to at most {capacity}%, and ask for the rest with `pm request add {pid} --skills {} --allocation {} --from DATE --to DATE --reason R`",
            skills_arg(person),
            allocation - capacity
        ))
        .project(pid)
        .person(who)
        .facts(|f| f.capacity = Some(capacity)),
    );
}

/// PM204: an assignment before a person joins or after they leave.
fn availability(
    p: &Project,
    a: &Assignment,
    person: &Person,
    program: FileId,
    out: &mut Vec<Diagnostic>,
) {
    let Some((from, to)) = a.window(&p.charter) else {
        return;
    };
    if a.allow.allows(Rule::AssignmentOutsideAvailability) {
        return;
    }
    let pid = p.id.as_str();
    let who = person.id.as_str();
    let in_program = |span| Loc {
        file: program,
        span,
    };
    if let Some(start) = &person.start
        && from < start.value
    {
        let at = a.from.as_ref().map_or(a.span, |f| f.span);
        out.push(
            Diagnostic::new(
                Rule::AssignmentOutsideAvailability,
                p.loc(at),
                format!(
                    "{who}'s assignment to {pid} starts on {from}, before {who} joins on {}",
                    start.value
                ),
            )
            .label("before the person's start")
            .secondary(
                in_program(start.span),
                format!("{who} joins on {}", start.value),
            )
            .help(format!(
                "start the assignment on {} or later, or assign someone available then",
                start.value
            ))
            .project(pid)
            .person(who)
            .facts(|f| {
                f.from = Some(from);
                f.to = Some(to);
            }),
        );
    }
    if let Some(end) = &person.end
        && to > end.value
    {
        let at = a.to.as_ref().map_or(a.span, |t| t.span);
        out.push(
            Diagnostic::new(
                Rule::AssignmentOutsideAvailability,
                p.loc(at),
                format!(
                    "{who}'s assignment to {pid} ends on {to}, after {who} leaves on {}",
                    end.value
                ),
            )
            .label("after the person's end")
            .secondary(in_program(end.span), format!("{who} leaves on {}", end.value))
            .help(format!(
                "end the assignment on {} at the latest (`pm unassign {who} {pid} --on DATE`), or assign someone available then",
                end.value
            ))
            .project(pid)
            .person(who)
            .facts(|f| {
                f.from = Some(from);
                f.to = Some(to);
            }),
        );
    }
}

/// How many candidates a PM205 message names.
const SHOWN_CANDIDATES: usize = 3;

/// PM205: open staffing requests, with who could fill them.
fn requests(p: &Project, plan: &Plan<'_>, out: &mut Vec<Diagnostic>) {
    let pid = p.id.as_str();
    for r in &p.requests {
        if r.status != RequestStatus::Open || r.allow.allows(Rule::OpenStaffingRequest) {
            continue;
        }
        let rid = r.id.as_str();
        let skills = if r.skills.is_empty() {
            "anyone".to_owned()
        } else {
            r.skills.join(" + ")
        };
        let amount = r
            .allocation
            .as_ref()
            .map(|a| format!(" at {}%", a.value))
            .unwrap_or_default();
        let window = r.window(&p.charter).filter(|(f, t)| f <= t);
        let when = match window {
            Some((f, t)) => format!(" from {f} to {t}"),
            None => String::new(),
        };
        let wanted = r
            .allocation
            .as_ref()
            .and_then(|a| u32::try_from(a.value).ok())
            .unwrap_or(0);
        let mut found = plan.request_candidates(p, r);
        found.truncate(SHOWN_CANDIDATES);
        let who = if window.is_none() {
            "give it dates to see who is free".to_owned()
        } else if found.is_empty() {
            "nobody with these skills has free capacity over that window".to_owned()
        } else {
            let names: Vec<String> = found
                .iter()
                .map(|c| format!("{} ({}% free)", c.person, c.free))
                .collect();
            format!("free over that window: {}", names.join(", "))
        };
        // The same proposal `pm balance` makes for the best candidate.
        let best = found
            .first()
            .zip(window)
            .map(|(c, (f, t))| balance::request_offer(pid, rid, Some(wanted), f, t, c.clone()));
        let help = match best {
            Some(offer) if offer.resolves => {
                format!("fill it with `{}`, or withdraw it", offer.command)
            }
            Some(offer) => format!(
                "nobody has all {wanted}% free; cover part of it with `{}` and re-plan the rest, or withdraw it",
                offer.command
            ),
            None => format!(
                "hire or move someone with these skills into the pool, lower the request, or withdraw it; then `pm request fill {pid}/{rid} --person P`"
            ),
        };
        let (from, to) = window.unzip();
        out.push(
            Diagnostic::new(
                Rule::OpenStaffingRequest,
                p.loc(r.span),
                format!("{pid} asks for {skills}{amount}{when} (request '{rid}'); {who}"),
            )
            .label("open request")
            .help(help)
            .project(pid)
            .request(rid)
            .facts(|f| {
                f.from = from;
                f.to = to;
                f.candidates = Some(found);
            }),
        );
    }
}
