//! `pm assignment list|set|remove`: single assignments, listed across projects or changed one
//! at a time.

use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::cli::{AssignmentCommand, AssignmentListArgs};
use crate::edit;

pub fn run(ctx: &Ctx, c: &AssignmentCommand) -> Result<Exit> {
    match c {
        AssignmentCommand::List(a) => list(ctx, a),
        AssignmentCommand::Set(a) => ctx.edit(|tree| edit::assignment::set(tree, a)),
        AssignmentCommand::Remove(a) => ctx.edit(|tree| edit::assignment::remove(tree, a)),
    }
}

fn list(ctx: &Ctx, a: &AssignmentListArgs) -> Result<Exit> {
    let _ = (ctx, a);
    bail!("not yet")
}
