//! The exact solver: one component as a mixed-integer linear program, solved with microlp
//! (pure Rust, deterministic: no threads, no clock unless asked), the objective minimised in
//! its order by three solves, each keeping the optimum of the one before.
//!
//! Unknowns, all whole percents:
//! - `cut[g,s]` ∈ 0..=A(g): how much of giver g's allocation is cut without a taker on segment s
//!   (for every segment s of an over-allocated run on which g runs);
//! - `hand[g,t,s]` ∈ 0..=min(A(g), free(t,s)): how much of it taker t takes over on s (t shares
//!   a skill with g's person, is in the pool and not off on s, and is under capacity there);
//! - `fill[q,t]` ∈ {0,1}: person t fills request q (has all its skills, is in the pool over its
//!   whole window and had its allocation free before the plan).
//!
//! Constraints:
//! - per giver and segment: `cut + Σ hand ≤ A(g)`;
//! - per over-allocated person and segment: `Σ over g (cut + Σ hand) ≥ load − capacity`, and
//!   at most the highest excess of the person's run (lowered by the amount needed, the same on
//!   every day of the run when that saves changes, never more);
//! - per taker and segment: `Σ hand + Σ A(q)·fill ≤ capacity − load` (a fill loads the days
//!   of its window the person is not off);
//! - per request: `Σ fill ≤ 1`.
//!
//! Objective, in order:
//! 1. `Σ priority(g)·days(s)·cut[g,s]`: load cut without a taker, the lower priorities first;
//! 2. `Σ priority(q)·A(q)·days(q)` over the requests left open;
//! 3. changes: each giver counts the assignment items it becomes (none when untouched, one per
//!    stretch of one allocation when lowered, one when removed), each hand-over run (one giver,
//!    one taker, one amount, consecutive days) and each fill one new assignment. (Then
//!    [`trim`] hands over no more than needed where that changes nothing else.)
//!
//! Counting stretches needs binaries: for a sequence of values `v(b)` over consecutive blocks,
//! `z(b) = [v(b) > 0]`, `d(b) = [v(b) ≠ v(b−1)]` and `e(b) ≥ z(b) + d(b) − 1` (a stretch starts
//! at b), forced by `v ≤ M·z` and `±(v(b) − v(b−1)) ≤ M·d`, and minimised.
//!
//! Each solve after the first adds the optimum of the ones before as constraints: the cut of
//! each segment (`Σ priority·cut` no higher than the first solve found, which with 1 is the
//! same as the total) and the weight of the requests filled. Every solve starts from a known
//! plan (the fallback's, then the solve before), so one stopped by the node limit still returns
//! a plan at least that good. All costs are whole numbers, which lets the solver prune a branch
//! as soon as it cannot beat the best plan by one.

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, Variable};

use super::model::Model;
use super::solution::{Cost, Solution, hand_runs};

/// A linear expression: constant plus terms.
#[derive(Clone, Default)]
struct Expr {
    constant: f64,
    terms: Vec<(Variable, f64)>,
}

impl Expr {
    fn constant(c: f64) -> Expr {
        Expr {
            constant: c,
            terms: Vec::new(),
        }
    }
    fn var(v: Variable) -> Expr {
        Expr {
            constant: 0.0,
            terms: vec![(v, 1.0)],
        }
    }
    fn add(&mut self, other: &Expr, k: f64) {
        self.constant += k * other.constant;
        for &(v, c) in &other.terms {
            self.terms.push((v, k * c));
        }
    }
    fn is_constant(&self) -> bool {
        self.terms.is_empty()
    }
}

/// The program being built, with the value each variable has in the known plan it starts from.
struct Builder {
    p: Problem,
    /// Every variable, in the order added, with its value in the known plan.
    start: Vec<(Variable, f64)>,
}

impl Builder {
    fn int(&mut self, cost: f64, most: u32, start: u32) -> Variable {
        let v = self
            .p
            .add_integer_var(cost, (0, i32::try_from(most).unwrap_or(i32::MAX)));
        self.start.push((v, f64::from(start)));
        v
    }
    fn binary(&mut self, cost: f64, start: bool) -> Variable {
        let v = self.p.add_binary_var(cost);
        self.start.push((v, if start { 1.0 } else { 0.0 }));
        v
    }
    /// The value of `e` in the known plan.
    fn value(&self, e: &Expr) -> f64 {
        e.constant
            + e.terms
                .iter()
                .map(|&(v, c)| c * self.start[v.idx()].1)
                .sum::<f64>()
    }
    /// Adds `e cmp rhs` (the constant moved to the right), merging repeated variables.
    fn constrain(&mut self, e: &Expr, cmp: ComparisonOp, rhs: f64) {
        let mut terms = e.terms.clone();
        terms.sort_by_key(|(v, _)| v.idx());
        let mut merged: Vec<(Variable, f64)> = Vec::with_capacity(terms.len());
        for (v, c) in terms {
            match merged.last_mut() {
                Some(last) if last.0 == v => last.1 += c,
                _ => merged.push((v, c)),
            }
        }
        merged.retain(|(_, c)| *c != 0.0);
        if merged.is_empty() {
            return;
        }
        self.p
            .add_constraint(merged.as_slice(), cmp, rhs - e.constant);
    }
}

/// Which solve: what is minimised, and what the ones before found.
enum Stage<'s> {
    Cut,
    Fill { cut_per_seg: &'s [u64] },
    Changes { cut_per_seg: &'s [u64], filled: u64 },
}

/// What the solver needs to know of the requests of the component.
pub(super) struct Needs<'n> {
    pub allocation: &'n dyn Fn(usize) -> u32,
    pub weight: &'n dyn Fn(usize) -> u64,
}

/// Solves one component exactly, starting from the plan `start` (which must keep every rule):
/// `None` when the solver fails (then the caller keeps `start`). `node_limit` bounds each
/// branch-and-bound; when it is reached the best plan found is kept but not called optimal.
pub(super) fn solve(
    model: &Model,
    needs: &Needs<'_>,
    start: &Solution,
    node_limit: Option<u64>,
) -> Option<Solution> {
    let mut optimal = true;
    let mut best = start.clone();
    let mut cut_per_seg = vec![u64::MAX; model.segs.len()];
    if !model.cells.is_empty() {
        let (sol, proven) = run(model, Stage::Cut, needs, &best, node_limit)?;
        optimal &= proven;
        cut_per_seg = per_seg(model, &sol);
        best = sol;
    }
    let mut filled = 0;
    if !model.fills.is_empty() {
        let stage = Stage::Fill {
            cut_per_seg: &cut_per_seg,
        };
        let (sol, proven) = run(model, stage, needs, &best, node_limit)?;
        optimal &= proven;
        filled = filled_weight(model, &sol, needs);
        best = sol;
    }
    let stage = Stage::Changes {
        cut_per_seg: &cut_per_seg,
        filled,
    };
    let (sol, proven) = run(model, stage, needs, &best, node_limit)?;
    let mut sol = prefer(model, needs, trim(model, needs, sol));
    sol.optimal = optimal && proven;
    Some(sol)
}

/// Among plans that cost the same, the one whose takers and fillers come first in the order
/// they were found (most room first): each fill and each hand-over run moves to the first
/// colleague who can take it at no extra cost. The solver alone would pick any of them.
fn prefer(model: &Model, needs: &Needs<'_>, mut sol: Solution) -> Solution {
    let cost = |s: &Solution| -> Cost { s.cost(model, needs.weight) };
    let mut current = cost(&sol);
    for f in 0..model.fills.len() {
        if !sol.fill[f] {
            continue;
        }
        let need = model.fills[f].need;
        for other in (0..f).filter(|&o| model.fills[o].need == need) {
            let mut tried = sol.clone();
            tried.fill[f] = false;
            tried.fill[other] = true;
            let c = cost(&tried);
            if c <= current && tried.valid(model, needs.allocation) {
                sol = tried;
                current = c;
                break;
            }
        }
    }
    // Colleagues in the order they first appear among the hand-overs.
    let mut rank: Vec<usize> = Vec::new();
    for h in &model.hands {
        if !rank.contains(&h.taker) {
            rank.push(h.taker);
        }
    }
    for run in hand_runs(model, &sol) {
        let mine = rank.iter().position(|&t| t == run.taker).unwrap_or(0);
        for &t in &rank[..mine] {
            // The same giver and segments, handed to `t` instead.
            let moved: Option<Vec<usize>> = run
                .hands
                .iter()
                .map(|&h| {
                    let x = &model.hands[h];
                    model.by_giver[x.giver]
                        .iter()
                        .copied()
                        .find(|&o| model.hands[o].seg == x.seg && model.hands[o].taker == t)
                })
                .collect();
            let Some(moved) = moved else { continue };
            let mut tried = sol.clone();
            for (&h, &o) in run.hands.iter().zip(&moved) {
                tried.hand[o] += tried.hand[h];
                tried.hand[h] = 0;
            }
            let c = cost(&tried);
            if c <= current && tried.valid(model, needs.allocation) {
                sol = tried;
                current = c;
                break;
            }
        }
    }
    sol
}

/// `Σ priority·cut` on each segment.
fn per_seg(model: &Model, sol: &Solution) -> Vec<u64> {
    let mut out = vec![0u64; model.segs.len()];
    for (g, giver) in model.givers.iter().enumerate() {
        for (k, &s) in giver.segs.iter().enumerate() {
            out[s] += u64::from(giver.priority) * u64::from(sol.cut[g][k]);
        }
    }
    out
}

/// The weights of the requests filled, in units of their greatest common divisor.
fn filled_weight(model: &Model, sol: &Solution, needs: &Needs<'_>) -> u64 {
    let unit = weight_unit(model, needs);
    model
        .fills
        .iter()
        .zip(&sol.fill)
        .filter(|(_, f)| **f)
        .map(|(f, _)| (needs.weight)(f.need) / unit)
        .sum()
}

fn weight_unit(model: &Model, needs: &Needs<'_>) -> u64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    (0..model.needs.len())
        .map(|k| (needs.weight)(k))
        .fold(0, gcd)
        .max(1)
}

/// Hands over no more than needed: each new assignment of a taker is lowered to the least
/// that still brings every segment down to capacity, where that makes the plan cost no more.
fn trim(model: &Model, needs: &Needs<'_>, mut sol: Solution) -> Solution {
    let cost = |s: &Solution| -> Cost { s.cost(model, needs.weight) };
    let mut current = cost(&sol);
    for run in hand_runs(model, &sol) {
        // How much more than needed each segment of the run is lowered.
        let spare = run
            .hands
            .iter()
            .map(|&h| {
                let seg = model.hands[h].seg;
                model
                    .cells
                    .iter()
                    .filter(|c| c.seg == seg && c.givers.contains(&model.hands[h].giver))
                    .map(|c| {
                        let done: u32 = c
                            .givers
                            .iter()
                            .filter_map(|&g| {
                                let k = model.givers[g].segs.iter().position(|&x| x == seg)?;
                                Some(sol.lowered(model, g)[k])
                            })
                            .sum();
                        done.saturating_sub(c.excess)
                    })
                    .min()
                    .unwrap_or(0)
            })
            .min()
            .unwrap_or(0);
        let less = spare.min(run.amount);
        if less == 0 {
            continue;
        }
        let mut tried = sol.clone();
        for &h in &run.hands {
            tried.hand[h] -= less;
        }
        let c = cost(&tried);
        if c <= current && tried.valid(model, needs.allocation) {
            sol = tried;
            current = c;
        }
    }
    sol
}

fn run(
    model: &Model,
    stage: Stage<'_>,
    needs: &Needs<'_>,
    start: &Solution,
    node_limit: Option<u64>,
) -> Option<(Solution, bool)> {
    let mut b = Builder {
        p: Problem::new(OptimizationDirection::Minimize),
        start: Vec::new(),
    };
    let tier = match stage {
        Stage::Cut => 0,
        Stage::Fill { .. } => 1,
        Stage::Changes { .. } => 2,
    };
    let unit = weight_unit(model, needs);
    let cut: Vec<Vec<Variable>> = model
        .givers
        .iter()
        .enumerate()
        .map(|(g, giver)| {
            giver
                .segs
                .iter()
                .enumerate()
                .map(|(k, &s)| {
                    let weight = if tier == 0 {
                        f64::from(giver.priority) * model.days(s) as f64
                    } else {
                        0.0
                    };
                    b.int(weight, giver.allocation, start.cut[g][k])
                })
                .collect()
        })
        .collect();
    let hand: Vec<Variable> = model
        .hands
        .iter()
        .enumerate()
        .map(|(h, x)| b.int(0.0, x.most, start.hand[h]))
        .collect();
    let fill: Vec<Variable> = model
        .fills
        .iter()
        .enumerate()
        .map(|(f, x)| {
            let weight = if tier == 1 {
                -(((needs.weight)(x.need) / unit) as f64)
            } else {
                0.0
            };
            b.binary(weight, start.fill[f])
        })
        .collect();

    // How much each giver is lowered on each of its segments.
    let lowered: Vec<Vec<Expr>> = model
        .givers
        .iter()
        .enumerate()
        .map(|(g, giver)| {
            let mut out: Vec<Expr> = (0..giver.segs.len())
                .map(|k| Expr::var(cut[g][k]))
                .collect();
            for &h in &model.by_giver[g] {
                out[model.hands[h].at].add(&Expr::var(hand[h]), 1.0);
            }
            out
        })
        .collect();
    for (g, giver) in model.givers.iter().enumerate() {
        for e in &lowered[g] {
            b.constrain(e, ComparisonOp::Le, f64::from(giver.allocation));
        }
    }
    for cell in &model.cells {
        let mut e = Expr::default();
        for &g in &cell.givers {
            if let Some(k) = model.givers[g].segs.iter().position(|&s| s == cell.seg) {
                e.add(&lowered[g][k], 1.0);
            }
        }
        b.constrain(&e, ComparisonOp::Ge, f64::from(cell.excess));
        b.constrain(&e, ComparisonOp::Le, f64::from(cell.most));
    }
    let mut rows: Vec<Expr> = vec![Expr::default(); model.rows.len()];
    for (h, x) in model.hands.iter().enumerate() {
        rows[x.row].add(&Expr::var(hand[h]), 1.0);
    }
    for (f, x) in model.fills.iter().enumerate() {
        let a = f64::from((needs.allocation)(x.need));
        for &r in &x.rows {
            rows[r].add(&Expr::var(fill[f]), a);
        }
    }
    for (e, row) in rows.iter().zip(&model.rows) {
        b.constrain(e, ComparisonOp::Le, f64::from(row.free));
    }
    let mut per_need: Vec<Expr> = vec![Expr::default(); model.needs.len()];
    for (f, x) in model.fills.iter().enumerate() {
        per_need[x.need].add(&Expr::var(fill[f]), 1.0);
    }
    for e in &per_need {
        b.constrain(e, ComparisonOp::Le, 1.0);
    }

    let (cut_per_seg, filled) = match stage {
        Stage::Cut => (None, None),
        Stage::Fill { cut_per_seg } => (Some(cut_per_seg), None),
        Stage::Changes {
            cut_per_seg,
            filled,
        } => (Some(cut_per_seg), Some(filled)),
    };
    if let Some(limit) = cut_per_seg {
        let mut per: Vec<Expr> = vec![Expr::default(); model.segs.len()];
        for (g, giver) in model.givers.iter().enumerate() {
            for (k, &s) in giver.segs.iter().enumerate() {
                per[s].add(&Expr::var(cut[g][k]), f64::from(giver.priority));
            }
        }
        for (e, &most) in per.iter().zip(limit) {
            if most != u64::MAX {
                b.constrain(e, ComparisonOp::Le, most as f64);
            }
        }
    }
    if let Some(filled) = filled
        && filled > 0
    {
        let mut e = Expr::default();
        for (f, x) in model.fills.iter().enumerate() {
            e.add(&Expr::var(fill[f]), ((needs.weight)(x.need) / unit) as f64);
        }
        b.constrain(&e, ComparisonOp::Ge, filled as f64);
    }
    if tier == 2 {
        changes(&mut b, model, &hand, &lowered);
    }

    let mut options = SolveOptions::default();
    options.node_limit = node_limit;
    options.warm_start = Some(b.start);
    let outcome = b.p.solve_with(options).ok()?;
    let proven = outcome.is_optimal();
    let found = outcome.into_solution().ok()?;
    let value = |v: Variable| found.var_value(v).round().max(0.0) as u32;
    let sol = Solution {
        cut: cut
            .iter()
            .map(|vs| vs.iter().map(|&v| value(v)).collect())
            .collect(),
        hand: hand.iter().map(|&v| value(v)).collect(),
        fill: fill.iter().map(|&v| value(v) == 1).collect(),
        optimal: proven,
    };
    Some((sol, proven))
}

/// A block of a sequence whose stretches are counted: its value and the most it can be.
struct Block {
    value: Expr,
    most: f64,
    /// Starts the day after the block before it ends.
    adjacent: bool,
}

/// Adds the changes to the objective: per giver the items it becomes, per taker and giver the
/// hand-over runs.
fn changes(b: &mut Builder, model: &Model, hand: &[Variable], lowered: &[Vec<Expr>]) {
    for (g, giver) in model.givers.iter().enumerate() {
        let a = f64::from(giver.allocation);
        let mut blocks = Vec::new();
        let mut at = giver.start;
        for (k, &s) in giver.segs.iter().enumerate() {
            let (from, to) = model.segs[s];
            if at < from {
                blocks.push(Block {
                    value: Expr::constant(a),
                    most: a,
                    adjacent: true,
                });
            }
            let mut value = Expr::constant(a);
            value.add(&lowered[g][k], -1.0);
            blocks.push(Block {
                value,
                most: a,
                adjacent: true,
            });
            at = to;
        }
        if at < giver.end {
            blocks.push(Block {
                value: Expr::constant(a),
                most: a,
                adjacent: true,
            });
        }
        let pieces = stretches(b, &blocks);
        // changes = pieces − 1 + touched + removed: none untouched (one piece), the pieces
        // when lowered, one when nothing is left.
        let was_touched = lowered[g].iter().any(|e| b.value(e) > 0.5);
        let touched = b.binary(1.0, was_touched);
        for e in &lowered[g] {
            let mut row = Expr::var(touched);
            row.add(e, -1.0 / a);
            b.constrain(&row, ComparisonOp::Ge, 0.0);
        }
        let was_removed = b.value(&pieces) < 0.5;
        let removed = b.binary(1.0, was_removed);
        let mut row = Expr::var(removed);
        row.add(&pieces, 1.0);
        b.constrain(&row, ComparisonOp::Ge, 1.0);
    }
    // Hand-overs of one giver to one taker, in time order.
    let mut order: Vec<usize> = (0..model.hands.len()).collect();
    order.sort_by_key(|&h| {
        let x = &model.hands[h];
        (x.giver, x.taker, x.seg)
    });
    let mut i = 0;
    while i < order.len() {
        let first = &model.hands[order[i]];
        let mut blocks = Vec::new();
        let mut prev: Option<usize> = None;
        while i < order.len()
            && model.hands[order[i]].giver == first.giver
            && model.hands[order[i]].taker == first.taker
        {
            let h = &model.hands[order[i]];
            blocks.push(Block {
                value: Expr::var(hand[order[i]]),
                most: f64::from(h.most),
                adjacent: prev.is_some_and(|s| model.adjacent(s, h.seg)),
            });
            prev = Some(h.seg);
            i += 1;
        }
        stretches(b, &blocks);
    }
}

/// The number of stretches of one non-zero value over consecutive blocks, as an expression;
/// each variable that marks the start of a stretch costs one in the objective.
fn stretches(b: &mut Builder, blocks: &[Block]) -> Expr {
    let mut total = Expr::default();
    let mut prev: Option<&Block> = None;
    for block in blocks {
        let joins = block.adjacent && prev.is_some();
        let v = b.value(&block.value);
        let z = if block.value.is_constant() {
            Expr::constant(if block.value.constant > 0.5 { 1.0 } else { 0.0 })
        } else {
            let z = b.binary(if joins { 0.0 } else { 1.0 }, v > 0.5);
            let mut row = block.value.clone();
            row.add(&Expr::var(z), -block.most);
            b.constrain(&row, ComparisonOp::Le, 0.0);
            Expr::var(z)
        };
        let start = match prev {
            Some(before) if joins => {
                let d = if block.value.is_constant() && before.value.is_constant() {
                    let differ = (block.value.constant - before.value.constant).abs() > 0.5;
                    Expr::constant(if differ { 1.0 } else { 0.0 })
                } else {
                    let differ = (v - b.value(&before.value)).abs() > 0.5;
                    let d = b.binary(0.0, differ);
                    let m = block.most.max(before.most);
                    // ±(v(b) − v(b−1)) ≤ M·d
                    for sign in [1.0, -1.0] {
                        let mut row = Expr::default();
                        row.add(&block.value, sign);
                        row.add(&before.value, -sign);
                        row.add(&Expr::var(d), -m);
                        b.constrain(&row, ComparisonOp::Le, 0.0);
                    }
                    Expr::var(d)
                };
                if z.is_constant() && d.is_constant() {
                    Expr::constant((z.constant + d.constant - 1.0).max(0.0))
                } else {
                    let starts = b.value(&z) + b.value(&d) > 1.5;
                    let e = b.binary(1.0, starts);
                    let mut row = Expr::var(e);
                    row.add(&z, -1.0);
                    row.add(&d, -1.0);
                    b.constrain(&row, ComparisonOp::Ge, -1.0);
                    Expr::var(e)
                }
            }
            _ => z,
        };
        total.add(&start, 1.0);
        prev = Some(block);
    }
    total
}
