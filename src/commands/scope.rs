//! `pm scope add|exclude|set|remove`: a project's deliverables (in scope) and exclusions (out of scope).

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::ScopeCommand;
use crate::edit;

pub fn run(ctx: &Ctx, cmd: &ScopeCommand) -> Result<Exit> {
    match cmd {
        ScopeCommand::Add(a) => ctx.edit(|tree| edit::scope::add(tree, a)),
        ScopeCommand::Exclude(a) => ctx.edit(|tree| edit::scope::exclude(tree, a)),
        ScopeCommand::Set(a) => ctx.edit(|tree| edit::scope::set(tree, a)),
        ScopeCommand::Remove(a) => ctx.edit(|tree| edit::scope::remove(tree, a)),
    }
}
