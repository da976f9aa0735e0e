//! PM201-PM207: people across all projects — load against capacity, availability, requests,
//! and who does the work.

use super::{Diagnostic, IdHash, Rule};
use crate::load::{self, Active, Contribution, Loads, Options, PersonLoad, Run};
use crate::model::*;
use crate::plan::balance;
use crate::store::Loaded;

/// The load every finding here is measured by: committed and proposed.
pub fn loads<'a>(programs: &[&'a Loaded]) -> Loads<'a> {
    Loads::of(programs, Options { proposed: true })
}

/// PM201 and PM202 over `loads`: of one program, or of every program of a portfolio
/// (`across`), where the findings name the programs.
pub fn over_allocations(loads: &Loads<'_>, across: bool, out: &mut Vec<Diagnostic>) {
    for load in loads.people() {
        // A negative capacity is a PM005 finding; one above 1000 is too, but the load is still
        // held against what is written.
        let Ok(capacity) = u32::try_from(load.capacity) else {
            continue;
        };
        over_allocation(load, capacity, across, out);
        tentative(load, capacity, across, out);
    }
}

/// The first person of each id, as `Program::person` finds them, without a scan per item.
pub type People<'a> = std::collections::HashMap<&'a str, &'a Person, IdHash>;

pub fn people(program: &Program) -> People<'_> {
    let mut people = People::default();
    for person in &program.people {
        people.entry(person.id.as_str()).or_insert(person);
    }
    people
}

/// PM203-PM207 of one program; PM205's candidates are measured by `loads` (in a portfolio,
/// the load in every program) and are people the program can assign.
pub fn check(loaded: &Loaded, loads: &Loads<'_>, out: &mut Vec<Diagnostic>) {
    let Some(program) = &loaded.program else {
        return;
    };
    let people = people(program);
    for project in &loaded.projects {
        project_rules(project, &people, program.file, out);
    }
    requests_of(loaded, &people, loads, out);
}

/// PM205 of one program: the only rule here that reads the load.
pub fn requests_only(loaded: &Loaded, loads: &Loads<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(program) = &loaded.program {
        requests_of(loaded, &people(program), loads, out);
    }
}

fn requests_of(loaded: &Loaded, people: &People<'_>, loads: &Loads<'_>, out: &mut Vec<Diagnostic>) {
    for project in &loaded.projects {
        if project
            .requests
            .iter()
            .any(|r| r.status == RequestStatus::Open)
        {
            requests(people, project, loads, out);
        }
    }
}

/// PM203, PM204, PM206 and PM207 of one project: what they read beyond it is the pool's
/// entries (`people`), so the editor keeps them per file (see [`super::Memo`]).
pub fn project_rules(
    project: &Project,
    people: &People<'_>,
    program_file: FileId,
    out: &mut Vec<Diagnostic>,
) {
    for a in &project.assignments {
        if let Some(person) = people.get(a.person.as_str()).copied() {
            exceeds_capacity(project, a, person, out);
            availability(project, a, person, program_file, out);
        }
    }
    if !project.status.value.is_closed() {
        assignees(project, people, out);
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

/// How many assignments a load finding shows as secondary locations; past this the label
/// counts the rest, so a finding stays small whatever the files hold.
const SHOWN_CONTRIBUTORS: usize = 20;

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

/// Located at contribution `primary` of `cs`, with the others active in the run as secondary
/// locations.
fn load_diagnostic(
    rule: Rule,
    load: &PersonLoad<'_>,
    capacity: u32,
    cs: &[Contribution<'_>],
    primary: usize,
    (run, active, across): (Run, &Active, bool),
    message: String,
) -> Diagnostic {
    let person = load.person.id.as_str();
    let p = &cs[primary];
    let listed = active.shown.len() + usize::from(!active.shown.contains(&primary));
    let label = match active.count.saturating_sub(listed) {
        0 => describe(p),
        more => format!(
            "{}; {more} more assignments overlap these dates",
            describe(p)
        ),
    };
    let mut d = Diagnostic::new(rule, p.project.loc(p.assignment.span), message)
        .label(label)
        .project(&p.project.id.value)
        .person(person)
        .facts(|f| {
            f.from = Some(run.from);
            f.to = Some(run.to);
            f.peak = Some(u64::from(run.peak));
            f.capacity = Some(i64::from(capacity));
            f.projects = Some(active.projects.clone());
            if across {
                f.program = Some(p.program.to_owned());
                f.programs = Some(active.programs.iter().map(|(id, _)| id.clone()).collect());
            }
        });
    for &i in &active.shown {
        if i != primary {
            let c = &cs[i];
            d = d.secondary(c.project.loc(c.assignment.span), describe(c));
        }
    }
    d
}

/// "lander, spacesuits", or across programs "artemis: lander, spacesuits; gateway: habitat".
fn involved(active: &Active) -> String {
    if active.programs.len() <= 1 {
        return active.projects.join(", ");
    }
    active
        .programs
        .iter()
        .map(|(program, projects)| format!("{program}: {}", projects.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where a load finding's commands are run: in a portfolio, in the folder of the program the
/// finding points at, which `pm check` names as the finding's program.
fn run_in(across: bool, c: &Contribution<'_>) -> String {
    if across {
        format!("in program {}: ", c.program)
    } else {
        String::new()
    }
}

/// PM201: one finding per maximal run of days on which committed load exceeds capacity.
fn over_allocation(load: &PersonLoad<'_>, capacity: u32, across: bool, out: &mut Vec<Diagnostic>) {
    let person = load.person.id.as_str();
    let cs = &load.committed;
    let runs = load.over_runs(capacity);
    let actives = load::active_per_run(cs, &runs, SHOWN_CONTRIBUTORS);
    for (run, active) in runs.iter().copied().zip(actives) {
        let Some(&primary) = active.shown.first() else {
            continue;
        };
        let p = &cs[primary];
        if p.assignment.allow.allows(Rule::OverAllocation) {
            continue;
        }
        let pid = p.project.id.as_str();
        let excess = run.peak.saturating_sub(capacity);
        // A day the assignment runs on in the run, to pick it among the person's on the project.
        let at = p.interval.from.max(run.from);
        let d = load_diagnostic(
            Rule::OverAllocation,
            load,
            capacity,
            cs,
            primary,
            (run, &active, across),
            format!(
                "{person} is allocated {}% of {capacity}% from {} to {} ({})",
                run.peak,
                run.from,
                run.to,
                involved(&active)
            ),
        )
        .help(format!(
            "{}{person} needs {excess}% less from {} to {}: lower or shorten {} (`pm assignment set {person} {pid} --at {at} --allocation N`), hand the load to someone with free capacity with `pm assign PERSON {pid} --allocation {excess} --from {} --to {} --instead-of {person}` (`pm balance` proposes who; `pm level` plans all of them by priority), or escalate with `pm request add {pid} --skills {} --allocation {excess} --from {} --to {} --reason R`",
            run_in(across, p),
            run.from,
            run.to,
            if active.count == 1 { "this assignment" } else { "one of these assignments" },
            run.from,
            run.to,
            skills_arg(load.person),
            run.from,
            run.to,
        ));
        out.push(d);
    }
}

/// PM202: runs where proposed assignments would push a person over, committed load alone not.
fn tentative(load: &PersonLoad<'_>, capacity: u32, across: bool, out: &mut Vec<Diagnostic>) {
    let person = load.person.id.as_str();
    let cs = &load.all;
    let runs = load.tentative_runs(capacity);
    let actives = load::active_per_run(cs, &runs, SHOWN_CONTRIBUTORS);
    for (run, active) in runs.iter().copied().zip(actives) {
        // The proposal is what tips the balance, so the finding points at one.
        let Some(primary) = active.first_proposed.or(active.shown.first().copied()) else {
            continue;
        };
        if cs[primary]
            .assignment
            .allow
            .allows(Rule::TentativeOverAllocation)
        {
            continue;
        }
        let proposal = &cs[primary];
        let (pid, at) = (
            proposal.project.id.as_str(),
            proposal.interval.from.max(run.from),
        );
        let d = load_diagnostic(
            Rule::TentativeOverAllocation,
            load,
            capacity,
            cs,
            primary,
            (run, &active, across),
            format!(
                "{person} would be allocated {}% of {capacity}% from {} to {} if the proposed assignments were committed ({})",
                run.peak,
                run.from,
                run.to,
                involved(&active)
            ),
        )
        .help(format!(
            "do not commit the proposal as it stands: lower or shorten it by {}% (`pm assignment set {person} {pid} --at {at} --allocation N`), or propose someone with free capacity (`pm balance`)",
            run.peak.saturating_sub(capacity)
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
            "lower the allocation to at most {capacity}% with `pm assignment set {who} {pid}{} --allocation {capacity}`, and ask for the rest with `pm request add {pid} --skills {} --allocation {} --from DATE --to DATE --reason R`",
            a.window(&p.charter)
                .map(|(from, _)| format!(" --at {from}"))
                .unwrap_or_default(),
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
                "start the assignment on {} or later with `pm assignment set {who} {pid} --at {from} --from {}`, or assign someone available then",
                start.value, start.value
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
                "end the assignment on {} at the latest with `pm assignment set {who} {pid} --at {from} --to {}`, or assign someone available then",
                end.value, end.value
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

/// PM207: work whose assignee has no assignment on the project over the work's dates.
fn assignees(
    p: &Project,
    people: &std::collections::HashMap<&str, &Person, IdHash>,
    out: &mut Vec<Diagnostic>,
) {
    let c = &p.charter;
    // Each person's assignments on the project, committed or proposed; `None` for one
    // without dates (a PM005 finding), which counts as covering anything.
    let mut held: std::collections::HashMap<
        &str,
        Vec<Option<(chrono::NaiveDate, chrono::NaiveDate)>>,
        IdHash,
    > = std::collections::HashMap::default();
    for a in &p.assignments {
        held.entry(a.person.as_str()).or_default().push(a.window(c));
    }
    let pid = p.id.as_str();
    for w in &p.work {
        if matches!(w.status.value, WorkStatus::Done | WorkStatus::Dropped)
            || w.allow.allows(Rule::AssigneeNotStaffed)
        {
            continue;
        }
        let Some(who) = &w.assignee else { continue };
        let person = who.as_str();
        // Someone not in the pool is PM003's finding.
        if !people.contains_key(person) {
            continue;
        }
        let lo = w.start.as_ref().or(c.start.as_ref()).map(|d| d.value);
        let hi = w.due.as_ref().or(c.end.as_ref()).map(|d| d.value);
        let covered = held.get(person).is_some_and(|windows| {
            windows.iter().any(|win| match win {
                None => true,
                Some((from, to)) => {
                    lo.is_none_or(|lo| *to >= lo) && hi.is_none_or(|hi| *from <= hi)
                }
            })
        });
        if covered {
            continue;
        }
        let wid = w.id.as_str();
        let when = match (lo, hi) {
            (Some(lo), Some(hi)) => format!(" from {lo} to {hi}"),
            (Some(lo), None) => format!(" from {lo} on"),
            (None, Some(hi)) => format!(" until {hi}"),
            (None, None) => String::new(),
        };
        let dates = match (lo, hi) {
            (Some(lo), Some(hi)) => format!(" --from {lo} --to {hi}"),
            _ => String::new(),
        };
        let has_other = held.contains_key(person);
        let message = if has_other {
            format!(
                "work item '{wid}' is assigned to {person}, whose assignments on {pid} do not cover it{when}"
            )
        } else {
            format!("work item '{wid}' is assigned to {person}, who has no assignment on {pid}")
        };
        out.push(
            Diagnostic::new(Rule::AssigneeNotStaffed, p.loc(who.span), message)
                .label(format!("not on {pid}{when}"))
                .help(format!(
                    "assign {person} to {pid} with `pm assign {person} {pid} --allocation N{dates}`, give the work to someone on {pid} with `pm work set {pid}/{wid} --assignee OTHER`, or take the assignee off with `pm work set {pid}/{wid} --assignee \"\"`"
                ))
                .project(pid)
                .work(wid)
                .person(person)
                .facts(|f| {
                    f.from = lo;
                    f.to = hi;
                }),
        );
    }
}

/// How many candidates a PM205 message names.
const SHOWN_CANDIDATES: usize = 3;

/// PM205: open staffing requests, with who could fill them.
fn requests(
    people: &std::collections::HashMap<&str, &Person, IdHash>,
    p: &Project,
    loads: &Loads<'_>,
    out: &mut Vec<Diagnostic>,
) {
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
        let mut found = loads.request_candidates(p, r);
        // In a portfolio the load counts everywhere, but only the program's pool is its to
        // assign.
        found.retain(|c| people.contains_key(c.person.as_str()));
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
        let withdraw = format!("`pm request withdraw {pid}/{rid} --reason R`");
        let help = match best {
            Some(offer) if offer.resolves => {
                format!(
                    "fill it with `{}`, or withdraw it with {withdraw}",
                    offer.command
                )
            }
            Some(offer) => format!(
                "nobody has all {wanted}% free; cover part of it with `{}` and re-plan the rest, or withdraw it with {withdraw}",
                offer.command
            ),
            None => format!(
                "hire or move someone with these skills into the pool (`pm person add`, `pm person set ID --skills ...`), lower the request (`pm request set {pid}/{rid} --allocation N`), or withdraw it with {withdraw}; then `pm request fill {pid}/{rid} --person P`"
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
