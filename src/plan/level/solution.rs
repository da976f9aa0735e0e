//! A solution of one component and what it costs, counted the same way whichever solver found
//! it: the exact one must reach these numbers, the fallback is measured by them.

use super::model::{Day, Model};

/// How much each giver is cut on each of its segments, each hand-over's amount, and which
/// fills are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Solution {
    /// Per giver of the model, parallel to its `segs`.
    pub cut: Vec<Vec<u32>>,
    /// Per hand-over of the model.
    pub hand: Vec<u32>,
    /// Per fill of the model.
    pub fill: Vec<bool>,
    /// Proven optimal by the exact solver.
    pub optimal: bool,
}

/// The objective, in its order: priority-weighted load cut without a taker, priority-weighted
/// need of the requests left open, and the number of assignments edited or added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Cost {
    pub cut_weighted: u64,
    pub unfilled_weighted: u64,
    pub changes: u64,
}

impl std::ops::AddAssign for Cost {
    fn add_assign(&mut self, o: Cost) {
        self.cut_weighted += o.cut_weighted;
        self.unfilled_weighted += o.unfilled_weighted;
        self.changes += o.changes;
    }
}

impl Solution {
    /// Nothing moved.
    pub fn empty(model: &Model) -> Solution {
        Solution {
            cut: model.givers.iter().map(|g| vec![0; g.segs.len()]).collect(),
            hand: vec![0; model.hands.len()],
            fill: vec![false; model.fills.len()],
            optimal: false,
        }
    }

    /// How much giver `g` is lowered on each of its segments (cut and handed over).
    pub fn lowered(&self, model: &Model, g: usize) -> Vec<u32> {
        let mut out = self.cut[g].clone();
        for &h in &model.by_giver[g] {
            out[model.hands[h].at] += self.hand[h];
        }
        out
    }

    /// Whether the solution keeps every rule of the model: nobody lowered below zero, every
    /// over-allocated segment brought down to capacity, nobody given more than they have free,
    /// every request filled at most once.
    pub fn valid(&self, model: &Model, need_allocation: &dyn Fn(usize) -> u32) -> bool {
        let lowered: Vec<Vec<u32>> = (0..model.givers.len())
            .map(|g| self.lowered(model, g))
            .collect();
        if model
            .givers
            .iter()
            .zip(&lowered)
            .any(|(g, r)| r.iter().any(|&x| x > g.allocation))
        {
            return false;
        }
        for cell in &model.cells {
            let done: u32 = cell
                .givers
                .iter()
                .map(|&g| {
                    let k = model.givers[g].segs.iter().position(|&s| s == cell.seg);
                    k.map_or(0, |k| lowered[g][k])
                })
                .sum();
            if done < cell.excess || done > cell.most {
                return false;
            }
        }
        let mut used = vec![0u64; model.rows.len()];
        for (h, hand) in model.hands.iter().enumerate() {
            used[hand.row] += u64::from(self.hand[h]);
        }
        for (f, fill) in model.fills.iter().enumerate() {
            if self.fill[f] {
                for &r in &fill.rows {
                    used[r] += u64::from(need_allocation(fill.need));
                }
            }
        }
        if used
            .iter()
            .zip(&model.rows)
            .any(|(&u, r)| u > u64::from(r.free))
        {
            return false;
        }
        let mut filled = vec![0; model.needs.len()];
        for (f, fill) in model.fills.iter().enumerate() {
            if self.fill[f] {
                filled[fill.need] += 1;
            }
        }
        filled.iter().all(|&n| n <= 1)
    }

    /// What the solution costs. `need_weight(k)` is the weight of the model's k-th request.
    pub fn cost(&self, model: &Model, need_weight: &dyn Fn(usize) -> u64) -> Cost {
        let mut cost = Cost::default();
        for (g, giver) in model.givers.iter().enumerate() {
            for (k, &s) in giver.segs.iter().enumerate() {
                cost.cut_weighted +=
                    u64::from(giver.priority) * model.days(s) * u64::from(self.cut[g][k]);
            }
            cost.changes += giver_changes(model, g, &self.lowered(model, g));
        }
        let mut filled = vec![false; model.needs.len()];
        for (f, fill) in model.fills.iter().enumerate() {
            if self.fill[f] {
                filled[fill.need] = true;
                cost.changes += 1;
            }
        }
        for (k, done) in filled.iter().enumerate() {
            if !done {
                cost.unfilled_weighted += need_weight(k);
            }
        }
        cost.changes += hand_runs(model, self).len() as u64;
        cost
    }
}

/// The assignment a giver becomes, as blocks tiling its whole span: `(start, end, allocation)`,
/// the days it is not lowered on at its old allocation.
pub(super) fn giver_blocks(model: &Model, g: usize, lowered: &[u32]) -> Vec<(Day, Day, u32)> {
    let giver = &model.givers[g];
    let mut out = Vec::with_capacity(giver.segs.len() * 2 + 1);
    let mut at = giver.start;
    for (k, &s) in giver.segs.iter().enumerate() {
        let (a, b) = model.segs[s];
        if at < a {
            out.push((at, a, giver.allocation));
        }
        out.push((a, b, giver.allocation - lowered[k].min(giver.allocation)));
        at = b;
    }
    if at < giver.end {
        out.push((at, giver.end, giver.allocation));
    }
    out
}

/// The number of assignment items a giver becomes after `lowered`: none changed when it is not
/// lowered; else one per stretch of one allocation (it is split), and one when it is removed.
pub(super) fn giver_changes(model: &Model, g: usize, lowered: &[u32]) -> u64 {
    if lowered.iter().all(|&x| x == 0) {
        return 0;
    }
    let blocks = giver_blocks(model, g, lowered);
    let mut pieces = 0;
    let mut prev: Option<u32> = None;
    for &(_, _, v) in &blocks {
        if v > 0 && prev != Some(v) {
            pieces += 1;
        }
        prev = Some(v);
    }
    pieces.max(1)
}

/// One new assignment of a taker: hand-overs of one giver to one taker, of one amount, on
/// consecutive days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HandRun {
    pub giver: usize,
    pub taker: usize,
    pub start: Day,
    pub end: Day,
    pub amount: u32,
    /// The model's hand-overs it is made of.
    pub hands: Vec<usize>,
}

/// The new assignments the hand-overs of a solution make, by giver, taker and day.
pub(super) fn hand_runs(model: &Model, sol: &Solution) -> Vec<HandRun> {
    let mut order: Vec<usize> = (0..model.hands.len())
        .filter(|&h| sol.hand[h] > 0)
        .collect();
    order.sort_by_key(|&h| {
        let x = &model.hands[h];
        (x.giver, x.taker, x.seg)
    });
    let mut out: Vec<HandRun> = Vec::new();
    for h in order {
        let x = &model.hands[h];
        let (a, b) = model.segs[x.seg];
        match out.last_mut() {
            Some(r)
                if r.giver == x.giver
                    && r.taker == x.taker
                    && r.end == a
                    && r.amount == sol.hand[h] =>
            {
                r.end = b;
                r.hands.push(h);
            }
            _ => out.push(HandRun {
                giver: x.giver,
                taker: x.taker,
                start: a,
                end: b,
                amount: sol.hand[h],
                hands: vec![h],
            }),
        }
    }
    out
}
