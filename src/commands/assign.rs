use super::{Ctx, Exit};
use anyhow::Result;
pub fn assign(_ctx: &Ctx, _a: &crate::cli::AssignArgs) -> Result<Exit> {
    anyhow::bail!("not yet")
}
pub fn unassign(_ctx: &Ctx, _a: &crate::cli::UnassignArgs) -> Result<Exit> {
    anyhow::bail!("not yet")
}
