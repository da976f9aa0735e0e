//! The fallback for components too large for the exact solver: one run at a time, in time
//! order, it first looks for one colleague who can take the whole excess of the run on one
//! assignment (one new assignment, the fewest edits); otherwise, day stretch by day stretch,
//! it hands over what colleagues with room can take (from the highest-priority assignments) and
//! cuts the rest from the lowest-priority ones. It never breaks a rule of the model; it may
//! cut where a better ordering would have found a taker, and it may edit more than needed.

use super::model::Model;
use super::solution::{Solution, giver_changes};

/// What the greedy has decided so far.
struct State {
    sol: Solution,
    /// Free capacity left per row.
    free: Vec<u32>,
    /// How much each giver is lowered per segment (cut and handed over).
    low: Vec<Vec<u32>>,
}

pub(super) fn greedy(model: &Model) -> Solution {
    let sol = Solution::empty(model);
    let mut st = State {
        low: sol.cut.clone(),
        free: model.rows.iter().map(|r| r.free).collect(),
        sol,
    };
    // Hand-overs by segment, so a cell finds its own.
    let mut at_seg: Vec<Vec<usize>> = vec![Vec::new(); model.segs.len()];
    for (h, hand) in model.hands.iter().enumerate() {
        at_seg[hand.seg].push(h);
    }
    // Cells come run by run, in time order: split them into runs.
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for (c, cell) in model.cells.iter().enumerate() {
        match runs.last_mut() {
            Some(run)
                if run.last().is_some_and(|&l| {
                    model.cells[l].person == cell.person
                        && model.adjacent(model.cells[l].seg, cell.seg)
                }) =>
            {
                run.push(c)
            }
            _ => runs.push(vec![c]),
        }
    }
    for run in runs {
        if !whole_run(model, &run, &at_seg, &mut st) {
            let mut last: Option<(usize, usize)> = None;
            for &c in &run {
                last = cell(model, c, &at_seg, &mut st, last);
            }
        }
    }
    st.sol
}

/// The position of segment `seg` among giver `g`'s segments.
fn at(model: &Model, g: usize, seg: usize) -> Option<usize> {
    model.givers[g].segs.iter().position(|&s| s == seg)
}

/// One colleague takes the run's whole excess from one assignment, when someone can.
fn whole_run(model: &Model, run: &[usize], at_seg: &[Vec<usize>], st: &mut State) -> bool {
    let most = run
        .iter()
        .map(|&c| model.cells[c].excess)
        .max()
        .unwrap_or(0);
    let first = &model.cells[run[0]];
    // (changes of the giver, -room, taker, giver, hand-overs)
    let mut best: Option<(u64, i64, usize, usize, Vec<usize>)> = None;
    for &g in &first.givers {
        let giver = &model.givers[g];
        if giver.closed || giver.allocation < most {
            continue;
        }
        let mut takers: Vec<usize> = at_seg[first.seg]
            .iter()
            .filter(|&&h| model.hands[h].giver == g)
            .map(|&h| model.hands[h].taker)
            .collect();
        takers.sort_unstable();
        takers.dedup();
        'taker: for t in takers {
            let mut hands = Vec::with_capacity(run.len());
            let mut room = u32::MAX;
            for &c in run {
                let seg = model.cells[c].seg;
                let Some(&h) = at_seg[seg]
                    .iter()
                    .find(|&&h| model.hands[h].giver == g && model.hands[h].taker == t)
                else {
                    continue 'taker;
                };
                if st.free[model.hands[h].row] < most || model.hands[h].most < most {
                    continue 'taker;
                }
                room = room.min(st.free[model.hands[h].row]);
                hands.push(h);
            }
            let mut lowered = st.low[g].clone();
            for &h in &hands {
                lowered[model.hands[h].at] += most;
            }
            let key = (
                giver_changes(model, g, &lowered),
                -i64::from(room),
                t,
                g,
                hands,
            );
            if best
                .as_ref()
                .is_none_or(|b| (key.0, key.1, key.2, key.3) < (b.0, b.1, b.2, b.3))
            {
                best = Some(key);
            }
        }
    }
    let Some((_, _, _, _, hands)) = best else {
        return false;
    };
    for h in hands {
        let x = &model.hands[h];
        st.sol.hand[h] += most;
        st.free[x.row] -= most;
        st.low[x.giver][x.at] += most;
    }
    true
}

/// Brings one over-allocated segment down to capacity: hand over what colleagues can take,
/// then cut the rest. `last` is the giver and taker of the segment before, kept when they can
/// go on (fewer new assignments). Returns the pair it handed over with, if any.
fn cell(
    model: &Model,
    c: usize,
    at_seg: &[Vec<usize>],
    st: &mut State,
    last: Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let cell = &model.cells[c];
    let seg = cell.seg;
    let lowered = |st: &State, g: usize| -> u32 { at(model, g, seg).map_or(0, |k| st.low[g][k]) };
    let mut need = cell
        .excess
        .saturating_sub(cell.givers.iter().map(|&g| lowered(st, g)).sum());
    let mut hands: Vec<usize> = at_seg[seg]
        .iter()
        .copied()
        .filter(|&h| cell.givers.contains(&model.hands[h].giver))
        .collect();
    hands.sort_by_key(|&h| {
        let x = &model.hands[h];
        (
            Some((x.giver, x.taker)) != last,
            std::cmp::Reverse(model.givers[x.giver].priority),
            std::cmp::Reverse(st.free[x.row]),
            x.taker,
            x.giver,
        )
    });
    let mut used = None;
    for h in hands {
        if need == 0 {
            break;
        }
        let x = &model.hands[h];
        let room = model.givers[x.giver]
            .allocation
            .saturating_sub(st.low[x.giver][x.at]);
        let amount = need
            .min(room)
            .min(st.free[x.row])
            .min(x.most - st.sol.hand[h]);
        if amount > 0 {
            st.sol.hand[h] += amount;
            st.free[x.row] -= amount;
            st.low[x.giver][x.at] += amount;
            need -= amount;
            used.get_or_insert((x.giver, x.taker));
        }
    }
    let mut givers = cell.givers.clone();
    givers.sort_by_key(|&g| {
        (
            model.givers[g].priority,
            std::cmp::Reverse(model.givers[g].allocation),
        )
    });
    for g in givers {
        if need == 0 {
            break;
        }
        let Some(k) = at(model, g, seg) else { continue };
        let room = model.givers[g].allocation.saturating_sub(st.low[g][k]);
        let amount = need.min(room);
        st.sol.cut[g][k] += amount;
        st.low[g][k] += amount;
        need -= amount;
    }
    used
}
