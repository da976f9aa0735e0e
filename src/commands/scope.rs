use super::{Ctx, Exit};
use anyhow::Result;
pub fn run(_ctx: &Ctx, _a: &crate::cli::ScopeCommand) -> Result<Exit> {
    anyhow::bail!("not yet")
}
