use super::{Ctx, Exit};
use anyhow::Result;
pub fn run(_ctx: &Ctx, _a: &crate::cli::ProjectCommand) -> Result<Exit> {
    anyhow::bail!("not yet")
}
