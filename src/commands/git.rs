//! `pm git setup`: turns on pm's merge driver for the repository that holds the program.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::GitCommand;

pub fn run(_ctx: &Ctx, cmd: &GitCommand) -> Result<Exit> {
    match cmd {
        GitCommand::Setup => anyhow::bail!("not yet"),
    }
}
