//! `pm merge-driver %O %A %B %P`: Git's merge-driver protocol for program files.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::MergeDriverArgs;

pub fn run(_ctx: &Ctx, _a: &MergeDriverArgs) -> Result<Exit> {
    anyhow::bail!("not yet")
}
