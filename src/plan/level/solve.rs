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
//! - per over-allocated person and segment: `Σ over g (cut + Σ hand) ≥ load − capacity`;
//! - per taker and segment: `Σ hand + Σ A(q)·fill ≤ capacity − load` (a fill loads the days
//!   of its window the person is not off);
//! - per request: `Σ fill ≤ 1`.
//!
//! Objective, in order:
//! 1. `Σ priority(g)·days(s)·cut[g,s]`: load cut without a taker, the lower priorities first;
//! 2. `Σ priority(q)·A(q)·days(q)` over the requests left open;
//! 3. changes: each giver counts the assignment items it becomes (none when untouched, one per
//!    stretch of one allocation when lowered, one when removed), each hand-over run (one giver,
//!    one taker, one amount, consecutive days) and each fill one new assignment; then, by less
//!    than one change in all, the least load handed over.
//!
//! Counting stretches needs binaries: for a sequence of values `v(b)` over consecutive blocks,
//! `z(b) = [v(b) > 0]`, `d(b) = [v(b) ≠ v(b−1)]` and `e(b) ≥ z(b) + d(b) − 1` (a stretch starts
//! at b), forced by `v ≤ M·z` and `±(v(b) − v(b−1)) ≤ M·d`, and minimised.
//!
//! Each solve after the first adds the optimum of the ones before as constraints: the cut of
//! each segment (`Σ priority·cut` no higher than the first solve found, which with 1 is the
//! same as the total) and the weight of the requests filled.

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOptions, Variable};

use super::model::Model;
use super::solution::Solution;

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

/// Adds `e cmp rhs` (the constant moved to the right), merging repeated variables.
fn constrain(p: &mut Problem, e: &Expr, cmp: ComparisonOp, rhs: f64) {
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
    p.add_constraint(merged.as_slice(), cmp, rhs - e.constant);
}

/// The unknowns of the cut, hand-over and fill decisions.
struct Vars {
    cut: Vec<Vec<Variable>>,
    hand: Vec<Variable>,
    fill: Vec<Variable>,
}

/// Which solve: what is minimised, and what the ones before found.
enum Stage<'s> {
    Cut,
    Fill { cut_per_seg: &'s [u64] },
    Changes { cut_per_seg: &'s [u64], filled: u64 },
}

/// Solves one component exactly: `None` when the solver fails (then the caller falls back).
/// `node_limit` bounds each branch-and-bound; when it is reached the solution is kept but not
/// called optimal.
pub(super) fn solve(
    model: &Model,
    need_allocation: &dyn Fn(usize) -> u32,
    need_weight: &dyn Fn(usize) -> u64,
    node_limit: Option<u64>,
) -> Option<Solution> {
    let mut optimal = true;
    let mut cut_per_seg = vec![u64::MAX; model.segs.len()];
    if !model.cells.is_empty() {
        let (sol, proven) = run(model, Stage::Cut, need_allocation, need_weight, node_limit)?;
        optimal &= proven;
        cut_per_seg = per_seg(model, &sol);
    }
    let mut filled = 0;
    if !model.fills.is_empty() {
        let stage = Stage::Fill {
            cut_per_seg: &cut_per_seg,
        };
        let (sol, proven) = run(model, stage, need_allocation, need_weight, node_limit)?;
        optimal &= proven;
        filled = filled_weight(model, &sol, need_weight);
    }
    let stage = Stage::Changes {
        cut_per_seg: &cut_per_seg,
        filled,
    };
    let (mut sol, proven) = run(model, stage, need_allocation, need_weight, node_limit)?;
    sol.optimal = optimal && proven;
    Some(sol)
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
fn filled_weight(model: &Model, sol: &Solution, need_weight: &dyn Fn(usize) -> u64) -> u64 {
    let unit = weight_unit(model, need_weight);
    model
        .fills
        .iter()
        .zip(&sol.fill)
        .filter(|(_, f)| **f)
        .map(|(f, _)| need_weight(f.need) / unit)
        .sum()
}

fn weight_unit(model: &Model, need_weight: &dyn Fn(usize) -> u64) -> u64 {
    fn gcd(a: u64, b: u64) -> u64 {
        if b == 0 { a } else { gcd(b, a % b) }
    }
    (0..model.needs.len())
        .map(need_weight)
        .fold(0, gcd)
        .max(1)
}

fn run(
    model: &Model,
    stage: Stage<'_>,
    need_allocation: &dyn Fn(usize) -> u32,
    need_weight: &dyn Fn(usize) -> u64,
    node_limit: Option<u64>,
) -> Option<(Solution, bool)> {
    let mut p = Problem::new(OptimizationDirection::Minimize);
    let tier = |s: &Stage<'_>| match s {
        Stage::Cut => 0,
        Stage::Fill { .. } => 1,
        Stage::Changes { .. } => 2,
    };
    let now = tier(&stage);
    let unit = weight_unit(model, need_weight);
    // The least handed over, by less than one change in all.
    let handed: u64 = model.hands.iter().map(|h| u64::from(h.most)).sum();
    let epsilon = 1.0 / (1.0 + handed as f64);
    let vars = Vars {
        cut: model
            .givers
            .iter()
            .map(|g| {
                g.segs
                    .iter()
                    .map(|&s| {
                        let weight = if now == 0 {
                            f64::from(g.priority) * model.days(s) as f64
                        } else {
                            0.0
                        };
                        p.add_integer_var(weight, (0, i32::try_from(g.allocation).unwrap_or(0)))
                    })
                    .collect()
            })
            .collect(),
        hand: model
            .hands
            .iter()
            .map(|h| {
                let weight = if now == 2 { epsilon } else { 0.0 };
                p.add_integer_var(weight, (0, i32::try_from(h.most).unwrap_or(0)))
            })
            .collect(),
        fill: model
            .fills
            .iter()
            .map(|f| {
                let weight = if now == 1 {
                    -((need_weight(f.need) / unit) as f64)
                } else {
                    0.0
                };
                p.add_binary_var(weight)
            })
            .collect(),
    };

    // How much each giver is lowered on each of its segments.
    let lowered: Vec<Vec<Expr>> = model
        .givers
        .iter()
        .enumerate()
        .map(|(g, giver)| {
            let mut out: Vec<Expr> = (0..giver.segs.len())
                .map(|k| Expr::var(vars.cut[g][k]))
                .collect();
            for &h in &model.by_giver[g] {
                out[model.hands[h].at].add(&Expr::var(vars.hand[h]), 1.0);
            }
            out
        })
        .collect();
    for (g, giver) in model.givers.iter().enumerate() {
        for e in &lowered[g] {
            constrain(&mut p, e, ComparisonOp::Le, f64::from(giver.allocation));
        }
    }
    for cell in &model.cells {
        let mut e = Expr::default();
        for &g in &cell.givers {
            if let Some(k) = model.givers[g].segs.iter().position(|&s| s == cell.seg) {
                e.add(&lowered[g][k], 1.0);
            }
        }
        constrain(&mut p, &e, ComparisonOp::Ge, f64::from(cell.excess));
    }
    let mut rows: Vec<Expr> = vec![Expr::default(); model.rows.len()];
    for (h, hand) in model.hands.iter().enumerate() {
        rows[hand.row].add(&Expr::var(vars.hand[h]), 1.0);
    }
    for (f, fill) in model.fills.iter().enumerate() {
        let a = f64::from(need_allocation(fill.need));
        for &r in &fill.rows {
            rows[r].add(&Expr::var(vars.fill[f]), a);
        }
    }
    for (e, row) in rows.iter().zip(&model.rows) {
        constrain(&mut p, e, ComparisonOp::Le, f64::from(row.free));
    }
    let mut per_need: Vec<Expr> = vec![Expr::default(); model.needs.len()];
    for (f, fill) in model.fills.iter().enumerate() {
        per_need[fill.need].add(&Expr::var(vars.fill[f]), 1.0);
    }
    for e in &per_need {
        constrain(&mut p, e, ComparisonOp::Le, 1.0);
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
                per[s].add(&Expr::var(vars.cut[g][k]), f64::from(giver.priority));
            }
        }
        for (e, &most) in per.iter().zip(limit) {
            if most != u64::MAX {
                constrain(&mut p, e, ComparisonOp::Le, most as f64);
            }
        }
    }
    if let Some(filled) = filled
        && filled > 0
    {
        let mut e = Expr::default();
        for (f, fill) in model.fills.iter().enumerate() {
            e.add(
                &Expr::var(vars.fill[f]),
                (need_weight(fill.need) / unit) as f64,
            );
        }
        constrain(&mut p, &e, ComparisonOp::Ge, filled as f64);
    }
    if now == 2 {
        changes(&mut p, model, &vars, &lowered);
    }

    let mut options = SolveOptions::default();
    options.node_limit = node_limit;
    let outcome = p.solve_with(options).ok()?;
    let proven = outcome.is_optimal();
    let found = outcome.into_solution().ok()?;
    let value = |v: Variable| found.var_value(v).round().max(0.0) as u32;
    let sol = Solution {
        cut: vars
            .cut
            .iter()
            .map(|vs| vs.iter().map(|&v| value(v)).collect())
            .collect(),
        hand: vars.hand.iter().map(|&v| value(v)).collect(),
        fill: vars.fill.iter().map(|&v| value(v) == 1).collect(),
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
fn changes(p: &mut Problem, model: &Model, vars: &Vars, lowered: &[Vec<Expr>]) {
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
        let pieces = stretches(p, &blocks, 1.0);
        // changes = pieces − 1 + touched + removed: none untouched (one piece), the pieces
        // when lowered, one when nothing is left.
        let touched = p.add_binary_var(1.0);
        for e in &lowered[g] {
            let mut row = Expr::var(touched);
            row.add(e, -1.0 / a);
            constrain(p, &row, ComparisonOp::Ge, 0.0);
        }
        let removed = p.add_binary_var(1.0);
        let mut row = Expr::var(removed);
        row.add(&pieces, 1.0);
        constrain(p, &row, ComparisonOp::Ge, 1.0);
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
                value: Expr::var(vars.hand[order[i]]),
                most: f64::from(h.most),
                adjacent: prev.is_some_and(|s| model.adjacent(s, h.seg)),
            });
            prev = Some(h.seg);
            i += 1;
        }
        stretches(p, &blocks, 1.0);
    }
}

/// The number of stretches of one non-zero value over consecutive blocks, as an expression;
/// each variable that marks the start of a stretch costs `weight` in the objective.
fn stretches(p: &mut Problem, blocks: &[Block], weight: f64) -> Expr {
    let mut total = Expr::default();
    let mut prev: Option<&Block> = None;
    for b in blocks {
        let joins = b.adjacent && prev.is_some();
        let z = if b.value.is_constant() {
            Expr::constant(if b.value.constant > 0.5 { 1.0 } else { 0.0 })
        } else {
            let z = p.add_binary_var(if joins { 0.0 } else { weight });
            let mut row = b.value.clone();
            row.add(&Expr::var(z), -b.most);
            constrain(p, &row, ComparisonOp::Le, 0.0);
            Expr::var(z)
        };
        let start = match prev {
            Some(before) if joins => {
                let d = if b.value.is_constant() && before.value.is_constant() {
                    let differ = (b.value.constant - before.value.constant).abs() > 0.5;
                    Expr::constant(if differ { 1.0 } else { 0.0 })
                } else {
                    let d = p.add_binary_var(0.0);
                    let m = b.most.max(before.most);
                    // ±(v(b) − v(b−1)) ≤ M·d
                    for sign in [1.0, -1.0] {
                        let mut row = Expr::default();
                        row.add(&b.value, sign);
                        row.add(&before.value, -sign);
                        row.add(&Expr::var(d), -m);
                        constrain(p, &row, ComparisonOp::Le, 0.0);
                    }
                    Expr::var(d)
                };
                if z.is_constant() && d.is_constant() {
                    Expr::constant((z.constant + d.constant - 1.0).max(0.0))
                } else {
                    let e = p.add_binary_var(weight);
                    let mut row = Expr::var(e);
                    row.add(&z, -1.0);
                    row.add(&d, -1.0);
                    constrain(p, &row, ComparisonOp::Ge, -1.0);
                    Expr::var(e)
                }
            }
            _ => z,
        };
        total.add(&start, 1.0);
        prev = Some(b);
    }
    total
}
