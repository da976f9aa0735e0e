//! From the solutions of the components to the plan: the moves with their reasons, the edits
//! that apply them, the requests filled after the hand-overs, what stays unresolved, and the
//! cost.

use std::collections::HashMap;

use super::model::{Day, Model, Problem, date};
use super::solution::{Solution, hand_runs};
use super::{Action, Addition, Cost, Filling, Lowering, Move, Plan, Unresolved};

/// Load a plan adds to a person: `(start, end, percent)`, half-open.
type Added = HashMap<usize, Vec<(Day, Day, u32)>>;

pub(super) fn build(
    problem: &Problem<'_>,
    parts: &[(Model, Solution)],
    later: &[usize],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Plan {
    let mut moves = Vec::new();
    let mut lowerings = Vec::new();
    let mut additions = Vec::new();
    let mut fillings = Vec::new();
    let mut cost = Cost {
        cut_weighted: 0,
        unfilled_weighted: 0,
        changes: 0,
        optimal: true,
    };
    let mut filled: Vec<Option<usize>> = vec![None; problem.needs.len()];
    let mut added: Added = HashMap::new();
    for (model, sol) in parts {
        let weight = |k: usize| problem.needs[model.needs[k]].weight;
        let c = sol.cost(model, &weight);
        cost.cut_weighted += c.cut_weighted;
        cost.changes += c.changes;
        cost.optimal &= sol.optimal;
        giver_moves(problem, model, sol, &mut moves, &mut lowerings);
        for run in hand_runs(model, sol) {
            let g = &model.givers[run.giver];
            let giver = &problem.givers[g.giver];
            let p = &problem.people[giver.person];
            let t = &problem.people[run.taker];
            let segs: Vec<usize> = run.hands.iter().map(|&h| model.hands[h].seg).collect();
            let peak = segs
                .iter()
                .map(|&s| p.load_at(model.segs[s].0))
                .max()
                .unwrap_or(0);
            let free = run
                .hands
                .iter()
                .map(|&h| model.rows[model.hands[h].row].free)
                .min()
                .unwrap_or(0);
            let skills = p.shared_skills(t);
            let (was, now) = lowered_to(model, sol, run.giver, &segs);
            moves.push(Move {
                action: Action::HandOver,
                person: p.id.to_owned(),
                to_person: Some(t.id.to_owned()),
                program: problem.label(giver.program),
                project: giver.project.id.value.clone(),
                request: None,
                from: date(run.start),
                to: date(run.end - 1),
                allocation: run.amount,
                reason: format!(
                    "{} is at {peak}% of {}%; {} shares {} and is {free}% free",
                    p.id,
                    p.capacity,
                    t.id,
                    skills.join(", ")
                ),
                was,
                now,
                priority: giver.priority,
            });
            additions.push(Addition {
                program: problem.programs[giver.program].to_owned(),
                project: giver.project.id.value.clone(),
                person: t.id.to_owned(),
                from: date(run.start),
                to: date(run.end - 1),
                allocation: run.amount,
            });
            added
                .entry(run.taker)
                .or_default()
                .push((run.start, run.end, run.amount));
        }
        for (f, fill) in model.fills.iter().enumerate() {
            if sol.fill[f] {
                let q = model.needs[fill.need];
                filled[q] = Some(fill.person);
                let need = &problem.needs[q];
                added
                    .entry(fill.person)
                    .or_default()
                    .push((need.start, need.end, need.allocation));
            }
        }
    }
    // Requests of the components that fell back, after every hand-over: most important first.
    cost.optimal &= later.is_empty();
    let mut order = later.to_vec();
    order.sort_by_key(|&q| (std::cmp::Reverse(problem.needs[q].project.priority()), q));
    for q in order {
        let need = &problem.needs[q];
        let fits = need
            .candidates
            .iter()
            .copied()
            .find(|&t| fits(problem, &added, t, need.start, need.end, need.allocation));
        if let Some(t) = fits {
            filled[q] = Some(t);
            cost.changes += 1;
            added
                .entry(t)
                .or_default()
                .push((need.start, need.end, need.allocation));
        }
    }
    let mut unresolved = Vec::new();
    for (q, need) in problem.needs.iter().enumerate() {
        let (pid, rid) = (need.project.id.as_str(), need.request.id.as_str());
        let (f, t) = (date(need.start), date(need.end - 1));
        let skills = if need.request.skills.is_empty() {
            "anyone".to_owned()
        } else {
            need.request.skills.join(" + ")
        };
        match filled[q] {
            Some(person) => {
                let p = &problem.people[person];
                moves.push(Move {
                    action: Action::Fill,
                    person: p.id.to_owned(),
                    to_person: None,
                    program: problem.label(need.program),
                    project: pid.to_owned(),
                    request: Some(rid.to_owned()),
                    from: f,
                    to: t,
                    allocation: need.allocation,
                    reason: format!(
                        "{} has {skills} and is {}% free from {f} to {t}",
                        p.id,
                        p.load.free(f, t)
                    ),
                    was: 0,
                    now: None,
                    priority: need.project.priority(),
                });
                fillings.push(Filling {
                    program: problem.programs[need.program].to_owned(),
                    project: pid.to_owned(),
                    request: rid.to_owned(),
                    person: p.id.to_owned(),
                });
            }
            None => {
                cost.unfilled_weighted += need.weight;
                let why = if need.candidates.is_empty() {
                    format!(
                        "nobody with {skills} has {}% free from {f} to {t}",
                        need.allocation
                    )
                } else {
                    let names: Vec<&str> = need
                        .candidates
                        .iter()
                        .map(|&c| problem.people[c].id)
                        .collect();
                    format!(
                        "{} had {}% free from {f} to {t}, but this plan gives them load from over-allocated colleagues",
                        names.join(", "),
                        need.allocation
                    )
                };
                unresolved.push(Unresolved {
                    code: "PM205",
                    program: problem.label(need.program),
                    project: Some(pid.to_owned()),
                    request: Some(rid.to_owned()),
                    person: None,
                    from: Some(f),
                    to: Some(t),
                    why,
                });
            }
        }
    }
    for u in &problem.unplannable {
        unresolved.push(Unresolved {
            code: "PM205",
            program: problem.label(u.program),
            project: Some(u.project.id.value.clone()),
            request: Some(u.request.id.value.clone()),
            person: None,
            from: None,
            to: None,
            why: u.why.clone(),
        });
    }
    for a in &problem.accepted {
        unresolved.push(Unresolved {
            code: "PM201",
            program: problem.label(a.program),
            project: Some(a.project.clone()),
            request: None,
            person: Some(a.person.clone()),
            from: Some(a.from),
            to: Some(a.to),
            why: format!(
                "accepted: {}'s assignment on {} allows over-allocation",
                a.person, a.project
            ),
        });
    }
    for b in &problem.beyond {
        let others = b.others.join(" and ");
        unresolved.push(Unresolved {
            code: "PM201",
            program: None,
            project: None,
            request: None,
            person: Some(b.person.clone()),
            from: Some(b.from),
            to: Some(b.to),
            why: format!(
                "{others} alone put{} {} {}% over {}% then; this plan edits no assignment there, so level the whole portfolio to move that load",
                if b.others.len() == 1 { "s" } else { "" },
                b.person,
                b.over,
                b.capacity
            ),
        });
    }
    unresolved.sort_by(|a, b| {
        (
            a.code, &a.program, &a.project, &a.request, &a.person, a.from,
        )
            .cmp(&(
                b.code, &b.program, &b.project, &b.request, &b.person, b.from,
            ))
    });
    moves.sort_by(|a, b| {
        (
            a.from,
            &a.person,
            &a.program,
            &a.project,
            a.action,
            &a.to_person,
            &a.request,
            a.to,
        )
            .cmp(&(
                b.from,
                &b.person,
                &b.program,
                &b.project,
                b.action,
                &b.to_person,
                &b.request,
                b.to,
            ))
    });
    lowerings.sort_by(|a: &Lowering, b| {
        (
            &a.program,
            &a.project,
            &a.person,
            a.from,
            a.to,
            a.allocation,
        )
            .cmp(&(
                &b.program,
                &b.project,
                &b.person,
                b.from,
                b.to,
                b.allocation,
            ))
    });
    additions.sort_by(|a: &Addition, b| {
        (&a.program, &a.project, a.from, &a.person, a.to)
            .cmp(&(&b.program, &b.project, b.from, &b.person, b.to))
    });
    fillings.sort_by(|a: &Filling, b| {
        (&a.program, &a.project, &a.request).cmp(&(&b.program, &b.project, &b.request))
    });
    Plan {
        from,
        to,
        moves,
        unresolved,
        cost,
        lowerings,
        additions,
        fillings,
    }
}

/// The allocation of giver `g` before the plan, and after it on `segs` when one number holds.
fn lowered_to(model: &Model, sol: &Solution, g: usize, segs: &[usize]) -> (u32, Option<u32>) {
    let giver = &model.givers[g];
    let low = sol.lowered(model, g);
    let mut after = segs.iter().filter_map(|&s| {
        giver
            .segs
            .iter()
            .position(|&x| x == s)
            .map(|k| giver.allocation - low[k].min(giver.allocation))
    });
    let first = after.next();
    let now = first.filter(|&f| after.all(|x| x == f));
    (giver.allocation, now)
}

/// The cuts of every giver as moves, and the lowering of its assignment as an edit.
fn giver_moves(
    problem: &Problem<'_>,
    model: &Model,
    sol: &Solution,
    moves: &mut Vec<Move>,
    lowerings: &mut Vec<Lowering>,
) {
    for (g, at) in model.givers.iter().enumerate() {
        let low = sol.lowered(model, g);
        if low.iter().all(|&x| x == 0) {
            continue;
        }
        let giver = &problem.givers[at.giver];
        let p = &problem.people[giver.person];
        lowerings.push(Lowering {
            program: problem.programs[giver.program].to_owned(),
            project: giver.project.id.value.clone(),
            person: p.id.to_owned(),
            from: date(giver.start),
            to: date(giver.end - 1),
            allocation: giver.allocation,
            by: stretches(model, &at.segs, &low)
                .into_iter()
                .map(|(a, b, x)| (date(a), date(b - 1), x))
                .collect(),
        });
        for (a, b, amount) in stretches(model, &at.segs, &sol.cut[g]) {
            let segs: Vec<usize> = at
                .segs
                .iter()
                .copied()
                .filter(|&s| a <= model.segs[s].0 && model.segs[s].1 <= b)
                .collect();
            let peak = segs
                .iter()
                .map(|&s| p.load_at(model.segs[s].0))
                .max()
                .unwrap_or(0);
            // The priorities of the person's other assignments on those days.
            let lowest = model
                .cells
                .iter()
                .filter(|c| c.person == giver.person && segs.contains(&c.seg))
                .flat_map(|c| c.givers.iter().map(|&o| model.givers[o].priority))
                .min()
                .unwrap_or(at.priority);
            let pid = giver.project.id.as_str();
            // In a portfolio, a colleague must also be someone the program may assign.
            let nobody = if problem.programs.len() > 1 {
                format!(
                    "nobody {} may assign who shares a skill with {} has room left then",
                    problem.programs[giver.program], p.id
                )
            } else {
                format!("nobody who shares a skill with {} has room left then", p.id)
            };
            let why = if at.closed {
                format!(
                    "{pid} is {}, so nobody takes its load over",
                    giver.project.status.value.as_str()
                )
            } else if at.priority <= lowest {
                format!(
                    "{nobody}, and {pid} (priority {}) comes last among {}'s projects then",
                    at.priority, p.id
                )
            } else {
                format!("{nobody}, and {pid} has priority {}", at.priority)
            };
            let (was, now) = lowered_to(model, sol, g, &segs);
            moves.push(Move {
                action: Action::Cut,
                person: p.id.to_owned(),
                to_person: None,
                program: problem.label(giver.program),
                project: pid.to_owned(),
                request: None,
                from: date(a),
                to: date(b - 1),
                allocation: amount,
                reason: format!("{} is at {peak}% of {}%; {why}", p.id, p.capacity),
                was,
                now,
                priority: at.priority,
            });
        }
    }
}

/// The stretches of consecutive segments with one non-zero amount: `(start, end, amount)`.
fn stretches(model: &Model, segs: &[usize], amounts: &[u32]) -> Vec<(Day, Day, u32)> {
    let mut out: Vec<(Day, Day, u32)> = Vec::new();
    for (&s, &x) in segs.iter().zip(amounts) {
        if x == 0 {
            continue;
        }
        let (a, b) = model.segs[s];
        match out.last_mut() {
            Some(last) if last.1 == a && last.2 == x => last.1 = b,
            _ => out.push((a, b, x)),
        }
    }
    out
}

/// Whether `t` can take `percent` more on every day of `[a, b)` they are not off, given what the
/// plan already adds to them.
fn fits(problem: &Problem<'_>, added: &Added, t: usize, a: Day, b: Day, percent: u32) -> bool {
    let p = &problem.people[t];
    if !p.in_pool(a, b) {
        return false;
    }
    let extra = added.get(&t).map(Vec::as_slice).unwrap_or_default();
    let mut points = vec![a, b];
    p.breaks(a, b, &mut points);
    for &(s, e, _) in extra {
        points.extend([s, e].into_iter().filter(|&x| a < x && x < b));
    }
    points.sort_unstable();
    points.dedup();
    points.windows(2).all(|w| {
        let d = w[0];
        if p.off_at(d) {
            return true;
        }
        let more: u32 = extra
            .iter()
            .filter(|&&(s, e, _)| s <= d && d < e)
            .map(|&(_, _, x)| x)
            .sum();
        p.load_at(d) + more + percent <= p.capacity
    })
}
